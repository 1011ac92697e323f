#include "tradelet/data/bar_csv.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

namespace tradelet::data {
namespace {

int64_t Ns(const char* iso) { return ParseTimestamp(iso).value().unix_nanos(); }

TEST(BarCsv, AlphaVantageDailyStampsSessionOpenUtcAcrossDst) {
  const char* text =
      "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n"
      "2021-01-04,133.52,133.6116,126.76,129.41,128.6,143301887,0.0,1.0\n"
      "2021-04-21,132.36,133.75,131.3001,133.5,133.5,67457125,0.22,7.00000700001\n";
  auto r = ParseBarCsv(text, "DA.csv", {.symbol = "AAPL"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kAlphaVantageDaily);
  ASSERT_EQ(r->series.size(), 1u);
  const BarSeries& s = r->series[0];
  EXPECT_EQ(s.symbol, "AAPL");
  EXPECT_EQ(s.interval, BarInterval::k1Day);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.time_ns[0], Ns("2021-01-04T14:30:00Z"));  // EST: 09:30 = 14:30Z
  EXPECT_EQ(s.time_ns[1], Ns("2021-04-21T13:30:00Z"));  // EDT: 09:30 = 13:30Z
  EXPECT_DOUBLE_EQ(s.open[0], 133.52);
  EXPECT_DOUBLE_EQ(s.high[0], 133.6116);
  EXPECT_DOUBLE_EQ(s.low[1], 131.3001);
  EXPECT_DOUBLE_EQ(s.close[1], 133.5);
  EXPECT_DOUBLE_EQ(s.volume[0], 143301887);
  EXPECT_DOUBLE_EQ(s.adj_close[0], 128.6);
  EXPECT_DOUBLE_EQ(s.dividend[1], 0.22);
  EXPECT_DOUBLE_EQ(s.split[1], 7.00000700001);
  EXPECT_TRUE(s.CheckShape().ok());
}

TEST(BarCsv, AlphaVantageIntradayIsReversedAndShiftedFromBarEndEtToBarStartUtc) {
  const char* text =
      "datetime,open,high,low,close,volume\r\n"
      "2019-02-15 16:00:00,170.23,170.42,170.21,170.38,427888\r\n"
      "2019-02-15 15:59:00,170.17,170.25,170.13,170.2461,202717\r\n"
      "2019-02-15 15:58:00,170.1,170.2,170.0,170.17,1000\r\n";
  auto r = ParseBarCsv(text, "AAPL_1min.csv", {.symbol = "AAPL"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kAlphaVantageIntraday);
  EXPECT_TRUE(r->info.reversed);
  const BarSeries& s = r->series[0];
  EXPECT_EQ(s.interval, BarInterval::k1Min);
  ASSERT_EQ(s.size(), 3u);
  // 15:58 ET end = 15:57 ET start = 20:57Z (EST, UTC-5).
  EXPECT_EQ(s.time_ns[0], Ns("2019-02-15T20:57:00Z"));
  EXPECT_EQ(s.time_ns[2], Ns("2019-02-15T20:59:00Z"));
  EXPECT_DOUBLE_EQ(s.close[2], 170.38);
  EXPECT_DOUBLE_EQ(s.close[1], 170.2461);
}

TEST(BarCsv, KaggleCombinedSplitsBySymbolAndKeepsEmptyFieldsAsMissing) {
  const char* text =
      "date,open,high,low,close,volume,Name\n"
      "2015-07-16,88.1,88.9,88.0,88.5,100,DHR\n"
      "2015-07-17,,88.76,88.24,88.72,200,DHR\n"
      "2016-07-01,,,,49.54,0,FTV\n"
      "2016-07-05,49.0,50.0,48.5,49.9,10,FTV\n";
  auto r = ParseBarCsv(text, "all.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kKaggleCombined);
  EXPECT_EQ(r->info.rows, 4u);
  EXPECT_EQ(r->info.rows_with_missing, 2u);
  ASSERT_EQ(r->series.size(), 2u);
  EXPECT_EQ(r->series[0].symbol, "DHR");
  EXPECT_EQ(r->series[1].symbol, "FTV");
  EXPECT_TRUE(std::isnan(r->series[0].open[1]));
  EXPECT_DOUBLE_EQ(r->series[0].high[1], 88.76);
  EXPECT_TRUE(std::isnan(r->series[1].high[0]));
  EXPECT_DOUBLE_EQ(r->series[1].close[0], 49.54);
}

TEST(BarCsv, YahooNullsAreMissingAndNameColumnGivesTheSymbol) {
  const char* text =
      "Date,Open,High,Low,Close,Adj Close,Volume,Name\n"
      "2015-11-06,1,2,0.5,1.5,1.4,1607600.0,UA\n"
      "2015-11-09,,,,,,,UA\n"
      "2015-11-10,null,null,null,null,null,null,UA\n";
  auto r = ParseBarCsv(text, "UA.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kYahoo);
  EXPECT_EQ(r->info.rows_with_missing, 2u);
  ASSERT_EQ(r->series.size(), 1u);
  EXPECT_EQ(r->series[0].symbol, "UA");
  EXPECT_DOUBLE_EQ(r->series[0].volume[0], 1607600.0);
  EXPECT_TRUE(std::isnan(r->series[0].adj_close[2]));
}

TEST(BarCsv, MplfinanceUsDatesAndCloseBeforeHigh) {
  const char* text =
      "Date,Open,Close,High,Low,Volume\n"
      "11/5/2019 9:30,3080.8,3080.49,3081.47,3080.3,0\n"
      "11/5/2019 9:31,3080.33,3079.36,3080.33,3079.15,0\n";
  auto r = ParseBarCsv(text, "SP500_NOV2019_IDay.csv", {.symbol = "SP500"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kMplfinance);
  const BarSeries& s = r->series[0];
  EXPECT_EQ(s.interval, BarInterval::k1Min);
  EXPECT_EQ(s.time_ns[0], Ns("2019-11-05T14:30:00Z"));  // naive times are New York
  EXPECT_DOUBLE_EQ(s.close[0], 3080.49);
  EXPECT_DOUBLE_EQ(s.high[0], 3081.47);
  EXPECT_DOUBLE_EQ(s.low[1], 3079.15);

  auto daily = ParseBarCsv("Date,Open,High,Low,Close,Volume\n11/1/2019,1,2,0.5,1.5,5\n", "d.csv");
  ASSERT_TRUE(daily.ok());
  EXPECT_EQ(daily->series[0].time_ns[0], Ns("2019-11-01T13:30:00Z"));
  EXPECT_EQ(daily->series[0].interval, BarInterval::k1Day);
}

TEST(BarCsv, CanonicalIsoUtcAndOffsets) {
  const char* text =
      "time,open,high,low,close,volume,adj_close,dividend,split\n"
      "2024-03-08T14:30:00Z,1,2,0.5,1.5,10,1.5,,\n"
      "2024-03-08T09:35:00-05:00,1,2,0.5,1.5,10,1.5,0.1,2\n";
  auto r = ParseBarCsv(text, "c.csv", {.symbol = "X"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kCanonical);
  const BarSeries& s = r->series[0];
  EXPECT_EQ(s.time_ns[1], Ns("2024-03-08T14:35:00Z"));
  EXPECT_EQ(s.interval, BarInterval::k5Min);
  EXPECT_DOUBLE_EQ(s.dividend[0], 0.0);  // blank corporate action = none
  EXPECT_DOUBLE_EQ(s.split[0], 1.0);
  EXPECT_DOUBLE_EQ(s.split[1], 2.0);
}

// Sparse 1-minute bars (an illiquid name: spaced 1, 2, 3 ... minutes apart, most often 2) are
// 1-minute bars: reading them as 5-minute bars stamped at their end made each start before the
// previous one ended, and fills land before their orders (a user walking the intraday folder's
// UGA_1min.csv found fills stamped minutes before the order).
TEST(BarCsv, NoIntradayBarIsLongerThanTheClosestSpacing) {
  const char* text =
      "datetime,open,high,low,close,volume\n"
      "2019-02-15 10:00:00,1,1,1,1,10\n"
      "2019-02-15 10:02:00,1,1,1,1,10\n"
      "2019-02-15 10:04:00,1,1,1,1,10\n"
      "2019-02-15 10:06:00,1,1,1,1,10\n"
      "2019-02-15 10:07:00,1,1,1,1,10\n"
      "2019-02-15 10:10:00,1,1,1,1,10\n";
  auto r = ParseBarCsv(text, "sparse.csv", {.symbol = "X", .times_are_bar_end = true});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series[0];
  EXPECT_EQ(s.interval, BarInterval::k1Min);
  for (size_t i = 1; i < s.size(); ++i) {
    EXPECT_GE(s.time_ns[i] - s.time_ns[i - 1], BarIntervalDuration(s.interval).count()) << i;
  }
  EXPECT_EQ(s.time_ns[0], Ns("2019-02-15T14:59:00Z"));  // 10:00 New York is the end: 1 min
  // Evenly spaced 10-minute bars are no standard interval: 5 minutes fits, 15 would overlap.
  const char* ten =
      "time,open,high,low,close,volume\n"
      "2024-03-08T14:30:00Z,1,1,1,1,10\n"
      "2024-03-08T14:40:00Z,1,1,1,1,10\n"
      "2024-03-08T14:50:00Z,1,1,1,1,10\n";
  auto t = ParseBarCsv(ten, "ten.csv", {.symbol = "X"});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->series[0].interval, BarInterval::k5Min);
  // Daily stamps that move an hour with daylight saving time stay daily.
  const char* daily =
      "time,open,high,low,close,volume\n"
      "2024-03-07T05:00:00Z,1,1,1,1,10\n"
      "2024-03-08T05:00:00Z,1,1,1,1,10\n"
      "2024-03-11T04:00:00Z,1,1,1,1,10\n"
      "2024-03-12T04:00:00Z,1,1,1,1,10\n";
  auto d = ParseBarCsv(daily, "daily.csv", {.symbol = "X"});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->series[0].interval, BarInterval::k1Day);
}

// Times span 1677-2262, so two bars can be more than 292 years apart: a gap that does not fit
// int64 nanoseconds (bar_csv_fuzz found 1708 -> 2021). It is not the typical spacing; the
// other gaps decide the bar interval.
TEST(BarCsv, GapTooWideForNanosecondsDoesNotDecideTheInterval) {
  const char* text =
      "time,open,high,low,close,volume\n"
      "1708-04-21T14:30:00Z,1,2,0.5,1.5,10\n"
      "2021-04-20T14:30:00Z,1,2,0.5,1.5,10\n"
      "2021-04-21T14:30:00Z,1,2,0.5,1.5,10\n";
  auto r = ParseBarCsv(text, "wide.csv", {.symbol = "X"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series[0];
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.time_ns[0], Ns("1708-04-21T14:30:00Z"));
  EXPECT_EQ(s.interval, BarInterval::k1Day);
}

TEST(BarCsv, GenericAliasesAndExplicitColumnMap) {
  auto r = ParseBarCsv("ticker;x\n", "x.csv");
  EXPECT_FALSE(r.ok());
  const char* text = "Stamp,Px Open,Px High,Px Low,Last,Vol\n2020-01-02,1,2,0.5,1.5,7\n";
  auto noalias = ParseBarCsv(text, "g.csv");
  ASSERT_FALSE(noalias.ok());
  EXPECT_NE(noalias.status().message().find("g.csv:1: no 'time' column"), std::string::npos);
  auto map = ColumnMap::Parse("time=Stamp, open=Px Open, high=2, low=Px Low");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  auto r2 = ParseBarCsv(text, "g.csv", {.columns = *map, .symbol = "G"});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_DOUBLE_EQ(r2->series[0].high[0], 2);
  EXPECT_DOUBLE_EQ(r2->series[0].close[0], 1.5);  // "Last" is an alias of close
  EXPECT_DOUBLE_EQ(r2->series[0].volume[0], 7);
  EXPECT_FALSE(ColumnMap::Parse("colour=3").ok());
  EXPECT_FALSE(ColumnMap::Parse("open").ok());
}

TEST(BarCsv, SeparateDateAndTimeColumnsAsBacktraderWritesThem) {
  const char* text =
      "Date,Time,Open,High,Low,Close,Volume,OpenInterest\n"
      "2006-01-02,09:31:00,3578.73,3578.73,3578.73,3578.73,0,0\n"
      "2006-01-02,09:32:00,3604.33,3604.33,3604.33,3604.33,0,0\n";
  auto r = ParseBarCsv(text, "bt.txt", {.symbol = "BT"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->series[0].time_ns[0], Ns("2006-01-02T14:31:00Z"));
  EXPECT_EQ(r->series[0].interval, BarInterval::k1Min);
}

TEST(BarCsv, ErrorsNameFileLineAndField) {
  const char* hdr = "Date,Open,High,Low,Close,Adj Close,Volume\n";
  auto bad_num = ParseBarCsv(
      std::string(hdr) + "2020-01-02,1,2,0.5,1.5,1.4,7\n2020-01-03,1,2x,0.5,1.5,1.4,7\n", "y.csv",
      {.symbol = "Y"});
  ASSERT_FALSE(bad_num.ok());
  EXPECT_EQ(bad_num.status().message(), "y.csv:3: field 'High' (column 3): not a number: '2x'");
  auto bad_count = ParseBarCsv(std::string(hdr) + "2020-01-02,1,2\n", "y.csv", {.symbol = "Y"});
  EXPECT_EQ(bad_count.status().message(), "y.csv:2: expected 7 fields (as in the header), got 3");
  auto bad_date =
      ParseBarCsv(std::string(hdr) + "2020-13-02,1,2,0.5,1.5,1.4,7\n", "y.csv", {.symbol = "Y"});
  EXPECT_EQ(bad_date.status().message(),
            "y.csv:2: field 'Date' (column 1): not a date or time: '2020-13-02'");
  auto empty = ParseBarCsv("", "e.csv");
  EXPECT_EQ(empty.status().message(), "e.csv: empty file (no header row)");
}

TEST(BarCsv, SymbolFromFileNameRules) {
  EXPECT_EQ(SymbolFromFileName("/a/b/DA-AAPL-T-2021-04-21.csv.gz"), "AAPL");
  EXPECT_EQ(SymbolFromFileName("DA-BRK-B-T-2021-04-21.csv"), "BRK.B");
  EXPECT_EQ(SymbolFromFileName("DA-BRK.B-T-2021-04-21.csv.gz"), "BRK.B");
  EXPECT_EQ(SymbolFromFileName("AAPL_1min.csv"), "AAPL");
  EXPECT_EQ(SymbolFromFileName("UA_yahoo_adjclose.csv"), "UA");
  EXPECT_EQ(SymbolFromFileName("yahoofinance-SPY-20080101-20180101.csv"), "SPY");
  EXPECT_EQ(SymbolFromFileName("msft.csv"), "MSFT");
  EXPECT_EQ(SymbolFromFileName("BRK-B.csv.gz"), "BRK.B");
  EXPECT_EQ(SymbolFromFileName("BRK.B.csv"), "BRK.B");
}

TEST(BarCsv, WriterRoundTripsExactly) {
  BarSeries s;
  s.symbol = "X";
  s.Append({Timestamp::FromUnixSeconds(1577975400), 74.06, 75.15, 73.8, 75.0875, 135480400});
  s.Append({Timestamp::FromUnixSeconds(1578061800), 0.1 + 0.2, 1e-7, 3.0, 1.0 / 3.0, 0});
  s.adj_close = {72.716, 0.3};
  s.dividend = {0, 0.205};
  s.split = {1, 4};
  std::string out;
  WriteBarCsv(s, out);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "time,open,high,low,close,volume,adj_close,dividend,split");
  EXPECT_NE(out.find("2020-01-02T14:30:00Z,74.06,75.15,73.8,75.0875,135480400,72.716,0,1\n"),
            std::string::npos);
  auto back = ParseBarCsv(out, "rt.csv", {.symbol = "X"});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  const BarSeries& b = back->series[0];
  EXPECT_EQ(back->info.layout, CsvLayout::kCanonical);
  EXPECT_EQ(b.time_ns, s.time_ns);
  EXPECT_EQ(b.open, s.open);  // shortest round-trip: bit-exact
  EXPECT_EQ(b.close, s.close);
  EXPECT_EQ(b.high, s.high);
  EXPECT_EQ(b.split, s.split);
}

TEST(BarCsv, ErrorsCapAndEscapeWhatTheyEcho) {
  // Issue 17 item 7: a 20 MB field or binary bytes are not echoed whole into an error line.
  const std::string huge = "Date,Open,High,Low,Close,Volume\n2024-01-02," +
                           std::string(100000, '9') + "x,11,9,10.5,100\n";
  auto r = ParseBarCsv(huge, "h.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.status().message().size(), 400u) << r.status().message().substr(0, 400);
  EXPECT_NE(r.status().message().find("bytes)"), std::string::npos);
  const std::string binary =
      std::string("Date,Open,High,Low,Close,Volume\n2024-01-02,\x01\xff", 45) + ",11,9,10.5,100\n";
  auto b = ParseBarCsv(binary, "b.csv");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("\\x01\\xFF"), std::string::npos) << b.status().message();
  // A header column named twice is an error naming it.
  auto d = ParseBarCsv("Date,Open,High,Low,Close,Close,Volume\n2024-01-02,10,11,9,10.5,99,100\n",
                       "d.csv");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("duplicate column 'Close' (columns 5 and 6)"),
            std::string::npos)
      << d.status().message();
}

// Price fields take a fast decimal path: every value must be bit-identical to from_chars (the
// general parser), including 15- and 16-digit numbers, -0, leading zeros and exponents.
TEST(BarCsv, NumbersAreBitIdenticalToFromChars) {
  std::vector<std::string> values = {"0",
                                     "-0",
                                     "-0.0",
                                     "0.1",
                                     "007.50",
                                     "1e3",
                                     "2.5E-3",
                                     " 4.25 ",
                                     "5.",
                                     "123456789012345",
                                     "1234567890123456",
                                     "0.596878742448",
                                     "9007199254740993",
                                     "-99999.999999999",
                                     "0.000000000000001",
                                     "1.7976931348623157"};
  std::mt19937_64 rng(20);
  for (int k = 0; k < 4000; ++k) {
    const int int_digits = 1 + static_cast<int>(rng() % 9),
              frac_digits = static_cast<int>(rng() % 12);
    std::string v = (rng() % 5 == 0) ? "-" : "";
    for (int d = 0; d < int_digits; ++d) v += static_cast<char>('0' + rng() % 10);
    if (frac_digits) v += '.';
    for (int d = 0; d < frac_digits; ++d) v += static_cast<char>('0' + rng() % 10);
    values.push_back(v);
  }
  std::string text = "date,open,high,low,close,volume\n";
  for (size_t i = 0; i < values.size(); ++i) {
    const CivilDate d = CivilDate{1990, 1, 1}.AddDays(static_cast<int64_t>(i));
    text += d.ToString() + "," + values[i] + ",1,1,1,1\n";
  }
  auto r = ParseBarCsv(text, "n.csv", {.symbol = "N"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series.at(0);
  ASSERT_EQ(s.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    std::string t = values[i];
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    while (!t.empty() && t.back() == ' ') t.pop_back();
    double want = 0;
    ASSERT_EQ(std::from_chars(t.data(), t.data() + t.size(), want).ec, std::errc()) << t;
    EXPECT_EQ(std::memcmp(&want, &s.open[i], sizeof want), 0)
        << values[i] << ": " << s.open[i] << " vs " << want;
  }
}

}  // namespace
}  // namespace tradelet::data
