// tradelet data validate: check bars for gaps, bad prices, duplicates and splits
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data validate --data DIR|F.csv [--calendar nyse] [--json]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 4); }

}  // namespace

TL_REGISTER_COMMAND("data validate", "check bars for gaps, bad prices, duplicates and splits", Run);

}  // namespace tradelet::cli
