#include "tradelet/schedule/scheduler.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "tradelet/base/log.h"

namespace tradelet::schedule {
namespace {

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

std::string DurationText(Duration d) {
  const int64_t ms = std::chrono::duration_cast<milliseconds>(d).count();
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// Appends one JSON line to the strategy's log (O_APPEND: one write per line, so lines from
// the scheduler never interleave).
void AppendLine(const std::string& path, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const std::string with_nl = line + "\n";
  (void)!::write(fd, with_nl.data(), with_nl.size());
  ::close(fd);
}

std::string_view KindName(SchedulerEvent::Kind k) {
  switch (k) {
    case SchedulerEvent::Kind::kStarted:
      return "run_started";
    case SchedulerEvent::Kind::kFinished:
      return "run_finished";
    case SchedulerEvent::Kind::kSkipped:
      return "slot_skipped";
    case SchedulerEvent::Kind::kTerminating:
      return "run_terminating";
    case SchedulerEvent::Kind::kKilled:
      return "run_killed";
  }
  return "?";
}

}  // namespace

std::vector<std::string> ExpandCommand(const StrategySpec& s, const std::string& tradelet,
                                       Timestamp slot) {
  std::vector<std::string> out;
  for (const std::string& a : s.command) {
    std::string x = Replace(a, "{tradelet}", tradelet);
    x = Replace(x, "{config}", s.config);
    x = Replace(x, "{slot}", FormatTimestamp(slot));
    out.push_back(Replace(x, "{name}", s.name));
  }
  return out;
}

FleetScheduler::FleetScheduler(FleetConfig fleet, Clock& clock, ProcessLauncher& launcher,
                               const SessionCalendar* calendar)
    : fleet_(std::move(fleet)), clock_(clock), launcher_(launcher), calendar_(calendar) {
  for (const StrategySpec& s : fleet_.strategies) {
    CalendarFilter f;
    f.calendar = calendar_;
    f.skip_holidays = s.skip_holidays;
    f.stop_at_early_close = s.stop_at_early_close;
    live_.push_back(Live{Trigger(*s.schedule, s.zone, f)});
    StrategyState st;
    st.name = s.name;
    states_.push_back(st);
  }
}

Status FleetScheduler::Start() {
  for (const StrategySpec& s : fleet_.strategies) {
    if ((s.skip_holidays || s.stop_at_early_close) && calendar_ == nullptr) {
      return FailedPrecondition("strategy '" + s.name +
                                "' filters on the exchange calendar, "
                                "but the scheduler has none");
    }
  }
  if (!fleet_.state_file.empty()) {
    TL_ASSIGN_OR_RETURN(std::vector<StrategyState> saved, LoadState(fleet_.state_file));
    for (StrategyState& old : saved) {
      for (StrategyState& st : states_) {
        if (st.name != old.name) continue;
        if (old.running) {
          // The previous scheduler stopped while this run was going: its outcome is unknown.
          old.running = false;
          old.last_result = "interrupted: the scheduler stopped during the run";
          old.last_ok = false;
          old.failures += 1;
          old.running_slot.reset();
        }
        st = old;
      }
    }
  }
  if (!fleet_.state_file.empty()) {
    const std::filesystem::path dir = std::filesystem::path(fleet_.state_file).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return Unavailable(dir.string() + ": cannot create the state folder: " + ec.message());
  }
  if (!fleet_.log_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(fleet_.log_dir, ec);
    if (ec) return Unavailable(fleet_.log_dir + ": cannot create the log folder: " + ec.message());
  }
  const Timestamp now = clock_.Now();
  for (size_t i = 0; i < states_.size(); ++i) {
    const Trigger& tr = live_[i].trigger;
    if (states_[i].last_slot) {
      // Resume after the last slot run: slots since then were missed while it was down.
      states_[i].next_slot = tr.Next(*states_[i].last_slot);
      continue;
    }
    // A fresh strategy: the slots before this scheduler existed were not missed. Only the
    // latest one may still run, when it fired within max_lateness; else the next one.
    const std::optional<Timestamp> latest = tr.Previous(now + Duration(1));
    states_[i].next_slot =
        latest && now - *latest <= fleet_.strategies[i].max_lateness ? latest : tr.Next(now);
  }
  TL_LOG(kInfo, "fleet scheduler started")
      .Field("fleet", fleet_.path)
      .Field("strategies", static_cast<int64_t>(states_.size()))
      .Field("state_file", fleet_.state_file);
  Persist(now);
  return Status::Ok();
}

void FleetScheduler::Emit(size_t i, SchedulerEvent::Kind kind, Timestamp slot, Timestamp now,
                          std::string detail, bool ok) {
  const StrategySpec& s = fleet_.strategies[i];
  if (!fleet_.log_dir.empty()) {
    std::string line = "{\"ts\":";
    AppendJsonString(&line, FormatTimestamp(now));
    line += ",\"event\":";
    AppendJsonString(&line, KindName(kind));
    line += ",\"strategy\":";
    AppendJsonString(&line, s.name);
    line += ",\"slot\":";
    AppendJsonString(&line, FormatTimestamp(slot));
    line += ",\"detail\":";
    AppendJsonString(&line, detail);
    line += ok ? ",\"ok\":true}" : ",\"ok\":false}";
    AppendLine(fleet_.log_dir + "/" + s.name + ".jsonl", line);
  }
  {
    LogLine l(ok ? LogLevel::kInfo : LogLevel::kWarn, KindName(kind));
    l.Field("strategy", s.name).Field("slot", FormatTimestamp(slot)).Field("detail", detail);
  }
  if (listener_) listener_(SchedulerEvent{kind, s.name, slot, now, std::move(detail), ok});
}

void FleetScheduler::Persist(Timestamp now) {
  if (fleet_.state_file.empty()) return;
  const Status st = SaveState(fleet_.state_file, states_, now);
  if (!st.ok()) TL_LOG(kError, "cannot save scheduler state").Field("error", st.ToString());
}

void FleetScheduler::ReapFinished(Timestamp now) {
  std::vector<ProcessLauncher::Finished> done = launcher_.Reap();
  for (const ProcessLauncher::Finished& f : done) {
    for (size_t i = 0; i < live_.size(); ++i) {
      Live& lv = live_[i];
      StrategyState& st = states_[i];
      if (!st.running || lv.run_id != f.id) continue;
      std::string result = DescribeOutcome(f.outcome);
      bool ok = f.outcome.success();
      if (lv.timed_out) {
        result =
            "timeout after " + DurationText(fleet_.strategies[i].timeout) + " (" + result + ")";
        ok = false;
      } else if (lv.shutdown) {
        result = "stopped by shutdown (" + result + ")";
        ok = false;
      }
      if (f.outcome.max_rss_kb > 0)
        result += ", peak memory " + std::to_string(f.outcome.max_rss_kb / 1024) + " MiB";
      st.running = false;
      st.last_end = now;
      st.last_result = result;
      st.last_ok = ok;
      if (!ok) ++st.failures;
      const Timestamp slot = *st.running_slot;
      st.running_slot.reset();
      lv = Live{lv.trigger};
      Emit(i, SchedulerEvent::Kind::kFinished, slot, now, result, ok);
    }
  }
  if (!done.empty()) Persist(now);
}

void FleetScheduler::EnforceDeadlines(Timestamp now) {
  for (size_t i = 0; i < live_.size(); ++i) {
    Live& lv = live_[i];
    StrategyState& st = states_[i];
    if (!st.running) continue;
    const StrategySpec& s = fleet_.strategies[i];
    if (!lv.term_sent && now >= lv.started + s.timeout) {
      lv.timed_out = true;
      lv.term_sent = now;
      launcher_.Terminate(lv.run_id);
      Emit(i, SchedulerEvent::Kind::kTerminating, *st.running_slot, now,
           "timeout " + DurationText(s.timeout) + ": SIGTERM", false);
    } else if (lv.term_sent && !lv.killed && now >= *lv.term_sent + s.kill_grace) {
      lv.killed = true;
      launcher_.Kill(lv.run_id);
      Emit(i, SchedulerEvent::Kind::kKilled, *st.running_slot, now,
           "still running " + DurationText(s.kill_grace) + " after SIGTERM: SIGKILL", false);
    }
  }
}

void FleetScheduler::Launch(size_t i, Timestamp slot, Timestamp now) {
  const StrategySpec& s = fleet_.strategies[i];
  StrategyState& st = states_[i];
  RunRequest req;
  req.strategy = s.name;
  req.slot = slot;
  req.argv = ExpandCommand(s, fleet_.tradelet, slot);
  req.memory_limit_bytes = s.memory_limit_bytes;
  if (!fleet_.log_dir.empty()) req.output_path = fleet_.log_dir + "/" + s.name + ".out";
  st.last_slot = slot;
  st.last_start = now;
  ++st.runs;
  Result<ProcessLauncher::RunId> id = launcher_.Start(req);
  if (!id.ok()) {
    st.last_end = now;
    st.last_result = "launch failed: " + id.status().message();
    st.last_ok = false;
    ++st.failures;
    Emit(i, SchedulerEvent::Kind::kFinished, slot, now, st.last_result, false);
    return;
  }
  st.running = true;
  st.running_slot = slot;
  live_[i].run_id = *id;
  live_[i].started = now;
  Emit(i, SchedulerEvent::Kind::kStarted, slot, now, "run " + std::to_string(*id), true);
}

void FleetScheduler::StartDue(size_t i, Timestamp now) {
  StrategyState& st = states_[i];
  const StrategySpec& s = fleet_.strategies[i];
  if (!s.enabled || !st.next_slot || *st.next_slot > now) return;
  // Only the latest due slot is a candidate; the ones before it were passed over.
  const Trigger& tr = live_[i].trigger;
  const Timestamp slot = tr.Previous(now + Duration(1)).value_or(*st.next_slot);
  int64_t missed = 0;
  for (std::optional<Timestamp> m = st.next_slot; m && *m < slot && missed < 1'000'000;
       m = tr.Next(*m)) {
    ++missed;
  }
  if (missed > 0) {
    st.missed += missed;
    Emit(i, SchedulerEvent::Kind::kSkipped, *st.next_slot, now,
         "missed " + std::to_string(missed) + " slot(s) up to " + FormatTimestamp(slot), false);
  }
  st.next_slot = tr.Next(slot);
  const Duration late = now - slot;
  if (late > s.max_lateness) {
    ++st.skipped_stale;
    Emit(i, SchedulerEvent::Kind::kSkipped, slot, now,
         "stale: " + DurationText(late) + " late, max_lateness " + DurationText(s.max_lateness),
         false);
  } else if (st.running) {
    ++st.skipped_overlap;
    Emit(i, SchedulerEvent::Kind::kSkipped, slot, now,
         "overlap: the run for " + FormatTimestamp(*st.running_slot) + " is still going", false);
  } else {
    Launch(i, slot, now);
  }
  Persist(now);
}

Timestamp FleetScheduler::Step() {
  const Timestamp now = clock_.Now();
  ReapFinished(now);
  EnforceDeadlines(now);
  if (stop_.load()) stopping_ = true;
  if (!stopping_) {
    for (size_t i = 0; i < live_.size(); ++i) StartDue(i, now);
  }
  Timestamp wake = Timestamp::Max();
  for (size_t i = 0; i < live_.size(); ++i) {
    const StrategyState& st = states_[i];
    if (!stopping_ && fleet_.strategies[i].enabled && st.next_slot)
      wake = std::min(wake, *st.next_slot);
    if (st.running) {
      const Live& lv = live_[i];
      const StrategySpec& s = fleet_.strategies[i];
      if (!lv.term_sent) wake = std::min(wake, lv.started + s.timeout);
      if (lv.term_sent && !lv.killed) wake = std::min(wake, *lv.term_sent + s.kill_grace);
    }
  }
  if (std::optional<Timestamp> e = launcher_.NextEventTime()) wake = std::min(wake, *e);
  return std::max(wake, now);
}

void FleetScheduler::Run(Timestamp until, Duration poll) {
  while (!stop_.load()) {
    const Timestamp wake = Step();
    const Timestamp now = clock_.Now();
    if (now >= until) break;
    // Wake at least every `poll`: real children are polled, and a stop request is seen soon.
    clock_.SleepUntil(std::min({wake, now + poll, until}));
  }
  Shutdown(poll);
}

void FleetScheduler::Shutdown(Duration poll) {
  stopping_ = true;
  Timestamp now = clock_.Now();
  ReapFinished(now);
  for (size_t i = 0; i < live_.size(); ++i) {
    if (!states_[i].running) continue;
    live_[i].shutdown = true;
    live_[i].term_sent = now;
    launcher_.Terminate(live_[i].run_id);
    Emit(i, SchedulerEvent::Kind::kTerminating, *states_[i].running_slot, now,
         "shutdown: SIGTERM, grace " + DurationText(fleet_.shutdown_grace), false);
  }
  const Timestamp deadline = now + fleet_.shutdown_grace;
  bool killed = false;
  while (true) {
    now = clock_.Now();
    ReapFinished(now);
    const bool any = std::any_of(states_.begin(), states_.end(),
                                 [](const StrategyState& s) { return s.running; });
    if (!any) break;
    if (now >= deadline && !killed) {
      killed = true;
      for (size_t i = 0; i < live_.size(); ++i) {
        if (!states_[i].running) continue;
        live_[i].killed = true;
        launcher_.Kill(live_[i].run_id);
        Emit(i, SchedulerEvent::Kind::kKilled, *states_[i].running_slot, now,
             "shutdown grace over: SIGKILL", false);
      }
    }
    Timestamp wake = killed ? now + poll : std::min(deadline, now + poll);
    if (std::optional<Timestamp> e = launcher_.NextEventTime())
      wake = std::min(wake, std::max(*e, now));
    clock_.SleepUntil(wake);
  }
  Persist(clock_.Now());
  TL_LOG(kInfo, "fleet scheduler stopped").Field("fleet", fleet_.path);
}

}  // namespace tradelet::schedule
