// What PrepareRunHeap's thread does, for tests.
#pragma once

#include <cstddef>

namespace tradelet::run_heap_internal {

// Whether the 2 MB pages being written in are ones the host of a VM has to back first (see
// run_heap.cc): Slow(ms) takes each page's CPU time and says when to give up on 2 MB pages.
class ColdPages {
 public:
  static constexpr double kSlowMs = 1.0;  // a backed 2 MB page takes ~0.2 ms
  static constexpr int kSlowPages = 2;    // one slow page alone is not the host
  bool Slow(double ms);

 private:
  int slow_ = 0;
};

// Faults [p, p + n) in for writing, page by page, leaving every byte as it was (the memory may
// already be in use). `huge`: [p, p + n) is marked for 2 MB pages; the second slow one turns the
// rest back to 4 kB pages (see run_heap.cc).
void Populate(char* p, size_t n, bool huge);

}  // namespace tradelet::run_heap_internal
