// Python strategies (tradelet.strategy, docs/python.md): the C++ side. A PyStrategy is a
// tradelet::Strategy whose OnStep calls a Python object with a read-only context view
// (PyContext: the StrategyContext of the step, numpy views of the visible bars only) and
// collects the orders it places. `[strategy] name = "python"` builds one through the strategy
// registry, so backtests (RunBacktest) and live runs (RunJob: the exactly-once broker and the
// journal) drive it exactly as they drive a C++ strategy.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

#include "tradelet/strategy/framework.h"

namespace tradelet::python {

namespace py = pybind11;

// The step a context object looks at; null outside on_step (the context then refuses use).
struct StepView {
  const StrategyContext* ctx = nullptr;
  OrderBatch* out = nullptr;
};

// Live while the strategy that made it exists: a History kept past the run refuses use
// instead of reading freed bars.
using Liveness = std::shared_ptr<bool>;

// An order as the dict a Python strategy sees (open_orders, on_order_update).
py::dict OrderDict(const Order& o);

// The Python class tradelet._ext.strategy.Context wrapping `view` (one per strategy).
py::object MakeContext(StepView* view, Liveness alive);
void BindContext(py::module_& m);

// A Python exception raised by a strategy during a run (the run goes on without calling it
// again); the caller re-raises it once the C++ run returned. Needs the GIL.
void RaisePendingStrategyError();

void BindStrategy(py::module_& m);

}  // namespace tradelet::python
