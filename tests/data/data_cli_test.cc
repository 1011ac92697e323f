// `tradelet data import` and `tradelet data validate` end to end: files in, files and
// scriptable output out, exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tradelet/data/bar_csv.h"
#include "tradelet/testing/shared_data.h"

namespace {

struct Outcome {
  int exit_code;
  std::string out;
};

Outcome RunCli(const std::string& args, bool with_stderr = false) {
  std::string cmd =
      std::string(TRADELET_BIN) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(DataCli, HelpMentionsUsage) {
  for (const char* c : {"data import --help", "data validate --help"}) {
    Outcome o = RunCli(c);
    EXPECT_EQ(o.exit_code, 0) << c;
    EXPECT_NE(o.out.find("usage"), std::string::npos) << o.out;
  }
  EXPECT_EQ(RunCli("data validate").exit_code, 2);  // --data is required
}

TEST(DataCli, ImportNormalisesYahooIntoCanonicalFiles) {
  const std::string dir = tradelet::testing::TempDir();
  std::ofstream(dir + "/BRK-B.csv") << "Date,Open,High,Low,Close,Adj Close,Volume\n"
                                       "2024-01-03,10,11,9,10.5,10.4,100\n"
                                       "2024-01-02,10,11,9,10.5,10.4,100\n"
                                       "2024-01-04,null,null,null,null,null,null\n";
  Outcome o = RunCli("data import --input " + dir + "/BRK-B.csv --out " + dir + "/out");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("BRK.B    yahoo"), std::string::npos) << o.out;
  EXPECT_EQ(Slurp(dir + "/out/BRK.B.csv"),
            "time,open,high,low,close,volume,adj_close\n"
            "2024-01-02T14:30:00Z,10,11,9,10.5,100,10.4\n"
            "2024-01-03T14:30:00Z,10,11,9,10.5,100,10.4\n");
  // Fully adjusted: O/H/L scaled by adj_close / close, close = adj_close.
  Outcome f =
      RunCli("data import --input " + dir + "/BRK-B.csv --out " + dir + "/full --adjust full");
  ASSERT_EQ(f.exit_code, 0);
  EXPECT_NE(Slurp(dir + "/full/BRK.B.csv").find(",10.4,100,10.4\n"), std::string::npos);
  EXPECT_EQ(RunCli("data import --input " + dir + "/BRK-B.csv --adjust split --out " + dir + "/x")
                .exit_code,
            1);  // Yahoo files have no split column: refused, not guessed
}

TEST(DataCli, ValidateTableJsonAndExitCodes) {
  const std::string dir = tradelet::testing::TempDir();
  std::ofstream(dir + "/GOOD.csv") << "Date,Open,High,Low,Close,Volume\n"
                                      "2024-01-02,10,11,9,10.5,100\n2024-01-03,10,11,9,10.5,100\n";
  std::ofstream(dir + "/BAD.csv") << "Date,Open,High,Low,Close,Volume\n"
                                     "2024-01-02,10,11,9,10.5,100\n2024-01-03,10,8,9,10.5,100\n";
  std::ofstream(dir + "/BROKEN.csv") << "Date,Open,High,Low,Close,Volume\n2024-01-02,x,1,1,1,1\n";
  Outcome t = RunCli("data validate --data " + dir);
  EXPECT_EQ(t.exit_code, 3);
  EXPECT_NE(t.out.find("GOOD     ok"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("BAD      FAIL"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("BROKEN.csv:2: field 'Open' (column 2): not a number: 'x'"),
            std::string::npos)
      << t.out;
  Outcome j = RunCli("data validate --json --data " + dir);
  EXPECT_EQ(j.exit_code, 3);
  size_t lines = 0;
  for (char c : j.out) lines += c == '\n';
  EXPECT_EQ(lines, 3u);
  EXPECT_NE(j.out.find("{\"symbol\":\"GOOD\""), std::string::npos);
  EXPECT_NE(j.out.find("\"check\":\"ohlc\""), std::string::npos);
  EXPECT_EQ(RunCli("data validate --data " + dir + "/GOOD.csv").exit_code, 0);
  EXPECT_EQ(RunCli("data validate --data " + dir + "/none").exit_code, 3);  // not found = bad input
}

TEST(DataCli, ImportThenValidateRealMinuteBars) {
  TL_REQUIRE_SHARED(spy, "data/intraday/alphavantage_2019-02-11_15/SPY_1min.csv");
  const std::string dir = tradelet::testing::TempDir();
  Outcome o = RunCli("data import --input " + spy + " --out " + dir + " --interval 15m");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  auto r = tradelet::data::ReadBarCsvFile(dir + "/SPY.csv");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->series[0].size(), 5u * 26);
  EXPECT_EQ(r->series[0].interval, tradelet::BarInterval::k15Min);
  Outcome v = RunCli("data validate --data " + dir);
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

}  // namespace
