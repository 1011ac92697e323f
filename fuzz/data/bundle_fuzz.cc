// Fuzzes the bar bundle reader (data/bundle.h, issue 20 point 4).
// Invariants: no crash, no read outside the input; any input either loads or fails with
// kDataLoss / kInvalidArgument (another format version); what loads is shaped (ascending
// times, columns of equal length) and its verdicts name only symbols it holds. Each input is
// tried twice: as it is (the checksums stop almost everything at the header) and with the
// header and metadata checksums recomputed, so the fuzzer also reaches the metadata parser,
// the bounds checks and the payload copy.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tradelet/data/bundle.h"

namespace {

void Check(const std::vector<uint8_t>& bytes) {
  using namespace tradelet;
  auto r = data::ParseBundle(bytes, "fuzz.tlb");
  if (!r.ok()) {
    const StatusCode c = r.status().code();
    if (c != StatusCode::kDataLoss && c != StatusCode::kInvalidArgument) std::abort();
    if (r.status().message().find("fuzz.tlb") == std::string::npos) std::abort();
    return;
  }
  for (const Symbol& s : r->market.symbols()) {
    if (!r->market.Find(s)->CheckShape().ok()) std::abort();
    if (!r->invalid.count(s) || !r->file_of.count(s)) std::abort();
  }
  if (r->invalid.size() != r->market.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  Check(bytes);
  if (size >= 64) {
    // Header: meta at 64, its size at 24, its checksum at 48, the header's own at 56.
    uint64_t meta_size = 0;
    std::memcpy(&meta_size, bytes.data() + 24, 8);
    if (meta_size <= size - 64) {
      const uint64_t sum = tradelet::data::BundleChecksum({bytes.data() + 64, meta_size});
      std::memcpy(bytes.data() + 48, &sum, 8);
    }
    const uint64_t head = tradelet::data::BundleChecksum({bytes.data(), 56});
    std::memcpy(bytes.data() + 56, &head, 8);
    Check(bytes);
  }
  return 0;
}
