// tradelet data fetch: download bars from Yahoo or Alpaca into the cache
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data fetch --source yahoo|alpaca --symbols S,... --interval I --start D --end D [--cache F]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 4); }

}  // namespace

TL_REGISTER_COMMAND("data fetch", "download bars from Yahoo or Alpaca into the cache", Run);

}  // namespace tradelet::cli
