// tradelet calendar: the group word; each subcommand ("calendar sessions", "calendar
// holidays") is its own cmd_calendar_<name>.cc.
#include <cstdio>
#include <cstring>

#include "command.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  std::printf(
      "usage: tradelet calendar <subcommand> [options]\n\n"
      "The NYSE calendar 1990-01-01..2050-12-31, computed from the holiday rules.\n\n"
      "subcommands:\n");
  for (const auto& c : Registry()) {
    if (std::strncmp(c.name, "calendar ", 9) == 0) {
      std::printf("  %-12s %s\n", c.name + 9, c.summary);
    }
  }
  const bool help = argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"));
  if (help) return kExitOk;
  if (argc > 1) std::fprintf(stderr, "tradelet calendar: unknown subcommand '%s'\n", argv[1]);
  return kExitUsage;
}

}  // namespace

TL_REGISTER_COMMAND("calendar", "NYSE sessions, holidays and early closes", Run);

}  // namespace tradelet::cli
