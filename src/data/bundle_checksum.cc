// The bundle checksum: four independent multiply-rotate lanes over 32-byte stripes (so the CPU
// overlaps them), folded with the tail and the length and finished with an avalanche. It guards
// against truncation and corruption, not against an adversary.
#include <cstring>

#include "tradelet/data/bundle.h"

namespace tradelet::data {
namespace {

constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kP3 = 0x165667B19E3779F9ULL;

inline uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint64_t Load(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t Round(uint64_t lane, uint64_t w) { return Rotl(lane + w * kP2, 31) * kP1; }

}  // namespace

uint64_t BundleChecksum(std::span<const uint8_t> bytes) {
  const uint8_t* p = bytes.data();
  const size_t n = bytes.size();
  uint64_t a = kP1 + kP2, b = kP2, c = 0, d = 0 - kP1;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a = Round(a, Load(p + i));
    b = Round(b, Load(p + i + 8));
    c = Round(c, Load(p + i + 16));
    d = Round(d, Load(p + i + 24));
  }
  uint64_t h = Rotl(a, 1) + Rotl(b, 7) + Rotl(c, 12) + Rotl(d, 18) + n;
  for (; i + 8 <= n; i += 8) h = Rotl(h ^ Round(0, Load(p + i)), 27) * kP1 + kP3;
  for (; i < n; ++i) h = Rotl(h ^ (p[i] * kP3), 11) * kP1;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

}  // namespace tradelet::data
