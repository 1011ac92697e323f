// tradelet data import: import CSV files into the bar cache
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data import --input F.csv|DIR [--format F] [--cache F]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 4); }

}  // namespace

TL_REGISTER_COMMAND("data import", "import CSV files into the bar cache", Run);

}  // namespace tradelet::cli
