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
    TL_ASSIGN_OR_RETURN(const int64_t count, forecast::Frequency::UnitCount(text, kNyse));
    return forecast::Frequency::Sessions("nyse", count, NyseSessionDays());
  }
  return forecast::Frequency::Parse(text);
}

}  // namespace tradelet
