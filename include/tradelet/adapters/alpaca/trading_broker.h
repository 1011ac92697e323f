// The engine's Broker port over the Alpaca Trading API, so the kernel (and the live job) can
// drive a real or paper Alpaca account exactly like the simulated broker. Orders are checked by
// the same rules first (engine/broker_rules.h) so an order Alpaca would reject fails before any
// request. The port's non-Result getters (positions, account) cannot report errors: they return
// the last successfully read value and keep the error in last_error().
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tradelet/adapters/alpaca/trading_client.h"
#include "tradelet/engine/ports.h"

namespace tradelet::alpaca {

// AccountSnapshot from Alpaca's account: cash, long/short values, multiplier.
AccountSnapshot ToAccountSnapshot(const TradingAccount& a);

class AlpacaBroker final : public Broker {
 public:
  // `client` must outlive the broker.
  explicit AlpacaBroker(AlpacaTradingClient& client) : client_(client) {}

  // Validates with ValidateOrder (asset flags from GET /v2/assets, cached per symbol), then
  // POSTs once. The caller owns retries (see live/exactly_once.h).
  Result<std::string> Submit(const OrderRequest& request, Timestamp now) override;
  Status Cancel(const std::string& order_id, Timestamp now) override;
  Result<Order> GetOrder(const std::string& order_id) const override;
  std::vector<Order> OpenOrders(const Symbol& symbol) const override;
  bool HasOpenOrders(const Symbol& symbol) const override;
  Position GetPosition(const Symbol& symbol) const override;
  AccountSnapshot Account() const override;

  const Status& last_error() const { return last_error_; }

 private:
  AlpacaTradingClient& client_;
  mutable std::map<std::string, AssetInfo> assets_;
  mutable std::map<std::string, Position> last_positions_;
  mutable AccountSnapshot last_account_;
  mutable Status last_error_;
};

}  // namespace tradelet::alpaca
