// Statistical realism of the default sample market, measured with independent computations on
// the generated bars (returns from adjusted closes, moments, autocorrelations, correlations).
// Ranges are those of US large caps over 2000–2020 (e.g. from ../shared/data/daily), not values
// read off the generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

#include "tradelet/sample/sample_market.h"

namespace tradelet::sample {
namespace {

const SampleMarket& Market() {
  static const SampleMarket* m = new SampleMarket(GenerateSampleMarket({}).value());
  return *m;
}

// Total-return log returns from the adjusted close.
std::vector<double> LogReturns(const BarSeries& s) {
  std::vector<double> r;
  for (size_t i = 1; i < s.size(); ++i) r.push_back(std::log(s.adj_close[i] / s.adj_close[i - 1]));
  return r;
}

double Mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}
double Std(const std::vector<double>& x) {
  const double m = Mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / static_cast<double>(x.size() - 1));
}
double Kurtosis(const std::vector<double>& x) {
  const double m = Mean(x);
  double m2 = 0, m4 = 0;
  for (double v : x) {
    m2 += (v - m) * (v - m);
    m4 += std::pow(v - m, 4);
  }
  m2 /= static_cast<double>(x.size());
  m4 /= static_cast<double>(x.size());
  return m4 / (m2 * m2);
}
double Correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = Mean(a), mb = Mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}
double AbsAutocorrelation(const std::vector<double>& r, size_t lag) {
  std::vector<double> a, b;
  for (size_t i = lag; i < r.size(); ++i) {
    a.push_back(std::fabs(r[i]));
    b.push_back(std::fabs(r[i - lag]));
  }
  return Correlation(a, b);
}
double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

TEST(SampleRealism, DefaultMarketShape) {
  const SampleMarket& m = Market();
  EXPECT_EQ(m.securities.size(), 501u);
  EXPECT_GT(m.daily.front().size(), 2500u);  // 2016..2025
}

TEST(SampleRealism, FatTailsAndVolatilityClustering) {
  std::vector<double> kurt, acf1, acf5, vol;
  for (const BarSeries& s : Market().daily) {
    const auto r = LogReturns(s);
    kurt.push_back(Kurtosis(r));
    acf1.push_back(AbsAutocorrelation(r, 1));
    acf5.push_back(AbsAutocorrelation(r, 5));
    vol.push_back(Std(r) * std::sqrt(252.0));
  }
  const double mk = Median(kurt), m1 = Median(acf1), m5 = Median(acf5), mv = Median(vol);
  std::printf("median kurtosis %.2f, |r| acf lag1 %.3f lag5 %.3f, annual vol %.3f\n", mk, m1, m5,
              mv);
  EXPECT_GT(mk, 4.0);  // normal = 3; US stocks typically 5..20
  EXPECT_LT(mk, 40.0);
  EXPECT_GT(m1, 0.05);  // volatility clustering
  EXPECT_GT(m5, 0.03);
  EXPECT_GT(mv, 0.18);  // S&P 500 members: ~20%..40% annualised
  EXPECT_LT(mv, 0.45);
  // Every stock: positive lag-1 autocorrelation of |r| and fat tails.
  for (size_t i = 0; i < kurt.size(); ++i) {
    EXPECT_GT(kurt[i], 3.0) << Market().securities[i].symbol;
    EXPECT_GT(acf1[i], 0.0) << Market().securities[i].symbol;
  }
}

TEST(SampleRealism, BenchmarkAndCorrelations) {
  const SampleMarket& m = Market();
  const int spy = m.IndexOf("SPY");
  ASSERT_GE(spy, 0);
  const auto bench = LogReturns(m.daily[spy]);
  const double bench_vol = Std(bench) * std::sqrt(252.0);
  std::printf("SPY annual vol %.3f\n", bench_vol);
  EXPECT_GT(bench_vol, 0.10);
  EXPECT_LT(bench_vol, 0.30);

  // Equal-weight index of the stocks vs the benchmark; pairwise correlations within and across
  // sectors.
  std::vector<std::vector<double>> rets;
  for (size_t i = 0; i + 1 < m.daily.size(); ++i) rets.push_back(LogReturns(m.daily[i]));
  std::vector<double> ew(bench.size(), 0.0);
  for (const auto& r : rets) {
    for (size_t t = 0; t < r.size(); ++t) ew[t] += r[t] / static_cast<double>(rets.size());
  }
  const double c_ew = Correlation(ew, bench);
  double same = 0, cross = 0;
  int n_same = 0, n_cross = 0;
  for (size_t i = 0; i < 120; ++i) {
    for (size_t j = i + 1; j < 120; ++j) {
      const double c = Correlation(rets[i], rets[j]);
      if (m.securities[i].sector == m.securities[j].sector) {
        same += c;
        ++n_same;
      } else {
        cross += c;
        ++n_cross;
      }
    }
  }
  same /= n_same;
  cross /= n_cross;
  std::printf("corr(equal-weight, SPY) %.3f; mean pairwise corr same sector %.3f, cross %.3f\n",
              c_ew, same, cross);
  EXPECT_GT(c_ew, 0.85);
  EXPECT_GT(cross, 0.10);
  EXPECT_LT(cross, 0.55);
  EXPECT_GT(same, cross + 0.05);
}

TEST(SampleRealism, SplitsAndDividendsAdjustConsistently) {
  int splits = 0, reverse = 0, dividends = 0;
  for (const BarSeries& s : Market().daily) {
    for (size_t t = 1; t < s.size(); ++t) {
      const double adj_ret = s.adj_close[t] / s.adj_close[t - 1];
      if (s.split[t] != 1.0) {
        ++splits;
        reverse += s.split[t] < 1.0;
        // The raw price jumps by the ratio: the opening gap is small once the ratio is undone.
        EXPECT_LT(std::fabs(std::log(s.open[t] * s.split[t] / s.close[t - 1])), 0.35)
            << s.symbol << " " << t;
        // Adjusted return = raw return with the ratio undone.
        EXPECT_NEAR(adj_ret, s.close[t] * s.split[t] / s.close[t - 1], 1e-9) << s.symbol;
      } else if (s.dividend[t] > 0) {
        ++dividends;
        EXPECT_NEAR(adj_ret, s.close[t] / (s.close[t - 1] - s.dividend[t]), 1e-9) << s.symbol;
        EXPECT_LT(s.dividend[t] / s.close[t - 1], 0.05) << s.symbol;
      } else {
        EXPECT_NEAR(adj_ret, s.close[t] / s.close[t - 1], 1e-9) << s.symbol;
      }
    }
    EXPECT_DOUBLE_EQ(s.adj_close.back(), s.close.back());
  }
  std::printf("splits %d (reverse %d), dividend ex-dates %d\n", splits, reverse, dividends);
  EXPECT_GT(splits, 5);
  EXPECT_LT(splits, 500);
  EXPECT_GT(dividends, 5000);
}

TEST(SampleRealism, OvernightGapsAndVolume) {
  std::vector<double> gap_share, vol_corr;
  for (const BarSeries& s : Market().daily) {
    double gap2 = 0, total2 = 0;
    std::vector<double> absr, logv;
    for (size_t t = 1; t < s.size(); ++t) {
      if (s.split[t] != 1.0 || s.dividend[t] > 0) continue;
      const double g = std::log(s.open[t] / s.close[t - 1]);
      const double r = std::log(s.close[t] / s.close[t - 1]);
      gap2 += g * g;
      total2 += r * r;
      absr.push_back(std::fabs(r));
      logv.push_back(std::log(s.volume[t]));
    }
    gap_share.push_back(gap2 / total2);
    vol_corr.push_back(Correlation(absr, logv));
  }
  std::printf("median overnight variance share %.3f, corr(|r|, log volume) %.3f\n",
              Median(gap_share), Median(vol_corr));
  EXPECT_GT(Median(gap_share), 0.15);
  EXPECT_LT(Median(gap_share), 0.6);
  EXPECT_GT(Median(vol_corr), 0.1);
}

TEST(SampleRealism, RegimesAndDrift) {
  const SampleMarket& m = Market();
  const BarSeries& spy = m.daily[static_cast<size_t>(m.IndexOf("SPY"))];
  const auto r = LogReturns(spy);
  // Rolling 60-session volatility: calm and stressed stretches (regimes + GARCH).
  double lo = 1e9, hi = 0;
  for (size_t t = 60; t <= r.size(); t += 20) {
    const std::vector<double> w(r.begin() + static_cast<long>(t - 60),
                                r.begin() + static_cast<long>(t));
    const double v = Std(w) * std::sqrt(252.0);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  // Maximum drawdown of the total-return index.
  double peak = 0, max_dd = 0;
  for (double p : spy.adj_close) {
    peak = std::max(peak, p);
    max_dd = std::max(max_dd, 1 - p / peak);
  }
  // Annualised mean total return of the stocks (log, so the median is robust to a few winners).
  std::vector<double> growth;
  for (size_t i = 0; i + 1 < m.daily.size(); ++i) {
    const auto& s = m.daily[i];
    growth.push_back(std::log(s.adj_close.back() / s.adj_close.front()) * 252.0 /
                     static_cast<double>(s.size() - 1));
  }
  std::printf(
      "SPY rolling 60d vol %.3f..%.3f, max drawdown %.3f; median stock log growth %.3f/yr\n", lo,
      hi, max_dd, Median(growth));
  EXPECT_GT(hi / lo, 2.0);
  EXPECT_GT(max_dd, 0.15);
  EXPECT_LT(max_dd, 0.70);
  EXPECT_GT(Median(growth), -0.10);
  EXPECT_LT(Median(growth), 0.20);
}

TEST(SampleRealism, IntradayUShape) {
  // Average |1-minute log return| and volume share by minute of a full session, pooled over all
  // symbols' full-length sessions.
  std::vector<double> absret(390, 0.0), volume(390, 0.0);
  for (const BarSeries& s : Market().minute) {
    size_t k = 0;
    while (k < s.size()) {
      size_t e = k + 1;
      while (e < s.size() && s.time_ns[e] - s.time_ns[e - 1] == 60'000'000'000) ++e;
      if (e - k == 390) {
        for (size_t j = 0; j < 390; ++j) {
          absret[j] += std::fabs(std::log(s.close[k + j] / s.open[k + j]));
          volume[j] += s.volume[k + j];
        }
      }
      k = e;
    }
  }
  auto avg = [](const std::vector<double>& v, size_t a, size_t b) {
    return std::accumulate(v.begin() + static_cast<long>(a), v.begin() + static_cast<long>(b),
                           0.0) /
           static_cast<double>(b - a);
  };
  const double r_open = avg(absret, 0, 15), r_mid = avg(absret, 150, 240),
               r_close = avg(absret, 375, 390);
  const double v_open = avg(volume, 0, 15), v_mid = avg(volume, 150, 240),
               v_close = avg(volume, 375, 390);
  std::printf("|r| open/mid/close %.2e %.2e %.2e; volume open/mid/close %.0f %.0f %.0f\n", r_open,
              r_mid, r_close, v_open, v_mid, v_close);
  EXPECT_GT(r_open, 1.5 * r_mid);
  EXPECT_GT(r_close, 1.1 * r_mid);
  EXPECT_GT(v_open, 2.0 * v_mid);
  EXPECT_GT(v_close, 2.0 * v_mid);
}

}  // namespace
}  // namespace tradelet::sample
