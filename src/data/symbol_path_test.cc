#include "tradelet/data/symbol_path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tradelet::data {
namespace {

TEST(SymbolPath, AcceptsEquityYahooAndFxSymbols) {
  for (const char* s :
       {"AAPL", "BRK.B", "BRK-B", "^GSPC", "EURUSD=X", "BTC-USD", "AAPL_1MIN", "A"}) {
    EXPECT_TRUE(ValidateSymbol(s).ok()) << s << ": " << ValidateSymbol(s).ToString();
  }
  auto p = SymbolFilePath("out", "BRK.B", ".csv");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->string(), "out/BRK.B.csv");
}

TEST(SymbolPath, RejectsTraversalAbsoluteAndOddCharacters) {
  // Issue 17 item 2: symbols from file content or --symbol must not leave --out.
  for (const std::string& s : std::vector<std::string>{
           "../../../../ESCAPED", "../x", "/etc/passwd", "..", ".", "A/B", "A\\B", "A B", "aapl",
           "-rf", ".hidden", "", std::string("A\0B", 3), std::string(33, 'A')}) {
    const Status st = ValidateSymbol(s);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << "'" << s << "'";
    EXPECT_FALSE(SymbolFilePath("out", s, ".csv").ok()) << "'" << s << "'";
  }
  const Status st = ValidateSymbol("../x");
  EXPECT_NE(st.message().find("'../x'"), std::string::npos) << st.message();
  EXPECT_NE(ValidateSymbol(std::string("A\x01", 2)).message().find("\\x01"), std::string::npos);
}

TEST(SymbolPath, PathIsUnderIsLexical) {
  EXPECT_TRUE(PathIsUnder("out/A.csv", "out"));
  EXPECT_TRUE(PathIsUnder("out/A.csv", "out/"));
  EXPECT_TRUE(PathIsUnder("/tmp/out/sub/../A.csv", "/tmp/out"));
  EXPECT_FALSE(PathIsUnder("out/../A.csv", "out"));
  EXPECT_FALSE(PathIsUnder("/etc/passwd", "out"));
  EXPECT_FALSE(PathIsUnder("/tmp/outside/A.csv", "/tmp/out"));
}

}  // namespace
}  // namespace tradelet::data
