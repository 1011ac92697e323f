#include "tradelet/forecast/flags.h"

#include <cmath>
#include <cstdlib>

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

}  // namespace

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
  if (o.growth == Growth::kLogistic && f.cap.empty()) {
    // The input may carry its own cap column; checked at fit.
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

Result<std::vector<HolidayEvent>> ParseHolidaysCsv(std::string_view text,
                                                   std::string_view source) {
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
      if (c == '"') q = !q;
      else if (c == ',' && !q) cells.push_back(cell), cell.clear();
      else cell += c;
    }
    cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      continue;
    }
    HolidayEvent h;
    bool has_lw = false, has_uw = false;
    for (size_t c = 0; c < header.size() && c < cells.size(); ++c) {
      const std::string where = src + ": line " + std::to_string(line) + ", column '" + header[c] + "'";
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
