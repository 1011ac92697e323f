// tradelet._ext.strategy.Context / History: what a Python strategy sees at one step. Only the
// bars that have closed are visible: a History holds the count visible at the step it was
// taken, its numpy columns are read-only views of exactly that many bars (no copy), so an
// index past "now" is numpy's IndexError, never the future. Orders placed through the context
// are checked here (clear ValueError naming the field) and land in the step's OrderBatch.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <string>
#include <vector>

#include "strategy_bind.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::python {
namespace {

[[noreturn]] void Fail(const std::string& what) { throw py::value_error(what); }

// A read-only numpy view of `n` values at `data`; the capsule base keeps numpy from copying.
template <typename T>
py::array View(std::span<const T> v) {
  const T* data = v.data();
  const size_t n = v.size();
  // Leaked: a Python object must not be destroyed after the interpreter at exit.
  static int tag = 0;
  static const py::capsule* no_owner = new py::capsule(&tag, [](void*) {});
  static const T empty{};
  py::array a(py::dtype::of<T>(), {static_cast<py::ssize_t>(n)}, {}, n ? data : &empty, *no_owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

struct History {
  HistoryView h;
  Liveness alive;
  const HistoryView& Get() const {
    if (!alive || !*alive) {
      throw py::value_error("tradelet.strategy: this History outlived its run");
    }
    return h;
  }
};

struct Context {
  StepView* view = nullptr;
  Liveness alive;
  py::tuple symbols;  // filled on first use (the run's symbols never change)

  const StrategyContext& Get() const {
    // `view` belongs to the strategy: test liveness before touching it.
    if (!alive || !*alive || !view->ctx) {
      throw py::value_error("tradelet.strategy: the context can be used only inside on_step");
    }
    return *view->ctx;
  }
  size_t Index(const py::handle& symbol) const {
    const StrategyContext& c = Get();
    if (py::isinstance<py::str>(symbol)) {
      const std::string name = symbol.cast<std::string>();
      const size_t i = c.FindSymbol(name);
      if (i >= c.symbol_count()) Fail("symbol: unknown symbol '" + name + "'");
      return i;
    }
    const auto i = symbol.cast<int64_t>();
    if (i < 0 || static_cast<size_t>(i) >= c.symbol_count()) {
      throw py::index_error("symbol index " + std::to_string(i) + " out of range [0, " +
                            std::to_string(c.symbol_count()) + ")");
    }
    return static_cast<size_t>(i);
  }
};

std::optional<Price> OptPrice(const py::object& v, const char* field) {
  if (v.is_none()) return std::nullopt;
  const double d = v.cast<double>();
  if (!std::isfinite(d) || d <= 0 || d > 1e9) {
    Fail(std::string(field) + ": must be a positive price, got " + py::str(v).cast<std::string>());
  }
  return Decimal::FromDouble(d);
}

void Submit(Context& self, const py::handle& symbol, const std::string& side, double qty,
            const std::string& type, const py::object& limit_price, const py::object& stop_price,
            const std::string& time_in_force, const py::object& take_profit,
            const py::object& stop_loss, const py::object& stop_limit) {
  const StrategyContext& c = self.Get();
  OrderRequest r;
  r.symbol = c.symbol(self.Index(symbol));
  auto s = ParseOrderSide(side);
  if (!s.ok()) Fail("side: must be 'buy' or 'sell', got '" + side + "'");
  r.side = *s;
  if (!std::isfinite(qty) || qty <= 0 || qty > 1e9) {
    Fail("qty: must be a positive number of shares, got " + std::to_string(qty));
  }
  r.qty = Decimal::FromDouble(qty);
  if (!r.qty.IsPositive()) Fail("qty: rounds to 0 shares (1e-8 is the smallest)");
  auto t = ParseOrderType(type);
  if (!t.ok() || *t == OrderType::kTrailingStop) {
    Fail("type: must be market, limit, stop or stop_limit, got '" + type + "'");
  }
  r.type = *t;
  auto tif = ParseTimeInForce(time_in_force);
  if (!tif.ok())
    Fail("time_in_force: must be day, gtc, opg, cls, ioc or fok, got '" + time_in_force + "'");
  r.time_in_force = *tif;
  r.limit_price = OptPrice(limit_price, "limit_price");
  r.stop_price = OptPrice(stop_price, "stop_price");
  const bool needs_limit = r.type == OrderType::kLimit || r.type == OrderType::kStopLimit;
  const bool needs_stop = r.type == OrderType::kStop || r.type == OrderType::kStopLimit;
  if (needs_limit != r.limit_price.has_value()) {
    Fail(needs_limit ? "limit_price: required for a " + type + " order"
                     : "limit_price: only for limit and stop_limit orders");
  }
  if (needs_stop != r.stop_price.has_value()) {
    Fail(needs_stop ? "stop_price: required for a " + type + " order"
                    : "stop_price: only for stop and stop_limit orders");
  }
  const auto tp = OptPrice(take_profit, "take_profit");
  const auto sl = OptPrice(stop_loss, "stop_loss");
  const auto sll = OptPrice(stop_limit, "stop_limit");
  if (sll && !sl) Fail("stop_limit: needs stop_loss (the stop of the stop-loss leg)");
  if (tp) r.take_profit = TakeProfitLeg{*tp};
  if (sl) r.stop_loss = StopLossLeg{*sl, sll};
  if (tp && sl) {
    r.order_class = OrderClass::kBracket;
  } else if (tp || sl) {
    r.order_class = OrderClass::kOto;
  }
  self.view->out->submit.push_back(std::move(r));
}

// The framework's default execution (ExecutionModel::Execute) over Python targets: objects
// with symbol (index), qty and optional take_profit, stop_loss, stop_limit, time_in_force,
// cancel_first.
void Execute(Context& self, const py::iterable& targets) {
  const StrategyContext& c = self.Get();
  std::vector<PortfolioTarget> ts;
  for (const py::handle& t : targets) {
    PortfolioTarget p;
    p.symbol = static_cast<uint32_t>(self.Index(t.attr("symbol")));
    const double qty = t.attr("qty").cast<double>();
    if (!std::isfinite(qty) || std::fabs(qty) > 1e9) Fail("target qty: not a finite share count");
    p.qty = Decimal::FromDouble(qty);
    const auto tp = OptPrice(t.attr("take_profit"), "take_profit");
    const auto sl = OptPrice(t.attr("stop_loss"), "stop_loss");
    const auto sll = OptPrice(t.attr("stop_limit"), "stop_limit");
    if (tp) p.take_profit = TakeProfitLeg{*tp};
    if (sl) p.stop_loss = StopLossLeg{*sl, sll};
    const std::string tif = t.attr("time_in_force").cast<std::string>();
    auto parsed = ParseTimeInForce(tif);
    if (!parsed.ok()) Fail("target time_in_force: unknown '" + tif + "'");
    p.time_in_force = *parsed;
    for (const py::handle& id : t.attr("cancel_first"))
      p.cancel_first.push_back(id.cast<std::string>());
    ts.push_back(std::move(p));
  }
  ExecutionModel().Execute(c, ts, self.view->out);
}

}  // namespace

py::dict OrderDict(const Order& o) {
  py::dict d;
  d["id"] = o.id;
  d["client_order_id"] = o.client_order_id;
  d["symbol"] = o.symbol;
  d["side"] = std::string(OrderSideName(o.side));
  d["type"] = std::string(OrderTypeName(o.type));
  d["order_class"] = std::string(OrderClassName(o.order_class));
  d["time_in_force"] = std::string(TimeInForceName(o.time_in_force));
  d["qty"] = o.qty.ToDouble();
  d["filled_qty"] = o.filled_qty.ToDouble();
  d["filled_avg_price"] = o.filled_avg_price.ToDouble();
  d["limit_price"] = o.limit_price ? py::object(py::float_(o.limit_price->ToDouble())) : py::none();
  d["stop_price"] = o.stop_price ? py::object(py::float_(o.stop_price->ToDouble())) : py::none();
  d["parent_id"] = o.parent_id;
  d["status"] = std::string(OrderStatusName(o.status));
  return d;
}

py::object MakeContext(StepView* view, Liveness alive) {
  Context c;
  c.view = view;
  c.alive = std::move(alive);
  return py::cast(std::move(c));
}

void BindContext(py::module_& m) {
  py::class_<History>(m, "History", "The closed bars of one symbol at one step (read-only views)")
      .def("__len__", [](const History& h) { return h.Get().size(); })
      .def_property_readonly("symbol", [](const History& h) { return h.Get().symbol(); })
      .def_property_readonly("time_ns", [](const History& h) { return View(h.Get().times_ns()); })
      .def_property_readonly("close", [](const History& h) { return View(h.Get().closes()); })
      .def_property_readonly("open", [](const History& h) { return View(h.Get().opens()); })
      .def_property_readonly("high", [](const History& h) { return View(h.Get().highs()); })
      .def_property_readonly("low", [](const History& h) { return View(h.Get().lows()); })
      .def_property_readonly("volume", [](const History& h) { return View(h.Get().volumes()); })
      .def_property_readonly("adj_close",
                             [](const History& h) { return View(h.Get().adj_closes()); })
      .def_property_readonly("interval_ns", [](const History& h) {
        return static_cast<int64_t>(BarIntervalDuration(h.Get().interval()).count());
      });

  py::class_<Context>(m, "Context", "What a Python strategy sees at one step (docs/python.md)")
      .def_property_readonly("now_ns", [](const Context& c) { return c.Get().now().unix_nanos(); })
      .def_property_readonly("symbols",
                             [](Context& c) {
                               const StrategyContext& s = c.Get();
                               if (c.symbols.empty() && s.symbol_count() > 0) {
                                 py::tuple t(s.symbol_count());
                                 for (size_t i = 0; i < s.symbol_count(); ++i)
                                   t[i] = py::str(s.symbol(i));
                                 c.symbols = std::move(t);
                               }
                               return c.symbols;
                             })
      .def_property_readonly("updated", [](const Context& c) { return View(c.Get().updated()); })
      .def(
          "index", [](const Context& c, const py::handle& s) { return c.Index(s); },
          py::arg("symbol"))
      .def(
          "history",
          [](const Context& c, const py::handle& s) {
            return History{c.Get().history(c.Index(s)), c.alive};
          },
          py::arg("symbol"))
      .def(
          "bar_count",
          [](const Context& c, const py::handle& s) { return c.Get().history(c.Index(s)).size(); },
          py::arg("symbol"))
      .def(
          "last_close",
          [](const Context& c, const py::handle& s) {
            const HistoryView h = c.Get().history(c.Index(s));
            if (h.empty()) throw py::index_error("no bars yet");
            return h.last_close();
          },
          py::arg("symbol"))
      .def(
          "position",
          [](const Context& c, const py::handle& s) {
            return c.Get().portfolio().PositionQty(c.Index(s)).ToDouble();
          },
          py::arg("symbol"))
      .def(
          "avg_entry_price",
          [](const Context& c, const py::handle& s) {
            return c.Get().portfolio().AvgEntryPrice(c.Index(s)).ToDouble();
          },
          py::arg("symbol"))
      .def(
          "has_open_orders",
          [](const Context& c, const py::handle& s) {
            return c.Get().portfolio().HasOpenOrders(c.Index(s));
          },
          py::arg("symbol"))
      .def(
          "open_orders",
          [](const Context& c, const py::handle& s) {
            py::list out;
            for (const Order& o : c.Get().portfolio().OpenOrders(c.Index(s)))
              out.append(OrderDict(o));
            return out;
          },
          py::arg("symbol"))
      .def_property_readonly("account",
                             [](const Context& c) {
                               const AccountSnapshot a = c.Get().portfolio().Account();
                               py::dict d;
                               d["cash"] = a.cash.ToDouble();
                               d["equity"] = a.equity().ToDouble();
                               d["buying_power"] = a.buying_power().ToDouble();
                               d["long_value"] = a.long_value.ToDouble();
                               d["short_value"] = a.short_value.ToDouble();
                               return d;
                             })
      .def("submit", &Submit, py::arg("symbol"), py::arg("side"), py::arg("qty"),
           py::arg("type") = "market", py::arg("limit_price") = py::none(),
           py::arg("stop_price") = py::none(), py::arg("time_in_force") = "day",
           py::arg("take_profit") = py::none(), py::arg("stop_loss") = py::none(),
           py::arg("stop_limit") = py::none())
      .def(
          "cancel",
          [](Context& c, const std::string& id) {
            c.Get();
            if (id.empty()) Fail("cancel: empty order id");
            c.view->out->cancel_order_ids.push_back(id);
          },
          py::arg("order_id"))
      .def("execute", &Execute, py::arg("targets"));
}

}  // namespace tradelet::python
