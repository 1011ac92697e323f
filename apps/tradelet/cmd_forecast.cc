// tradelet forecast: fit a Prophet model and forecast a series
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet forecast --input F.csv --periods N --freq F [model options] --output out.csv [--stats-json s.json] [--plot p.html]\n       tradelet forecast cv --input F.csv --initial D --period D --horizon D [...]";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 3); }

}  // namespace

TL_REGISTER_COMMAND("forecast", "fit a Prophet model and forecast a series", Run);

}  // namespace tradelet::cli
