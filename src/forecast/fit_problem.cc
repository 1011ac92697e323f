// Building the MAP problem of a Prophet fit (fit_problem.h): prepared data, features,
// changepoints and initial values.
#include "forecast/fit_problem.h"

#include <algorithm>
#include <cmath>

#include "forecast/features.h"
#include "forecast/prepare.h"

namespace tradelet::forecast::internal {

Result<FitProblem> BuildFitProblem(const Frame& input, const ProphetOptions& options,
                                   const ProphetParams& init) {
  TL_RETURN_IF_ERROR(ValidateOptions(options));
  FitProblem p;
  Prophet::State* st = &p.state;
  TL_ASSIGN_OR_RETURN(st->history, CheckAndSortFrame(input, *st, options, /*is_fit=*/true));
  const Frame& hist = st->history;
  // Every input date (NaN y included), for make_future_dataframe.
  st->history_dates = input.ds;
  std::sort(st->history_dates.begin(), st->history_dates.end());
  st->history_dates.erase(std::unique(st->history_dates.begin(), st->history_dates.end()),
                          st->history_dates.end());
  TL_RETURN_IF_ERROR(EstimateScales(hist, options, st));
  TL_ASSIGN_OR_RETURN(st->seasonalities, ResolveSeasonalities(hist, options));
  st->holidays = options.holidays;
  TL_ASSIGN_OR_RETURN(st->layout, BuildLayout(*st, options));

  ModelData& d = st->data;
  d.growth = options.growth;
  d.T = static_cast<int>(hist.size());
  d.t = ScaledTime(hist, *st);
  const std::vector<double> fl = FloorOf(hist, *st, options);
  d.y.resize(d.T);
  for (int i = 0; i < d.T; ++i) d.y[i] = (hist.y[i] - fl[i]) / st->y_scale;
  if (d.growth == Growth::kLogistic) {
    d.cap.resize(d.T);
    for (int i = 0; i < d.T; ++i) d.cap[i] = (hist.cap[i] - fl[i]) / st->y_scale;
  }
  BuildFeatures(*st, hist, &d.X);
  d.K = static_cast<int>(d.X.cols());
  d.sigmas = st->layout.sigmas;
  d.s_a = st->layout.s_a;
  d.s_m = st->layout.s_m;
  d.tau = options.changepoint_prior_scale;
  TL_ASSIGN_OR_RETURN(st->changepoints, PlaceChangepoints(hist, options));
  for (Timestamp c : st->changepoints) {
    d.s.push_back(NsBetween(st->start_ns, c.unix_nanos()) / st->t_scale_ns);
  }
  p.dummy_changepoint = d.s.empty();
  if (p.dummy_changepoint) d.s.push_back(0.0);  // Prophet's placeholder: a real parameter
  d.S = static_cast<int>(d.s.size());
  st->changepoints_t = d.s;

  // Initial values (Prophet's), optionally overridden by a warm start of matching shape.
  std::vector<double>& x0 = p.x0;
  x0.assign(d.num_params(), 0.0);
  InitialTrend(d, &x0[0], &x0[1]);
  if (!init.delta.empty() || !init.beta.empty() || init.k != 0 || init.m != 0) {
    x0[0] = init.k;
    x0[1] = init.m;
    if (static_cast<int>(init.delta.size()) == d.S) {
      std::copy(init.delta.begin(), init.delta.end(), x0.begin() + 2);
    }
    if (init.sigma_obs > 0) x0[2 + d.S] = std::log(init.sigma_obs);
    if (static_cast<int>(init.beta.size()) == d.K) {
      std::copy(init.beta.begin(), init.beta.end(), x0.begin() + 3 + d.S);
    }
  }
  const auto [ymin, ymax] = std::minmax_element(hist.y.begin(), hist.y.end());
  p.constant_history = *ymin == *ymax && options.growth != Growth::kLogistic;
  return p;
}

ProphetParams FoldParams(const std::vector<double>& x, int S, bool dummy_changepoint) {
  ProphetParams p;
  p.k = x[0];
  p.m = x[1];
  p.delta.assign(x.begin() + 2, x.begin() + 2 + S);
  p.sigma_obs = std::exp(x[2 + S]);
  p.beta.assign(x.begin() + 3 + S, x.end());
  if (dummy_changepoint) {
    // Prophet folds the placeholder changepoint's rate change into k.
    p.k += p.delta[0];
    p.delta[0] = 0.0;
  }
  return p;
}

}  // namespace tradelet::forecast::internal
