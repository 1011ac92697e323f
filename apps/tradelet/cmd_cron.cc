// tradelet cron: next fire times of a schedule expression
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet cron next EXPR [--tz Z] [--from T] [--count N]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 9); }

}  // namespace

TL_REGISTER_COMMAND("cron", "next fire times of a schedule expression", Run);

}  // namespace tradelet::cli
