// Runs a helper program (patchelf, strip, ldd in tests) and captures its output. Internal to the
// packager: tools run only at packaging time on the build host, never inside Lambda.
#pragma once

#include <string>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet::lambda::internal {

struct CommandOutput {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs argv[0] (looked up on PATH) with no shell. Unavailable when it cannot be started.
Result<CommandOutput> RunCommand(const std::vector<std::string>& argv);

}  // namespace tradelet::lambda::internal
