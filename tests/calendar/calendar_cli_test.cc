// `tradelet calendar sessions` and `calendar holidays` end to end: the CSV the binary prints is
// compared with exchange_calendars' XNYS answer key (an independent source), and bad input
// must give a clear error and the documented exit code.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "tradelet/testing/shared_data.h"

namespace {

struct Output {
  std::string out;
  int rc = -1;
};

Output RunCli(const std::string& args) {
  Output o;
  const std::string cmd = std::string(TRADELET_BIN) + " " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return o;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  const int status = pclose(p);
  o.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

TEST(CalendarCli, SessionsMatchExchangeCalendars) {
  TL_REQUIRE_SHARED(path,
                    "data/calendar/xnys_sessions_1990-01-02_2023-01-13_exchange_calendars.csv");
  // Expected: the source's rows for 2020-01-01..2022-12-31 rewritten as our CSV.
  std::ifstream in(path);
  std::string line, expected = "date,open,close,early_close\n";
  std::getline(in, line);
  while (std::getline(in, line)) {
    const std::string date = line.substr(0, 10);
    if (date < "2020-01-01" || date > "2022-12-31") continue;
    const size_t c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
    const std::string open = line.substr(c1 + 1, c2 - c1 - 1);
    const std::string close = line.substr(c2 + 1, c3 - c2 - 1);
    // A regular close is 16:00 ET = 20:00Z (EDT) or 21:00Z (EST); anything else is early.
    const std::string hhmm = close.substr(11, 5);
    const bool early = hhmm != "20:00" && hhmm != "21:00";
    expected += date + "," + open + "," + close + (early ? ",true\n" : ",false\n");
  }
  const Output o = RunCli("calendar sessions --from 2020-01-01 --to 2022-12-31");
  EXPECT_EQ(o.rc, 0);
  EXPECT_EQ(o.out, expected);
}

TEST(CalendarCli, Holidays) {
  const Output o = RunCli("calendar holidays --from 2026-01-01 --to 2026-12-31");
  EXPECT_EQ(o.rc, 0);
  EXPECT_NE(o.out.find("2026-07-03,Fri,Independence Day (observed)\n"), std::string::npos);
  EXPECT_NE(o.out.find("2026-04-03,Fri,Good Friday\n"), std::string::npos);
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 11);  // header + 10 holidays
}

TEST(CalendarCli, BadInput) {
  EXPECT_EQ(RunCli("calendar sessions --from 1989-01-01 --to 1990-02-01").rc, 3);
  EXPECT_EQ(RunCli("calendar sessions --from 2020-13-01 --to 2020-12-31").rc, 3);
  EXPECT_EQ(RunCli("calendar sessions --from 2020-01-01").rc, 2);
  EXPECT_EQ(RunCli("calendar nonsense").rc, 2);
  const Output help = RunCli("calendar sessions --help");
  EXPECT_EQ(help.rc, 0);
  EXPECT_NE(help.out.find("usage"), std::string::npos);
}

}  // namespace
