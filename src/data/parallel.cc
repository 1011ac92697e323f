#include "tradelet/data/parallel.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "tradelet/base/thread_name.h"

namespace tradelet::data {
namespace {

// What one worker runs: everything lives in ParallelFor's frame, which outlives the workers.
struct Shared {
  size_t n;
  const std::function<void(size_t)>* fn;
  std::atomic<size_t> next{0};

  void Work() {
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      (*fn)(i);
    }
  }
};

void* Worker(void* arg) {
  NameThisThread("tl-load");
  static_cast<Shared*>(arg)->Work();
  return nullptr;
}

}  // namespace

size_t LoadThreads(size_t threads, size_t n) {
  // hardware_concurrency reads /sys/devices/system/cpu/online each time: once per process.
  static const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  if (threads == 0) threads = cores;
  return std::max<size_t>(1, std::min(threads, n));
}

void ParallelFor(size_t n, size_t threads, const std::function<void(size_t)>& fn,
                 const std::function<void()>& caller_first) {
  const size_t k = LoadThreads(threads, n);
  Shared shared{n, &fn};
  // Plain pthreads, not std::thread: a std::thread frees its heap-allocated start state on the
  // new thread as that ends, and that first free gives the thread a malloc arena of its own
  // (mmap 128 MB, munmap, mprotect: three calls that take the address space's lock for
  // writing), which the caller's join waits for. A worker here touches no heap unless fn does.
  // It mattered while the run heap was populated with MADV_POPULATE_WRITE, which held that lock
  // (a bundle load waited 1-3 ms); since the heap is written in by touches, std::thread workers
  // measured the same (docs/data.md, eleventh session).
  std::vector<pthread_t> pool;
  pool.reserve(k - 1);
  for (size_t t = 1; t < k; ++t) {
    pthread_t id;
    // No thread (EAGAIN): the running ones take its share.
    if (pthread_create(&id, nullptr, &Worker, &shared) != 0) break;
    pool.push_back(id);
  }
  if (caller_first) caller_first();
  shared.Work();
  for (pthread_t id : pool) pthread_join(id, nullptr);
}

}  // namespace tradelet::data
