// tradelet package: build a deployable AWS Lambda zip
#include "command.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet package lambda --config S.toml -o function.zip";

int Run(int argc, char** argv) { return NotBuilt(argc, argv, kUsage, 8); }

}  // namespace

TL_REGISTER_COMMAND("package", "build a deployable AWS Lambda zip", Run);

}  // namespace tradelet::cli
