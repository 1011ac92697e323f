// Alpaca Trading API v2 client (the trading half of the Alpaca adapter; integrations.md 2).
//
//   HttpsClient client;
//   RetryingHttpClient http(client, RealClock::Get());   // GET/DELETE retried, POST/PATCH never
//   TL_ASSIGN_OR_RETURN(auto options, AlpacaTradingOptionsFromEnvironment());
//   AlpacaTradingClient alpaca(http, options);
//   auto order = alpaca.CreateOrder(request);
//
// Errors are typed by Status code, with Alpaca's error code and message in the text
// ("alpaca POST /v2/orders: HTTP 422: [40010001] client_order_id must be unique"):
//   401 kUnauthenticated, 403 kPermissionDenied (business rejection: do not retry),
//   404 kNotFound, 400/422 kInvalidArgument, 429 kResourceExhausted, 5xx kUnavailable;
//   transport failures keep the transport's code (kUnavailable, kDeadlineExceeded, kDataLoss).
// Retries are the HttpClient's job: pass a net::RetryingHttpClient, which retries only
// idempotent methods, so a POST /v2/orders whose outcome is unknown comes back as an error and the
// caller reconciles by client_order_id (live/exactly_once.h) instead of repeating it blindly.
// Credentials go only into the APCA-API-* headers; no error, log line or observer event carries
// them.
// Thread-safety: as thread-safe as the HttpClient; the observer is called on the calling thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/adapters/alpaca/trading_types.h"
#include "tradelet/base/status.h"
#include "tradelet/net/http.h"

namespace tradelet::alpaca {

inline constexpr char kPaperTradingUrl[] = "https://paper-api.alpaca.markets";
inline constexpr char kLiveTradingUrl[] = "https://api.alpaca.markets";

struct AlpacaTradingOptions {
  std::string base_url = kPaperTradingUrl;
  std::string key_id;
  std::string secret_key;
  Duration timeout = std::chrono::seconds(15);
};

// base_url from APCA_API_BASE_URL (else paper, or live when `live` is true); keys from
// APCA_API_KEY_ID / APCA_API_SECRET_KEY, else ALPACAUSER / ALPACAPW. kUnauthenticated naming
// the variables when no key pair is set.
Result<AlpacaTradingOptions> AlpacaTradingOptionsFromEnvironment(bool live = false);

// One exchange as the observer sees it: no headers, so no credentials.
struct TradingExchange {
  std::string method, path, request_body;
  int status = 0;                // 0 = no response (transport error)
  std::string response_body;     // or the transport error text
};
using TradingObserver = std::function<void(const TradingExchange&)>;

// True when `s` is Alpaca's 422 for a reused client_order_id (the order already exists).
bool IsDuplicateClientOrderId(const Status& s);

class AlpacaTradingClient {
 public:
  // `http` must outlive the client.
  AlpacaTradingClient(net::HttpClient& http, AlpacaTradingOptions options);

  // Called after every exchange (the run journal records them).
  void set_observer(TradingObserver observer) { observer_ = std::move(observer); }

  Result<TradingAccount> GetAccount();
  Result<MarketClock> GetClock();
  // Both bounds inclusive (Alpaca needs both).
  Result<std::vector<CalendarDay>> GetCalendar(CivilDate start, CivilDate end);
  Result<std::vector<TradingAsset>> ListAssets(const std::string& status = "active",
                                               const std::string& asset_class = "us_equity");
  Result<TradingAsset> GetAsset(const std::string& symbol_or_id);

  Result<std::vector<TradingPosition>> ListPositions();
  // NotFound when there is no position (for a bot: flat).
  Result<TradingPosition> GetPosition(const std::string& symbol);
  // DELETE /v2/positions/{symbol}: the market order that closes it. At most one of qty and
  // percentage (0..100).
  Result<TradingOrder> ClosePosition(const std::string& symbol,
                                     std::optional<Quantity> qty = std::nullopt,
                                     std::optional<Decimal> percentage = std::nullopt);
  Result<std::vector<MultiStatusEntry>> CloseAllPositions(bool cancel_orders);

  // Not retried. On an unknown outcome (transport error, 5xx, 429) reconcile with
  // GetOrderByClientId before anything else.
  Result<TradingOrder> CreateOrder(const OrderRequest& request);
  Result<std::vector<TradingOrder>> ListOrders(const ListOrdersQuery& query);
  Result<TradingOrder> GetOrder(const std::string& order_id, bool nested = false);
  // GET /v2/orders:by_client_order_id (the colon is sent literally). NotFound if none.
  Result<TradingOrder> GetOrderByClientId(const std::string& client_order_id);
  // PATCH: returns the NEW order (new id).
  Result<TradingOrder> ReplaceOrder(const std::string& order_id,
                                    const ReplaceOrderRequest& request);
  // 204 = cancel requested (asynchronous). 422 when no longer cancelable, 404 when unknown.
  Status CancelOrder(const std::string& order_id);
  Result<std::vector<MultiStatusEntry>> CancelAllOrders();

  const AlpacaTradingOptions& options() const { return options_; }

 private:
  Result<net::HttpResponse> Call(net::HttpMethod method, const std::string& path_and_query,
                                 const std::string& body);

  net::HttpClient& http_;
  const AlpacaTradingOptions options_;
  TradingObserver observer_;
};

}  // namespace tradelet::alpaca
