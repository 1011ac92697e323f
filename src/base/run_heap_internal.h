// What PrepareRunHeap's thread does, for tests.
#pragma once

#include <cstddef>

namespace tradelet::run_heap_internal {

// Faults [p, p + n) in for writing, page by page, leaving every byte as it was (the memory may
// already be in use). `huge`: [p, p + n) is marked for 2 MB pages; the first slow one turns the
// rest back to 4 kB pages (see run_heap.cc).
void Populate(char* p, size_t n, bool huge);

}  // namespace tradelet::run_heap_internal
