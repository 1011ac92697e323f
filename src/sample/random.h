// The sample market's random source: the fixed algorithms of base/random.h (so the same seed
// gives the same market everywhere) plus the draws the generator needs.
#pragma once

#include <cmath>
#include <cstdint>

#include "tradelet/base/random.h"

namespace tradelet::sample {

using ::tradelet::SplitMix64;

// A stream id mixed into a seed: streams for different ids are independent for practical
// purposes.
inline uint64_t StreamSeed(uint64_t seed, uint64_t stream) {
  uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ULL);
  SplitMix64(s);
  return SplitMix64(s);
}

class Rng : public Xoshiro256 {
 public:
  using Xoshiro256::Xoshiro256;

  // Uniform integer in [0, n).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>(Uniform() * static_cast<double>(n)); }
  bool Bernoulli(double p) { return Uniform() < p; }

  // A fat-tailed unit-variance shock: a normal scale mixture (10% of draws have 2.5x the
  // scale), kurtosis 3 * E[s^4] / E[s^2]^2 ~= 7.6.
  double FatTailed() {
    constexpr double kBig = 2.5, kP = 0.10;
    // Normalise so that the variance is 1: E[s^2] = (1-p) + p * big^2.
    static const double kNorm = 1.0 / std::sqrt((1 - kP) + kP * kBig * kBig);
    const double scale = Bernoulli(kP) ? kBig : 1.0;
    return Normal() * scale * kNorm;
  }
};

}  // namespace tradelet::sample
