#include "tradelet/base/run_heap.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "run_heap_internal.h"

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
  ASSERT_TRUE(heap.populating);
  // Every page of the region is resident once the thread is done.
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((heap.size + page - 1) / page);
  ASSERT_EQ(::mincore(heap.begin, heap.size, resident.data()), 0);
  size_t in = 0;
  for (unsigned char r : resident) in += r & 1;
  EXPECT_EQ(in, resident.size());
}

// The heap is handed out while the thread writes it in: what is already there must stay (a
// populate that wrote zeros, as memset or a plain store would, fails here), and every page is
// resident afterwards.
TEST(RunHeapTest, WritingPagesInKeepsWhatTheyHold) {
#if defined(__GLIBC__)
  constexpr size_t kBytes = size_t{6} << 20;
  void* m = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(m, MAP_FAILED);
  auto* p = static_cast<unsigned char*>(m);
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  // Every other page written before: those hold data, the rest are untouched.
  for (size_t at = 0; at < kBytes; at += 2 * page) {
    for (size_t k = 0; k < page; ++k) p[at + k] = static_cast<unsigned char>(k * 7 + at / page);
  }
  run_heap_internal::Populate(reinterpret_cast<char*>(p), kBytes, /*huge=*/false);
  std::vector<unsigned char> resident(kBytes / page);
  ASSERT_EQ(::mincore(p, kBytes, resident.data()), 0);
  size_t in = 0, bad = 0;
  for (unsigned char r : resident) in += r & 1;
  for (size_t at = 0; at < kBytes; at += page) {
    for (size_t k = 0; k < page; ++k) {
      const unsigned char want =
          (at / page) % 2 == 0 ? static_cast<unsigned char>(k * 7 + at / page) : 0;
      bad += p[at + k] != want;
    }
  }
  EXPECT_EQ(in, resident.size());
  EXPECT_EQ(bad, 0u);
  ::munmap(m, kBytes);
#else
  GTEST_SKIP() << "not glibc";
#endif
}

// One slow 2 MB page does not send the rest of the heap to 4 kB pages; a second one does.
TEST(RunHeapTest, TwoSlowPagesMeanColdMemory) {
  run_heap_internal::ColdPages cold;
  EXPECT_FALSE(cold.Slow(0.2));
  EXPECT_FALSE(cold.Slow(4.4));
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(cold.Slow(0.3));
  EXPECT_FALSE(cold.Slow(1.0));  // not over the bar
  EXPECT_TRUE(cold.Slow(1.2));
  run_heap_internal::ColdPages cold_from_the_start;
  EXPECT_FALSE(cold_from_the_start.Slow(4.5));
  EXPECT_TRUE(cold_from_the_start.Slow(4.5));
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
