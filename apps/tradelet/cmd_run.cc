// tradelet run: run one live job of a strategy against its broker
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet run --config S.toml [--dry-run] [--at T]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 7); }

}  // namespace

TL_REGISTER_COMMAND("run", "run one live job of a strategy against its broker", Run);

}  // namespace tradelet::cli
