#include "tradelet/data/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "tradelet/base/thread_name.h"

namespace tradelet::data {

size_t LoadThreads(size_t threads, size_t n) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(threads, n));
}

void ParallelFor(size_t n, size_t threads, const std::function<void(size_t)>& fn) {
  const size_t k = LoadThreads(threads, n);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(k - 1);
  for (size_t t = 1; t < k; ++t) {
    try {
      pool.emplace_back([&] {
        NameThisThread("tl-load");
        work();
      });
    } catch (...) {  // std::system_error: no thread; the running ones take its share
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
}

}  // namespace tradelet::data
