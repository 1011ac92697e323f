// Loads one R-prophet reference case from ../shared/prophet-ref/<case>/ (input.csv,
// holidays.csv, reference.json, forecast.csv) and turns its settings into ProphetOptions.
// Shared by the equivalence test and the benchmark.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast::testing {

inline const char* const kRefCases[] = {"peyton_manning",    "peyton_holidays",
                                        "retail_sales",      "air_passengers_mult",
                                        "wp_log_R_logistic", "yosemite_subdaily",
                                        "aapl_daily",        "spy_minute"};

struct RefCase {
  std::string name;
  Frame input;
  ProphetOptions options;
  int periods = 0;
  Frequency freq;
  Frame reference;           // forecast.csv: ds plus every R column as an extra column
  ProphetParams r_params;    // reference.json params
  double r_fit_s = 0, r_predict_s = 0;
  std::vector<Timestamp> r_changepoints;
};

inline Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Result<RefCase> LoadRefCase(const std::string& dir, const std::string& name) {
  RefCase c;
  c.name = name;
  const std::string base = dir + "/" + name + "/";
  TL_ASSIGN_OR_RETURN(std::string input, ReadFile(base + "input.csv"));
  TL_ASSIGN_OR_RETURN(c.input, ParseFrameCsv(input, true, base + "input.csv"));
  TL_ASSIGN_OR_RETURN(std::string fc, ReadFile(base + "forecast.csv"));
  TL_ASSIGN_OR_RETURN(c.reference, ParseFrameCsv(fc, false, base + "forecast.csv"));
  TL_ASSIGN_OR_RETURN(std::string js, ReadFile(base + "reference.json"));
  nlohmann::json j = nlohmann::json::parse(js);
  const auto& s = j["settings"];
  c.periods = s["periods"].get<int>();
  const std::string freq =
      s["freq"].is_string() ? s["freq"].get<std::string>() : std::to_string(s["freq"].get<int>());
  TL_ASSIGN_OR_RETURN(c.freq, Frequency::Parse(freq));
  if (s.contains("growth")) {
    TL_ASSIGN_OR_RETURN(c.options.growth, ParseGrowth(s["growth"].get<std::string>()));
  }
  if (s.contains("seasonality.mode")) {
    TL_ASSIGN_OR_RETURN(c.options.seasonality_mode,
                        ParseMode(s["seasonality.mode"].get<std::string>()));
  }
  if (s.contains("changepoint.prior.scale")) {
    c.options.changepoint_prior_scale = s["changepoint.prior.scale"].get<double>();
  }
  if (j["has_holidays"].get<bool>()) {
    TL_ASSIGN_OR_RETURN(std::string hol, ReadFile(base + "holidays.csv"));
    // holiday,ds,lower_window,upper_window
    std::istringstream in(hol);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      std::vector<std::string> f;
      std::string cell;
      std::istringstream ls(line);
      while (std::getline(ls, cell, ',')) {
        if (cell.size() >= 2 && cell.front() == '"') cell = cell.substr(1, cell.size() - 2);
        f.push_back(cell);
      }
      if (f.size() < 4) return InvalidArgument("bad holidays.csv line: " + line);
      TL_ASSIGN_OR_RETURN(CivilDate d, CivilDate::Parse(f[1]));
      c.options.holidays.push_back({f[0], d, std::stoi(f[2]), std::stoi(f[3]), std::nullopt});
    }
  }
  const auto& p = j["params"];
  c.r_params.k = p["k"].get<double>();
  c.r_params.m = p["m"].get<double>();
  c.r_params.delta = p["delta"].get<std::vector<double>>();
  c.r_params.sigma_obs = p["sigma_obs"].get<double>();
  if (p["beta"].is_array()) {
    c.r_params.beta = p["beta"].get<std::vector<double>>();
  } else {
    c.r_params.beta = {p["beta"].get<double>()};
  }
  c.r_fit_s = j["timing_s"]["fit"].get<double>();
  c.r_predict_s = j["timing_s"]["predict"].get<double>();
  for (const auto& cp : j["changepoints"]) {
    TL_ASSIGN_OR_RETURN(Timestamp t, ParseTimestamp(cp.get<std::string>()));
    c.r_changepoints.push_back(t);
  }
  return c;
}

// The prediction frame: make_future_dataframe plus cap (logistic) from the reference rows.
inline Result<Frame> FutureFrame(const Prophet& model, const RefCase& c) {
  TL_ASSIGN_OR_RETURN(Frame f, model.MakeFutureDataFrame(c.periods, c.freq, true));
  if (c.options.growth == Growth::kLogistic) {
    if (c.reference.cap.size() != f.size()) {
      return InvalidArgument(c.name + ": the reference's cap column does not match the frame");
    }
    f.cap = c.reference.cap;
  }
  return f;
}

}  // namespace tradelet::forecast::testing
