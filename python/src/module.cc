// tradelet._ext: the C++ libraries for Python (pybind11). tradelet/__init__.py imports it.
#include <pybind11/pybind11.h>

namespace tradelet::python {
void BindProphet(pybind11::module_& m);
void BindData(pybind11::module_& m);
void BindBacktest(pybind11::module_& m);
void BindStrategy(pybind11::module_& m);
void BindLive(pybind11::module_& m);
}  // namespace tradelet::python

PYBIND11_MODULE(_ext, m) {
  m.doc() = "tradelet's C++ libraries (forecaster, diagnostics, bar data, backtester) for Python";
  tradelet::python::BindProphet(m);
  tradelet::python::BindData(m);
  tradelet::python::BindBacktest(m);
  tradelet::python::BindStrategy(m);  // Python strategies (strategy_bind.cc)
  tradelet::python::BindLive(m);
}
