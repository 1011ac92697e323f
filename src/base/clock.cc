#include "tradelet/base/clock.h"

#include <chrono>
#include <thread>

namespace tradelet {

Timestamp RealClock::Now() const {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return Timestamp::FromUnixNanos(ns.count());
}

void RealClock::SleepUntil(Timestamp t) {
  const Duration d = t - Now();
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

RealClock& RealClock::Get() {
  static RealClock clock;
  return clock;
}

void SimulatedClock::Set(Timestamp t) {
  TL_CHECK(t.unix_nanos() >= now_.load());
  now_.store(t.unix_nanos());
}

}  // namespace tradelet
