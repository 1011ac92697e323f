// The Clock port: the only way code reads the time. Live runs use RealClock; backtests and tests
// use SimulatedClock, which moves only when told to.
#pragma once

#include <atomic>

#include "tradelet/base/time.h"

namespace tradelet {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // Blocks (real) or advances (simulated) until `t`. Never moves backwards.
  virtual void SleepUntil(Timestamp t) = 0;
};

// Wall-clock UTC time from the system. Thread-safe.
class RealClock final : public Clock {
 public:
  Timestamp Now() const override;
  void SleepUntil(Timestamp t) override;
  static RealClock& Get();
};

// A clock that starts at a given instant and moves only by Set/Advance/SleepUntil.
// Thread-safe (atomic reads and writes).
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start = Timestamp()) : now_(start.unix_nanos()) {}
  Timestamp Now() const override { return Timestamp::FromUnixNanos(now_.load()); }
  void SleepUntil(Timestamp t) override { Set(t); }
  // REQUIRES: t >= Now() (time never runs backwards; a violation aborts).
  void Set(Timestamp t);
  void Advance(Duration d) { Set(Now() + d); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace tradelet
