// The Runtime API emulator moved into the installed library (tradelet/lambda/
// runtime_api_emulator.h, used by `tradelet demo` through LocalFunction); the tests and
// benchmarks keep their names under lambda::testing.
#pragma once

#include "tradelet/lambda/runtime_api_emulator.h"

namespace tradelet::lambda::testing {
using lambda::EmulatedEvent;
using lambda::EmulatedOutcome;
using lambda::LambdaSandbox;
using lambda::RuntimeApiEmulator;
using lambda::UnixMillisNow;
}  // namespace tradelet::lambda::testing
