// A small, fully specified random source for the sample market. std::normal_distribution and
// friends are implementation-defined, so bytes would differ between standard libraries; these
// are fixed algorithms (splitmix64 seeding, xoshiro256**, Marsaglia's polar method), so the same
// seed gives the same market everywhere.
#pragma once

#include <cmath>
#include <cstdint>

namespace tradelet::sample {

// splitmix64: used to derive independent stream seeds from (seed, stream id).
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A stream id mixed into a seed: streams for different ids are independent for practical
// purposes.
inline uint64_t StreamSeed(uint64_t seed, uint64_t stream) {
  uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ULL);
  SplitMix64(s);
  return SplitMix64(s);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (auto& w : s_) w = SplitMix64(s);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in (0, 1): never 0, so log(Uniform()) is finite.
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  // Uniform integer in [0, n).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>(Uniform() * static_cast<double>(n)); }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal (Marsaglia polar method; caches the second value).
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * Uniform() - 1.0;
      v = 2.0 * Uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * m;
    has_spare_ = true;
    return u * m;
  }

  // A fat-tailed unit-variance shock: a normal scale mixture (10% of draws have 2.5x the
  // scale), kurtosis 3 * E[s^4] / E[s^2]^2 ~= 7.6.
  double FatTailed() {
    constexpr double kBig = 2.5, kP = 0.10;
    // Normalise so that the variance is 1: E[s^2] = (1-p) + p * big^2.
    static const double kNorm = 1.0 / std::sqrt((1 - kP) + kP * kBig * kBig);
    const double scale = Bernoulli(kP) ? kBig : 1.0;
    return Normal() * scale * kNorm;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace tradelet::sample
