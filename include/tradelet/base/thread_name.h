// Names the calling thread (as `top -H`, `perf report --sort comm`, gdb and /proc show it), so
// a profile of a backtest tells the run's threads apart: "tl-prepare", "tl-verify", "tl-heap",
// "tl-report", "tl-load". Linux keeps the first 15 bytes; elsewhere this does nothing.
#pragma once

namespace tradelet {

void NameThisThread(const char* name);

}  // namespace tradelet
