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
  std::string cap;    // a number: constant capacity added to every frame (logistic)
  std::string floor;  // a number: constant floor (logistic)
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
  // --add-seasonality NAME:PERIOD:ORDER[:PRIOR[:MODE[:CONDITION]]] (PERIOD in days), repeatable.
  std::vector<std::string> seasonalities;
  // --regressor NAME[:PRIOR[:STANDARDIZE[:MODE]]] (a column of the input), repeatable.
  std::vector<std::string> regressors;
  // --changepoints: comma list of dates or date-times ("none" = no changepoints).
  std::string changepoints;
  // --country-holidays: "US" (built in; see country_holidays.h). Added by the CLI once the
  // years of the history and forecast are known (AddCountryHolidays).
  std::string country_holidays;
};

Result<ProphetOptions> OptionsFromFlags(const ProphetFlags& flags);

// One --add-seasonality / --regressor spec; errors name the flag and the spec.
Result<SeasonalitySpec> ParseSeasonalitySpec(std::string_view spec);
Result<RegressorSpec> ParseRegressorSpec(std::string_view spec);

// --country-holidays: appends the country's holidays for a history spanning train_first ..
// train_last (calendar years) and a forecast reaching last_year (Prophet keeps only names that
// occur in the training years). No-op when the flag is empty.
Status AddCountryHolidays(const ProphetFlags& flags, Timestamp train_first, Timestamp train_last,
                          Timestamp last, ProphetOptions* options);

// Applies --cap/--floor constants to a frame (fit or predict). Errors name the flag.
Status ApplyCapFloor(const ProphetFlags& flags, Frame* frame);

// holiday,ds[,lower_window,upper_window[,prior_scale]] with a header row.
Result<std::vector<HolidayEvent>> ParseHolidaysCsv(std::string_view text, std::string_view source);

}  // namespace tradelet::forecast
