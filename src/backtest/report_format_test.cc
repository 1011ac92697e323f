// The report's direct formatters must give the bytes of the general functions they replace.
#include "report_format.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <random>

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
  }
  for (int64_t u : units) {
    std::string s;
    AppendDecimal(s, Decimal::FromUnits(u));
    ASSERT_EQ(s, Decimal::FromUnits(u).ToString()) << u;
  }
}

TEST(ReportFormat, DoubleMatchesPrintf10g) {
  std::vector<double> values = {0.0, -0.0, 1e-5,  1e-4,   123456789012.0, 1e16,
                                0.1, -2.5, 1e300, 5e-324, 9999999999.5,   0.01765105227};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exp10(-12, 12);
  for (int k = 0; k < 20000; ++k) {
    values.push_back((rng() % 2 ? -1 : 1) * std::pow(10.0, exp10(rng)) *
                     (1 + (rng() % 1000) / 7.0));
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

TEST(ReportFormat, CsvQuotesOnlyWhenNeeded) {
  std::string s;
  AppendCsv(s, "AAPL");
  AppendCsv(s, "a,b");
  AppendCsv(s, "say \"hi\"");
  EXPECT_EQ(s, "AAPL\"a,b\"\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace tradelet::report_internal
