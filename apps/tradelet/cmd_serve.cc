// tradelet serve: run a fleet of strategies on their schedules
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet serve --fleet F.toml\n       tradelet serve status --fleet F.toml";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 9); }

}  // namespace

TL_REGISTER_COMMAND("serve", "run a fleet of strategies on their schedules", Run);

}  // namespace tradelet::cli
