// Progress of long work on a terminal: one line on stderr, redrawn in place with '\r'
// (done/total, rate, ETA), at most 10 times a second, erased when the work ends.
//
//   auto p = Progress::ForStderr({.label = "sweep", .unit = "runs", .total = n}, no_progress);
//   for (...) { work(); p->Add(); }
//   p->Finish();  // or let it go out of scope
//
// ForStderr gives an inactive Progress (every call a no-op) when stderr is not a terminal, when
// TRADELET_PROGRESS=0, or when the command's --no-progress flag is set: pipes, files, CI and
// CloudWatch see only the JSON log lines. Add/Set/SetTotal/SetLabel are thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "tradelet/base/clock.h"

namespace tradelet {

struct ProgressOptions {
  std::string label;  // "sweep", "forecast cv", ...
  std::string unit;   // "runs", "cutoffs"; may be empty
  int64_t total = 0;  // 0 = not known (then no percentage or ETA)
  // Nothing is drawn before this much time has passed (quick commands stay silent).
  Duration delay = std::chrono::milliseconds(0);
  // Minimum time between two draws (100 ms: at most 10 updates per second).
  Duration min_interval = std::chrono::milliseconds(100);
  // Redraw from a background thread this often, so the elapsed time and ETA move while the
  // work reports nothing (loading, one long run). 0: only on updates. ForStderr sets 250 ms.
  std::chrono::milliseconds tick{0};
};

class Progress {
 public:
  using Writer = std::function<void(std::string_view)>;

  // Active: draws through `writer` with the time from `clock` (which must outlive it).
  Progress(ProgressOptions options, const Clock& clock, Writer writer);
  // Inactive: does nothing.
  Progress() = default;
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Progress on stderr if it is a terminal and neither `disabled` nor TRADELET_PROGRESS=0.
  static std::unique_ptr<Progress> ForStderr(ProgressOptions options, bool disabled);
  // Whether progress should be drawn on `fd` (a terminal, not disabled by flag or environment).
  static bool Wanted(int fd, bool disabled);

  void Add(int64_t n = 1);
  void Set(int64_t done);
  void Set(int64_t done, int64_t total);  // both at once (one draw)
  void SetTotal(int64_t total);
  void SetLabel(std::string label);
  // A new phase: new label, done and total back to 0, and the rate and ETA measured from now
  // (e.g. "backtest: loading data" then "backtest" counting bars). Drawn at once.
  void Phase(std::string label);
  // Erases the line (before other output on the terminal); the next update draws it again.
  void Clear();
  // Erases the line if anything was drawn; later calls do nothing.
  void Finish();
  bool active() const { return writer_ != nullptr; }

  // The text of one line (no '\r'), e.g. "sweep: 120/480 runs 25% 38.2 runs/s ETA 0:09".
  static std::string Format(std::string_view label, std::string_view unit, int64_t done,
                            int64_t total, double elapsed_seconds);

 private:
  void MaybeDrawLocked(bool force);

  ProgressOptions options_;
  const Clock* clock_ = nullptr;
  Writer writer_;
  std::mutex mu_;
  std::condition_variable stop_;
  std::thread ticker_;
  Timestamp start_, phase_start_, last_draw_;
  std::string last_text_;
  int64_t done_ = 0;
  bool drawn_ = false, finished_ = false;
  bool paused_ = false;  // after Clear, until the next update (the ticker does not redraw)
};

}  // namespace tradelet
