// A clock for the fleet's process tests: simulated time runs 60x real time, so a launched
// child's real seconds pass as minutes of schedule.
#pragma once

#include <chrono>
#include <thread>

#include "tradelet/base/clock.h"
#include "tradelet/base/time.h"

namespace tradelet::schedule {

// Simulated time = start + 60 x real elapsed time.
class FastClock final : public Clock {
 public:
  explicit FastClock(Timestamp start)
      : start_(start), real_start_(std::chrono::steady_clock::now()) {}
  Timestamp Now() const override {
    return start_ + (std::chrono::steady_clock::now() - real_start_) * 60;
  }
  void SleepUntil(Timestamp t) override {
    const Duration d = t - Now();
    if (d.count() > 0) std::this_thread::sleep_for(d / 60);
  }

 private:
  Timestamp start_;
  std::chrono::steady_clock::time_point real_start_;
};

}  // namespace tradelet::schedule
