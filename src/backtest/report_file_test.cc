// The report files' writers: every byte arrives, in order, whichever thread formats a block.
#include "report_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

namespace tradelet::report_internal {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path Dir(const std::string& name) {
  const auto d = std::filesystem::path(testing::TempDir()) / ("report_file_test_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

TEST(ReportFile, StreamedFileHoldsEveryByte) {
  const auto path = Dir("streamed") / "big.csv";
  std::string want;
  ASSERT_TRUE(WriteStreamed(path, [&](ByteBuf& out) {
                for (int k = 0; k < 100000; ++k) {  // ~700 kB: several flushes
                  const std::string row = "row," + std::to_string(k) + "\n";
                  out.Append(row);
                  want += row;
                }
              }).ok());
  EXPECT_EQ(Slurp(path), want);
}

// The writers write over an existing file rather than truncating it first: a longer file of an
// earlier run must leave nothing behind, a shorter one must be outgrown.
TEST(ReportFile, ReplacesLongerAndShorterFiles) {
  const auto dir = Dir("replace");
  const std::string longer(50000, 'x');
  for (const std::string& text : {std::string("short\n"), longer, std::string("abc")}) {
    ASSERT_TRUE(WriteFile(dir / "plain.txt", text).ok());
    EXPECT_EQ(Slurp(dir / "plain.txt"), text);
    ASSERT_TRUE(WriteStreamed(dir / "streamed.txt", [&](ByteBuf& out) { out.Append(text); }).ok());
    EXPECT_EQ(Slurp(dir / "streamed.txt"), text);
  }
  BacktestResult r;  // no orders: orders.csv is its header alone
  ASSERT_TRUE(WriteFile(dir / "orders.csv", longer).ok());
  OrdersWriter w(dir / "orders.csv", r);
  w.FormatBlocks();
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(Slurp(dir / "orders.csv").substr(0, 3), "id,");
  EXPECT_EQ(Slurp(dir / "orders.csv").find('x'), std::string::npos);
}

TEST(ReportFile, ErrorsNameTheFile) {
  const auto dir = Dir("errors");
  std::filesystem::create_directories(dir / "taken.csv");  // a directory in the file's place
  const Status open = WriteFile(dir / "taken.csv", "x");
  EXPECT_FALSE(open.ok());
  EXPECT_NE(open.ToString().find("taken.csv: cannot open for writing"), std::string::npos)
      << open.ToString();
  if (std::filesystem::exists("/dev/full")) {
    const Status full = WriteFile("/dev/full", "x");
    EXPECT_FALSE(full.ok());
    EXPECT_NE(full.ToString().find("/dev/full: write failed"), std::string::npos)
        << full.ToString();
  }
}

// A write that fails part-way over a longer old file must not leave the new run's first bytes
// followed by the old run's tail (one plausible-looking file): the file is emptied.
TEST(ReportFile, AFailedWriteLeavesNoMixOfOldAndNew) {
  const auto dir = Dir("failed");
  for (int streamed = 0; streamed < 2; ++streamed) {
    const auto path = dir / (streamed ? "streamed.csv" : "plain.csv");
    ASSERT_TRUE(WriteFile(path, std::string(100000, 'o')).ok());
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // The child may grow files to 40,000 bytes only: the 60,000-byte write fails there.
      std::signal(SIGXFSZ, SIG_IGN);
      rlimit lim{40000, 40000};
      setrlimit(RLIMIT_FSIZE, &lim);
      const std::string text(60000, 'n');
      const Status s = streamed ? WriteStreamed(path, [&](ByteBuf& out) { out.Append(text); })
                                : WriteFile(path, text);
      _exit(s.ok() ? 1 : 0);  // 0: the failure was reported
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the failed write was not reported";
    const std::string left = Slurp(path);
    EXPECT_EQ(left.find('o'), std::string::npos) << "old tail left behind, size " << left.size();
  }
}

// orders.csv from blocks formatted by two threads equals the rows written out by hand, in
// order, header first and the rejections last.
TEST(ReportFile, OrdersInOrderFromTwoThreads) {
  BacktestResult r;
  std::string want =
      "id,client_order_id,parent_id,created_at,symbol,side,type,time_in_force,order_class,qty,"
      "notional,limit_price,stop_price,trail_price,trail_percent,status,filled_qty,"
      "filled_avg_price,filled_at,reason\n";
  const int n = 5 * static_cast<int>(OrdersWriter::kBlockRows) + 17;
  for (int i = 0; i < n; ++i) {
    Order o;
    o.id = "o-" + std::to_string(i);
    o.client_order_id = "c-" + std::to_string(i);
    o.symbol = "S" + std::to_string(i % 7);
    o.side = i % 3 == 0 ? OrderSide::kSell : OrderSide::kBuy;
    o.qty = Decimal::FromInt(i + 1);
    o.status = OrderStatus::kFilled;
    o.filled_qty = o.qty;
    o.filled_avg_price = Decimal::FromUnits(1'234'567'891 + i);  // 12.34567891 + ...
    o.created_at = Timestamp::FromUnixSeconds(946'684'800 + int64_t{i} * 3600);
    o.filled_at = o.created_at;
    // Now and then a limit order good till cancelled (the kept names change), with a price.
    std::string kind = ",market,day,simple,", prices = ",,,,,";
    if (i % 11 == 0) {
      o.type = OrderType::kLimit;
      o.time_in_force = TimeInForce::kGtc;
      o.limit_price = Decimal::FromUnits(1'250'000'000 + i);
      kind = ",limit,gtc,simple,";
      prices = ",," + o.limit_price->ToString() + ",,,";
    }
    const std::string when = FormatTimestamp(o.created_at);
    const std::string qty = std::to_string(i + 1);
    want += o.id + "," + o.client_order_id + ",," + when + "," + o.symbol + "," +
            (i % 3 == 0 ? "sell" : "buy") + kind + qty + prices + ",filled," + qty + "," +
            o.filled_avg_price.Round(4).ToString() + "," + when + ",\n";
    r.orders.push_back(std::move(o));
  }
  Rejection x;
  x.time = Timestamp::FromUnixSeconds(946'684'800);
  x.request.symbol = "S1";
  x.request.qty = Decimal::FromInt(5);
  x.reason = "too big, by far";
  r.rejections.push_back(x);
  want +=
      ",,,2000-01-01T00:00:00Z,S1,buy,market,day,simple,5,,,,,,rejected,0,,,"
      "\"too big, by far\"\n";

  const auto path = Dir("orders") / "orders.csv";
  OrdersWriter w(path, r);
  std::thread other([&] { w.FormatBlocks(); });
  w.FormatBlocks();
  other.join();
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(Slurp(path), want);
}

}  // namespace
}  // namespace tradelet::report_internal
