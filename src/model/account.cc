#include "tradelet/model/account.h"

namespace tradelet {

Money AccountSnapshot::buying_power() const {
  Money bp;
  if (type == AccountType::kCash) {
    bp = cash - open_buy_reserved;
  } else {
    bp = equity() * multiplier - (long_value - short_value) - open_buy_reserved;
  }
  return bp.IsNegative() ? Money() : bp;
}

}  // namespace tradelet
