#include "tradelet/base/progress.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tradelet {
namespace {

std::string Rate(double r) {
  char b[32];
  if (r < 10) {
    std::snprintf(b, sizeof(b), "%.1f", r);
  } else if (r < 1e4) {
    std::snprintf(b, sizeof(b), "%.0f", r);
  } else if (r < 1e6) {
    std::snprintf(b, sizeof(b), "%.1fk", r / 1e3);
  } else {
    std::snprintf(b, sizeof(b), "%.1fM", r / 1e6);
  }
  return b;
}

// 0:07, 12:30, 1:02:03.
std::string Hms(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char b[32];
  if (s >= 3600) {
    std::snprintf(b, sizeof(b), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(b, sizeof(b), "%ld:%02ld", s / 60, s % 60);
  }
  return b;
}

}  // namespace

Progress::Progress(ProgressOptions options, const Clock& clock, Writer writer)
    : options_(std::move(options)), clock_(&clock), writer_(std::move(writer)) {
  start_ = phase_start_ = clock_->Now();
  if (options_.tick.count() > 0) {
    ticker_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!finished_) {
        stop_.wait_for(lock, options_.tick);
        if (!paused_) MaybeDrawLocked(false);
      }
    });
  }
}

Progress::~Progress() { Finish(); }

bool Progress::Wanted(int fd, bool disabled) {
  if (disabled) return false;
  const char* env = std::getenv("TRADELET_PROGRESS");
  if (env && (!std::strcmp(env, "0") || !std::strcmp(env, "false") || !std::strcmp(env, "off"))) {
    return false;
  }
  return ::isatty(fd) == 1;
}

std::unique_ptr<Progress> Progress::ForStderr(ProgressOptions options, bool disabled) {
  if (!Wanted(STDERR_FILENO, disabled)) return std::make_unique<Progress>();
  if (options.tick.count() == 0) options.tick = std::chrono::milliseconds(250);
  return std::make_unique<Progress>(std::move(options), RealClock::Get(), [](std::string_view s) {
    // One write per update, so a line is never split by another thread's output.
    while (!s.empty()) {
      const ssize_t n = ::write(STDERR_FILENO, s.data(), s.size());
      if (n <= 0) return;
      s.remove_prefix(static_cast<size_t>(n));
    }
  });
}

std::string Progress::Format(std::string_view label, std::string_view unit, int64_t done,
                             int64_t total, double elapsed) {
  std::string s(label);
  s += ":";
  const std::string u = unit.empty() ? std::string() : " " + std::string(unit);
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  if (total > 0) {
    char pct[16];
    std::snprintf(pct, sizeof(pct), " %d%%",
                  static_cast<int>(100.0 * static_cast<double>(std::min(done, total)) /
                                   static_cast<double>(total)));
    s += " " + std::to_string(done) + "/" + std::to_string(total) + u + pct;
  } else if (done > 0) {
    s += " " + std::to_string(done) + u;
  }
  if (done > 0 && elapsed > 0) s += " " + Rate(rate) + (u.empty() ? "/s" : u + "/s");
  if (total > 0 && done > 0 && done < total && rate > 0) {
    s += " ETA " + Hms(static_cast<double>(total - done) / rate);
  } else {
    s += " " + Hms(elapsed) + " elapsed";
  }
  return s;
}

void Progress::MaybeDrawLocked(bool force) {
  if (!writer_ || finished_) return;
  const Timestamp now = clock_->Now();
  if (now - start_ < options_.delay) return;
  if (!force && drawn_ && now - last_draw_ < options_.min_interval) return;
  std::string text = Format(options_.label, options_.unit, done_, options_.total,
                            std::chrono::duration<double>(now - phase_start_).count());
  if (drawn_ && text == last_text_) return;  // the same line again (ticker, same second)
  last_draw_ = now;
  drawn_ = true;
  // "\r" + text + erase to the end of the line, and the cursor back to the start: a log line
  // written meanwhile overwrites the progress text instead of being appended to it.
  writer_("\r" + text + "\033[K\r");
  last_text_ = std::move(text);
}

void Progress::Add(int64_t n) {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  done_ += n;
  MaybeDrawLocked(false);
}

void Progress::Set(int64_t done) {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  done_ = done;
  MaybeDrawLocked(false);
}

void Progress::Set(int64_t done, int64_t total) {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  done_ = done;
  options_.total = total;
  MaybeDrawLocked(false);
}

void Progress::SetTotal(int64_t total) {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  options_.total = total;
  MaybeDrawLocked(false);
}

void Progress::SetLabel(std::string label) {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  options_.label = std::move(label);
  MaybeDrawLocked(true);
}

void Progress::Phase(std::string label) {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  options_.label = std::move(label);
  done_ = 0;
  options_.total = 0;
  phase_start_ = clock_->Now();
  MaybeDrawLocked(true);
}

void Progress::Clear() {
  if (!writer_) return;
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = true;
  if (finished_ || !drawn_) return;
  drawn_ = false;
  writer_("\r\033[K");
}

void Progress::Finish() {
  if (!writer_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!finished_) {
      finished_ = true;
      if (drawn_) writer_("\r\033[K");
    }
  }
  stop_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

}  // namespace tradelet
