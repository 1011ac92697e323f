#include "tradelet/base/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tradelet {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Logger::SetSink([this](std::string_view l) { lines_.emplace_back(l); });
    Logger::SetLevel(LogLevel::kInfo);
  }
  void TearDown() override { Logger::ResetSink(); }
  std::vector<std::string> lines_;
};

TEST_F(LogTest, WritesOneJsonObjectPerLine) {
  TL_LOG(kInfo, "order \"placed\"").Field("symbol", "AAPL").Field("qty", 10).Field("px", 1.5);
  ASSERT_EQ(lines_.size(), 1u);
  const std::string& l = lines_[0];
  EXPECT_EQ(l.front(), '{');
  EXPECT_EQ(l.back(), '\n');
  EXPECT_NE(l.find("\"level\":\"info\""), std::string::npos);
  EXPECT_NE(l.find("\"msg\":\"order \\\"placed\\\"\""), std::string::npos);
  EXPECT_NE(l.find("\"symbol\":\"AAPL\""), std::string::npos);
  EXPECT_NE(l.find("\"qty\":10"), std::string::npos);
}

TEST(AppendJsonString, EscapesControlsAndReplacesBytesThatAreNotUtf8) {
  // Issue 17 item 7: binary input echoed into a message must not break the JSON around it.
  std::string out;
  AppendJsonString(&out, std::string("a\x01\xff\xfe z\xc3\xa9\xe2\x82\xac\xc3", 12));
  EXPECT_EQ(out, "\"a\\u0001\\ufffd\\ufffd z\xc3\xa9\xe2\x82\xac\\ufffd\"");
}

TEST_F(LogTest, LevelFilters) {
  TL_LOG(kDebug, "hidden");
  Logger::SetLevel(LogLevel::kError);
  TL_LOG(kWarn, "hidden too");
  TL_LOG(kError, "shown");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find("shown"), std::string::npos);
}

TEST_F(LogTest, RedactsSecretKeysAndRegisteredValues) {
  Logger::RegisterSecret("sk-live-0123456789");
  TL_LOG(kInfo, "using sk-live-0123456789 now")
      .Field("APCA-API-SECRET-KEY", "whatever")
      .Field("note", "header was sk-live-0123456789");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].find("sk-live-0123456789"), std::string::npos) << lines_[0];
  EXPECT_EQ(lines_[0].find("whatever"), std::string::npos) << lines_[0];
  EXPECT_NE(lines_[0].find("[REDACTED]"), std::string::npos);
}

TEST_F(LogTest, NonFiniteNumbersAreNull) {
  TL_LOG(kInfo, "x").Field("v", 0.0 / 0.0);
  EXPECT_NE(lines_[0].find("\"v\":null"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
