#include "tradelet/adapters/alpaca/trading_client.h"

#include "tradelet/adapters/alpaca/credentials.h"
#include "tradelet/adapters/alpaca/trading_json.h"

namespace tradelet::alpaca {

Result<AlpacaTradingOptions> AlpacaTradingOptionsFromEnvironment(bool live) {
  AlpacaTradingOptions o;
  o.base_url = live ? kLiveTradingUrl : kPaperTradingUrl;
  if (std::string url = EnvOrEmpty("APCA_API_BASE_URL"); !url.empty()) o.base_url = url;
  TL_ASSIGN_OR_RETURN(AlpacaCredentials keys, AlpacaCredentialsFromEnvironment());
  o.key_id = std::move(keys.key_id);
  o.secret_key = std::move(keys.secret_key);
  return o;
}

bool IsDuplicateClientOrderId(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument &&
         s.message().find("client_order_id must be unique") != std::string::npos;
}

AlpacaTradingClient::AlpacaTradingClient(net::HttpClient& http, AlpacaTradingOptions options)
    : http_(http), options_(std::move(options)) {}

Result<net::HttpResponse> AlpacaTradingClient::Call(net::HttpMethod method,
                                                    const std::string& path_and_query,
                                                    const std::string& body) {
  net::HttpRequest req;
  req.method = method;
  req.url = net::TrimTrailingSlash(options_.base_url) + path_and_query;
  req.timeout = options_.timeout;
  req.connect_timeout = std::min<Duration>(options_.timeout, std::chrono::seconds(10));
  req.headers = {{"APCA-API-KEY-ID", options_.key_id},
                 {"APCA-API-SECRET-KEY", options_.secret_key},
                 {"Accept", "application/json"}};
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
  }
  const std::string what =
      "alpaca " + std::string(net::HttpMethodName(method)) + " " +
      path_and_query.substr(0, path_and_query.find('?'));
  auto resp = http_.Send(req);
  if (observer_) {
    TradingExchange ex{std::string(net::HttpMethodName(method)), path_and_query, body, 0, ""};
    if (resp.ok()) {
      ex.status = resp->status;
      ex.response_body = resp->body;
    } else {
      ex.response_body = resp.status().ToString();
    }
    observer_(ex);
  }
  if (!resp.ok()) return resp.status().WithContext(what);
  if (!resp->ok()) {
    const ApiErrorBody e = ParseApiErrorJson(resp->body);
    std::string detail = e.code ? "[" + std::to_string(e.code) + "] " + e.message : e.message;
    return net::HttpStatusToStatus(resp->status, what, detail);
  }
  return resp;
}

namespace {
// Parse errors name the endpoint as well as the JSON path.
template <typename T>
Result<T> Parsed(Result<T> r, const char* what) {
  if (!r.ok()) return r.status().WithContext(what);
  return r;
}
}  // namespace

Result<TradingAccount> AlpacaTradingClient::GetAccount() {
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kGet, "/v2/account", ""));
  return Parsed(ParseAccountJson(r.body), "alpaca GET /v2/account");
}

Result<MarketClock> AlpacaTradingClient::GetClock() {
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kGet, "/v2/clock", ""));
  return Parsed(ParseClockJson(r.body), "alpaca GET /v2/clock");
}

Result<std::vector<CalendarDay>> AlpacaTradingClient::GetCalendar(CivilDate start, CivilDate end) {
  TL_ASSIGN_OR_RETURN(
      auto r, Call(net::HttpMethod::kGet,
                   "/v2/calendar" + net::QueryString({{"start", start.ToString()},
                                                      {"end", end.ToString()}}),
                   ""));
  return Parsed(ParseCalendarJson(r.body), "alpaca GET /v2/calendar");
}

Result<std::vector<TradingAsset>> AlpacaTradingClient::ListAssets(const std::string& status,
                                                                  const std::string& asset_class) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!status.empty()) q.emplace_back("status", status);
  if (!asset_class.empty()) q.emplace_back("asset_class", asset_class);
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kGet, "/v2/assets" + net::QueryString(q), ""));
  return Parsed(ParseAssetsJson(r.body), "alpaca GET /v2/assets");
}

Result<TradingAsset> AlpacaTradingClient::GetAsset(const std::string& symbol_or_id) {
  TL_ASSIGN_OR_RETURN(
      auto r, Call(net::HttpMethod::kGet, "/v2/assets/" + net::UrlEncode(symbol_or_id), ""));
  return Parsed(ParseAssetJson(r.body), "alpaca GET /v2/assets/{symbol}");
}

Result<std::vector<TradingPosition>> AlpacaTradingClient::ListPositions() {
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kGet, "/v2/positions", ""));
  return Parsed(ParsePositionsJson(r.body), "alpaca GET /v2/positions");
}

Result<TradingPosition> AlpacaTradingClient::GetPosition(const std::string& symbol) {
  TL_ASSIGN_OR_RETURN(
      auto r, Call(net::HttpMethod::kGet, "/v2/positions/" + net::UrlEncode(symbol), ""));
  return Parsed(ParsePositionJson(r.body), "alpaca GET /v2/positions/{symbol}");
}

Result<TradingOrder> AlpacaTradingClient::ClosePosition(const std::string& symbol,
                                                        std::optional<Quantity> qty,
                                                        std::optional<Decimal> percentage) {
  if (qty && percentage) {
    return InvalidArgument("alpaca close position: give qty or percentage, not both");
  }
  std::vector<std::pair<std::string, std::string>> q;
  if (qty) q.emplace_back("qty", qty->ToString());
  if (percentage) q.emplace_back("percentage", percentage->ToString());
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kDelete,
                                   "/v2/positions/" + net::UrlEncode(symbol) + net::QueryString(q),
                                   ""));
  return Parsed(ParseOrderJson(r.body), "alpaca DELETE /v2/positions/{symbol}");
}

Result<std::vector<MultiStatusEntry>> AlpacaTradingClient::CloseAllPositions(bool cancel_orders) {
  TL_ASSIGN_OR_RETURN(
      auto r, Call(net::HttpMethod::kDelete,
                   std::string("/v2/positions?cancel_orders=") + (cancel_orders ? "true" : "false"),
                   ""));
  return Parsed(ParseMultiStatusJson(r.body, "symbol"), "alpaca DELETE /v2/positions");
}

Result<TradingOrder> AlpacaTradingClient::CreateOrder(const OrderRequest& request) {
  TL_ASSIGN_OR_RETURN(auto r,
                      Call(net::HttpMethod::kPost, "/v2/orders", OrderRequestToJson(request)));
  return Parsed(ParseOrderJson(r.body), "alpaca POST /v2/orders");
}

Result<std::vector<TradingOrder>> AlpacaTradingClient::ListOrders(const ListOrdersQuery& query) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!query.status.empty()) q.emplace_back("status", query.status);
  if (query.limit > 0) q.emplace_back("limit", std::to_string(query.limit));
  if (query.after) q.emplace_back("after", FormatTimestamp(*query.after));
  if (query.until) q.emplace_back("until", FormatTimestamp(*query.until));
  if (!query.direction.empty()) q.emplace_back("direction", query.direction);
  if (query.nested) q.emplace_back("nested", "true");
  if (!query.side.empty()) q.emplace_back("side", query.side);
  if (!query.symbols.empty()) {
    std::string s;
    for (const auto& sym : query.symbols) s += (s.empty() ? "" : ",") + sym;
    q.emplace_back("symbols", s);
  }
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kGet, "/v2/orders" + net::QueryString(q), ""));
  return Parsed(ParseOrdersJson(r.body), "alpaca GET /v2/orders");
}

Result<TradingOrder> AlpacaTradingClient::GetOrder(const std::string& order_id, bool nested) {
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kGet,
                                   "/v2/orders/" + net::UrlEncode(order_id) +
                                       (nested ? "?nested=true" : ""),
                                   ""));
  return Parsed(ParseOrderJson(r.body), "alpaca GET /v2/orders/{id}");
}

Result<TradingOrder> AlpacaTradingClient::GetOrderByClientId(const std::string& client_order_id) {
  TL_ASSIGN_OR_RETURN(
      auto r, Call(net::HttpMethod::kGet,
                   "/v2/orders:by_client_order_id" +
                       net::QueryString({{"client_order_id", client_order_id}}),
                   ""));
  return Parsed(ParseOrderJson(r.body), "alpaca GET /v2/orders:by_client_order_id");
}

Result<TradingOrder> AlpacaTradingClient::ReplaceOrder(const std::string& order_id,
                                                       const ReplaceOrderRequest& request) {
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kPatch,
                                   "/v2/orders/" + net::UrlEncode(order_id),
                                   ReplaceRequestToJson(request)));
  return Parsed(ParseOrderJson(r.body), "alpaca PATCH /v2/orders/{id}");
}

Status AlpacaTradingClient::CancelOrder(const std::string& order_id) {
  auto r = Call(net::HttpMethod::kDelete, "/v2/orders/" + net::UrlEncode(order_id), "");
  return r.status();
}

Result<std::vector<MultiStatusEntry>> AlpacaTradingClient::CancelAllOrders() {
  TL_ASSIGN_OR_RETURN(auto r, Call(net::HttpMethod::kDelete, "/v2/orders", ""));
  return Parsed(ParseMultiStatusJson(r.body, "id"), "alpaca DELETE /v2/orders");
}

}  // namespace tradelet::alpaca
