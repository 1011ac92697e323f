// tradelet backtest: run a strategy on history and write its report
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet backtest --config S.toml [--data DIR] [--from D --to D] --out DIR";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 5); }

}  // namespace

TL_REGISTER_COMMAND("backtest", "run a strategy on history and write its report", Run);

}  // namespace tradelet::cli
