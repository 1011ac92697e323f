#include "tradelet/data/universe.h"

#include <gtest/gtest.h>

#include <map>

#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

TEST(Symbols, ShareClassesPerSource) {
  EXPECT_EQ(NormalizeSymbol("BRK-B", SymbolSource::kYahoo), "BRK.B");
  EXPECT_EQ(NormalizeSymbol("BRK.B", SymbolSource::kAlpaca), "BRK.B");
  EXPECT_EQ(NormalizeSymbol("BRK/B", SymbolSource::kSlash), "BRK.B");
  EXPECT_EQ(NormalizeSymbol(" brk b "), "BRK.B");
  EXPECT_EQ(NormalizeSymbol("BRK-B"), "BRK.B");
  EXPECT_EQ(NormalizeSymbol("BTC-USD", SymbolSource::kYahoo), "BTC-USD");
  EXPECT_EQ(NormalizeSymbol("^GSPC", SymbolSource::kYahoo), "^GSPC");
  EXPECT_EQ(NormalizeSymbol("EURUSD=X", SymbolSource::kYahoo), "EURUSD=X");
  EXPECT_EQ(NormalizeSymbol("BRK.B", SymbolSource::kYahoo), "BRK.B");  // Yahoo: '.' not a class
  EXPECT_EQ(NormalizeSymbol("AAPL", SymbolSource::kYahoo), "AAPL");
  EXPECT_EQ(SymbolForSource("BRK.B", SymbolSource::kYahoo), "BRK-B");
  EXPECT_EQ(SymbolForSource("BRK.B", SymbolSource::kAlpaca), "BRK.B");
  EXPECT_EQ(SymbolForSource("BRK.B", SymbolSource::kSlash), "BRK/B");
  EXPECT_EQ(SymbolForSource("MSFT", SymbolSource::kYahoo), "MSFT");
}

TEST(Universe, ParsesQuotedFieldsAndAliases) {
  auto u = ParseUniverseCsv(
      "Symbol,Security,GICS Sector,HQ\nMMM,3M,Industrials,\"Saint Paul, Minnesota\"\n"
      "BRK-B,\"Berkshire Hathaway, Inc.\",Financials,\"Omaha, Nebraska\"\n",
      "u.csv", SymbolSource::kYahoo);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  ASSERT_EQ(u->size(), 2u);
  EXPECT_EQ((*u)[1].symbol, "BRK.B");
  EXPECT_EQ((*u)[1].name, "Berkshire Hathaway, Inc.");
  EXPECT_EQ((*u)[1].sector, "Financials");
}

TEST(Universe, Errors) {
  EXPECT_EQ(ParseUniverseCsv("Name\nx\n", "u.csv").status().message(),
            "u.csv:1: no 'Symbol' (or 'Ticker') column");
  EXPECT_EQ(ParseUniverseCsv("Symbol\nBRK.B\nBRK-B\n", "u.csv").status().message(),
            "u.csv:3: field 'Symbol' (column 1): duplicate symbol 'BRK.B'");
  EXPECT_EQ(ParseUniverseCsv("Symbol,Name\nA\n", "u.csv").status().message(),
            "u.csv:2: expected at least 2 fields, got 1");
}

TEST(Universe, RealConstituentLists) {
  TL_REQUIRE_SHARED(now, "data/sp500/constituents.csv");
  auto u = LoadUniverseCsv(now, SymbolSource::kYahoo);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->size(), 503u);
  std::map<std::string, int> sectors;
  bool brk = false;
  for (const auto& c : *u) {
    ++sectors[c.sector];
    if (c.symbol == "BRK.B") brk = c.name.find("Berkshire") != std::string::npos;
  }
  EXPECT_EQ(sectors.size(), 11u);  // README: 11 GICS sectors
  EXPECT_TRUE(brk);
  TL_REQUIRE_SHARED(old, "data/sp500/constituents_2017-03-08.csv");
  auto o = LoadUniverseCsv(old);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->size(), 505u);
  TL_REQUIRE_SHARED(pook, "data/sp500/constituents_2021-04_pooksoft.csv");
  auto p = LoadUniverseCsv(pook);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->size(), 505u);
}

}  // namespace
}  // namespace tradelet::data
