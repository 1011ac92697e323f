// tradelet._ext.strategy: PyStrategy (a tradelet::Strategy that calls a Python object at each
// kernel step), the "python" entry of the strategy registry (`[strategy] name = "python"`,
// module/class resolved by tradelet.strategy._from_config), and the C++ forecaster call the
// Prophet trend strategy makes (fit_and_forecast), for Python ports of it.
#include "strategy_bind.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "convert.h"
#include "tradelet/strategy/config.h"
#include "tradelet/strategy/trading_frequency.h"

namespace tradelet::python {
namespace {

// Owned by the GIL (read and written only while holding it); leaked at exit on purpose.
py::error_already_set* g_pending = nullptr;

void SetPending(py::error_already_set&& e) {
  if (!g_pending) g_pending = new py::error_already_set(std::move(e));
}

py::object TomlToPy(const toml::node& n) {
  if (const auto* t = n.as_table()) {
    py::dict d;
    for (const auto& [k, v] : *t) d[py::str(std::string(k.str()))] = TomlToPy(v);
    return d;
  }
  if (const auto* a = n.as_array()) {
    py::list l;
    for (const auto& v : *a) l.append(TomlToPy(v));
    return l;
  }
  if (const auto* s = n.as_string()) return py::str(s->get());
  if (const auto* i = n.as_integer()) return py::int_(i->get());
  if (const auto* f = n.as_floating_point()) return py::float_(f->get());
  if (const auto* b = n.as_boolean()) return py::bool_(b->get());
  std::ostringstream os;  // dates and times: their TOML text
  n.visit([&](const auto& v) { os << v; });
  return py::str(os.str());
}

class PyStrategy : public Strategy {
 public:
  explicit PyStrategy(py::object obj) : obj_(std::move(obj)), alive_(std::make_shared<bool>(true)) {
    name_ = py::str(obj_.attr("name")).cast<std::string>();
    on_step_ = obj_.attr("on_step");
    context_ = MakeContext(&view_, alive_);
    wants_updates_ =
        py::hasattr(obj_, "on_order_update") && !obj_.attr("on_order_update").is_none();
  }
  ~PyStrategy() override {
    py::gil_scoped_acquire gil;
    *alive_ = false;
    on_step_ = py::object();
    context_ = py::object();
    obj_ = py::object();
  }

  const std::string& name() const override { return name_; }

  void OnStep(const StrategyContext& ctx, OrderBatch* out) override {
    if (failed_) return;
    py::gil_scoped_acquire gil;
    view_ = {&ctx, out};
    try {
      on_step_(context_);
    } catch (py::error_already_set& e) {
      Fail(std::move(e), out);
    }
    view_ = {};
  }

  bool wants_order_updates() const override { return wants_updates_; }
  void OnOrderUpdate(const Order& order) override {
    if (failed_) return;
    py::gil_scoped_acquire gil;
    try {
      obj_.attr("on_order_update")(OrderDict(order));
    } catch (py::error_already_set& e) {
      Fail(std::move(e), nullptr);
    }
  }

  StrategyArtifacts Artifacts() const override {
    StrategyArtifacts a;
    if (failed_) return a;
    py::gil_scoped_acquire gil;
    try {
      for (const auto& [k, v] : obj_.attr("artifacts")().cast<py::dict>()) {
        a.files.emplace_back(py::str(k).cast<std::string>(), py::str(v).cast<std::string>());
      }
      a.report_html = py::str(obj_.attr("report_html")()).cast<std::string>();
    } catch (py::error_already_set& e) {
      SetPending(std::move(e));
    }
    return a;
  }

  std::vector<StrategySkip> SkipsAt(Timestamp t) const override {
    std::vector<StrategySkip> out;
    if (failed_) return out;
    py::gil_scoped_acquire gil;
    try {
      for (const py::handle& s : obj_.attr("skips_at")(t.unix_nanos())) {
        auto pair = s.cast<std::pair<std::string, std::string>>();
        out.push_back({pair.first, pair.second});
      }
    } catch (py::error_already_set& e) {
      SetPending(std::move(e));
    } catch (const py::cast_error&) {
      // A malformed skip list only loses the report's skip lines.
    }
    return out;
  }

 private:
  void Fail(py::error_already_set&& e, OrderBatch* out) {
    failed_ = true;
    if (out) out->clear();  // nothing of a step that raised is sent
    SetPending(std::move(e));
  }

  py::object obj_, on_step_, context_;
  Liveness alive_;
  StepView view_;
  std::string name_;
  bool wants_updates_ = false;
  bool failed_ = false;
};

Result<std::unique_ptr<Strategy>> MakePyStrategy(const toml::table& t) {
  py::gil_scoped_acquire gil;
  try {
    py::object obj = py::module_::import("tradelet.strategy").attr("_from_config")(TomlToPy(t));
    return std::unique_ptr<Strategy>(new PyStrategy(std::move(obj)));
  } catch (py::error_already_set& e) {
    // Bad config (no module, no class, wrong options): the message names the key.
    std::string msg = py::str(e.value()).cast<std::string>();
    return InvalidArgument(msg);
  }
}

// FitAndForecast (what the Prophet trend alpha calls) on int64-ns times and values.
py::dict FitAndForecast(const py::handle& ds_ns, const py::handle& y, int periods,
                        const std::string& freq, double interval_width, int uncertainty_samples,
                        const std::string& algorithm, int max_iterations) {
  std::vector<Timestamp> ds = ToTimestamps(ds_ns);
  std::vector<double> values = ToDoubles(y);
  forecast::ProphetOptions po;
  po.interval_width = interval_width;
  po.uncertainty_samples = uncertainty_samples;
  po.optimizer.algorithm = Take(forecast::ParseAlgorithm(algorithm));
  po.optimizer.max_iterations = max_iterations;
  const forecast::Frequency f = Take(ParseTradingFrequency(freq));
  Result<forecast::SimpleForecast> fc = InvalidArgument("not run");
  {
    py::gil_scoped_release release;
    fc = forecast::FitAndForecast(ds, values, periods, f, po);
  }
  const forecast::SimpleForecast r = Take(std::move(fc));
  py::dict d;
  d["ds"] = FromTimestamps(r.ds);
  d["yhat"] = FromDoubles(r.yhat);
  d["yhat_lower"] = FromDoubles(r.yhat_lower);
  d["yhat_upper"] = FromDoubles(r.yhat_upper);
  d["termination"] = std::string(forecast::TerminationName(r.summary.termination));
  return d;
}

}  // namespace

void RaisePendingStrategyError() {
  if (!g_pending) return;
  py::error_already_set* e = g_pending;
  g_pending = nullptr;
  e->restore();
  delete e;
  throw py::error_already_set();
}

void BindStrategy(py::module_& m) {
  py::module_ s = m.def_submodule("strategy", "Python strategies driven by the C++ kernel");
  BindContext(s);
  s.def("fit_and_forecast", &FitAndForecast, py::arg("ds_ns"), py::arg("y"), py::arg("periods"),
        py::arg("freq"), py::arg("interval_width") = 0.8, py::arg("uncertainty_samples") = 1000,
        py::arg("algorithm") = "auto", py::arg("max_iterations") = 10000);
  s.def("raise_pending", &RaisePendingStrategyError);
  // The registry is this extension's own copy (its libraries are linked in privately).
  Check(RegisterStrategy("python", &MakePyStrategy));
}

}  // namespace tradelet::python
