#include "tradelet/engine/historical_feed.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace tradelet {
namespace {

// True if t[i - 1] < t[i] for every from < i < to.
bool Increasing(const int64_t* t, size_t from, size_t to) {
  for (size_t i = from + 1; i < to; ++i) {
    if (t[i] <= t[i - 1]) return false;
  }
  return true;
}

}  // namespace

HistoricalFeed::HistoricalFeed(std::vector<const BarSeries*> series, Timestamp from, Timestamp to)
    : series_(std::move(series)) {
  Layout(from, to);
}

void HistoricalFeed::Layout(Timestamp from, Timestamp to) {
  const size_t n = series_.size();
  end_.resize(n);
  visible_.resize(n);
  close_.resize(n);
  interval_ns_.resize(n);
  aligned_.assign(n, 0);
  k0_.assign(n, 0);
  k1_.assign(n, 0);
  next_close_.assign(n, INT64_MAX);
  // The master: the series with the most bars to deliver.
  size_t master = n, most = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const BarSeries& s = *series_[i];
    visible_[i] = static_cast<uint32_t>(s.LowerBound(from));
    end_[i] =
        static_cast<uint32_t>(to == Timestamp::Max() ? s.size() : s.LowerBound(to + Duration(1)));
    if (end_[i] < visible_[i]) end_[i] = visible_[i];
    close_[i] = s.close.data();
    interval_ns_[i] = BarIntervalDuration(s.interval).count();
    finest_ns_ = std::min(finest_ns_, interval_ns_[i]);
    if (end_[i] - visible_[i] > most) most = end_[i] - visible_[i], master = i;
  }
  if (master < n) {
    const BarSeries& m = *series_[master];
    if (Increasing(m.time_ns.data(), 0, m.size())) {
      master_ = m.time_ns.data() + visible_[master];
      master_len_ = end_[master] - visible_[master];
      master_ns_ = interval_ns_[master];
    } else {
      times_ok_ = false;
    }
  }
  // Align what can be; check the order of every bar time once, whichever way it steps.
  for (uint32_t i = 0; i < n; ++i) {
    const BarSeries& s = *series_[i];
    const int64_t* t = s.time_ns.data();
    const uint32_t a = visible_[i], b = end_[i];
    bool aligned = false;
    if (master_ && a < b && interval_ns_[i] == master_ns_) {
      const uint32_t k =
          static_cast<uint32_t>(std::lower_bound(master_, master_ + master_len_, t[a]) - master_);
      aligned = k + (b - a) <= master_len_ && master_[k] == t[a] &&
                std::memcmp(master_ + k, t + a, (b - a) * sizeof(int64_t)) == 0;
      if (aligned) {
        // [a, b) equals a stretch of the (increasing) master; check the bars around it.
        times_ok_ &= Increasing(t, 0, a + 1) && Increasing(t, b - 1, s.size());
        aligned_[i] = 1;
        k0_[i] = k;
        k1_[i] = k + (b - a);
      }
    }
    if (!aligned) {
      times_ok_ &= Increasing(t, 0, s.size());
      if (a < b) {
        general_.push_back(i);
        next_close_[i] = t[a] + interval_ns_[i];
      }
    }
    if (aligned) {
      starts_.push_back(i);
      stops_.push_back(i);
    }
  }
  std::stable_sort(starts_.begin(), starts_.end(),
                   [&](uint32_t x, uint32_t y) { return k0_[x] < k0_[y]; });
  std::stable_sort(stops_.begin(), stops_.end(),
                   [&](uint32_t x, uint32_t y) { return k1_[x] < k1_[y]; });
  ApplyAlignedChanges();
}

// Brings aligned_now_ to master bar km_: drops the symbols that stopped, adds those that start.
void HistoricalFeed::ApplyAlignedChanges() {
  const bool stop = next_stop_ < stops_.size() && k1_[stops_[next_stop_]] == km_;
  const bool start = next_start_ < starts_.size() && k0_[starts_[next_start_]] == km_;
  if (!stop && !start) return;
  while (next_stop_ < stops_.size() && k1_[stops_[next_stop_]] == km_) ++next_stop_;
  size_t w = 0;
  for (size_t j = 0; j < aligned_now_.size(); ++j) {
    if (k1_[aligned_now_[j]] == km_) continue;
    aligned_now_[w] = aligned_now_[j];
    aligned_idx_[w] = aligned_idx_[j];
    ++w;
  }
  aligned_now_.resize(w);
  aligned_idx_.resize(w);
  for (; next_start_ < starts_.size() && k0_[starts_[next_start_]] == km_; ++next_start_) {
    const uint32_t s = starts_[next_start_];
    const size_t at = static_cast<size_t>(
        std::lower_bound(aligned_now_.begin(), aligned_now_.end(), s) - aligned_now_.begin());
    aligned_now_.insert(aligned_now_.begin() + static_cast<std::ptrdiff_t>(at), s);
    aligned_idx_.insert(aligned_idx_.begin() + static_cast<std::ptrdiff_t>(at), visible_[s]);
  }
}

// Appends the other symbols whose next bar closes at t (ascending).
void HistoricalFeed::CollectGeneral(int64_t t, MarketStep* step) const {
  for (uint32_t s : general_) {
    if (next_close_[s] == t) {
      step->symbols.push_back(s);
      step->bar_index.push_back(visible_[s]);
    }
  }
}

bool HistoricalFeed::Next(MarketStep* step) {
  step->symbols.clear();
  step->bar_index.clear();
  // The next step is the earliest bar CLOSE (start + the series' own interval): a 5-minute
  // series next to 1-minute ones neither delays their bars nor shows its own early.
  const int64_t tm = km_ < master_len_ ? master_[km_] + master_ns_ : INT64_MAX;
  int64_t tg = INT64_MAX;
  for (uint32_t s : general_) tg = std::min(tg, next_close_[s]);
  const int64_t t = std::min(tm, tg);
  if (t == INT64_MAX) return false;
  step_is_master_ = tm == t;
  if (!step_is_master_) {
    CollectGeneral(t, step);
  } else {
    step->symbols = aligned_now_;
    step->bar_index = aligned_idx_;
    // Other series closing now too (usually a few with gaps among hundreds aligned): each
    // inserted in its place, keeping symbols ascending.
    for (uint32_t s : general_) {
      if (tg != t || next_close_[s] != t) continue;
      const auto at = std::lower_bound(step->symbols.begin(), step->symbols.end(), s);
      const std::ptrdiff_t k = at - step->symbols.begin();
      step->symbols.insert(at, s);
      step->bar_index.insert(step->bar_index.begin() + k, visible_[s]);
    }
  }
  step->decision_time = Timestamp::FromUnixNanos(t);
  step->bar_start = Timestamp::FromUnixNanos(t - finest_ns_);
  return true;
}

void HistoricalFeed::Reveal(const MarketStep& step) {
  bool finished = false;
  for (size_t k = 0; k < step.symbols.size(); ++k) {
    const uint32_t s = step.symbols[k];
    const uint32_t v = step.bar_index[k] + 1;
    visible_[s] = v;
    // Bars are read one step at a time across hundreds of columns; hardware prefetchers do
    // not follow that many streams, so ask for the lines a few bars ahead.
    __builtin_prefetch(close_[s] + v + 16);
    if (aligned_[s]) continue;
    const bool done = v >= end_[s];
    next_close_[s] = done ? INT64_MAX : series_[s]->time_ns[v] + interval_ns_[s];
    __builtin_prefetch(series_[s]->time_ns.data() + v + 16);
    finished |= done;
  }
  if (finished) {
    std::erase_if(general_, [&](uint32_t s) { return visible_[s] >= end_[s]; });
  }
  if (step_is_master_) {
    step_is_master_ = false;
    ++km_;
    for (uint32_t& i : aligned_idx_) ++i;
    ApplyAlignedChanges();
  }
}

}  // namespace tradelet
