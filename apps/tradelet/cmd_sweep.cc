// tradelet sweep: run a strategy over a parameter grid in parallel
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet sweep --config S.toml --grid G.toml --out DIR [--walk-forward]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 5); }

}  // namespace

TL_REGISTER_COMMAND("sweep", "run a strategy over a parameter grid in parallel", Run);

}  // namespace tradelet::cli
