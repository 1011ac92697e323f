#include "tradelet/sample/sample_csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tradelet/testing/shared_data.h"

namespace tradelet::sample {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Split(const std::string& line, char sep = ',') {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, sep)) out.push_back(f);
  return out;
}

SampleMarketConfig Config() {
  SampleMarketConfig c;
  c.num_symbols = 12;
  c.start = {2025, 10, 1};
  c.end = {2025, 12, 31};
  c.intraday_sessions = 2;
  return c;
}

TEST(SampleCsv, WritesFilesThatReadBack) {
  auto m = GenerateSampleMarket(Config());
  ASSERT_TRUE(m.ok());
  const std::string dir = testing::TempDir("sample-csv");
  ASSERT_TRUE(WriteSampleMarketCsv(*m, dir).ok());

  // Universe: header + 12 stocks, no benchmark.
  std::stringstream u(Slurp(dir + "/universe.csv"));
  std::string line;
  std::getline(u, line);
  EXPECT_EQ(line, "Symbol,Security,GICS Sector");
  int rows = 0;
  while (std::getline(u, line)) {
    const auto f = Split(line);
    ASSERT_EQ(f.size(), 3u) << line;
    EXPECT_EQ(f[0], m->securities[rows].symbol);
    ++rows;
  }
  EXPECT_EQ(rows, 12);

  // Daily and minute files parse back to the series values.
  for (size_t i = 0; i < m->securities.size(); ++i) {
    const auto& sym = m->securities[i].symbol;
    for (bool daily : {true, false}) {
      const BarSeries& s = daily ? m->daily[i] : m->minute[i];
      std::stringstream in(Slurp(dir + (daily ? "/daily/" : "/1m/") + sym + ".csv"));
      std::getline(in, line);
      EXPECT_EQ(line, daily ? "time,open,high,low,close,volume,adj_close,dividend,split"
                            : "time,open,high,low,close,volume");
      size_t k = 0;
      while (std::getline(in, line)) {
        const auto f = Split(line);
        ASSERT_EQ(f.size(), daily ? 9u : 6u);
        ASSERT_LT(k, s.size());
        EXPECT_EQ(ParseTimestamp(f[0]).value(), s.time(k)) << f[0];
        EXPECT_EQ(f[0].back(), 'Z');
        EXPECT_NEAR(std::stod(f[1]), s.open[k], 1e-9);
        EXPECT_NEAR(std::stod(f[2]), s.high[k], 1e-9);
        EXPECT_NEAR(std::stod(f[3]), s.low[k], 1e-9);
        EXPECT_NEAR(std::stod(f[4]), s.close[k], 1e-9);
        EXPECT_EQ(std::stod(f[5]), s.volume[k]);
        if (daily) {
          EXPECT_NEAR(std::stod(f[6]), s.adj_close[k], 1e-6);
          EXPECT_NEAR(std::stod(f[7]), s.dividend[k], 1e-9);
          EXPECT_EQ(std::stod(f[8]), s.split[k]);
        }
        ++k;
      }
      EXPECT_EQ(k, s.size()) << sym;
    }
  }

  // Same config again: byte-identical files.
  const std::string dir2 = testing::TempDir("sample-csv2");
  ASSERT_TRUE(WriteSampleMarketCsv(GenerateSampleMarket(Config()).value(), dir2).ok());
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const auto rel = std::filesystem::relative(e.path(), dir);
    EXPECT_EQ(Slurp(e.path().string()), Slurp((std::filesystem::path(dir2) / rel).string())) << rel;
  }
}

TEST(SampleCsv, KnownRowFormat) {
  BarSeries s;
  s.symbol = "X";
  s.Append({ParseTimestamp("2025-12-24T14:30:00Z").value(), 10.5, 11, 10.25, 10.75, 1234});
  s.adj_close = {10.123456789};
  s.dividend = {0.25};
  s.split = {2};
  EXPECT_EQ(BarSeriesCsv(s, true),
            "time,open,high,low,close,volume,adj_close,dividend,split\n"
            "2025-12-24T14:30:00Z,10.50,11.00,10.25,10.75,1234,10.123457,0.25,2\n");
  EXPECT_EQ(BarSeriesCsv(s, false),
            "time,open,high,low,close,volume\n"
            "2025-12-24T14:30:00Z,10.50,11.00,10.25,10.75,1234\n");
}

TEST(SampleCsv, QuotesAndErrors) {
  SampleMarket m;
  m.securities.push_back({"AB", "Foo, \"Bar\" Inc.", "Financials", false});
  const std::string dir = testing::TempDir("sample-csv3");
  ASSERT_TRUE(WriteUniverseCsv(m, dir + "/u.csv").ok());
  EXPECT_EQ(Slurp(dir + "/u.csv"),
            "Symbol,Security,GICS Sector\nAB,\"Foo, \"\"Bar\"\" Inc.\",Financials\n");
  BarSeries s;
  s.Append({Timestamp::FromUnixSeconds(0), 1, 1, 1, 1, 1});
  auto st = WriteBarSeriesCsv(s, dir + "/x.csv", true);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("x.csv"), std::string::npos);
  EXPECT_FALSE(WriteBarSeriesCsv(s, dir + "/no/such/dir/x.csv", false).ok());
}

}  // namespace
}  // namespace tradelet::sample
