// Prophet options as text (the CLI's flags, Prophet's argument names with dashes), converted
// to ProphetOptions with errors that name the flag. Also the holidays CSV reader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {

struct ProphetFlags {
  std::string growth = "linear";
  std::string cap;     // a number: constant capacity added to every frame (logistic)
  std::string floor;   // a number: constant floor (logistic)
  int n_changepoints = 25;
  double changepoint_range = 0.8;
  double changepoint_prior_scale = 0.05;
  std::string yearly_seasonality = "auto";
  std::string weekly_seasonality = "auto";
  std::string daily_seasonality = "auto";
  std::string seasonality_mode = "additive";
  double seasonality_prior_scale = 10;
  double holidays_prior_scale = 10;
  std::string holidays_text;  // contents of the holidays CSV (empty = none)
  std::string holidays_source = "holidays.csv";
  double interval_width = 0.8;
  int uncertainty_samples = 1000;
  uint64_t seed = 0;
  std::string scaling = "absmax";
  std::string algorithm = "auto";  // auto (Prophet's Stan run), exact (true MAP), lbfgs, newton
};

Result<ProphetOptions> OptionsFromFlags(const ProphetFlags& flags);

// Applies --cap/--floor constants to a frame (fit or predict). Errors name the flag.
Status ApplyCapFloor(const ProphetFlags& flags, Frame* frame);

// holiday,ds[,lower_window,upper_window[,prior_scale]] with a header row.
Result<std::vector<HolidayEvent>> ParseHolidaysCsv(std::string_view text, std::string_view source);

}  // namespace tradelet::forecast
