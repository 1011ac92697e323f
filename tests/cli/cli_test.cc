// The CLI contract of DESIGN.md: every subcommand is registered and answers --help; unknown
// commands are usage errors.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <string>

namespace {

struct Outcome {
  int exit_code;
  std::string out;
};

Outcome RunCli(const std::string& args) {
  std::string cmd = std::string(TRADELET_BIN) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

TEST(CliTest, TopLevelHelpListsEveryCommand) {
  Outcome o = RunCli("--help");
  EXPECT_EQ(o.exit_code, 0);
  for (const char* c : {"forecast", "backtest", "sweep", "run", "serve", "paper-exchange", "data",
                        "calendar", "cron", "package", "demo"}) {
    EXPECT_NE(o.out.find(std::string("  ") + c + " "), std::string::npos) << c << "\n" << o.out;
  }
}

TEST(CliTest, EveryCommandHasHelp) {
  for (const char* c : {"forecast", "backtest", "sweep", "run", "serve", "paper-exchange", "data",
                        "calendar", "cron", "package", "demo"}) {
    Outcome o = RunCli(std::string(c) + " --help");
    EXPECT_EQ(o.exit_code, 0) << c << ": " << o.out;
    std::string lower = o.out;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(lower.find("usage"), std::string::npos) << c << ": " << o.out;
  }
}

TEST(CliTest, UnknownCommandIsAUsageError) {
  Outcome o = RunCli("frobnicate");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(RunCli("").exit_code, 2);
}

}  // namespace
