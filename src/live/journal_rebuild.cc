#include "tradelet/live/journal_rebuild.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "tradelet/base/log.h"
#include "tradelet/live/client_order_id.h"
#include "tradelet/live/journal.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"

namespace tradelet::live {
namespace {

namespace fs = std::filesystem;

constexpr int kPage = 500;         // Alpaca's largest page
constexpr int kMaxPages = 10'000;  // 5 million orders: a broker that never stops paging

// "<strategy>-" as MakeClientOrderId spells it: its slot prefix without "YYYYMMDDTHHMMZ-".
std::string StrategyHead(std::string_view strategy_id) {
  const std::string p = ClientOrderIdSlotPrefix(strategy_id, Timestamp());
  return p.substr(0, p.size() - 15);
}

std::optional<Timestamp> SlotAfter(std::string_view head, std::string_view id) {
  if (id.size() < head.size() + 15 || id.substr(0, head.size()) != head) return std::nullopt;
  const std::string_view s = id.substr(head.size(), 14);  // YYYYMMDDTHHMMZ
  if (id[head.size() + 14] != '-' || s[8] != 'T' || s[13] != 'Z') return std::nullopt;
  const std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                          std::string(s.substr(6, 2)) + "T" + std::string(s.substr(9, 2)) + ":" +
                          std::string(s.substr(11, 2)) + ":00Z";
  auto t = ParseTimestamp(iso);
  if (!t.ok()) return std::nullopt;
  // The round trip rejects what ParseTimestamp tolerates but MakeClientOrderId never writes.
  if (ClientOrderIdSlotPrefix("", *t).substr(1, 14) != s) return std::nullopt;
  return *t;
}

std::string KeptName(const std::string& path, Timestamp now) {
  std::string t = FormatTimestamp(now);
  std::string compact;
  for (char c : t) {
    if (c != '-' && c != ':') compact += c;
  }
  return path + ".before-rebuild-" + compact;
}

}  // namespace

std::optional<Timestamp> ClientOrderIdSlot(std::string_view strategy_id,
                                           std::string_view client_order_id) {
  if (auto t = SlotAfter(StrategyHead(strategy_id), client_order_id)) return t;
  // The shortened form (long or lossy ids): 8 characters of the strategy, then a hash.
  const std::string head8 = StrategyHead(strategy_id.substr(0, 8));
  if (auto t = SlotAfter(head8, client_order_id)) {
    // ...-<symbol, up to 6>-<16 hex digits>
    const std::string_view rest = client_order_id.substr(head8.size() + 15);
    const size_t dash = rest.rfind('-');
    if (dash != std::string_view::npos && rest.size() - dash == 17 &&
        rest.substr(dash + 1).find_first_not_of("0123456789abcdef") == std::string_view::npos) {
      return t;
    }
  }
  return std::nullopt;
}

std::string RebuildReport::ToJson() const {
  std::string out = "{\"journal\":";
  AppendJsonString(&out, journal_path);
  out += ",\"kept\":";
  AppendJsonString(&out, kept_path);
  out += ",\"broker_orders\":" + std::to_string(broker_orders) +
         ",\"orders\":" + std::to_string(orders) + "}";
  return out;
}

Result<RebuildReport> RebuildJournal(const LiveConfig& config, alpaca::AlpacaTradingClient& trading,
                                     Timestamp now) {
  if (config.journal_path.empty() || config.journal_path == ":memory:") {
    return InvalidArgument("live.journal: an in-memory journal has nothing to rebuild");
  }
  RebuildReport report;
  report.journal_path = config.journal_path;
  // Everything is read from the broker before the old file is touched: a broker that cannot be
  // reached leaves the journal as it was.
  std::map<std::string, alpaca::TradingOrder> mine;  // by client_order_id
  std::set<std::string> seen;
  alpaca::ListOrdersQuery q;
  q.status = "all";
  q.limit = kPage;
  q.direction = "asc";
  for (int page = 0; page < kMaxPages; ++page) {
    TL_ASSIGN_OR_RETURN(std::vector<alpaca::TradingOrder> got, trading.ListOrders(q));
    size_t fresh = 0;
    std::optional<Timestamp> last;
    for (alpaca::TradingOrder& o : got) {
      if (o.submitted_at) last = last ? std::max(*last, *o.submitted_at) : *o.submitted_at;
      if (!seen.insert(o.order.id).second) continue;
      ++fresh;
      ++report.broker_orders;
      if (ClientOrderIdSlot(config.strategy_id, o.order.client_order_id)) {
        mine[o.order.client_order_id] = std::move(o);
      }
    }
    // The next page starts at the last submission time (inclusive, hence the dedupe by id).
    if (got.size() < static_cast<size_t>(kPage) || fresh == 0 || !last) break;
    q.after = *last - Duration(1);
  }

  std::error_code ec;
  if (fs::exists(config.journal_path, ec)) {
    report.kept_path = KeptName(config.journal_path, now);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const std::string from = config.journal_path + suffix;
      if (!fs::exists(from, ec)) continue;
      fs::rename(from, report.kept_path + suffix, ec);
      if (ec) {
        return Unavailable("journal " + from + ": cannot move it aside to " + report.kept_path +
                           suffix + ": " + ec.message());
      }
    }
  }
  TL_ASSIGN_OR_RETURN(std::unique_ptr<Journal> journal, Journal::Open(config.journal_path));
  const std::string run_id = config.strategy_id + "@rebuild@" + FormatTimestamp(now);
  for (const auto& [cid, o] : mine) {
    JournalOrder row;
    row.client_order_id = cid;
    row.run_id = run_id;
    row.slot = *ClientOrderIdSlot(config.strategy_id, cid);
    row.symbol = o.order.symbol;
    row.side = std::string(OrderSideName(o.order.side));
    row.qty = o.order.qty.ToString();
    std::string req = "{\"rebuilt_from_broker\":true,\"symbol\":";
    AppendJsonString(&req, row.symbol);
    req += ",\"side\":\"" + row.side + "\",\"qty\":\"" + row.qty + "\",\"type\":\"" +
           std::string(OrderTypeName(o.order.type)) + "\"}";
    row.request_json = req;
    TL_RETURN_IF_ERROR(journal->RecordIntent(row));
    TL_RETURN_IF_ERROR(journal->RecordOutcome(
        cid, "adopted", o.order.id, "rebuilt from the broker (status " + o.status_text + ")", now));
    ++report.orders;
  }
  TL_LOG(kInfo, "journal rebuilt from the broker")
      .Field("journal", report.journal_path)
      .Field("kept", report.kept_path)
      .Field("broker_orders", report.broker_orders)
      .Field("orders", report.orders);
  return report;
}

Result<RebuildReport> RebuildJournalFromEnvironment(const std::string& config_path) {
  TL_ASSIGN_OR_RETURN(LiveConfig config, LoadLiveConfig(config_path));
  TL_ASSIGN_OR_RETURN(alpaca::AlpacaTradingOptions topts,
                      alpaca::AlpacaTradingOptionsFromEnvironment());
  Logger::RegisterSecret(topts.secret_key);
  net::HttpsClient transport;
  net::RetryingHttpClient http(transport, RealClock::Get());
  alpaca::AlpacaTradingClient trading(http, topts);
  return RebuildJournal(config, trading, RealClock::Get().Now());
}

}  // namespace tradelet::live
