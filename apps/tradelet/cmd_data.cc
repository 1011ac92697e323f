// tradelet data: fetch, import and validate market data
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data fetch --source yahoo|alpaca --symbols S,... --interval I --start D --end D\n       tradelet data import ...\n       tradelet data validate ...";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 4); }

}  // namespace

TL_REGISTER_COMMAND("data", "fetch, import and validate market data", Run);

}  // namespace tradelet::cli
