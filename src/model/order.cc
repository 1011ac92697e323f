#include "tradelet/model/order.h"

#include <array>
#include <cstdint>
#include <utility>

namespace tradelet {
namespace {

template <typename E, size_t N>
Result<E> ParseName(std::string_view text, const std::array<std::pair<std::string_view, E>, N>& names,
                    const char* what) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  return InvalidArgument(std::string("unknown ") + what + " '" + std::string(text) + "'");
}

template <typename E, size_t N>
std::string_view NameOf(E value, const std::array<std::pair<std::string_view, E>, N>& names) {
  for (const auto& [name, v] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<std::string_view, OrderSide>, 2> kSides{{
    {"buy", OrderSide::kBuy}, {"sell", OrderSide::kSell}}};
constexpr std::array<std::pair<std::string_view, OrderType>, 5> kTypes{{
    {"market", OrderType::kMarket},
    {"limit", OrderType::kLimit},
    {"stop", OrderType::kStop},
    {"stop_limit", OrderType::kStopLimit},
    {"trailing_stop", OrderType::kTrailingStop}}};
constexpr std::array<std::pair<std::string_view, TimeInForce>, 6> kTifs{{
    {"day", TimeInForce::kDay},
    {"gtc", TimeInForce::kGtc},
    {"opg", TimeInForce::kOpg},
    {"cls", TimeInForce::kCls},
    {"ioc", TimeInForce::kIoc},
    {"fok", TimeInForce::kFok}}};
constexpr std::array<std::pair<std::string_view, OrderClass>, 4> kClasses{{
    {"simple", OrderClass::kSimple},
    {"bracket", OrderClass::kBracket},
    {"oco", OrderClass::kOco},
    {"oto", OrderClass::kOto}}};
constexpr std::array<std::pair<std::string_view, OrderStatus>, 18> kStatuses{{
    {"pending_new", OrderStatus::kPendingNew},
    {"accepted", OrderStatus::kAccepted},
    {"new", OrderStatus::kNew},
    {"held", OrderStatus::kHeld},
    {"accepted_for_bidding", OrderStatus::kAcceptedForBidding},
    {"partially_filled", OrderStatus::kPartiallyFilled},
    {"filled", OrderStatus::kFilled},
    {"done_for_day", OrderStatus::kDoneForDay},
    {"canceled", OrderStatus::kCanceled},
    {"expired", OrderStatus::kExpired},
    {"replaced", OrderStatus::kReplaced},
    {"pending_cancel", OrderStatus::kPendingCancel},
    {"pending_replace", OrderStatus::kPendingReplace},
    {"stopped", OrderStatus::kStopped},
    {"rejected", OrderStatus::kRejected},
    {"suspended", OrderStatus::kSuspended},
    {"calculated", OrderStatus::kCalculated},
    {"unknown", OrderStatus::kUnknown}}};

using S = OrderStatus;

// Allowed successors of each status (Alpaca's lifecycle, integrations.md 2.9). A fill can
// race a cancel or replace request, so pending_cancel/pending_replace may still (partially)
// fill; done_for_day resumes the next session.
constexpr uint32_t Bit(S s) { return 1u << static_cast<int>(s); }
template <typename... T>
constexpr uint32_t Set(T... s) { return (Bit(s) | ... | 0u); }

uint32_t Successors(S from) {
  switch (from) {
    case S::kPendingNew:
      return Set(S::kAccepted, S::kNew, S::kHeld, S::kRejected, S::kCanceled);
    case S::kAccepted:
      return Set(S::kPendingNew, S::kNew, S::kHeld, S::kAcceptedForBidding, S::kPartiallyFilled,
              S::kFilled, S::kRejected, S::kCanceled, S::kExpired, S::kPendingCancel,
              S::kPendingReplace, S::kReplaced);
    case S::kHeld:
      return Set(S::kAccepted, S::kNew, S::kCanceled, S::kExpired, S::kRejected, S::kPendingCancel);
    case S::kAcceptedForBidding:
      return Set(S::kNew, S::kPartiallyFilled, S::kFilled, S::kCanceled, S::kExpired,
              S::kRejected, S::kPendingCancel);
    case S::kNew:
      return Set(S::kPartiallyFilled, S::kFilled, S::kDoneForDay, S::kCanceled, S::kExpired,
              S::kPendingCancel, S::kPendingReplace, S::kReplaced, S::kStopped, S::kRejected,
              S::kSuspended, S::kCalculated);
    case S::kPartiallyFilled:
      return Set(S::kPartiallyFilled, S::kFilled, S::kDoneForDay, S::kCanceled, S::kExpired,
              S::kPendingCancel, S::kPendingReplace, S::kReplaced, S::kStopped,
              S::kCalculated);
    case S::kDoneForDay:
      return Set(S::kNew, S::kPartiallyFilled, S::kFilled, S::kCanceled, S::kExpired);
    case S::kPendingCancel:
      return Set(S::kCanceled, S::kPartiallyFilled, S::kFilled, S::kNew, S::kExpired);
    case S::kPendingReplace:
      return Set(S::kReplaced, S::kNew, S::kPartiallyFilled, S::kFilled, S::kCanceled);
    case S::kStopped:
      return Set(S::kFilled, S::kPartiallyFilled, S::kCanceled, S::kExpired);
    case S::kSuspended:
      return Set(S::kNew, S::kCanceled, S::kExpired, S::kRejected);
    case S::kCalculated:
      return Set(S::kFilled, S::kPartiallyFilled, S::kDoneForDay, S::kCanceled, S::kExpired);
    case S::kUnknown:  // handled in CanTransition
    case S::kFilled:
    case S::kCanceled:
    case S::kExpired:
    case S::kReplaced:
    case S::kRejected:
      return 0;
  }
  return 0;
}

}  // namespace

std::string_view OrderSideName(OrderSide s) { return NameOf(s, kSides); }
std::string_view OrderTypeName(OrderType t) { return NameOf(t, kTypes); }
std::string_view TimeInForceName(TimeInForce t) { return NameOf(t, kTifs); }
std::string_view OrderClassName(OrderClass c) { return NameOf(c, kClasses); }
std::string_view OrderStatusName(OrderStatus s) { return NameOf(s, kStatuses); }
Result<OrderSide> ParseOrderSide(std::string_view s) { return ParseName(s, kSides, "order side"); }
Result<OrderType> ParseOrderType(std::string_view s) { return ParseName(s, kTypes, "order type"); }
Result<TimeInForce> ParseTimeInForce(std::string_view s) {
  return ParseName(s, kTifs, "time_in_force");
}
Result<OrderClass> ParseOrderClass(std::string_view s) {
  if (s.empty()) return OrderClass::kSimple;
  return ParseName(s, kClasses, "order_class");
}
OrderStatus ParseOrderStatus(std::string_view s) {
  auto r = ParseName(s, kStatuses, "order status");
  return r.ok() ? *r : OrderStatus::kUnknown;
}

bool IsTerminal(OrderStatus s) {
  return s == S::kFilled || s == S::kCanceled || s == S::kExpired || s == S::kRejected ||
         s == S::kReplaced;
}

bool CanTransition(OrderStatus from, OrderStatus to) {
  if (IsTerminal(from)) return false;
  if (from == S::kUnknown || to == S::kUnknown) return true;
  return (Successors(from) & Bit(to)) != 0;
}

Status Order::TransitionTo(OrderStatus to, Timestamp at) {
  if (!CanTransition(status, to)) {
    return FailedPrecondition("order " + id + " (" + symbol + "): illegal status transition " +
                              std::string(OrderStatusName(status)) + " -> " +
                              std::string(OrderStatusName(to)));
  }
  status = to;
  updated_at = at;
  return Status::Ok();
}

}  // namespace tradelet
