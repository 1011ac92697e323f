// tradelet calendar: NYSE sessions, holidays and early closes
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet calendar sessions --from D --to D";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 4); }

}  // namespace

TL_REGISTER_COMMAND("calendar", "NYSE sessions, holidays and early closes", Run);

}  // namespace tradelet::cli
