// Writing the report files: one write() per file (no iostream), and orders.csv formatted in
// blocks by every writer thread and written in order as the blocks are ready.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

#include "report_format.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/base/status.h"

namespace tradelet::report_internal {

// Creates or replaces `path` with `text` (writing over the old file, then cutting its
// tail). Errors name the file.
Status WriteFile(const std::filesystem::path& path, std::string_view text);

// The bytes a file is written in at a time when it is formatted as it is written.
constexpr size_t kStreamBytes = 256 * 1024;

// Creates or replaces `path` with what `fill` puts into the buffer it is given, which
// is written out whenever it holds kStreamBytes.
Status WriteStreamed(const std::filesystem::path& path, const std::function<void(ByteBuf&)>& fill);

// orders.csv: the header, blocks of kBlockRows orders and the rejections. Any number of
// threads call FormatBlocks() (each takes the next unformatted block until none is left); a
// block is written as soon as it and every block before it are formatted, by the thread that
// finds it so, without holding up the others, and its buffer is then used for a later block
// (a few buffers go round instead of fresh memory for the whole file); Finish() (after every
// FormatBlocks returned) writes what is left, closes the file and returns the first error.
class OrdersWriter {
 public:
  static constexpr size_t kBlockRows = 1024;  // ~115 kB of text

  OrdersWriter(std::filesystem::path path, const BacktestResult& r);
  ~OrdersWriter();
  OrdersWriter(const OrdersWriter&) = delete;
  OrdersWriter& operator=(const OrdersWriter&) = delete;

  void FormatBlocks();
  Status Finish();

 private:
  void Done(size_t piece);
  ByteBuf TakeBuffer();

  const std::filesystem::path path_;
  const BacktestResult& r_;
  int fd_ = -1;
  off_t old_size_ = 0;  // the file's size before, cut to size_ by Finish()
  // Piece 0 is the header, 1..blocks the order rows, the last the rejections.
  std::vector<ByteBuf> pieces_;
  std::atomic<size_t> next_block_{0};
  std::mutex mu_;  // guards the members below
  std::vector<char> ready_;
  std::vector<ByteBuf> spare_;  // written blocks' buffers, emptied
  size_t written_ = 0;          // pieces written, in order
  size_t size_ = 0;             // bytes written
  bool writing_ = false;
  Status status_;
};

}  // namespace tradelet::report_internal
