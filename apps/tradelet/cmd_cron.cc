// tradelet cron: the group word; `cron next` lives in cmd_cron_next.cc.
#include <cstdio>
#include <cstring>

#include "command.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  std::printf("usage: tradelet cron <subcommand> [options]\n\nsubcommands:\n");
  for (const auto& c : Registry()) {
    if (std::strncmp(c.name, "cron ", 5) == 0) std::printf("  %-12s %s\n", c.name + 5, c.summary);
  }
  std::printf(
      "\nexpressions: cron(M H DoM Mon DoW Y) or six AWS fields (day-of-week 1 = Sunday, one of\n"
      "the day fields must be '?'), five classic crontab fields, or rate(N minutes|hours|days).\n"
      "See docs/scheduling.md.\n");
  const bool help = argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"));
  if (help) return kExitOk;
  if (argc > 1) std::fprintf(stderr, "tradelet cron: unknown subcommand '%s'\n", argv[1]);
  return kExitUsage;
}

}  // namespace

TL_REGISTER_COMMAND("cron", "schedule expressions: next fire times", Run);

}  // namespace tradelet::cli
