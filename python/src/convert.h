// Conversions between numpy/Python values and the forecaster's C++ types for the extension.
// Arrays cross as buffers: one C++ loop per column, no per-row Python calls.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/forecast/frame.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::python {

namespace py = pybind11;
using F64Array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using I64Array = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;

// Raises the Python exception for a non-OK status: ValueError for bad input
// (InvalidArgument, OutOfRange, FailedPrecondition), RuntimeError otherwise.
[[noreturn]] void Raise(const Status& status);
inline void Check(const Status& status) {
  if (!status.ok()) Raise(status);
}
template <typename T>
T Take(Result<T> result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

std::vector<double> ToDoubles(const py::handle& obj);
std::vector<Timestamp> ToTimestamps(const py::handle& obj);  // int64 ns since the epoch
F64Array FromDoubles(std::span<const double> v);
I64Array FromTimestamps(const std::vector<Timestamp>& v);
I64Array FromDurations(const std::vector<Duration>& v);

// A Frame from (ds_ns, y|None, cap|None, floor|None, {name: values}).
forecast::Frame ToFrame(const py::handle& ds, const py::handle& y, const py::handle& cap,
                        const py::handle& floor, const py::dict& columns);
// {"ds": ns, "y": ..., "cap": ..., "floor": ..., "columns": {name: values}} (absent = None).
py::dict FromFrame(const forecast::Frame& frame);

// ProphetOptions from the dict tradelet.prophet builds (keys are Prophet's argument names).
forecast::ProphetOptions ToOptions(const py::dict& d);

}  // namespace tradelet::python
