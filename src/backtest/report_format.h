// Report number and time formatting written straight into one buffer: the same bytes as
// Decimal::ToString, Decimal::Round, FormatTimestamp and snprintf("%.10g"), without a
// temporary string per field (the reports of a 504-symbol run hold ~140k rows). The Put*
// functions write at a raw pointer into room the caller reserved (see kMax* and ByteBuf) and
// return the new end; the Append* ones append to a std::string.
#pragma once

#include <bit>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "tradelet/base/time.h"
#include "tradelet/model/decimal.h"

namespace tradelet::report_internal {

constexpr size_t kMaxDecimal = 24;    // "-92233720368.54775808" is 21
constexpr size_t kMaxTimestamp = 40;  // "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" is 30
constexpr size_t kMaxG10 = 32;        // "-1.234567891e-308" is 17
constexpr size_t kMaxInt = 24;

// A growable byte buffer written through a raw pointer: Reserve(n) gives room for n bytes at
// the end, Commit(end) keeps what was written there. Unlike std::string::resize it never
// zero-fills, and the room is allocated (and its pages touched) only as it is used. With a
// sink (StreamTo) it hands its bytes over instead of growing past a limit, so a file of any
// size goes through the same few pages (fresh pages cost a fault each).
class ByteBuf {
 public:
  using Sink = void (*)(void* context, std::string_view bytes);

  ByteBuf() = default;
  ByteBuf(ByteBuf&& o) noexcept { *this = std::move(o); }
  ByteBuf& operator=(ByteBuf&& o) noexcept {  // leaves `o` empty, with no room
    data_ = std::move(o.data_);
    size_ = std::exchange(o.size_, 0);
    cap_ = std::exchange(o.cap_, 0);
    sink_ = std::exchange(o.sink_, nullptr);
    context_ = std::exchange(o.context_, nullptr);
    limit_ = std::exchange(o.limit_, 0);
    return *this;
  }

  char* Reserve(size_t n) {
    if (cap_ - size_ < n) Grow(n);
    return data_.get() + size_;
  }
  void Commit(const char* end) { size_ = static_cast<size_t>(end - data_.get()); }
  void Append(std::string_view s) {
    char* p = Reserve(s.size());
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    size_ += s.size();
  }
  std::string_view view() const { return {data_.get(), size_}; }
  size_t size() const { return size_; }
  void Clear() { size_ = 0; }  // keeps the memory
  void StreamTo(Sink sink, void* context, size_t limit) {
    sink_ = sink;
    context_ = context;
    limit_ = limit;
  }
  // Hands what is held to the sink, if there is one.
  void Flush() {
    if (sink_ != nullptr && size_ != 0) sink_(context_, view());
    size_ = 0;
  }

 private:
  void Grow(size_t n) {
    if (sink_ != nullptr && size_ + n > limit_ && size_ != 0) {
      Flush();
      if (cap_ >= n) return;
    }
    size_t cap = cap_ < 4096 ? 4096 : cap_ * 2;
    while (cap - size_ < n) cap *= 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    cap_ = cap;
  }
  std::unique_ptr<char[]> data_;
  size_t size_ = 0, cap_ = 0;
  Sink sink_ = nullptr;
  void* context_ = nullptr;
  size_t limit_ = 0;
};

// Short strings (most fields) by fixed-size, possibly overlapping copies instead of a call.
inline char* PutStr(char* p, std::string_view s) {
  const size_t n = s.size();
  const char* q = s.data();
  if (n > 16) {
    std::memcpy(p, q, n);
  } else if (n >= 8) {
    std::memcpy(p, q, 8);
    std::memcpy(p + n - 8, q + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(p, q, 4);
    std::memcpy(p + n - 4, q + n - 4, 4);
  } else {
    for (size_t k = 0; k < n; ++k) p[k] = q[k];
  }
  return p + n;
}

inline char* PutInt(char* p, int64_t v) { return std::to_chars(p, p + kMaxInt, v).ptr; }

// Two decimal digits of 0..99 at a time.
inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

inline char* PutPair(char* p, uint32_t v) {  // v < 100
  std::memcpy(p, kDigitPairs + 2 * v, 2);
  return p + 2;
}

// The 8 digits of v < 10^8, zero-padded, as ASCII in one word, the first digit in the low
// byte: halves, quarters and digits split in parallel lanes by multiplications.
inline uint64_t Digits8(uint32_t v) {
  static_assert(std::endian::native == std::endian::little, "the first digit is the low byte");
  const uint64_t halves = v / 10000 | uint64_t{v % 10000} << 32;              // 2 lanes of 0..9999
  const uint64_t hundreds = (halves * 10486 >> 20) & 0x0000007F'0000007Full;  // lane / 100
  const uint64_t pairs = hundreds | (halves - hundreds * 100) << 16;          // 4 lanes of 0..99
  const uint64_t tens = (pairs * 103 >> 10) & 0x000F000F'000F000Full;         // lane / 10
  const uint64_t digits = tens | (pairs - tens * 10) << 8;                    // 8 lanes of 0..9
  return digits | 0x30303030'30303030ull;
}

// Decimal::ToString of Decimal::FromUnits(units): the whole part, then the fraction without
// trailing zeros.
inline char* PutDecimalUnits(char* p, int64_t units) {
  const uint64_t u = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  if (units < 0) *p++ = '-';
  const uint64_t whole = u / Decimal::kScale;
  const auto frac = static_cast<uint32_t>(u % Decimal::kScale);
  if (whole < 100) {
    if (whole >= 10) {
      p = PutPair(p, static_cast<uint32_t>(whole));
    } else {
      *p++ = static_cast<char>('0' + whole);
    }
  } else {
    p = std::to_chars(p, p + kMaxInt, whole).ptr;
  }
  if (frac == 0) return p;
  static_assert(Decimal::kScaleDigits == 8);
  // The 8 digits stored as one word, then the trailing '0's left out by counting the zero
  // bytes at its top (the last digits) instead of stepping back over them one by one (an
  // unpredictable loop: a price has two to six, a mispredicted exit each).
  *p++ = '.';
  if (frac % 10000 == 0) {  // four decimals or fewer (prices, money): two pairs suffice
    const uint32_t v = frac / 10000;
    uint16_t hi, lo;
    std::memcpy(&hi, kDigitPairs + 2 * (v / 100), 2);
    std::memcpy(&lo, kDigitPairs + 2 * (v % 100), 2);
    const uint32_t digits = hi | uint32_t{lo} << 16;
    std::memcpy(p, &digits, 4);
    return p + 4 - std::countl_zero(digits ^ 0x30303030u) / 8;  // v != 0
  }
  const uint64_t digits = Digits8(frac);
  std::memcpy(p, &digits, 8);
  const uint64_t zeros = digits ^ 0x30303030'30303030ull;  // a '0' digit: a zero byte
  return p + 8 - std::countl_zero(zeros) / 8;              // frac != 0: zeros != 0
}

inline char* PutDecimal(char* p, Decimal d) { return PutDecimalUnits(p, d.units()); }

// PutDecimal of d.Round(digits) (half away from zero). The reports' roundings (prices to 4
// decimals, money to 2) are done here inline, where the divisor is a constant (a multiply),
// instead of a call per field; the rest, and a result out of range, take Decimal::Round.
inline char* PutDecimalRounded(char* p, Decimal d, int digits) {
  if (digits == 4 || digits == 2) {
    const int64_t step = digits == 4 ? 10'000 : 1'000'000;
    const int64_t u = d.units();
    int64_t q = u / step, r = u % step;
    if (r < 0) r = -r;
    if (r >= step - r) q += u < 0 ? -1 : 1;
    int64_t units;
    if (!__builtin_mul_overflow(q, step, &units)) return PutDecimalUnits(p, units);
  }
  return PutDecimal(p, d.Round(digits));
}

// snprintf("%.10g", v), nothing when not finite (to_chars with a precision is printf's %g).
// Values that print without an exponent are rounded here to 10 digits from one correctly
// rounded product with an exact power of ten (error < 2e-6 of a unit of the 10th digit), so
// the result is printf's unless the product lies that close to half a unit: those, and the
// rest, take to_chars.
inline char* PutG10(char* p, double v) {
  if (!std::isfinite(v)) return p;
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3,  1e4,  1e5,  1e6,
                                      1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13};
  const double a = std::fabs(v);
  if (a >= 1e-4 && a < 1e9) {
    int x = -4;  // the decimal exponent: 10^x <= a < 10^(x+1), up to the check below
    while (x < 8 && a >= (x >= -1 ? kPow10[x + 1] : 1 / kPow10[-x - 1])) ++x;
    double t = a * kPow10[9 - x];  // exact power, one rounding
    if (t >= 1e10 && x < 8) t = a * kPow10[9 - ++x];
    if (t < 1e9 && x > -4) t = a * kPow10[9 - --x];
    const double whole = std::floor(t);
    const double frac = t - whole;  // exact
    if (t >= 1e9 && t < 1e10 && std::fabs(frac - 0.5) > 1e-5) {
      auto m = static_cast<uint64_t>(whole) + (frac > 0.5 ? 1 : 0);
      if (m == 10'000'000'000) {
        m = 1'000'000'000;
        ++x;
      }
      // The 10 digits as two words (the first digit in the low byte), each stored whole:
      // built in a stack buffer and copied out, the copy's wide loads waited for the narrow
      // stores (a failed store-to-load forward, ~20% of the trades CSV's time).
      const uint64_t hi = Digits8(static_cast<uint32_t>(m / 100));
      uint16_t lo;
      std::memcpy(&lo, kDigitPairs + 2 * (m % 100), 2);
      // Significant digits: m without its trailing zeros (hi has a first digit other than '0').
      const int n = m % 100 != 0 ? (m % 10 != 0 ? 10 : 9)
                                 : 8 - std::countl_zero(hi ^ 0x30303030'30303030ull) / 8;
      if (v < 0) *p++ = '-';
      if (x >= 0) {
        const int ints = x + 1;  // 1..9 digits before the point, every one written
        std::memcpy(p, &hi, 8);
        std::memcpy(p + 8, &lo, 2);
        p += ints;
        if (n > ints) {  // the point, then digits ints..n-1
          *p++ = '.';
          if (ints < 8) {
            const uint64_t rest = hi >> (8 * ints);
            std::memcpy(p, &rest, 8);
            std::memcpy(p + 8 - ints, &lo, 2);
          } else if (ints == 8) {
            std::memcpy(p, &lo, 2);
          } else {
            *p = static_cast<char>(lo >> 8);
          }
          p += n - ints;
        }
      } else {  // "0.", -x - 1 zeros (at most 3), the digits
        std::memcpy(p, "0.000000", 8);
        p += 1 - x;
        std::memcpy(p, &hi, 8);
        std::memcpy(p + 8, &lo, 2);
        p += n;
      }
      return p;
    }
  }
  return std::to_chars(p, p + kMaxG10, v, std::chars_format::general, 10).ptr;
}

// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a newline.
// Needs room for 2 * f.size() + 2 bytes.
inline char* PutCsv(char* p, std::string_view f) {
  bool plain = true;
  for (char c : f) plain &= c != ',' && c != '"' && c != '\n';
  if (plain) return PutStr(p, f);
  *p++ = '"';
  for (char c : f) {
    if (c == '"') *p++ = '"';
    *p++ = c;
  }
  *p++ = '"';
  return p;
}
constexpr size_t MaxCsv(std::string_view f) { return 2 * f.size() + 2; }

// CivilDate::FromDays(z - 719468) for z >= 0 (days since 0000-03-01), in 32-bit unsigned
// steps the compiler turns into multiplications, inline: the same era / year-of-era /
// day-of-year decomposition (years start in March so that the leap day comes last). A trades
// report misses the formatter's date cache for about one entry time in five, and the call
// there was ~2% of the reports' CPU.
inline void CivilFromDays(uint32_t z, uint32_t* year, uint32_t* month, uint32_t* day) {
  const uint32_t era = z / 146097;
  const uint32_t doe = z - era * 146097;                                       // [0, 146096]
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const uint32_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

// FormatTimestamp(t): "YYYY-MM-DDTHH:MM:SS[.fraction]Z". The last whole second written is
// kept (a daily run repeats one time of day), and the text of the last 64 dates by day number
// (a trade's entry is a few weeks before its exit); years outside 0..9999 and fractions take
// the general path. The text is put together in three machine words and each is stored whole:
// built byte by byte in memory and then copied out, the copy's wide loads waited for the
// narrow stores before them (a failed store-to-load forward), ~10% of the trades CSV's time.
class TimestampFormatter {
 public:
  TimestampFormatter() {
    for (auto& d : dates_) d.days = kNoDay;
  }
  char* Put(char* p, Timestamp t) {
    const int64_t ns = t.unix_nanos();
    if (ns == last_ns_ && have_last_) return Store(p);
    if (ns % 1'000'000'000 != 0) return PutStr(p, FormatTimestamp(t));  // a fraction
    const int64_t secs = ns / 1'000'000'000;
    const int64_t days = FloorDiv(secs, 86400);
    const auto sod = static_cast<uint32_t>(secs - days * 86400);
    if (days != last_days_ || !have_last_) {
      Date& date = dates_[static_cast<uint64_t>(days) % kDates];
      if (date.days != days) {
        // Years 0..9999: days -719468 (0000-03-01) .. 2932896 (9999-12-31); January and
        // February of year 0 (and anything else) take the general path.
        if (days < -719468 || days > 2932896) return PutStr(p, FormatTimestamp(t));
        uint32_t year, month, day;
        CivilFromDays(static_cast<uint32_t>(days + 719468), &year, &month, &day);
        date.days = days;
        date.ymd = Pair(year / 100) | Pair(year % 100) << 16 | uint64_t{'-'} << 32 |
                   Pair(month) << 40 | uint64_t{'-'} << 56;  // "YYYY-MM-"
        date.dd = Pair(day);
      }
      ymd_ = date.ymd;
      dd_ = date.dd;
      last_days_ = days;
    }
    // "DDTHH:MM" and ":SS" + "Z".
    dhm_ = dd_ | uint64_t{'T'} << 16 | Pair(sod / 3600) << 24 | uint64_t{':'} << 40 |
           Pair(sod / 60 % 60) << 48;
    sz_ = static_cast<uint32_t>(':' | Pair(sod % 60) << 8 | uint64_t{'Z'} << 24);
    last_ns_ = ns;
    have_last_ = true;
    return Store(p);
  }
  void Append(std::string& s, Timestamp t) {
    char buf[kMaxTimestamp];
    s.append(buf, Put(buf, t));
  }

 private:
  static_assert(std::endian::native == std::endian::little, "words are stored low byte first");
  static constexpr int64_t kNoDay = INT64_MIN;
  static constexpr size_t kDates = 64;
  struct Date {
    int64_t days;
    uint64_t ymd;
    uint64_t dd;
  };
  static uint64_t Pair(uint32_t v) {  // v < 100: its two digits, the first in the low byte
    uint16_t w;
    std::memcpy(&w, kDigitPairs + 2 * v, 2);
    return w;
  }
  char* Store(char* p) const {
    std::memcpy(p, &ymd_, 8);
    std::memcpy(p + 8, &dhm_, 8);
    std::memcpy(p + 16, &sz_, 4);
    return p + 20;
  }
  static int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
  int64_t last_ns_ = 0, last_days_ = 0;
  bool have_last_ = false;
  uint64_t ymd_ = 0, dd_ = 0, dhm_ = 0;  // the kept text: bytes 0-7, 8-9 and 8-15
  uint32_t sz_ = 0;                      // and 16-19
  Date dates_[kDates];
};

inline void AppendDecimal(std::string& s, Decimal d) {
  char buf[kMaxDecimal];
  s.append(buf, PutDecimal(buf, d));
}
inline void AppendG10(std::string& s, double v) {
  char buf[kMaxG10];
  s.append(buf, PutG10(buf, v));
}
inline void AppendCsv(std::string& s, std::string_view f) {
  const size_t at = s.size();
  s.resize(at + MaxCsv(f));
  s.resize(static_cast<size_t>(PutCsv(s.data() + at, f) - s.data()));
}

}  // namespace tradelet::report_internal
