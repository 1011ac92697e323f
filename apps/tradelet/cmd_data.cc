// tradelet data: the group word; each subcommand ("data fetch", "data import", "data validate",
// "data bundle") is its own cmd_data_<name>.cc.
#include <cstdio>
#include <cstring>
#include <string>

#include "command.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  std::printf("usage: tradelet data <subcommand> [options]\n\nsubcommands:\n");
  for (const auto& c : Registry()) {
    if (std::strncmp(c.name, "data ", 5) == 0) std::printf("  %-12s %s\n", c.name + 5, c.summary);
  }
  const bool help = argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"));
  if (help) return kExitOk;
  if (argc > 1) std::fprintf(stderr, "tradelet data: unknown subcommand '%s'\n", argv[1]);
  return kExitUsage;
}

}  // namespace

TL_REGISTER_COMMAND("data", "fetch, import, validate and bundle market data", Run);

}  // namespace tradelet::cli
