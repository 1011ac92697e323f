// PrepareRunHeap (tradelet/base/run_heap.h). Measured on the SMA bundle benchmark (2.4 M bars,
// 91k orders): the run's heap peaks at ~63 MB, grown by doubling vectors and 92 KB order
// chunks; faulted in 4 kB at a time that is ~14.5k page faults (~10% of the process's CPU in
// the kernel's fault path, on the run's thread). Grown at once and marked huge it takes ~30
// 2 MB faults, and those are taken by a helper thread while the bundle loads. Measured against
// the 4 kB heap (21 interleaved runs each, load average ~2.7 on 2 cores, medians): wall 197 ->
// 162 ms, CPU 204 -> 161 ms, faults 13,971 -> 1,929, slowest run 396 -> 250 ms. Huge pages
// without the check for cold ones in Populate: median 170 ms but 5 runs of 21 at 283-389 ms;
// 4 kB pages populated the same way: 186 ms.
#include "tradelet/base/run_heap.h"

#include <time.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <thread>

#include "run_heap_internal.h"
#include "tradelet/base/thread_name.h"

#if defined(__GLIBC__)
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace tradelet {

namespace {

#if defined(__GLIBC__)
double ThreadCpuMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The first number in `path` after `key` (a whole file when `key` is empty), or -1 when there
// is none ("max", no such file).
int64_t ReadNumber(const char* path, const std::string& key) {
  std::FILE* f = std::fopen(path, "re");
  if (f == nullptr) return -1;
  char buf[4096];
  const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  const char* at = buf;
  if (!key.empty()) {
    at = std::strstr(buf, key.c_str());
    if (at == nullptr) return -1;
    at += key.size();
  }
  while (*at == ' ') ++at;
  if (*at < '0' || *at > '9') return -1;
  return std::strtoll(at, nullptr, 10);
}

// Room to write `bytes` in ahead of use without crowding the machine or the container: a
// small container (cgroup memory.max) or a machine short of memory could be pushed into
// reclaim or the OOM killer by pages a small backtest would never have touched.
bool HasRoomFor(size_t bytes) {
  const int64_t want = static_cast<int64_t>(bytes) * 8;
  const int64_t limit = ReadNumber("/sys/fs/cgroup/memory.max", "");
  if (limit >= 0 && limit < want) return false;
  const int64_t available_kb = ReadNumber("/proc/meminfo", "MemAvailable:");
  return available_kb < 0 || available_kb * 1024 >= want;
}

// Faults one page in for writing without changing it: an atomic add of zero. The run's threads
// may already be using the page (the heap is handed out while it is being written in), and an
// atomic read-modify-write of the same value cannot lose their stores.
inline void TouchForWrite(char* at) { __atomic_fetch_add(at, char{0}, __ATOMIC_RELAXED); }

#endif

}  // namespace

namespace run_heap_internal {

bool ColdPages::Slow(double ms) {
  if (ms > kSlowMs) ++slow_;
  return slow_ >= kSlowPages;
}

#if defined(__GLIBC__)

// Writes [p, p + n) in, one 2 MB page at a time, by touching each page. Not madvise(
// MADV_POPULATE_WRITE): that holds the process's mmap lock for the whole range it is given, and
// every mmap, mprotect or madvise of the other threads meanwhile (the bundle's mapping, the
// load's thread stacks and malloc arenas) waited behind it: 5-18 ms per run of the main thread
// blocked in the load (perf sched_switch, 20 runs). A fault takes only its own mapping's lock.
// A 2 MB page that takes over 1 ms of this thread's CPU to clear (~0.2 ms when its memory is
// backed) is memory the host has not backed yet: a VM whose balloon reports free 2 MB blocks
// back to the host (free page reporting, as on Firecracker; this machine) hands them out cold,
// ~4.5 ms of host faults each, ~150 ms for the heap, which starved the run's other core in 1
// run in 5. Then the rest of the heap goes back to 4 kB pages, which come from the VM's own
// recently freed ones, and are written in as such. Not after one slow page, though: 4 kB pages
// cost ~0.8 ms per 2 MB even when backed (64 MB: 25-40 ms of CPU against ~6 ms in 2 MB pages,
// measured), and a single slow first page (1 run in 25) sent the whole heap to 4 kB pages.

void Populate(char* p, size_t n, bool huge) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  char* const end = p + n;
  ColdPages cold;
  for (char* at = p; at < end;) {
    char* next = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(at) + kHuge) & ~(kHuge - 1));
    if (next > end) next = end;
    const double t0 = huge ? ThreadCpuMs() : 0;
    // A huge page is faulted in whole by its first touch; the others are touched all the same
    // (when the kernel had no 2 MB page to give, they are 4 kB pages).
    for (char* q = at; q < next; q += page) TouchForWrite(q);
    if (huge && next - at == static_cast<ptrdiff_t>(kHuge) && cold.Slow(ThreadCpuMs() - t0)) {
      huge = false;
#if defined(MADV_NOHUGEPAGE)
      if (next < end) ::madvise(next, static_cast<size_t>(end - next), MADV_NOHUGEPAGE);
#endif
    }
    at = next;
  }
}
#endif

}  // namespace run_heap_internal

RunHeap PrepareRunHeap(size_t bytes, bool wait) {
  RunHeap heap;
#if defined(__GLIBC__)
  if (!HasRoomFor(bytes)) return heap;
  // Large arrays (equity, orders, fills, report buffers) stay on the heap instead of getting
  // mappings of their own, and what the run frees is reused instead of being returned to the
  // kernel and faulted in again.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // The next growth of the heap takes `bytes` more than asked: one allocation that does not fit
  // the top of the heap grows it by all of it now, and freed it stays there as free space.
  mallopt(M_TOP_PAD, static_cast<int>(bytes));
  const uintptr_t before = reinterpret_cast<uintptr_t>(::sbrk(0));
  // Larger than the free space at the top of the heap, so that it grows the heap.
  size_t probe_size = size_t{1} << 20;
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)
  probe_size += mallinfo2().keepcost;
#endif
  void* volatile probe = std::malloc(probe_size);
  const uintptr_t after = reinterpret_cast<uintptr_t>(::sbrk(0));
  std::free(probe);
  // Not grown by brk (another allocator in place, or brk failed and glibc mapped instead):
  // nothing to mark.
  if (before == uintptr_t(-1) || after <= before || after - before < bytes) return heap;
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (before + page - 1) & ~(page - 1), end = after & ~(page - 1);
  heap.begin = reinterpret_cast<char*>(begin);
  heap.size = end - begin;
#if defined(MADV_HUGEPAGE)
  // THP in "madvise" mode (the default on many distributions) serves only marked ranges; in
  // "never" mode, or without THP, this fails and the pages stay 4 kB.
  heap.huge_pages = ::madvise(heap.begin, heap.size, MADV_HUGEPAGE) == 0;
#endif
  // Faulting the pages in (zeroing them; on a fresh VM also the host backing them) is done on
  // another core while the caller loads its data, not on the run's thread as it first touches
  // them.
  char* const p = heap.begin;
  const size_t n = heap.size;
  const bool huge = heap.huge_pages;
  try {
    std::thread t([p, n, huge, wait] {
      NameThisThread("tl-heap");
      if (!wait) {
        // Only on a core nothing else wants: the run's own threads (the load's, the preparer,
        // the account) come first, and a page this thread has not reached yet is faulted in
        // by whoever touches it. With the run's threads waiting on futexes instead of yielding
        // (kernel_prepared.cc), 3 batches of 41-51 interleaved runs: median 84.2 -> 75.5,
        // 86.9 -> 75.1, 93.9 -> 91.8 ms. (Tried in the tenth session, while the run's threads
        // yielded to it: no change.) A test that waits for it needs it done, not idle.
        sched_param idle{};
        ::pthread_setschedparam(::pthread_self(), SCHED_IDLE, &idle);
      }
      run_heap_internal::Populate(p, n, huge);
    });
    if (wait) {
      t.join();
    } else {
      t.detach();
    }
    heap.populating = true;
  } catch (const std::system_error&) {
    // No thread to spare (a limit on threads): the run faults its pages in itself.
  }
#else
  (void)bytes;
  (void)wait;
#endif
  return heap;
}

}  // namespace tradelet
