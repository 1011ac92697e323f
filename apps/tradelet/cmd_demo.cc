// tradelet demo: the whole system end to end on the embedded sample market, offline.
// It grows as capabilities land; each step prints where its outputs went.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "command.h"
#include "tradelet/base/clock.h"
#include "tradelet/base/time.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet demo [--out DIR]\n\n"
    "Runs every built capability end to end on the deterministic sample market, offline,\n"
    "and prints where each output went (default DIR: ./tradelet-demo).";

int Run(int argc, char** argv) {
  std::string out = "tradelet-demo";
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::printf("%s\n", kUsage);
      return kExitOk;
    }
    if (!std::strcmp(argv[i], "--out") && i + 1 < argc) {
      out = argv[++i];
    } else {
      std::fprintf(stderr, "tradelet demo: unknown argument '%s'\n%s\n", argv[i], kUsage);
      return kExitUsage;
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return ReportStatus("demo", InvalidArgument("cannot create " + out + ": " + ec.message()));
  const Timestamp now = RealClock::Get().Now();
  std::printf("tradelet demo: %s (New York: %s)\n", FormatTimestamp(now).c_str(),
              FormatTimestamp(now, TimeZone::NewYork()).c_str());
  std::printf("outputs in %s\n", std::filesystem::absolute(out).c_str());
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("demo", "run the whole system end to end on the sample market", Run);

}  // namespace tradelet::cli
