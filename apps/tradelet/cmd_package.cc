// tradelet package: the group word; each target ("package lambda") is its own
// cmd_package_<target>.cc.
#include <cstdio>
#include <cstring>

#include "command.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  std::printf("usage: tradelet package <target> [options]\n\ntargets:\n");
  for (const auto& c : Registry()) {
    if (std::strncmp(c.name, "package ", 8) == 0) {
      std::printf("  %-12s %s\n", c.name + 8, c.summary);
    }
  }
  const bool help = argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"));
  if (help) return kExitOk;
  if (argc > 1) std::fprintf(stderr, "tradelet package: unknown target '%s'\n", argv[1]);
  return kExitUsage;
}

}  // namespace

TL_REGISTER_COMMAND("package", "build deployable packages (package lambda)", Run);

}  // namespace tradelet::cli
