// PrepareRunHeap: sets up the heap of a command that builds one large result in a short-lived
// process (backtest), so that its pages are not faulted in one 4 kB page at a time on the
// critical path.
#pragma once

#include <cstddef>

namespace tradelet {

struct RunHeap {
  char* begin = nullptr;  // the heap grown ahead of use ([begin, begin + size)); null if not
  size_t size = 0;
  bool huge_pages = false;  // madvise(MADV_HUGEPAGE) took
  bool populating = false;  // a thread is writing it in (touching each page)
};

// Grows the main heap by `bytes` now, marks it for transparent huge pages and has a thread
// fault it in (a write to each page that keeps its value, so the caller may already use the
// memory) while the caller goes on (loading its data). Frees are kept on the heap rather than
// given back to the kernel. Where any of it is unavailable (not glibc, a sanitizer's
// allocator, a kernel without THP) that part is left out and the heap behaves as usual; with
// less than 8x `bytes` of memory available (to the machine or a cgroup), nothing is done. 2 MB
// pages that turn out slow to fault in (memory the host of a VM has not backed yet) switch the
// rest back to 4 kB pages (run_heap.cc). With `wait`, returns once the thread is done (for
// tests). Process-wide and not undone: only for commands whose process ends after the run.
RunHeap PrepareRunHeap(size_t bytes, bool wait = false);

}  // namespace tradelet
