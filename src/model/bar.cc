#include "tradelet/model/bar.h"

namespace tradelet {

std::string_view BarIntervalName(BarInterval i) {
  switch (i) {
    case BarInterval::k1Min: return "1m";
    case BarInterval::k5Min: return "5m";
    case BarInterval::k15Min: return "15m";
    case BarInterval::k30Min: return "30m";
    case BarInterval::k1Hour: return "1h";
    case BarInterval::k1Day: return "1d";
    case BarInterval::k1Week: return "1wk";
    case BarInterval::k1Month: return "1mo";
  }
  return "?";
}

Result<BarInterval> ParseBarInterval(std::string_view t) {
  struct Alias {
    const char* name;
    BarInterval interval;
  };
  static constexpr Alias kAliases[] = {
      {"1m", BarInterval::k1Min},     {"1min", BarInterval::k1Min},   {"1Min", BarInterval::k1Min},
      {"5m", BarInterval::k5Min},     {"5min", BarInterval::k5Min},   {"5Min", BarInterval::k5Min},
      {"15m", BarInterval::k15Min},   {"15min", BarInterval::k15Min}, {"15Min", BarInterval::k15Min},
      {"30m", BarInterval::k30Min},   {"30min", BarInterval::k30Min}, {"30Min", BarInterval::k30Min},
      {"1h", BarInterval::k1Hour},    {"60m", BarInterval::k1Hour},   {"1Hour", BarInterval::k1Hour},
      {"1d", BarInterval::k1Day},     {"day", BarInterval::k1Day},    {"1Day", BarInterval::k1Day},
      {"1wk", BarInterval::k1Week},   {"1w", BarInterval::k1Week},    {"1Week", BarInterval::k1Week},
      {"1mo", BarInterval::k1Month},  {"1Month", BarInterval::k1Month},
  };
  for (const auto& a : kAliases) {
    if (t == a.name) return a.interval;
  }
  return InvalidArgument("unknown bar interval '" + std::string(t) +
                         "' (use 1m, 5m, 15m, 30m, 1h, 1d, 1wk, 1mo)");
}

Duration BarIntervalDuration(BarInterval i) {
  switch (i) {
    case BarInterval::k1Min: return minutes(1);
    case BarInterval::k5Min: return minutes(5);
    case BarInterval::k15Min: return minutes(15);
    case BarInterval::k30Min: return minutes(30);
    case BarInterval::k1Hour: return hours(1);
    case BarInterval::k1Day: return hours(24);
    case BarInterval::k1Week: return hours(24 * 7);
    case BarInterval::k1Month: return hours(24 * 30);
  }
  return hours(24);
}

}  // namespace tradelet
