// ParallelFor: a small pool of threads over the indices 0..n-1, for loading many files at once.
// Each index runs exactly once; the caller keeps results per index, so what it merges afterwards
// (in index order) does not depend on the number of threads.
#pragma once

#include <cstddef>
#include <functional>

namespace tradelet::data {

// Threads to use for `threads` (0 = the machine's cores, at least 1), never more than `n`.
size_t LoadThreads(size_t threads, size_t n);

// Runs fn(i) for every i in [0, n) on up to LoadThreads(threads, n) threads (the caller's thread
// is one of them) and returns when all have finished. Indices are handed out in ascending order.
// When a thread cannot be started the others do its share. fn must not throw.
// `caller_first`, when given, runs on the calling thread before it takes indices of its own,
// while the other threads start on them: a serial task that overlaps the parallel ones (with
// one thread it simply runs first). It must not throw either.
void ParallelFor(size_t n, size_t threads, const std::function<void(size_t)>& fn,
                 const std::function<void()>& caller_first = nullptr);

}  // namespace tradelet::data
