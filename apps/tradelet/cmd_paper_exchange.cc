// tradelet paper-exchange: a local Alpaca-compatible paper broker
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet paper-exchange [--port P] [--data DIR]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 7); }

}  // namespace

TL_REGISTER_COMMAND("paper-exchange", "a local Alpaca-compatible paper broker", Run);

}  // namespace tradelet::cli
