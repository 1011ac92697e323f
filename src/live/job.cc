// The composition root of a live run: transport, clients, clock, journal; then JobRun
// (job_run.h) runs the slot through the kernel with the exactly-once broker.
#include "tradelet/live/job.h"

#include "live/job_run.h"
#include "tradelet/base/log.h"
#include "tradelet/live/client_order_id.h"
#include "tradelet/live/live_check.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"

namespace tradelet::live {
namespace {

// A clock shifted by a fixed offset (the broker's time minus ours).
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(Clock& base) : base_(base) {}
  void SetOffset(Duration d) { offset_ = d; }
  Timestamp Now() const override { return base_.Now() + offset_; }
  void SleepUntil(Timestamp t) override { base_.SleepUntil(t - offset_); }

 private:
  Clock& base_;
  Duration offset_{0};
};

}  // namespace

Result<JobReport> RunJob(const JobRequest& request, JobServices& services) {
  LiveConfig config;
  if (request.config) {
    config = *request.config;
  } else {
    TL_ASSIGN_OR_RETURN(config, LoadLiveConfig(request.config_path));
  }
  Clock& base_clock = services.clock ? *services.clock : RealClock::Get();
  OffsetClock clock(base_clock);
  // The transport and clients come first: with clock = "broker" the broker tells the time.
  std::unique_ptr<net::HttpsClient> transport;
  std::unique_ptr<net::RetryingHttpClient> retrying;
  net::HttpClient* trading_http = services.trading_http;
  net::HttpClient* data_http = services.data_http;
  if (!trading_http || !data_http) {
    transport = std::make_unique<net::HttpsClient>();
    retrying = std::make_unique<net::RetryingHttpClient>(*transport, base_clock);
    if (!trading_http) trading_http = retrying.get();
    if (!data_http) data_http = retrying.get();
  }
  alpaca::AlpacaTradingOptions topts;
  if (services.trading) {
    topts = *services.trading;
  } else {
    TL_ASSIGN_OR_RETURN(topts, alpaca::AlpacaTradingOptionsFromEnvironment());
  }
  alpaca::AlpacaDataOptions dopts;
  if (services.data) {
    dopts = *services.data;
  } else {
    TL_ASSIGN_OR_RETURN(dopts, alpaca::AlpacaDataOptionsFromEnvironment());
  }
  Logger::RegisterSecret(topts.secret_key);
  Logger::RegisterSecret(dopts.secret_key);
  alpaca::AlpacaTradingClient trading(*trading_http, topts);
  if (config.broker_clock) {
    auto bc = trading.GetClock();
    if (!bc.ok()) return bc.status().WithContext("live.clock = \"broker\"");
    clock.SetOffset(bc->timestamp - base_clock.Now());
  }
  const Timestamp now = clock.Now();
  JobReport report;
  report.strategy_id = config.strategy_id;
  report.dry_run = request.dry_run;
  report.started_at = now;
  report.slot = request.slot ? *request.slot : FloorToPeriod(now, config.period);

  std::unique_ptr<Journal> own_journal;
  Journal* journal = services.journal;
  if (!journal) {
    TL_ASSIGN_OR_RETURN(
        own_journal,
        Journal::Open(config.journal_path.empty() ? std::string(":memory:") : config.journal_path));
    journal = own_journal.get();
  }
  TL_ASSIGN_OR_RETURN(report.run_id,
                      journal->BeginRun(config.strategy_id, report.slot, request.dry_run, now));

  if (now - report.slot > config.max_staleness) {
    report.outcome = "skipped_stale";
    report.errors.push_back("slot " + FormatTimestamp(report.slot) + " is " +
                            std::to_string((now - report.slot).count() / 1'000'000'000) +
                            " s old (max_staleness " +
                            std::to_string(config.max_staleness.count() / 1'000'000'000) + " s)");
    TL_RETURN_IF_ERROR(journal->FinishRun(report.run_id, report.outcome, report.ToJson(), now));
    return report;
  }

  const std::string run_id = report.run_id;
  trading.set_observer([&](const alpaca::TradingExchange& e) {
    Status s = journal->RecordExchange(run_id, clock.Now(), e.method, e.path, e.request_body,
                                       e.status, e.response_body);
    if (!s.ok()) TL_LOG(kError, "journal write failed").Field("error", s.ToString());
  });
  // Symbols the broker does not know are a configuration error, found before anything is sent.
  auto assets = CheckSymbolsAtBroker(
      trading, config, request.config_path.empty() ? "live config" : request.config_path);
  if (!assets.ok()) {
    report.outcome = "failed";
    report.errors.push_back(assets.status().ToString());
    TL_RETURN_IF_ERROR(
        journal->FinishRun(report.run_id, report.outcome, report.ToJson(), clock.Now()));
    return assets.status();
  }
  alpaca::AlpacaMarketDataClient data(*data_http, dopts);
  std::optional<Timestamp> deadline;  // in the job clock's frame (it may follow the broker's)
  if (request.deadline) deadline = *request.deadline + (clock.Now() - base_clock.Now());
  JobRun run(config, services, trading, data, clock, *journal, report, deadline);
  run.SetAssets(std::move(*assets));
  run.Run();
  TL_RETURN_IF_ERROR(
      journal->FinishRun(report.run_id, report.outcome, report.ToJson(), clock.Now()));
  return report;
}

Result<JobReport> RunJob(const std::string& config_path, Timestamp slot, bool dry_run,
                         std::optional<Timestamp> deadline) {
  JobRequest request;
  request.config_path = config_path;
  request.slot = slot;
  request.dry_run = dry_run;
  request.deadline = deadline;
  JobServices services;
  return RunJob(request, services);
}

}  // namespace tradelet::live
