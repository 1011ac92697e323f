// End-to-end timing for backtest_bench (issue 20 point 4): `tradelet backtest` as a user runs
// it, from process start to report written, on the CSV folder and on a bundle of it.
#pragma once

#include <string>

namespace tradelet::bench {

struct EndToEndOptions {
  std::string tradelet;  // the binary
  std::string data;      // the CSV folder
  std::string work;      // scratch folder (config, bundle, reports)
  int repeat = 3;
  double bars = 0;                // bars the kernel runs (for bars/s)
  double backtrader_rate = 0;     // bars/s, the yardstick
  const char* backtrader_source;  // where that number comes from
};

// Prints the section; returns false when a run failed.
bool RunEndToEnd(const EndToEndOptions& o);

}  // namespace tradelet::bench
