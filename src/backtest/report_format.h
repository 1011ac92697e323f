// Report number and time formatting written straight into one buffer: the same bytes as
// Decimal::ToString, Decimal::Round, FormatTimestamp and snprintf("%.10g"), without a
// temporary string per field (the reports of a 504-symbol run hold ~140k rows). The Put*
// functions write at a raw pointer into room the caller reserved (see kMax* and ByteBuf) and
// return the new end; the Append* ones append to a std::string.
#pragma once

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
  *p++ = '.';
  const uint32_t hi = frac / 10000, lo = frac % 10000;
  PutPair(p, hi / 100);
  PutPair(p + 2, hi % 100);
  PutPair(p + 4, lo / 100);
  PutPair(p + 6, lo % 100);
  p += 8;
  while (p[-1] == '0') --p;  // frac != 0: a digit other than '0' ends it
  return p;
}

inline char* PutDecimal(char* p, Decimal d) { return PutDecimalUnits(p, d.units()); }

// PutDecimal of d.Round(digits) (half away from zero; Decimal::Round rounds in 64 bits).
inline char* PutDecimalRounded(char* p, Decimal d, int digits) {
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
      char d[10];
      const auto hi = static_cast<uint32_t>(m / 100'000), lo = static_cast<uint32_t>(m % 100'000);
      d[0] = static_cast<char>('0' + hi / 10'000);
      PutPair(d + 1, hi / 100 % 100);
      PutPair(d + 3, hi % 100);
      d[5] = static_cast<char>('0' + lo / 10'000);
      PutPair(d + 6, lo / 100 % 100);
      PutPair(d + 8, lo % 100);
      int n = 10;
      while (d[n - 1] == '0') --n;  // d[0] != '0'
      if (v < 0) *p++ = '-';
      if (x >= 0) {
        const int ints = x + 1;
        std::memcpy(p, d, static_cast<size_t>(ints));
        p += ints;
        if (n > ints) {
          *p++ = '.';
          std::memcpy(p, d + ints, static_cast<size_t>(n - ints));
          p += n - ints;
        }
      } else {
        *p++ = '0';
        *p++ = '.';
        for (int k = -1; k > x; --k) *p++ = '0';
        std::memcpy(p, d, static_cast<size_t>(n));
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

// FormatTimestamp(t): "YYYY-MM-DDTHH:MM:SS[.fraction]Z". The last whole second written is
// kept (a daily run repeats one time of day), and the text of the last 64 dates by day number
// (a trade's entry is a few weeks before its exit); years outside 0..9999 and fractions take
// the general path.
class TimestampFormatter {
 public:
  TimestampFormatter() {
    for (auto& d : dates_) d.days = kNoDay;
  }
  char* Put(char* p, Timestamp t) {
    const int64_t ns = t.unix_nanos();
    if (ns == last_ns_ && have_last_) {
      std::memcpy(p, last_, 20);
      return p + 20;
    }
    if (ns % 1'000'000'000 != 0) return PutStr(p, FormatTimestamp(t));  // a fraction
    const int64_t secs = ns / 1'000'000'000;
    const int64_t days = FloorDiv(secs, 86400);
    const auto sod = static_cast<uint32_t>(secs - days * 86400);
    if (days != last_days_ || !have_last_) {
      Date& date = dates_[static_cast<uint64_t>(days) % kDates];
      if (date.days != days) {
        const CivilDate d = CivilDate::FromDays(days);
        if (d.year < 0 || d.year > 9999) return PutStr(p, FormatTimestamp(t));
        date.days = days;
        PutPair(date.text, static_cast<uint32_t>(d.year / 100));
        PutPair(date.text + 2, static_cast<uint32_t>(d.year % 100));
        date.text[4] = '-';
        PutPair(date.text + 5, static_cast<uint32_t>(d.month));
        date.text[7] = '-';
        PutPair(date.text + 8, static_cast<uint32_t>(d.day));
      }
      std::memcpy(last_, date.text, 10);
      last_days_ = days;
      last_[10] = 'T';
      last_[13] = ':';
      last_[16] = ':';
      last_[19] = 'Z';
    }
    PutPair(last_ + 11, sod / 3600);
    PutPair(last_ + 14, sod / 60 % 60);
    PutPair(last_ + 17, sod % 60);
    last_ns_ = ns;
    have_last_ = true;
    std::memcpy(p, last_, 20);
    return p + 20;
  }
  void Append(std::string& s, Timestamp t) {
    char buf[kMaxTimestamp];
    s.append(buf, Put(buf, t));
  }

 private:
  static constexpr int64_t kNoDay = INT64_MIN;
  static constexpr size_t kDates = 64;
  struct Date {
    int64_t days;
    char text[10];
  };
  static int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
  int64_t last_ns_ = 0, last_days_ = 0;
  bool have_last_ = false;
  char last_[20] = {};
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
