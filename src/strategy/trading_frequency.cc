#include "tradelet/strategy/trading_frequency.h"

#include <memory>
#include <string>
#include <vector>

#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet {
namespace {

std::shared_ptr<const std::vector<int64_t>> NyseSessionDays() {
  static const std::shared_ptr<const std::vector<int64_t>> days = [] {
    auto v = std::make_shared<std::vector<int64_t>>();
    for (const Session& s : NyseCalendar::Get().AllSessions()) v->push_back(s.date.ToDays());
    return std::shared_ptr<const std::vector<int64_t>>(std::move(v));
  }();
  return days;
}

}  // namespace

Result<forecast::Frequency> ParseTradingFrequency(std::string_view text) {
  constexpr std::string_view kNyse = "nyse";
  if (text.size() >= kNyse.size() && text.substr(text.size() - kNyse.size()) == kNyse) {
    const std::string_view n = text.substr(0, text.size() - kNyse.size());
    int64_t count = 1;
    if (!n.empty()) {
      count = 0;
      for (char c : n) {
        if (c < '0' || c > '9' || count > 100000) {
          return InvalidArgument("unknown frequency '" + std::string(text) +
                                 "' (nyse takes a count: 5nyse)");
        }
        count = count * 10 + (c - '0');
      }
      if (count < 1) {
        return InvalidArgument("frequency '" + std::string(text) + "': count must be >= 1");
      }
    }
    return forecast::Frequency::Sessions("nyse", count, NyseSessionDays());
  }
  return forecast::Frequency::Parse(text);
}

}  // namespace tradelet
