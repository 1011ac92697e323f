// tradelet._ext.Model: the C++ forecaster (forecast::Prophet) behind tradelet.prophet.Prophet,
// and the diagnostics. The GIL is released while C++ fits, predicts and cross-validates.
#include <time.h>

#include <algorithm>
#include <utility>

#include "convert.h"
#include "tradelet/forecast/country_holidays.h"
#include "tradelet/forecast/diagnostics.h"

namespace tradelet::python {
namespace {

namespace fc = forecast;

py::dict SummaryDict(const fc::FitSummary& s) {
  py::dict d;
  d["termination"] = std::string(fc::TerminationName(s.termination));
  d["algorithm"] = std::string(fc::AlgorithmName(s.algorithm));
  d["fell_back_to_newton"] = s.fell_back_to_newton;
  d["iterations"] = s.iterations;
  d["evaluations"] = s.evaluations;
  d["objective"] = s.objective;
  d["initial_objective"] = s.initial_objective;
  d["rows"] = s.rows;
  d["features"] = s.features;
  d["changepoints"] = s.changepoints;
  d["message"] = s.message;
  return d;
}

// (ds ns, column names, values as one (columns x rows) block): pandas wraps the block
// without copying it.
py::tuple ForecastTuple(const fc::Forecast& f) {
  const auto rows = static_cast<py::ssize_t>(f.ds.size());
  const auto cols = static_cast<py::ssize_t>(f.columns.size());
  F64Array block({cols, rows});
  double* out = block.mutable_data();
  std::vector<std::string> names;
  for (const auto& [name, values] : f.columns) {
    names.push_back(name);
    std::copy(values.begin(), values.end(), out);
    out += rows;
  }
  return py::make_tuple(FromTimestamps(f.ds), names, block);
}

class Model {
 public:
  explicit Model(const py::dict& options) : model_(ToOptions(options)) {}

  py::dict Fit(const py::handle& ds, const py::handle& y, const py::handle& cap,
               const py::handle& floor, const py::dict& columns) {
    fc::Frame frame = ToFrame(ds, y, cap, floor, columns);
    Result<fc::FitSummary> r = fc::FitSummary{};
    {
      py::gil_scoped_release release;
      r = model_.Fit(frame);
    }
    return SummaryDict(Take(std::move(r)));
  }

  py::tuple Predict(const py::handle& ds, const py::handle& cap, const py::handle& floor,
                    const py::dict& columns) const {
    RequireFitted();
    fc::Frame frame = ToFrame(ds, py::none(), cap, floor, columns);
    Result<fc::Forecast> r = fc::Forecast{};
    {
      py::gil_scoped_release release;
      r = model_.Predict(frame);
    }
    return ForecastTuple(Take(std::move(r)));
  }

  py::tuple PredictHistory() const {
    RequireFitted();
    Result<fc::Forecast> r = fc::Forecast{};
    {
      py::gil_scoped_release release;
      r = model_.Predict();
    }
    return ForecastTuple(Take(std::move(r)));
  }

  py::dict Params() const {
    RequireFitted();
    const fc::ProphetParams& p = model_.params();
    py::dict d;
    d["k"] = p.k;
    d["m"] = p.m;
    d["delta"] = FromDoubles(p.delta);
    d["sigma_obs"] = p.sigma_obs;
    d["beta"] = FromDoubles(p.beta);
    return d;
  }

  py::list Seasonalities() const {
    RequireFitted();
    py::list out;
    for (const fc::SeasonalitySpec& s : model_.FittedSeasonalities()) {
      py::dict d;
      d["name"] = s.name;
      d["period"] = s.period_days;
      d["fourier_order"] = s.fourier_order;
      d["prior_scale"] = s.prior_scale.value_or(model_.options().seasonality_prior_scale);
      d["mode"] = s.mode.value_or(model_.options().seasonality_mode) == fc::Mode::kAdditive
                      ? "additive"
                      : "multiplicative";
      d["condition_name"] =
          s.condition_name.empty() ? py::object(py::none()) : py::object(py::str(s.condition_name));
      out.append(d);
    }
    return out;
  }

  py::dict CrossValidation(int64_t horizon_ns, const py::object& period_ns,
                           const py::object& initial_ns, const py::object& cutoffs_ns) const {
    RequireFitted();
    fc::CrossValidationOptions o;
    o.horizon = Duration(horizon_ns);
    if (!period_ns.is_none()) o.period = Duration(period_ns.cast<int64_t>());
    if (!initial_ns.is_none()) o.initial = Duration(initial_ns.cast<int64_t>());
    if (!cutoffs_ns.is_none()) o.cutoffs = ToTimestamps(cutoffs_ns);
    Result<fc::CrossValidationResult> r = fc::CrossValidationResult{};
    {
      py::gil_scoped_release release;
      r = fc::CrossValidation(model_, o);
    }
    fc::CrossValidationResult cv = Take(std::move(r));
    py::dict d;
    d["ds"] = FromTimestamps(cv.ds);
    d["yhat"] = FromDoubles(cv.yhat);
    d["yhat_lower"] = cv.yhat_lower.empty() ? py::object(py::none()) : FromDoubles(cv.yhat_lower);
    d["yhat_upper"] = cv.yhat_upper.empty() ? py::object(py::none()) : FromDoubles(cv.yhat_upper);
    d["y"] = FromDoubles(cv.y);
    d["cutoff"] = FromTimestamps(cv.cutoff);
    return d;
  }

  bool fitted() const { return model_.fitted(); }
  double y_scale() const { return model_.y_scale(); }
  py::dict History() const { return FromFrame(model_.history()); }
  I64Array Changepoints() const { return FromTimestamps(model_.ChangepointTimes()); }
  std::vector<std::string> ComponentNames() const { return model_.ComponentNames(); }

 private:
  void RequireFitted() const {
    if (!model_.fitted()) throw std::runtime_error("Model has not been fit.");
  }
  fc::Prophet model_;
};

py::tuple PerformanceMetrics(const py::handle& ds, const py::handle& cutoff, const py::handle& y,
                             const py::handle& yhat, const py::handle& lower,
                             const py::handle& upper, std::vector<std::string> metrics,
                             double rolling_window) {
  fc::CrossValidationResult cv;
  cv.ds = ToTimestamps(ds);
  cv.cutoff = ToTimestamps(cutoff);
  cv.y = ToDoubles(y);
  cv.yhat = ToDoubles(yhat);
  if (!lower.is_none()) cv.yhat_lower = ToDoubles(lower);
  if (!upper.is_none()) cv.yhat_upper = ToDoubles(upper);
  const size_t n = cv.ds.size();
  if (cv.cutoff.size() != n || cv.y.size() != n || cv.yhat.size() != n ||
      (!cv.yhat_lower.empty() && cv.yhat_lower.size() != n) ||
      (!cv.yhat_upper.empty() && cv.yhat_upper.size() != n)) {
    throw py::value_error("performance_metrics: columns of different lengths");
  }
  Result<fc::PerformanceMetrics> r = fc::PerformanceMetrics{};
  {
    py::gil_scoped_release release;
    r = fc::ComputePerformanceMetrics(cv, std::move(metrics), rolling_window);
  }
  fc::PerformanceMetrics pm = Take(std::move(r));
  py::list cols;
  for (const auto& [name, values] : pm.metrics)
    cols.append(py::make_tuple(name, FromDoubles(values)));
  return py::make_tuple(FromDurations(pm.horizon), cols, pm.dropped_reasons);
}

// (names, days since 1970-01-01) of `country`'s holidays kept for a fit on train years.
py::tuple CountryHolidays(const std::string& country, int train_first, int train_last,
                          int last_year) {
  auto hs = Take(fc::CountryHolidaysForFit(country, train_first, train_last, last_year,
                                           "add_country_holidays"));
  std::vector<std::string> names;
  std::vector<int64_t> days;
  for (const auto& h : hs) {
    names.push_back(h.name);
    days.push_back(h.date.ToDays());
  }
  return py::make_tuple(names, I64Array(static_cast<py::ssize_t>(days.size()), days.data()));
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The C++ call alone, for bench/python/prophet_py_bench.py: best of `reps` thread-CPU seconds
// of Prophet(options).Fit(history) + Predict(future), frames converted beforehand.
double TimeFitPredict(const py::dict& options, const py::dict& history, const py::dict& future,
                      int reps) {
  auto frame = [](const py::dict& d, const py::handle& y) {
    return ToFrame(d["ds"], y, d["cap"], d["floor"], d["columns"].cast<py::dict>());
  };
  fc::ProphetOptions o = ToOptions(options);
  fc::Frame h = frame(history, history["y"]);
  fc::Frame f = frame(future, py::none());
  double best = 1e300;
  py::gil_scoped_release release;
  for (int i = 0; i < std::max(reps, 1); ++i) {
    const double start = ThreadCpuSeconds();
    fc::Prophet model(o);
    Status fit = model.Fit(h).status();
    Status predict = fit.ok() ? model.Predict(f).status() : fit;
    const double elapsed = ThreadCpuSeconds() - start;
    if (!predict.ok()) {
      py::gil_scoped_acquire acquire;
      Raise(predict);
    }
    best = std::min(best, elapsed);
  }
  return best;
}

}  // namespace

void BindProphet(py::module_& m) {
  py::class_<Model>(m, "Model")
      .def(py::init<const py::dict&>())
      .def("fit", &Model::Fit)
      .def("predict", &Model::Predict)
      .def("predict_history", &Model::PredictHistory)
      .def("params", &Model::Params)
      .def("seasonalities", &Model::Seasonalities)
      .def("cross_validation", &Model::CrossValidation)
      .def("history", &Model::History)
      .def("changepoints", &Model::Changepoints)
      .def("component_names", &Model::ComponentNames)
      .def_property_readonly("fitted", &Model::fitted)
      .def_property_readonly("y_scale", &Model::y_scale);
  m.def("performance_metrics", &PerformanceMetrics);
  m.def("country_holidays", &CountryHolidays);
  m.def("time_fit_predict", &TimeFitPredict);
  m.attr("country_holidays_last_year") = fc::kCountryHolidaysLastYear;
}

}  // namespace tradelet::python
