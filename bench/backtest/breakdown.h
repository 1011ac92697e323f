// Where the end-to-end time of `tradelet backtest` goes (issue 20 point 4): the phases the
// command runs, timed one by one in this process on the same data and config.
#pragma once

#include <string>

namespace tradelet::bench {

struct BreakdownOptions {
  std::string tradelet;  // the binary (process start is timed with `tradelet --version`)
  std::string data;      // the CSV folder
  std::string bundle;    // a bundle of it ("" = none)
  std::string work;      // scratch folder for the reports
  int repeat = 3;        // best of
};

// Prints the section; returns false when a phase failed.
bool RunBreakdown(const BreakdownOptions& o);

}  // namespace tradelet::bench
