// Test helpers for the real data in ../shared (market data, reference fits). Tests that need it
// skip with a clear message when it is absent:
//
//   TL_REQUIRE_SHARED(path, "data/intraday/alphavantage_2019-02-11_15/AAPL_1min.csv");
#pragma once

#include <optional>
#include <string>

namespace tradelet::testing {

// The shared folder: $TRADELET_SHARED if set, else the build-time default (../shared).
std::string SharedRoot();
// The absolute path of `relative` under the shared folder, if it exists.
std::optional<std::string> SharedPath(const std::string& relative);
// A fresh empty temporary directory, removed at process exit.
std::string TempDir(const std::string& prefix = "tradelet-test");

}  // namespace tradelet::testing

#define TL_REQUIRE_SHARED(var, relative)                                                  \
  std::string var;                                                                       \
  if (auto tl_p_ = ::tradelet::testing::SharedPath(relative)) {                          \
    var = *tl_p_;                                                                        \
  } else {                                                                               \
    GTEST_SKIP() << "shared data absent: " << ::tradelet::testing::SharedRoot() << "/"  \
                 << (relative) << " (set TRADELET_SHARED to the shared/ folder)";         \
  }
