#include "tradelet/data/validate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tradelet/base/log.h"

namespace tradelet::data {
namespace {

// Daily bars on consecutive NYSE sessions from Mon 2024-01-08 (2024-01-15 is a holiday).
struct Fixture {
  std::vector<MarketSession> sessions = SessionsFor({2024, 1, 8}, {2024, 1, 31}).value();
  BarSeries Daily(std::vector<double> closes) {
    BarSeries s;
    s.symbol.assign(1, 'X');  // (not = "X": GCC 12 false -Wrestrict, bug 105329)
    s.interval = BarInterval::k1Day;
    for (size_t i = 0; i < closes.size(); ++i) {
      const double c = closes[i];
      s.Append({sessions[i].open, c, c * 1.01, c * 0.99, c, 1000});
    }
    return s;
  }
  ValidationOptions Opts() {
    ValidationOptions o;
    o.sessions = sessions;
    return o;
  }
};

const Finding* Find(const SymbolReport& r, const std::string& check, Severity sev) {
  for (const auto& f : r.findings) {
    if (f.check == check && f.severity == sev) return &f;
  }
  return nullptr;
}

TEST(Validate, CleanSeriesPasses) {
  Fixture fx;
  auto r = ValidateSeries(fx.Daily({10, 10.5, 10.2, 10.8, 11}), fx.Opts(), "x.csv");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.count(Severity::kWarning), 0u) << ReportToJson(r);
  EXPECT_EQ(r.rows, 5u);
}

TEST(Validate, BadPricesOhlcDuplicatesAndUnsorted) {
  Fixture fx;
  BarSeries s = fx.Daily({10, 10.5, 10.2, 10.8, 11});
  s.low[1] = 0;                 // non-positive
  s.high[2] = 9;                // high < low
  s.time_ns[4] = s.time_ns[3];  // duplicate
  auto r = ValidateSeries(s, fx.Opts());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(Find(r, "nonpositive", Severity::kError), nullptr);
  ASSERT_NE(Find(r, "ohlc", Severity::kError), nullptr);
  EXPECT_EQ(Find(r, "ohlc", Severity::kError)->message,
            "1 rows with high < low or open/close outside [low, high] (2024-01-10)");
  EXPECT_NE(Find(r, "duplicate", Severity::kError), nullptr);
  std::swap(s.time_ns[0], s.time_ns[1]);
  EXPECT_NE(Find(ValidateSeries(s, fx.Opts()), "unsorted", Severity::kError), nullptr);
}

TEST(Validate, MissingValuesWarnThenFailAboveTheThreshold) {
  Fixture fx;
  BarSeries s = fx.Daily({10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
  s.open[3] = NAN;
  auto r = ValidateSeries(s, fx.Opts());
  EXPECT_TRUE(r.ok());
  ASSERT_NE(Find(r, "missing", Severity::kWarning), nullptr);
  s.close[5] = NAN;
  EXPECT_NE(Find(ValidateSeries(s, fx.Opts()), "missing", Severity::kError), nullptr);  // 20%
}

TEST(Validate, GapsAgainstSessionsAndOffSessionBars) {
  Fixture fx;
  BarSeries s = fx.Daily({10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
  // Drop the 3rd session's bar: 1 gap of 10 -> warning.
  BarSeries g;
  g.symbol = std::string(1, 'X');
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != 2) g.Append(s.at(i));
  }
  auto r = ValidateSeries(g, fx.Opts());
  ASSERT_NE(Find(r, "gap", Severity::kWarning), nullptr) << ReportToJson(r);
  EXPECT_EQ(Find(r, "gap", Severity::kWarning)->count, 1u);
  // A Saturday bar is off-session.
  g.time_ns.push_back(ParseTimestamp("2024-01-20T14:30:00Z")->unix_nanos());
  for (auto* c : {&g.open, &g.high, &g.low, &g.close, &g.volume}) c->push_back(10);
  EXPECT_NE(Find(ValidateSeries(g, fx.Opts()), "off_session", Severity::kWarning), nullptr);
}

TEST(Validate, IntradayGapsCountMissingMinutes) {
  Fixture fx;
  BarSeries s;
  s.symbol = std::string(1, 'M');
  s.interval = BarInterval::k1Min;
  for (int m = 0; m < 390; ++m) {
    if (m == 100 || m == 101) continue;
    s.Append({fx.sessions[0].open + minutes(m), 10, 10.1, 9.9, 10, 5});
  }
  auto r = ValidateSeries(s, fx.Opts());
  ASSERT_NE(Find(r, "gap", Severity::kWarning), nullptr) << ReportToJson(r);
  EXPECT_EQ(Find(r, "gap", Severity::kWarning)->message,
            "2 of 390 bars missing in 1 sessions (2024-01-08 (2))");
}

TEST(Validate, UnrecordedSplitIsAnErrorRecordedOneIsInfo) {
  Fixture fx;
  BarSeries s = fx.Daily({100, 101, 102, 51, 52});  // 2:1 overnight, not recorded
  auto r = ValidateSeries(s, fx.Opts());
  EXPECT_FALSE(r.ok());
  ASSERT_NE(Find(r, "split", Severity::kError), nullptr);
  EXPECT_NE(Find(r, "split", Severity::kError)->message.find("2024-01-11 (2:1"), std::string::npos);
  s.split = {1, 1, 1, 2, 1};
  auto rec = ValidateSeries(s, fx.Opts());
  EXPECT_TRUE(rec.ok()) << ReportToJson(rec);
  EXPECT_NE(Find(rec, "split", Severity::kInfo), nullptr);
  // A reverse split 1:10 and a non-split crash.
  EXPECT_NE(Find(ValidateSeries(fx.Daily({5, 5, 50, 50}), fx.Opts()), "split", Severity::kError),
            nullptr);
  EXPECT_NE(Find(ValidateSeries(fx.Daily({50, 50, 21, 21}), fx.Opts()), "jump", Severity::kWarning),
            nullptr);
}

TEST(Validate, StaleLastBarCountsSessionsBehindAsOf) {
  Fixture fx;
  ValidationOptions o = fx.Opts();
  o.as_of = fx.sessions[6].close;  // bars cover sessions 0..4: 5 and 6 have closed since
  auto r = ValidateSeries(fx.Daily({10, 10, 10, 10, 10}), o);
  ASSERT_NE(Find(r, "stale", Severity::kError), nullptr);
  EXPECT_NE(Find(r, "stale", Severity::kError)->message.find("2 sessions behind"),
            std::string::npos);
  o.max_stale_sessions = 2;
  EXPECT_TRUE(ValidateSeries(fx.Daily({10, 10, 10, 10, 10}), o).ok());
}

TEST(Validate, StaleByMoreThanAnInt64OfNanosecondsIsStillStale) {
  // A bar dated 1708 checked against a 2023 clock without a session calendar: the distance does
  // not fit in int64 nanoseconds (it used to wrap negative and pass as fresh; bar_csv_fuzz found it
  // as a UBSan overflow).
  BarSeries s;
  s.symbol.assign(1, 'X');
  s.interval = BarInterval::k1Day;
  s.Append({ParseTimestamp("1708-04-21").value(), 132.36, 133.75, 131.3, 133.5, 10});
  ValidationOptions o;
  o.as_of = Timestamp::FromUnixSeconds(1'700'000'000);
  auto r = ValidateSeries(s, o);
  ASSERT_NE(Find(r, "stale", Severity::kError), nullptr) << ReportToJson(r);
  EXPECT_NE(Find(r, "stale", Severity::kError)->message.find("days behind"), std::string::npos);
}

TEST(Validate, SelectTradableExcludesFailuresAndLogsTheReason) {
  Fixture fx;
  std::vector<SymbolReport> reps;
  reps.push_back(ValidateSeries(fx.Daily({10, 10}), fx.Opts()));
  reps[0].symbol = "GOOD";
  BarSeries bad = fx.Daily({10, -1});
  bad.symbol = "BAD";
  reps.push_back(ValidateSeries(bad, fx.Opts(), "bad.csv"));
  std::vector<std::string> lines;
  Logger::SetSink([&](std::string_view l) { lines.emplace_back(l); });
  const TradableSet t = SelectTradable(reps);
  Logger::ResetSink();
  EXPECT_EQ(t.tradable, (std::vector<Symbol>{"GOOD"}));
  ASSERT_EQ(t.excluded.size(), 1u);
  EXPECT_EQ(t.excluded[0].symbol, "BAD");
  EXPECT_NE(t.excluded[0].reason.find("price <= 0"), std::string::npos);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"symbol\":\"BAD\""), std::string::npos);
  EXPECT_NE(lines[0].find("bad.csv"), std::string::npos);
}

TEST(Validate, JsonReportShape) {
  Fixture fx;
  auto r = ValidateSeries(fx.Daily({10, -1}), fx.Opts(), "a \"q\".csv");
  const std::string j = ReportToJson(r);
  EXPECT_EQ(j.rfind("{\"symbol\":\"X\",\"source\":\"a \\\"q\\\".csv\",\"status\":\"fail\"", 0), 0u)
      << j;
  EXPECT_NE(j.find("\"check\":\"nonpositive\""), std::string::npos);
  EXPECT_EQ(ValidateSeries(BarSeries{}, fx.Opts()).findings[0].check, "empty");
}

}  // namespace
}  // namespace tradelet::data
