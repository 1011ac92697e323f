// The report's direct formatters must give the bytes of the general functions they replace.
#include "report_format.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "report_json.h"

namespace tradelet::report_internal {
namespace {

std::string Printf10g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

TEST(ReportFormat, DecimalMatchesToString) {
  std::vector<int64_t> units = {0,
                                1,
                                -1,
                                99999999,
                                100000000,
                                -100000000,
                                1234567,
                                -12345678,
                                150000000,
                                std::numeric_limits<int64_t>::max(),
                                std::numeric_limits<int64_t>::min()};
  std::mt19937_64 rng(4);
  for (int k = 0; k < 20000; ++k) {
    const int64_t u = static_cast<int64_t>(rng()) >> (rng() % 60);
    units.push_back(u);
    // Four decimals or fewer (prices, money: the two-pair path), both signs.
    const auto cents = static_cast<int64_t>(rng() % 100'000'000'000ull) * 10'000;
    units.push_back(k % 2 ? cents : -cents);
  }
  for (int64_t f = 1; f < 10'000; ++f) units.push_back(f * 10'000);  // every 4-digit fraction
  for (int64_t u : units) {
    std::string s;
    AppendDecimal(s, Decimal::FromUnits(u));
    ASSERT_EQ(s, Decimal::FromUnits(u).ToString()) << u;
  }
}

TEST(ReportFormat, DoubleMatchesPrintf10g) {
  std::vector<double> values = {0.0,
                                -0.0,
                                1e-5,
                                1e-4,
                                123456789012.0,
                                1e16,
                                0.1,
                                -2.5,
                                1e300,
                                5e-324,
                                9999999999.5,
                                0.01765105227,
                                999999999.95,
                                9999999999.4,
                                0.00009999999999,
                                0.000099999999995,
                                1.00000000005,
                                2.5e-4,
                                123456.78905,
                                -0.002784322125};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exp10(-12, 12);
  for (int k = 0; k < 20000; ++k) {
    values.push_back((rng() % 2 ? -1 : 1) * std::pow(10.0, exp10(rng)) *
                     (1 + (rng() % 1000) / 7.0));
  }
  // Near a tie in the 10th digit, and prices/returns as a run's trades make them.
  for (int k = 0; k < 20000; ++k) {
    const double base = static_cast<double>(rng() % 10'000'000'000ull) + 0.5;
    values.push_back(base * std::pow(10.0, static_cast<int>(rng() % 16) - 14));
    values.push_back(static_cast<double>(static_cast<int64_t>(rng() % 2'000'000) - 1'000'000) /
                     static_cast<double>(1 + rng() % 100'000));
  }
  // Few digits at every position of the point (trailing zeros to drop, or whole numbers).
  for (int k = 0; k < 20000; ++k) {
    const double digits = static_cast<double>(1 + rng() % (k % 2 ? 99 : 99'999));
    values.push_back((k % 3 ? 1 : -1) * digits * std::pow(10.0, static_cast<int>(rng() % 17) - 9));
  }
  for (double v : values) {
    std::string s;
    AppendG10(s, v);
    ASSERT_EQ(s, Printf10g(v)) << v;
  }
  std::string s;
  AppendG10(s, std::numeric_limits<double>::infinity());
  AppendG10(s, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(s, "");  // not finite: an empty field
}

TEST(ReportFormat, TimestampMatchesFormatTimestamp) {
  std::vector<int64_t> ns = {0,
                             -1,
                             1,
                             1'000'000'000,
                             -86'400'000'000'000,
                             946'684'800'000'000'000,
                             1'618'925'400'000'000'000,
                             1'618'925'400'123'456'789,
                             Timestamp::Min().unix_nanos(),
                             Timestamp::Max().unix_nanos()};
  std::mt19937_64 rng(11);
  for (int k = 0; k < 20000; ++k) {
    int64_t t = static_cast<int64_t>(rng() % 4'000'000'000ull) * 1'000'000'000;  // 1970-2096 s
    if (k % 3 == 0) t = -t;
    if (k % 7 == 0) t += static_cast<int64_t>(rng() % 1'000'000'000);  // a fraction
    ns.push_back(t);
    if (k % 5 == 0) ns.push_back(t);  // the same day again (the kept date)
  }
  TimestampFormatter f;
  for (int64_t t : ns) {
    std::string s;
    f.Append(s, Timestamp::FromUnixNanos(t));
    ASSERT_EQ(s, FormatTimestamp(Timestamp::FromUnixNanos(t))) << t;
  }
}

// The inline date conversion is CivilDate::FromDays on every day of years 0..9999 it is used
// for, and those bounds are the first and last such day.
TEST(ReportFormat, CivilFromDaysEveryDay) {
  EXPECT_EQ(CivilDate::FromDays(-719468).ToString(), "0000-03-01");
  EXPECT_EQ(CivilDate::FromDays(2932896).ToString(), "9999-12-31");
  for (int64_t days = -719468; days <= 2932896; ++days) {
    uint32_t y, m, d;
    CivilFromDays(static_cast<uint32_t>(days + 719468), &y, &m, &d);
    const CivilDate want = CivilDate::FromDays(days);
    ASSERT_TRUE(static_cast<int>(y) == want.year && static_cast<int>(m) == want.month &&
                static_cast<int>(d) == want.day)
        << days;
  }
}

TEST(ReportFormat, PutStrEveryLength) {
  const std::string src = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t n = 0; n <= src.size(); ++n) {
    char buf[64];
    std::memset(buf, '#', sizeof buf);
    char* end = PutStr(buf, std::string_view(src).substr(0, n));
    EXPECT_EQ(std::string(buf, end), src.substr(0, n));
    EXPECT_EQ(buf[n], '#');  // nothing written past the end
  }
}

TEST(ReportFormat, CsvQuotesOnlyWhenNeeded) {
  std::string s;
  AppendCsv(s, "AAPL");
  AppendCsv(s, "a,b");
  AppendCsv(s, "say \"hi\"");
  EXPECT_EQ(s, "AAPL\"a,b\"\"say \"\"hi\"\"\"");
}

// Expected strings written out by hand (not produced by the code under test).
std::string Dec(int64_t units) {
  char buf[kMaxDecimal];
  return std::string(buf, PutDecimalUnits(buf, units));
}
std::string Rounded(int64_t units, int digits) {
  char buf[kMaxDecimal];
  return std::string(buf, PutDecimalRounded(buf, Decimal::FromUnits(units), digits));
}

TEST(ReportFormat, DecimalByHand) {
  EXPECT_EQ(Dec(0), "0");
  EXPECT_EQ(Dec(1), "0.00000001");
  EXPECT_EQ(Dec(-1), "-0.00000001");
  EXPECT_EQ(Dec(1'000'000'000), "10");
  EXPECT_EQ(Dec(2'788'000'000), "27.88");
  EXPECT_EQ(Dec(-130'000'000), "-1.3");
  EXPECT_EQ(Dec(10'000'000'000), "100");
  EXPECT_EQ(Dec(12'345'678'912'345'678), "123456789.12345678");
  EXPECT_EQ(Dec(std::numeric_limits<int64_t>::max()), "92233720368.54775807");
  EXPECT_EQ(Dec(std::numeric_limits<int64_t>::min()), "-92233720368.54775808");
}

TEST(ReportFormat, RoundedDecimalByHand) {
  EXPECT_EQ(Rounded(2'788'125'000, 4), "27.8813");  // half away from zero
  EXPECT_EQ(Rounded(-2'788'125'000, 4), "-27.8813");
  EXPECT_EQ(Rounded(2'788'124'999, 4), "27.8812");
  EXPECT_EQ(Rounded(123'449'999, 4), "1.2345");
  EXPECT_EQ(Rounded(1'560'500'000, 2), "15.61");
  EXPECT_EQ(Rounded(-1'560'500'000, 2), "-15.61");
  EXPECT_EQ(Rounded(400'000, 2), "0");
  EXPECT_EQ(Rounded(-400'000, 2), "0");  // no "-0"
  EXPECT_EQ(Rounded(500'000, 2), "0.01");
  EXPECT_EQ(Rounded(9'999'995'000, 4), "100");
  EXPECT_EQ(Rounded(150'000'000, 0), "2");
  EXPECT_EQ(Rounded(123'456'789, 8), "1.23456789");
  EXPECT_EQ(Rounded(std::numeric_limits<int64_t>::max() - 99'999'999, 0), "92233720368");
}

TEST(ReportFormat, RoundedDecimalMatchesRound) {
  std::mt19937_64 rng(5);
  for (int k = 0; k < 20000; ++k) {
    const int64_t u = static_cast<int64_t>(rng()) >> (8 + rng() % 50);
    const int digits = static_cast<int>(rng() % 9);
    ASSERT_EQ(Rounded(u, digits), Decimal::FromUnits(u).Round(digits).ToString()) << u;
  }
  // The inline 2- and 4-digit roundings at the ends of the range and at halves.
  for (const int64_t u :
       {std::numeric_limits<int64_t>::max() - 6000, std::numeric_limits<int64_t>::min() + 6000}) {
    ASSERT_EQ(Rounded(u, 4), Decimal::FromUnits(u).Round(4).ToString()) << u;
  }
  for (const int64_t u : {-5000, 4999, -499'999, 500'000, -500'000, 5000}) {
    for (const int digits : {2, 4}) {
      ASSERT_EQ(Rounded(u, digits), Decimal::FromUnits(u).Round(digits).ToString()) << u;
    }
  }
}

TEST(ReportFormat, G10ByHand) {
  const auto g = [](double v) {
    std::string s;
    AppendG10(s, v);
    return s;
  };
  EXPECT_EQ(g(0.01765105227), "0.01765105227");
  EXPECT_EQ(g(-0.002784322125), "-0.002784322125");
  EXPECT_EQ(g(10000000), "10000000");
  EXPECT_EQ(g(10564147.26), "10564147.26");
  EXPECT_EQ(g(0.5), "0.5");
  EXPECT_EQ(g(0.0001), "0.0001");
  EXPECT_EQ(g(0.00001), "1e-05");
  EXPECT_EQ(g(1234567890.4), "1234567890");
  EXPECT_EQ(g(12345678901.0), "1.23456789e+10");
  EXPECT_EQ(g(9999999999.6), "1e+10");
  EXPECT_EQ(g(0.123456789049), "0.123456789");
  EXPECT_EQ(g(0.123456789051), "0.1234567891");
  EXPECT_EQ(g(0), "0");
}

TEST(ReportFormat, TimestampsByHand) {
  TimestampFormatter f;  // one formatter through all: the kept date and time must roll over
  const std::vector<std::pair<int64_t, std::string>> cases = {
      {0, "1970-01-01T00:00:00Z"},
      {-86400, "1969-12-31T00:00:00Z"},
      {-1, "1969-12-31T23:59:59Z"},
      {-2203891201, "1900-02-28T23:59:59Z"},  // 1900 is not a leap year
      {-2203891200, "1900-03-01T00:00:00Z"},
      {951782400, "2000-02-29T00:00:00Z"},  // 2000 is
      {951782400, "2000-02-29T00:00:00Z"},  // the same instant again
      {951868800, "2000-03-01T00:00:00Z"},
      {1709217000, "2024-02-29T14:30:00Z"},
      {1709217000 + 60, "2024-02-29T14:31:00Z"},
      {1640995199, "2021-12-31T23:59:59Z"},
      {1640995200, "2022-01-01T00:00:00Z"},
      {9223372036, "2262-04-11T23:47:16Z"},
  };
  for (const auto& [secs, want] : cases) {
    std::string s;
    f.Append(s, Timestamp::FromUnixSeconds(secs));
    EXPECT_EQ(s, want) << secs;
  }
  std::string s;
  f.Append(s, Timestamp::FromUnixNanos(1'500'000'000));
  EXPECT_EQ(s, "1970-01-01T00:00:01.5Z");
}

TEST(ReportFormat, ByteBufKeepsEverythingAcrossGrowth) {
  ByteBuf b;
  std::string want;
  for (int k = 0; k < 5000; ++k) {
    const std::string piece = std::to_string(k) + ",";
    if (k % 2 == 0) {
      b.Append(piece);
    } else {
      char* p = b.Reserve(64);
      b.Commit(PutStr(p, piece));
    }
    want += piece;
  }
  EXPECT_EQ(b.view(), want);
  EXPECT_EQ(b.size(), want.size());
  ByteBuf moved = std::move(b);
  EXPECT_EQ(moved.view(), want);
  EXPECT_EQ(b.size(), 0u);  // NOLINT(bugprone-use-after-move): emptied, and usable again
  b.Append("again");
  EXPECT_EQ(b.view(), "again");
}

std::string Json(double v) {
  std::string s;
  JsonDouble(s, v);
  return s;
}

TEST(ReportJson, DoublesByHand) {
  EXPECT_EQ(Json(0.0), "0.0");
  EXPECT_EQ(Json(-0.0), "-0.0");
  EXPECT_EQ(Json(1.0), "1.0");
  EXPECT_EQ(Json(-2.5), "-2.5");
  EXPECT_EQ(Json(27.88), "27.88");
  EXPECT_EQ(Json(0.1), "0.1");
  EXPECT_EQ(Json(941466600000.0), "941466600000.0");
  EXPECT_EQ(Json(0.0001), "0.0001");
  EXPECT_EQ(Json(1e-5), "1e-05");
  EXPECT_EQ(Json(1e14), "100000000000000.0");  // 15 digits before the point at most
  EXPECT_EQ(Json(1e15), "1e+15");
  EXPECT_EQ(Json(1e16), "1e+16");
  EXPECT_EQ(Json(0.01765105227), "0.01765105227");
  EXPECT_EQ(Json(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(Json(-std::numeric_limits<double>::infinity()), "null");
}

TEST(ReportJson, MatchesNlohmannDump) {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> exp10(-20, 20);
  for (int k = 0; k < 20000; ++k) {
    const double v = (rng() % 2 ? -1 : 1) * std::pow(10.0, exp10(rng)) * (1 + (rng() % 1000) / 7.0);
    ASSERT_EQ(Json(v), nlohmann::json(v).dump()) << v;
  }
  std::string s;
  JsonInt(s, -2024);
  JsonInt(s, 0);
  EXPECT_EQ(s, "-20240");
}

std::string NlohmannDouble(double v) {
  char buf[64];
  return std::string(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
}

// The one- and two-decimal path (prices) against nlohmann's own conversion: every such value
// below 10^4 (10^5 with one decimal), both signs, and random ones up to 1e9.
TEST(ReportJson, DecimalsMatchNlohmann) {
  for (int64_t m = 1; m < 1'000'000; ++m) {
    for (const double v : {static_cast<double>(m) / 100, static_cast<double>(m) / 10}) {
      if (v == std::trunc(v)) continue;  // the whole-number path
      ASSERT_EQ(Json(v), NlohmannDouble(v)) << m;
      ASSERT_EQ(Json(-v), NlohmannDouble(-v)) << m;
    }
  }
  std::mt19937_64 rng(17);
  for (int k = 0; k < 1'000'000; ++k) {
    const auto m = static_cast<int64_t>(rng() % 100'000'000'000ull);
    const double v = static_cast<double>(m) / (k % 2 ? 10 : 100);
    if (v == std::trunc(v)) continue;
    ASSERT_EQ(Json(v), NlohmannDouble(v)) << m;
  }
  EXPECT_EQ(Json(0.01), "0.01");
  EXPECT_EQ(Json(-123456789.5), "-123456789.5");
  EXPECT_EQ(Json(0.005), "0.005");  // three decimals: Grisu2
  EXPECT_EQ(Json(1e9 + 0.5), "1000000000.5");
}

TEST(ReportJson, Strings) {
  const auto str = [](std::string_view v) {
    std::string s;
    JsonString(s, v);
    return s;
  };
  EXPECT_EQ(str("AAPL"), "\"AAPL\"");
  EXPECT_EQ(str("BRK.B"), "\"BRK.B\"");
  EXPECT_EQ(str(""), "\"\"");
  EXPECT_EQ(str("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(str("x\ny\t"), "\"x\\ny\\t\"");
  EXPECT_EQ(str("</script>"), "\"</script>\"");  // the page escapes "</" itself
  EXPECT_EQ(str("\xc3\xa9"), "\"\xc3\xa9\"");    // valid UTF-8 stays
  EXPECT_EQ(str("a\xff"), "\"a\xef\xbf\xbd\"");  // invalid: U+FFFD
}

}  // namespace
}  // namespace tradelet::report_internal
