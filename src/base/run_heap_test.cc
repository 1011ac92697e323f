#include "tradelet/base/run_heap.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define TL_TEST_OWN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define TL_TEST_OWN_MALLOC 1
#endif
#endif

namespace tradelet {
namespace {

TEST(RunHeapTest, GrowsTheHeapAheadAndFaultsItIn) {
  constexpr size_t kBytes = size_t{16} << 20;
  const RunHeap heap = PrepareRunHeap(kBytes, /*wait=*/true);
#if defined(__GLIBC__) && !defined(TL_TEST_OWN_MALLOC)
  // glibc's allocator grows its main heap with brk: this must work.
  ASSERT_NE(heap.begin, nullptr);
#else
  if (heap.begin == nullptr) GTEST_SKIP() << "the heap is not glibc's brk heap here";
#endif
  EXPECT_GE(heap.size, kBytes - 4096);
  // An allocation of a few MB is served from the room grown ahead: neither a mapping of its
  // own nor another growth of the heap.
  void* const brk_before = ::sbrk(0);
  void* volatile block = std::malloc(size_t{4} << 20);
  EXPECT_EQ(::sbrk(0), brk_before);
  EXPECT_LE(reinterpret_cast<uintptr_t>(block) + (size_t{4} << 20),
            reinterpret_cast<uintptr_t>(heap.begin) + heap.size);
  std::free(block);
  if (!heap.populating) GTEST_SKIP() << "no MADV_POPULATE_WRITE on this kernel";
  // Every page of the region is resident once the thread is done.
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((heap.size + page - 1) / page);
  ASSERT_EQ(::mincore(heap.begin, heap.size, resident.data()), 0);
  size_t in = 0;
  for (unsigned char r : resident) in += r & 1;
  EXPECT_EQ(in, resident.size());
}

TEST(RunHeapTest, MoreThanTheMemoryAvailableIsLeftAlone) {
  void* const brk_before = ::sbrk(0);
  const RunHeap heap = PrepareRunHeap(size_t{1} << 50, /*wait=*/true);  // 1 PiB
  EXPECT_EQ(heap.begin, nullptr);
  EXPECT_EQ(heap.size, 0u);
  EXPECT_FALSE(heap.populating);
  EXPECT_EQ(::sbrk(0), brk_before);
}

}  // namespace
}  // namespace tradelet
