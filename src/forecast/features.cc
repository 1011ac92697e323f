#include "forecast/features.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <unordered_map>

namespace tradelet::forecast::internal {
namespace {

std::string HolidayColumnName(const std::string& holiday, int offset) {
  return holiday + "_delim_" + (offset >= 0 ? "+" : "-") + std::to_string(std::abs(offset));
}

int64_t DayNumber(Timestamp t) {
  const int64_t ns = t.unix_nanos();
  constexpr int64_t kDay = 86'400'000'000'000;
  return ns >= 0 ? ns / kDay : -((-ns + kDay - 1) / kDay);
}

}  // namespace

void FourierColumns(const std::vector<Timestamp>& ds, double period_days, int order, int col,
                    Eigen::MatrixXd* out) {
  const double w = 2.0 * std::numbers::pi / period_days;
  for (size_t i = 0; i < ds.size(); ++i) {
    // Absolute days since the epoch (not the scaled t), as Prophet does.
    const double t_days = static_cast<double>(ds[i].unix_nanos()) / 86'400e9;
    const double theta = w * t_days;
    const double s1 = std::sin(theta), c1 = std::cos(theta);
    double s = s1, c = c1;
    for (int n = 1; n <= order; ++n) {
      if (n > 1) {
        // Angle addition; re-anchor every 4 terms to keep rounding at the 1e-15 level.
        if (n % 4 == 0) {
          s = std::sin(n * theta);
          c = std::cos(n * theta);
        } else {
          const double sn = s * c1 + c * s1;
          c = c * c1 - s * s1;
          s = sn;
        }
      }
      (*out)(static_cast<Eigen::Index>(i), col + 2 * (n - 1)) = s;
      (*out)(static_cast<Eigen::Index>(i), col + 2 * (n - 1) + 1) = c;
    }
  }
}

Result<FeatureLayout> BuildLayout(const Prophet::State& st, const ProphetOptions& options) {
  FeatureLayout lay;
  std::map<std::string, std::vector<int>> comp_cols;
  std::map<std::string, bool> comp_additive;
  auto add_col = [&](std::string name, double sigma, Mode mode, const std::string& comp) {
    const int q = static_cast<int>(lay.names.size());
    lay.names.push_back(std::move(name));
    lay.sigmas.push_back(sigma);
    lay.s_a.push_back(mode == Mode::kAdditive);
    lay.s_m.push_back(mode == Mode::kMultiplicative);
    comp_cols[comp].push_back(q);
    comp_additive[comp] = mode == Mode::kAdditive;
    comp_cols[mode == Mode::kAdditive ? "additive_terms" : "multiplicative_terms"].push_back(q);
    return q;
  };
  for (const auto& s : st.seasonalities) {
    for (int n = 1; n <= 2 * s.order; ++n) {
      add_col(s.name + "_delim_" + std::to_string(n), s.prior_scale, s.mode, s.name);
    }
  }
  // Holidays: one column per (name, offset), sorted by column name (code-point order).
  const Mode hmode = options.holidays_mode.value_or(options.seasonality_mode);
  std::map<std::string, double> prior;
  std::map<std::string, std::pair<std::string, int>> hcols;  // sorted by name
  for (const auto& h : st.holidays) {
    const double ps = h.prior_scale.value_or(options.holidays_prior_scale);
    auto [it, inserted] = prior.emplace(h.name, ps);
    if (!inserted && it->second != ps) {
      return InvalidArgument("holiday '" + h.name +
                             "': prior_scale must be the same on every row of the holiday");
    }
    for (int o = h.lower_window; o <= h.upper_window; ++o) {
      hcols.emplace(HolidayColumnName(h.name, o), std::make_pair(h.name, o));
    }
  }
  for (const auto& [col_name, what] : hcols) {
    const int q = add_col(col_name, prior[what.first], hmode, what.first);
    comp_cols["holidays"].push_back(q);
    comp_additive["holidays"] = hmode == Mode::kAdditive;
    lay.holiday_cols.push_back({q, {what.first, what.second}});
  }
  for (const auto& r : st.regressors) {
    const int q = add_col(r.name, r.prior_scale, r.mode, r.name);
    const std::string group = r.mode == Mode::kAdditive ? "extra_regressors_additive"
                                                        : "extra_regressors_multiplicative";
    comp_cols[group].push_back(q);
    comp_additive[group] = r.mode == Mode::kAdditive;
  }
  comp_additive["additive_terms"] = true;
  comp_additive["multiplicative_terms"] = false;
  comp_cols["additive_terms"];
  comp_cols["multiplicative_terms"];
  if (lay.names.empty()) {
    // Stan needs K >= 1: a single all-zero column, not a component.
    lay.names.push_back("zeros");
    lay.sigmas.push_back(1.0);
    lay.s_a.push_back(options.seasonality_mode == Mode::kAdditive);
    lay.s_m.push_back(options.seasonality_mode == Mode::kMultiplicative);
    lay.zeros_only = true;
  }
  for (auto& [name, cols] : comp_cols) {  // std::map: sorted by name
    lay.components.push_back({name, cols, comp_additive[name]});
  }
  return lay;
}

void BuildFeatures(const Prophet::State& st, const Frame& frame, Eigen::MatrixXd* X) {
  const auto& lay = st.layout;
  const Eigen::Index n = static_cast<Eigen::Index>(frame.size());
  X->setZero(n, static_cast<Eigen::Index>(lay.names.size()));
  if (lay.zeros_only) return;
  int col = 0;
  for (const auto& s : st.seasonalities) {
    FourierColumns(frame.ds, s.period, s.order, col, X);
    if (!s.condition_name.empty()) {
      const std::vector<double>* cond = frame.Column(s.condition_name);
      for (Eigen::Index i = 0; i < n; ++i) {
        if ((*cond)[i] == 0.0) X->row(i).segment(col, 2 * s.order).setZero();
      }
    }
    col += 2 * s.order;
  }
  if (!lay.holiday_cols.empty()) {
    // day number -> columns to set
    std::unordered_map<int64_t, std::vector<int>> by_day;
    std::map<std::pair<std::string, int>, int> col_of;
    for (const auto& [q, what] : lay.holiday_cols) col_of[{what.holiday, what.offset}] = q;
    for (const auto& h : st.holidays) {
      for (int o = h.lower_window; o <= h.upper_window; ++o) {
        by_day[h.date.ToDays() + o].push_back(col_of[{h.name, o}]);
      }
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      auto it = by_day.find(DayNumber(frame.ds[i]));
      if (it == by_day.end()) continue;
      for (int q : it->second) (*X)(i, q) = 1.0;
    }
    col += static_cast<int>(lay.holiday_cols.size());
  }
  for (const auto& r : st.regressors) {
    const std::vector<double>* v = frame.Column(r.name);
    for (Eigen::Index i = 0; i < n; ++i) (*X)(i, col) = ((*v)[i] - r.mu) / r.std;
    ++col;
  }
}

}  // namespace tradelet::forecast::internal
