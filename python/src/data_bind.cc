// tradelet._ext.read_bars: the bar CSV reader (data::ReadBarCsvFile: plain or gzip, every
// known layout) for tradelet.data.read_bars. Columns cross as numpy arrays.
#include <string>

#include "convert.h"
#include "tradelet/data/bar_csv.h"

namespace tradelet::python {
namespace {

I64Array Int64s(std::span<const int64_t> v) {
  return I64Array(static_cast<py::ssize_t>(v.size()), v.data());
}

// [{symbol, interval, layout, time_ns, open, high, low, close, volume[, adj_close, dividend,
// split]}] per symbol, in file order.
py::list ReadBars(const std::string& path, const std::string& layout, const std::string& symbol) {
  data::BarCsvOptions options;
  options.layout = Take(data::ParseCsvLayout(layout));
  options.symbol = symbol;
  Result<data::BarCsvResult> r = data::BarCsvResult{};
  {
    py::gil_scoped_release release;
    r = data::ReadBarCsvFile(path, options);
  }
  data::BarCsvResult result = Take(std::move(r));
  py::list out;
  for (const BarSeries& s : result.series) {
    py::dict d;
    d["symbol"] = s.symbol;
    d["interval"] = std::string(BarIntervalName(s.interval));
    d["layout"] = std::string(data::CsvLayoutName(result.info.layout));
    d["time_ns"] = Int64s(s.time_ns);
    d["open"] = FromDoubles(s.open);
    d["high"] = FromDoubles(s.high);
    d["low"] = FromDoubles(s.low);
    d["close"] = FromDoubles(s.close);
    d["volume"] = FromDoubles(s.volume);
    if (!s.adj_close.empty()) d["adj_close"] = FromDoubles(s.adj_close);
    if (!s.dividend.empty()) d["dividend"] = FromDoubles(s.dividend);
    if (!s.split.empty()) d["split"] = FromDoubles(s.split);
    out.append(d);
  }
  return out;
}

}  // namespace

void BindData(py::module_& m) {
  m.def("read_bars", &ReadBars, py::arg("path"), py::arg("layout") = "auto",
        py::arg("symbol") = "");
}

}  // namespace tradelet::python
