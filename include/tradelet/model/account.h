// Account: cash or Reg-T-style margin, and what it may still buy.
#pragma once

#include "tradelet/model/decimal.h"

namespace tradelet {

enum class AccountType { kCash, kMargin };

struct AccountConfig {
  AccountType type = AccountType::kCash;
  // Buying-power multiplier for margin accounts (Alpaca: 2 overnight, 4 intraday for PDT).
  // Cash accounts always use 1 and may not short.
  Decimal margin_multiplier = Decimal::FromInt(2);
  bool allow_short = false;  // margin accounts only
};

// A point-in-time view of the ledger, valued at the latest marks.
struct AccountSnapshot {
  AccountType type = AccountType::kCash;
  Money cash;               // may be negative on margin (a loan)
  Money long_value;         // sum of long positions at the mark (>= 0)
  Money short_value;        // sum of short positions at the mark (<= 0)
  Money open_buy_reserved;  // notional held back by open buy / sell-short orders
  Decimal multiplier = Decimal::FromInt(1);

  Money equity() const { return cash + long_value + short_value; }
  // Cash account: settled cash not already reserved. Margin: equity x multiplier minus the
  // gross position value and reservations (never negative).
  Money buying_power() const;
};

}  // namespace tradelet
