#include "convert.h"

#include <cmath>
#include <utility>

namespace tradelet::python {

void Raise(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kNotFound:
      throw py::value_error(status.message());
    default:
      throw std::runtime_error(status.message());
  }
}

std::vector<double> ToDoubles(const py::handle& obj) {
  F64Array a = F64Array::ensure(obj);
  if (!a) throw py::value_error("expected an array of numbers");
  if (a.ndim() != 1) throw py::value_error("expected a one-dimensional array");
  return std::vector<double>(a.data(), a.data() + a.size());
}

std::vector<Timestamp> ToTimestamps(const py::handle& obj) {
  I64Array a = I64Array::ensure(obj);
  if (!a) throw py::value_error("expected an array of int64 nanoseconds");
  if (a.ndim() != 1) throw py::value_error("expected a one-dimensional array");
  std::vector<Timestamp> out;
  out.reserve(static_cast<size_t>(a.size()));
  const int64_t* p = a.data();
  for (py::ssize_t i = 0; i < a.size(); ++i) out.push_back(Timestamp::FromUnixNanos(p[i]));
  return out;
}

F64Array FromDoubles(std::span<const double> v) {
  return F64Array(static_cast<py::ssize_t>(v.size()), v.data());
}

I64Array FromTimestamps(const std::vector<Timestamp>& v) {
  I64Array out(static_cast<py::ssize_t>(v.size()));
  int64_t* p = out.mutable_data();
  for (size_t i = 0; i < v.size(); ++i) p[i] = v[i].unix_nanos();
  return out;
}

I64Array FromDurations(const std::vector<Duration>& v) {
  I64Array out(static_cast<py::ssize_t>(v.size()));
  int64_t* p = out.mutable_data();
  for (size_t i = 0; i < v.size(); ++i) p[i] = v[i].count();
  return out;
}

forecast::Frame ToFrame(const py::handle& ds, const py::handle& y, const py::handle& cap,
                        const py::handle& floor, const py::dict& columns) {
  forecast::Frame f;
  f.ds = ToTimestamps(ds);
  auto column = [&](const py::handle& obj, const char* name) {
    std::vector<double> v;
    if (obj.is_none()) return v;
    v = ToDoubles(obj);
    if (v.size() != f.ds.size()) {
      throw py::value_error(std::string("column '") + name + "' has a different length than ds");
    }
    return v;
  };
  f.y = column(y, "y");
  f.cap = column(cap, "cap");
  f.floor = column(floor, "floor");
  for (auto item : columns) {
    std::string name = py::str(item.first);
    f.SetColumn(name, column(item.second, name.c_str()));
  }
  return f;
}

py::dict FromFrame(const forecast::Frame& frame) {
  py::dict d;
  d["ds"] = FromTimestamps(frame.ds);
  auto opt = [](const std::vector<double>& v) -> py::object {
    if (v.empty()) return py::none();
    return FromDoubles(v);
  };
  d["y"] = opt(frame.y);
  d["cap"] = opt(frame.cap);
  d["floor"] = opt(frame.floor);
  py::dict cols;
  for (const auto& [name, values] : frame.columns) cols[py::str(name)] = FromDoubles(values);
  d["columns"] = cols;
  return d;
}

namespace {

std::optional<double> OptDouble(const py::handle& obj) {
  if (obj.is_none()) return std::nullopt;
  return obj.cast<double>();
}

std::optional<forecast::Mode> OptMode(const py::handle& obj) {
  if (obj.is_none()) return std::nullopt;
  return Take(forecast::ParseMode(obj.cast<std::string>()));
}

}  // namespace

forecast::ProphetOptions ToOptions(const py::dict& d) {
  namespace fc = forecast;
  fc::ProphetOptions o;
  o.growth = Take(fc::ParseGrowth(d["growth"].cast<std::string>()));
  if (!d["changepoints"].is_none()) o.changepoints = ToTimestamps(d["changepoints"]);
  o.n_changepoints = d["n_changepoints"].cast<int>();
  o.changepoint_range = d["changepoint_range"].cast<double>();
  o.yearly_seasonality =
      Take(fc::SeasonalityToggle::Parse(d["yearly_seasonality"].cast<std::string>()));
  o.weekly_seasonality =
      Take(fc::SeasonalityToggle::Parse(d["weekly_seasonality"].cast<std::string>()));
  o.daily_seasonality =
      Take(fc::SeasonalityToggle::Parse(d["daily_seasonality"].cast<std::string>()));
  o.seasonality_mode = Take(fc::ParseMode(d["seasonality_mode"].cast<std::string>()));
  o.holidays_mode = OptMode(d["holidays_mode"]);
  o.seasonality_prior_scale = d["seasonality_prior_scale"].cast<double>();
  o.holidays_prior_scale = d["holidays_prior_scale"].cast<double>();
  o.changepoint_prior_scale = d["changepoint_prior_scale"].cast<double>();
  o.interval_width = d["interval_width"].cast<double>();
  o.uncertainty_samples = d["uncertainty_samples"].cast<int>();
  o.scaling = Take(fc::ParseScaling(d["scaling"].cast<std::string>()));
  o.seed = d["seed"].cast<uint64_t>();
  o.optimizer.algorithm = Take(fc::ParseAlgorithm(d["algorithm"].cast<std::string>()));
  for (auto s : d["seasonalities"].cast<py::list>()) {
    py::dict sd = s.cast<py::dict>();
    fc::SeasonalitySpec spec;
    spec.name = sd["name"].cast<std::string>();
    spec.period_days = sd["period"].cast<double>();
    spec.fourier_order = sd["fourier_order"].cast<int>();
    spec.prior_scale = OptDouble(sd["prior_scale"]);
    spec.mode = OptMode(sd["mode"]);
    if (!sd["condition_name"].is_none())
      spec.condition_name = sd["condition_name"].cast<std::string>();
    o.seasonalities.push_back(std::move(spec));
  }
  for (auto r : d["regressors"].cast<py::list>()) {
    py::dict rd = r.cast<py::dict>();
    fc::RegressorSpec spec;
    spec.name = rd["name"].cast<std::string>();
    spec.prior_scale = OptDouble(rd["prior_scale"]);
    std::string st = rd["standardize"].cast<std::string>();
    spec.standardize = st == "auto"   ? fc::RegressorSpec::Standardize::kAuto
                       : st == "true" ? fc::RegressorSpec::Standardize::kTrue
                                      : fc::RegressorSpec::Standardize::kFalse;
    spec.mode = OptMode(rd["mode"]);
    o.regressors.push_back(std::move(spec));
  }
  if (!d["holidays"].is_none()) {
    py::dict h = d["holidays"].cast<py::dict>();
    auto names = h["name"].cast<std::vector<std::string>>();
    I64Array days = I64Array::ensure(h["day"]);
    I64Array lower = I64Array::ensure(h["lower_window"]);
    I64Array upper = I64Array::ensure(h["upper_window"]);
    F64Array prior = F64Array::ensure(h["prior_scale"]);
    const auto n = static_cast<py::ssize_t>(names.size());
    if (!days || !lower || !upper || !prior || days.size() != n || lower.size() != n ||
        upper.size() != n || prior.size() != n) {
      throw py::value_error("holidays: columns of different lengths");
    }
    for (py::ssize_t i = 0; i < n; ++i) {
      fc::HolidayEvent e;
      e.name = names[static_cast<size_t>(i)];
      e.date = CivilDate::FromDays(days.data()[i]);
      e.lower_window = static_cast<int>(lower.data()[i]);
      e.upper_window = static_cast<int>(upper.data()[i]);
      if (!std::isnan(prior.data()[i])) e.prior_scale = prior.data()[i];
      o.holidays.push_back(std::move(e));
    }
  }
  return o;
}

}  // namespace tradelet::python
