// The bar reader's one-pass path for plain records (bar_csv_plain.cc) and its hand-over to the
// general path: same bars, same errors and line numbers, whatever mix of records a file has.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tradelet/data/bar_csv.h"

namespace tradelet::data {
namespace {

constexpr char kHeader[] =
    "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n";

TEST(BarCsvPlain, MixedRecordsGiveTheSameBarsAsTheGeneralPath) {
  // Plain rows, then rows only the general path reads (quotes, spaces, an exponent, a "null"),
  // with LF, CRLF, lone CR, blank lines, and a last row without a line end.
  const std::string text = std::string(kHeader) +
                           "2020-01-02,10.5,11,10,10.75,5.25,1000,0.0,1.0\n"
                           "\n"
                           "2020-01-03,\"10.8\",11,10,10.9,5.3,1100,0,1\r\n"
                           "2020-01-06, 11 ,12,10.5,11.5,5.6,1.2e3,0.1,0\r"
                           "2020-01-07,null,12,11,11.9,5.8,900,,\n"
                           "\r\n"
                           "2020-01-08,-0,12.125,11,12,6,800,0.0,2.0";
  auto r = ParseBarCsv(text, "m.csv", {.symbol = "M"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->series.size(), 1u);
  const BarSeries& s = r->series[0];
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(r->info.rows, 5u);
  EXPECT_EQ(r->info.rows_with_missing, 1u);  // the "null" open
  EXPECT_EQ(s.open[0], 10.5);
  EXPECT_EQ(s.open[1], 10.8);
  EXPECT_EQ(s.open[2], 11.0);
  EXPECT_TRUE(std::isnan(s.open[3]));
  EXPECT_EQ(s.open[4], 0.0);
  EXPECT_TRUE(std::signbit(s.open[4]));  // "-0" stays -0, as from_chars reads it
  EXPECT_EQ(s.high[4], 12.125);
  EXPECT_EQ(s.volume[2], 1200.0);
  EXPECT_EQ(s.adj_close[1], 5.3);
  EXPECT_EQ(s.dividend[2], 0.1);
  EXPECT_EQ(s.dividend[3], 0.0);  // blank: none
  EXPECT_EQ(s.split[0], 1.0);
  EXPECT_EQ(s.split[2], 1.0);  // 0 means no split
  EXPECT_EQ(s.split[3], 1.0);  // blank: none
  EXPECT_EQ(s.split[4], 2.0);  // the last value ends the text
  for (size_t i = 1; i < s.size(); ++i) EXPECT_GT(s.time_ns[i], s.time_ns[i - 1]);
}

TEST(BarCsvPlain, ErrorsAfterPlainRecordsNameTheirLine) {
  const std::string rows =
      "2020-01-02,1,2,0.5,1.5,1.4,100,0,1\n"
      "\n"
      "2020-01-03,1,2,0.5,1.5,1.4,100,0,1\r\n"
      "2020-01-06,1,2,0.5,1.5,1.4,100,0,1\r";
  // Line 1 header, 2-5 as above (3 blank), 6 the bad record.
  struct Case {
    std::string record, message;
  };
  for (const Case& c : {
           Case{"2020-01-07,1,2,0.5,abc,1.4,100,0,1",
                "f.csv:6: field 'close' (column 5): not a number: 'abc'"},
           Case{"2020-01-07,1,2,0.5,1.5,1.4,100,0",
                "f.csv:6: expected 9 fields (as in the header), got 8"},
           Case{"2020-01-07,1,2,0.5,1.5,1.4,100,0,1,7",
                "f.csv:6: expected 9 fields (as in the header), got 10"},
           Case{"2020-13-07,1,2,0.5,1.5,1.4,100,0,1",
                "f.csv:6: field 'timestamp' (column 1): not a date or time: '2020-13-07'"},
           Case{"2020-01-07,1,2,0.5,1.5,1.4,100,0,-2",
                "f.csv:6: field 'split_coefficient' (column 9): negative split ratio"},
       }) {
    auto r = ParseBarCsv(std::string(kHeader) + rows + c.record + "\n", "f.csv", {.symbol = "F"});
    ASSERT_FALSE(r.ok()) << c.record;
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(BarCsvPlain, ColumnsInAnotherOrderAndUnusedColumns) {
  // mplfinance order (close before high) plus a column the reader does not use, quoted in one
  // row: the plain path must put each field where the header says.
  const std::string text =
      "Date,Open,Close,High,Low,Volume,Note\n"
      "2020-01-02,1,1.5,2,0.5,100,x\n"
      "2020-01-03,2,2.5,3,1.5,200,\"a, b\"\n"
      "2020-01-06,3,3.5,4,2.5,300,\n";
  auto r = ParseBarCsv(text, "o.csv", {.symbol = "O"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series.at(0);
  ASSERT_EQ(s.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(s.open[i], 1.0 + i);
    EXPECT_EQ(s.close[i], 1.5 + i);
    EXPECT_EQ(s.high[i], 2.0 + i);
    EXPECT_EQ(s.low[i], 0.5 + i);
    EXPECT_EQ(s.volume[i], 100.0 * (i + 1));
  }
}

}  // namespace
}  // namespace tradelet::data
