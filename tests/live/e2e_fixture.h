// Shared pieces of the live end-to-end tests: replayed bars whose SMA(1)/SMA(2) cross at every
// bar (so sma_crossover wants a trade at every slot), a paper exchange served over real HTTP,
// the live job wired to it, and the journal-versus-broker agreement check.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tradelet/adapters/alpaca/trading_json.h"
#include "tradelet/live/job.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"
#include "tradelet/paper/paper_server.h"

namespace tradelet::live::e2e {

inline Timestamp T(const char* s) { return *ParseTimestamp(s); }

// 15-minute bars for `symbols` over the sessions 2024-01-02 .. 2024-01-05 (09:30-16:00 New
// York = 14:30-21:00 UTC). Closes zigzag: bar i closes at base + 1 if i is odd, base - 1 if
// even, so SMA(1) crosses SMA(2) at every bar: up after an odd bar, down after an even one.
inline std::vector<BarSeries> ZigzagBars(const std::vector<std::string>& symbols) {
  std::vector<BarSeries> out;
  double base = 50;
  for (const auto& sym : symbols) {
    BarSeries s;
    s.symbol = sym;
    s.interval = BarInterval::k15Min;
    int i = 0;
    for (const char* day : {"2024-01-02T14:30:00Z", "2024-01-03T14:30:00Z",
                            "2024-01-04T14:30:00Z", "2024-01-05T14:30:00Z"}) {
      for (int k = 0; k < 26; ++k, ++i) {
        const double c = base + (i % 2 ? 1.0 : -1.0);
        s.Append(Bar{T(day) + std::chrono::minutes(15 * k), base, base + 1.5, base - 1.5, c,
                     100000});
      }
    }
    out.push_back(std::move(s));
    base += 50;
  }
  return out;
}

// What sma_crossover(fast 1, slow 2, fixed 10 shares) targets after the bar that closes at
// `slot`: 10 shares when that bar's index is odd (a cross up), else flat. Computed from the
// bar layout above, independently of the strategy code.
inline int ExpectedTarget(Timestamp slot) {
  const Timestamp day0 = T("2024-01-02T14:30:00Z");
  const int64_t day = (slot - day0).count() / (int64_t{86400} * 1'000'000'000);
  const Timestamp open = day0 + std::chrono::hours(24 * day);
  const int64_t k = (slot - open).count() / (int64_t{900} * 1'000'000'000) - 1;  // bar closing at slot
  const int64_t i = day * 26 + k;
  return i % 2 ? 10 : 0;
}

inline LiveConfig ZigzagConfig(const std::vector<std::string>& symbols) {
  auto c = ParseLiveConfig(R"(
[live]
strategy_id = "zz"
symbols = ["AAA"]
timeframe = "15Min"
lookback = "3d"
max_staleness = "5m"
[strategy]
name = "sma_crossover"
fast = 1
slow = 2
qty = 10
)", "e2e.toml");
  LiveConfig cfg = c.value();
  cfg.symbols = symbols;
  return cfg;
}

// A paper exchange on a real socket and the live job's services pointed at it.
struct Harness {
  PaperExchange exchange;
  PaperServer server;
  net::HttpsClient transport;
  SimulatedClock clock;
  net::RetryingHttpClient http;
  std::unique_ptr<Journal> journal;
  JobServices services;

  Harness(const std::vector<std::string>& symbols, Timestamp start, const std::string& journal_path,
          Duration timeout = std::chrono::seconds(5))
      : Harness(ZigzagBars(symbols), start, journal_path, timeout) {}
  // Any replayed bars (e.g. the zigzag bars with one series changed).
  Harness(std::vector<BarSeries> bars, Timestamp start, const std::string& journal_path,
          Duration timeout = std::chrono::seconds(5))
      : exchange(std::move(bars), {{}, start}),
        server(exchange),
        clock(start),
        http(transport, clock, RetryPolicy()),
        journal(Journal::Open(journal_path).value()) {
    TL_CHECK(server.Start().ok());
    services.trading_http = &http;
    services.data_http = &http;
    services.trading = alpaca::AlpacaTradingOptions{server.base_url(), "key", "secret", timeout};
    alpaca::AlpacaDataOptions d;
    d.base_url = server.base_url();
    d.key_id = "key";
    d.secret_key = "secret";
    d.timeout = timeout;
    services.data = d;
    services.clock = &clock;
    services.journal = journal.get();
    services.placer.backoff = std::chrono::milliseconds(50);  // simulated: instant
  }
  static net::RetryPolicy RetryPolicy() {
    net::RetryPolicy p;
    p.initial_backoff = std::chrono::milliseconds(100);  // on the simulated clock
    p.seed = 1;
    return p;
  }
  Result<JobReport> RunSlot(Timestamp slot, const LiveConfig& config, bool dry_run = false) {
    // A few seconds after the slot (a rerun keeps the later time: the clock never goes back).
    if (clock.Now() < slot + std::chrono::seconds(3)) clock.Set(slot + std::chrono::seconds(3));
    JobRequest r;
    r.config = config;
    r.slot = slot;
    r.dry_run = dry_run;
    return RunJob(r, services);
  }
};

// Parents (and simple orders) the exchange holds, by client_order_id.
inline std::map<std::string, alpaca::TradingOrder> ExchangeOrders(const PaperExchange& ex) {
  std::map<std::string, alpaca::TradingOrder> out;
  for (auto& o : ex.AllOrders()) {
    if (o.order.parent_id.empty()) out[o.order.client_order_id] = o;
  }
  return out;
}

// Duplicates, counted without trusting client ids: more than one order for the same
// (slot, symbol, side) intent, where slot is read from the order's creation time.
inline int CountDuplicates(const PaperExchange& ex) {
  std::map<std::string, int> per_intent;
  for (auto& [cid, o] : ExchangeOrders(ex)) {
    ++per_intent[FormatTimestamp(o.order.created_at) + "/" + o.order.symbol + "/" +
                 std::string(OrderSideName(o.order.side))];
  }
  int dups = 0;
  for (auto& [k, n] : per_intent) dups += n - 1;
  return dups;
}

// Journal and broker agree: every order at the broker is journaled as placed/adopted with the
// broker's id; every journaled placed/adopted order exists at the broker; nothing is left in
// intent/unknown; absent/rejected ids are not at the broker.
inline Status CheckAgreement(const Journal& journal, const PaperExchange& ex) {
  auto rows = journal.Orders();
  if (!rows.ok()) return rows.status();
  auto broker = ExchangeOrders(ex);
  std::set<std::string> journaled;
  for (const auto& r : *rows) {
    journaled.insert(r.client_order_id);
    auto it = broker.find(r.client_order_id);
    if (r.state == "placed" || r.state == "adopted") {
      if (it == broker.end()) return Internal("journal says " + r.state + " but broker lacks " + r.client_order_id);
      if (it->second.order.id != r.broker_order_id) {
        return Internal("broker id mismatch for " + r.client_order_id);
      }
    } else if (r.state == "absent" || r.state == "rejected") {
      if (it != broker.end()) return Internal("journal says " + r.state + " but broker has " + r.client_order_id);
    } else {
      return Internal("unsettled journal row " + r.client_order_id + " state " + r.state);
    }
  }
  for (const auto& [cid, o] : broker) {
    if (!journaled.count(cid)) return Internal("broker order " + cid + " missing from the journal");
  }
  return Status::Ok();
}

}  // namespace tradelet::live::e2e
