// tradelet._ext: the C++ libraries for Python (pybind11). tradelet/__init__.py imports it.
#include <pybind11/pybind11.h>

namespace tradelet::python {
void BindProphet(pybind11::module_& m);
}

PYBIND11_MODULE(_ext, m) {
  m.doc() = "tradelet's C++ libraries (forecaster, diagnostics) for Python";
  tradelet::python::BindProphet(m);
}
