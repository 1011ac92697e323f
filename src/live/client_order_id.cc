#include "tradelet/live/client_order_id.h"

#include <cstdint>
#include <cstdio>

namespace tradelet::live {
namespace {

constexpr size_t kMaxLen = 48;

std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out;
}

std::string SlotText(Timestamp slot) {
  const LocalDateTime l = LocalDateTime::FromUtc(slot);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02dZ", l.date.year, l.date.month, l.date.day,
                l.hour, l.minute);
  return buf;
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string ClientOrderIdSlotPrefix(std::string_view strategy_id, Timestamp slot) {
  return Clean(strategy_id) + "-" + SlotText(slot) + "-";
}

std::string MakeClientOrderId(std::string_view strategy_id, Timestamp slot, std::string_view symbol,
                              OrderSide side, int leg) {
  const std::string tail =
      std::string("-") + (side == OrderSide::kBuy ? "b" : "s") + "-" + std::to_string(leg);
  std::string id = ClientOrderIdSlotPrefix(strategy_id, slot) + Clean(symbol) + tail;
  if (id.size() <= kMaxLen && Clean(strategy_id) == strategy_id && Clean(symbol) == symbol) {
    return id;
  }
  // Too long or lossy: short readable parts plus a hash of the exact tuple.
  const std::string full = std::string(strategy_id) + '\x1f' + std::to_string(slot.unix_nanos()) +
                           '\x1f' + std::string(symbol) + '\x1f' + tail;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(Fnv1a(full)));
  const std::string slot_text = SlotText(slot);  // 14
  // 8 + 1 + 14 + 1 + 6 + 1 + 16 = 47 characters at most.
  return Clean(strategy_id.substr(0, 8)) + "-" + slot_text + "-" + Clean(symbol.substr(0, 6)) +
         "-" + hash;
}

bool IsClientOrderIdOfSlot(std::string_view cid, std::string_view strategy_id, Timestamp slot) {
  if (cid.starts_with(ClientOrderIdSlotPrefix(strategy_id, slot))) return true;
  // The hashed form: "<strategy[:8]>-<slot>-<symbol[:6]>-<16 hex digits>".
  const std::string head = Clean(strategy_id.substr(0, 8)) + "-" + SlotText(slot) + "-";
  if (!cid.starts_with(head) || cid.size() < head.size() + 17) return false;
  const std::string_view tail = cid.substr(cid.size() - 17);
  if (tail[0] != '-') return false;
  for (char c : tail.substr(1)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Timestamp FloorToPeriod(Timestamp t, Duration period) {
  const int64_t p = period.count();
  if (p <= 0) return t;
  int64_t ns = t.unix_nanos();
  int64_t q = ns / p;
  if (ns % p != 0 && ns < 0) --q;
  return Timestamp::FromUnixNanos(q * p);
}

}  // namespace tradelet::live
