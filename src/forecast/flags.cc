#include "tradelet/forecast/flags.h"

#include <cmath>
#include <cstdlib>

#include "tradelet/forecast/country_holidays.h"

namespace tradelet::forecast {
namespace {

Result<double> Number(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(d)) {
    return InvalidArgument(flag + ": not a number '" + v + "'");
  }
  return d;
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t p = s.find(sep, start);
    out.emplace_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace

Result<SeasonalitySpec> ParseSeasonalitySpec(std::string_view spec) {
  const std::string flag = "--add-seasonality '" + std::string(spec) + "'";
  const auto parts = SplitOn(spec, ':');
  if (parts.size() < 3 || parts.size() > 6) {
    return InvalidArgument(flag + ": expected NAME:PERIOD:ORDER[:PRIOR[:MODE[:CONDITION]]]");
  }
  SeasonalitySpec s;
  s.name = parts[0];
  if (s.name.empty()) return InvalidArgument(flag + ": empty name");
  auto period = Number(flag + ": PERIOD (days)", parts[1]);
  if (!period.ok()) return period.status();
  if (!(*period > 0)) return InvalidArgument(flag + ": PERIOD must be > 0 days");
  s.period_days = *period;
  auto order = Number(flag + ": ORDER", parts[2]);
  if (!order.ok()) return order.status();
  if (!(*order >= 1) || *order != std::floor(*order) || *order > 1000) {
    return InvalidArgument(flag + ": ORDER must be a whole number >= 1");
  }
  s.fourier_order = static_cast<int>(*order);
  if (parts.size() > 3 && !parts[3].empty()) {
    auto prior = Number(flag + ": PRIOR", parts[3]);
    if (!prior.ok()) return prior.status();
    if (!(*prior > 0)) return InvalidArgument(flag + ": PRIOR must be > 0");
    s.prior_scale = *prior;
  }
  if (parts.size() > 4 && !parts[4].empty()) {
    auto m = ParseMode(parts[4]);
    if (!m.ok()) return m.status().WithContext(flag + ": MODE");
    s.mode = *m;
  }
  if (parts.size() > 5) s.condition_name = parts[5];
  return s;
}

Result<RegressorSpec> ParseRegressorSpec(std::string_view spec) {
  const std::string flag = "--regressor '" + std::string(spec) + "'";
  const auto parts = SplitOn(spec, ':');
  if (parts.size() > 4) {
    return InvalidArgument(flag + ": expected NAME[:PRIOR[:STANDARDIZE[:MODE]]]");
  }
  RegressorSpec r;
  r.name = parts[0];
  if (r.name.empty()) return InvalidArgument(flag + ": empty name");
  if (parts.size() > 1 && !parts[1].empty()) {
    auto prior = Number(flag + ": PRIOR", parts[1]);
    if (!prior.ok()) return prior.status();
    if (!(*prior > 0)) return InvalidArgument(flag + ": PRIOR must be > 0");
    r.prior_scale = *prior;
  }
  if (parts.size() > 2 && !parts[2].empty()) {
    const std::string& v = parts[2];
    if (v == "auto")
      r.standardize = RegressorSpec::Standardize::kAuto;
    else if (v == "true")
      r.standardize = RegressorSpec::Standardize::kTrue;
    else if (v == "false")
      r.standardize = RegressorSpec::Standardize::kFalse;
    else
      return InvalidArgument(flag + ": STANDARDIZE must be auto, true or false, not '" + v + "'");
  }
  if (parts.size() > 3 && !parts[3].empty()) {
    auto m = ParseMode(parts[3]);
    if (!m.ok()) return m.status().WithContext(flag + ": MODE");
    r.mode = *m;
  }
  return r;
}

Status AddCountryHolidays(const ProphetFlags& f, Timestamp train_first, Timestamp train_last,
                          Timestamp last, ProphetOptions* o) {
  if (f.country_holidays.empty()) return Status::Ok();
  auto year = [](Timestamp t) { return LocalDateTime::FromUtc(t).date.year; };
  TL_ASSIGN_OR_RETURN(std::vector<HolidayEvent> hs,
                      CountryHolidaysForFit(f.country_holidays, year(train_first), year(train_last),
                                            year(last), "--country-holidays"));
  for (auto& h : hs) o->holidays.push_back(std::move(h));
  return Status::Ok();
}

Result<ProphetOptions> OptionsFromFlags(const ProphetFlags& f) {
  ProphetOptions o;
  auto ctx = [](const char* flag) { return std::string(flag); };
  {
    auto g = ParseGrowth(f.growth);
    if (!g.ok()) return g.status().WithContext(ctx("--growth"));
    o.growth = *g;
  }
  o.n_changepoints = f.n_changepoints;
  o.changepoint_range = f.changepoint_range;
  o.changepoint_prior_scale = f.changepoint_prior_scale;
  struct {
    const char* flag;
    const std::string* text;
    SeasonalityToggle* out;
  } toggles[] = {{"--yearly-seasonality", &f.yearly_seasonality, &o.yearly_seasonality},
                 {"--weekly-seasonality", &f.weekly_seasonality, &o.weekly_seasonality},
                 {"--daily-seasonality", &f.daily_seasonality, &o.daily_seasonality}};
  for (auto& t : toggles) {
    auto v = SeasonalityToggle::Parse(*t.text);
    if (!v.ok()) return v.status().WithContext(t.flag);
    *t.out = *v;
  }
  {
    auto m = ParseMode(f.seasonality_mode);
    if (!m.ok()) return m.status().WithContext("--seasonality-mode");
    o.seasonality_mode = *m;
  }
  {
    auto s = ParseScaling(f.scaling);
    if (!s.ok()) return s.status().WithContext("--scaling");
    o.scaling = *s;
  }
  {
    auto a = ParseAlgorithm(f.algorithm);
    if (!a.ok()) return a.status().WithContext("--algorithm");
    o.optimizer.algorithm = *a;
  }
  o.seasonality_prior_scale = f.seasonality_prior_scale;
  o.holidays_prior_scale = f.holidays_prior_scale;
  o.interval_width = f.interval_width;
  o.uncertainty_samples = f.uncertainty_samples;
  o.seed = f.seed;
  if (!f.holidays_text.empty()) {
    TL_ASSIGN_OR_RETURN(o.holidays, ParseHolidaysCsv(f.holidays_text, f.holidays_source));
  }
  for (const auto& spec : f.seasonalities) {
    TL_ASSIGN_OR_RETURN(SeasonalitySpec s, ParseSeasonalitySpec(spec));
    o.seasonalities.push_back(std::move(s));
  }
  for (const auto& spec : f.regressors) {
    TL_ASSIGN_OR_RETURN(RegressorSpec r, ParseRegressorSpec(spec));
    o.regressors.push_back(std::move(r));
  }
  if (!f.changepoints.empty()) {
    std::vector<Timestamp> cps;
    if (f.changepoints != "none") {
      for (const auto& item : SplitOn(f.changepoints, ',')) {
        auto t = ParseTimestamp(item);
        if (!t.ok()) {
          return InvalidArgument("--changepoints: not a date or date-time '" + item + "'");
        }
        cps.push_back(*t);
      }
    }
    o.changepoints = std::move(cps);
  }
  if (!f.country_holidays.empty() && f.country_holidays != "US") {
    return InvalidArgument("--country-holidays: '" + f.country_holidays +
                           "' is not built in (only US)");
  }
  return o;
}

Status ApplyCapFloor(const ProphetFlags& f, Frame* frame) {
  if (!f.cap.empty()) {
    TL_ASSIGN_OR_RETURN(double cap, Number("--cap", f.cap));
    frame->cap.assign(frame->size(), cap);
  }
  if (!f.floor.empty()) {
    TL_ASSIGN_OR_RETURN(double fl, Number("--floor", f.floor));
    frame->floor.assign(frame->size(), fl);
  }
  return Status::Ok();
}

Result<std::vector<HolidayEvent>> ParseHolidaysCsv(std::string_view text, std::string_view source) {
  std::vector<HolidayEvent> out;
  const std::string src(source);
  size_t pos = 0;
  int line = 0;
  std::vector<std::string> header;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string row(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (row.empty()) {
      if (pos > text.size()) break;
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    bool q = false;
    for (char c : row) {
      if (c == '"')
        q = !q;
      else if (c == ',' && !q)
        cells.push_back(cell), cell.clear();
      else
        cell += c;
    }
    cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      continue;
    }
    HolidayEvent h;
    bool has_lw = false, has_uw = false;
    for (size_t c = 0; c < header.size() && c < cells.size(); ++c) {
      const std::string where =
          src + ": line " + std::to_string(line) + ", column '" + header[c] + "'";
      const std::string& v = cells[c];
      if (header[c] == "holiday") {
        h.name = v;
      } else if (header[c] == "ds") {
        auto d = CivilDate::Parse(v.substr(0, 10));
        if (!d.ok()) return InvalidArgument(where + ": not a date '" + v + "'");
        h.date = *d;
      } else if (header[c] == "lower_window" || header[c] == "upper_window" ||
                 header[c] == "prior_scale") {
        if (v.empty() || v == "NA") continue;
        auto n = Number(where, v);
        if (!n.ok()) return n.status();
        if (header[c] == "prior_scale") {
          h.prior_scale = *n;
        } else if (*n != std::floor(*n) || std::fabs(*n) > 10000) {
          return InvalidArgument(where + ": must be a whole number of days");
        } else if (header[c] == "lower_window") {
          h.lower_window = static_cast<int>(*n);
          has_lw = true;
        } else {
          h.upper_window = static_cast<int>(*n);
          has_uw = true;
        }
      }
    }
    if (h.name.empty()) {
      return InvalidArgument(src + ": line " + std::to_string(line) + ": missing holiday name");
    }
    if (has_lw != has_uw) {
      return InvalidArgument(src + ": line " + std::to_string(line) +
                             ": give both lower_window and upper_window, or neither");
    }
    out.push_back(h);
  }
  if (out.empty()) return InvalidArgument(src + ": no holidays");
  return out;
}

}  // namespace tradelet::forecast
