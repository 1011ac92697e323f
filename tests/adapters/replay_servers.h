// Local replay servers for the recorded Yahoo and Alpaca responses in ../shared/data/fixtures.
// They install routes on a net::LocalHttpServer so clients talk to them over real sockets; the
// fixture files are read at test time and never copied into the repository.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/net/local_http_server.h"

namespace tradelet::testing {

// One recorded Yahoo chart exchange, from fixtures/yahoo/index.json.
struct YahooFixture {
  std::string file;
  std::string symbol;
  std::string interval;
  int64_t period1 = 0;
  int64_t period2 = 0;
  bool include_pre_post = false;
  int http_status = 200;
  std::string body;
};

class YahooReplay {
 public:
  // Reads index.json and every body under `dir` (fixtures/yahoo).
  Status Load(const std::string& dir);
  const std::vector<YahooFixture>& fixtures() const { return fixtures_; }
  const YahooFixture* Find(const std::string& file) const;

  // GET /v8/finance/chart/{symbol}: the fixture whose symbol, interval, period1 and period2 match
  // the query. Anything else gets Yahoo's 404 "No data found" body, or, with `empty_for_unknown`,
  // an empty-window answer (meta, no timestamp, quote [{}]) as Yahoo gives for a window without
  // trades.
  void Install(net::LocalHttpServer& server, bool empty_for_unknown = false) const;

 private:
  std::vector<YahooFixture> fixtures_;
};

// Alpaca /v2/stocks bars, answering from the alpaca-py and alpaca-docs fixtures. Every request must
// carry the expected APCA-API-KEY-ID / APCA-API-SECRET-KEY headers (else 401 unauthorized).
// Scenarios (query `symbols`, or the path symbol for the single endpoint):
//   symbols=AAPL,TSLA  page 1 test_get_bars (AAPL, next_page_token) then page 2
//                      test_multisymbol_get_bars (AAPL + TSLA, token null): AAPL spans pages
//   symbols=AAPL       test_get_bars then test_get_bars_single_empty_response
//   symbols=TSLA       test_get_bars_desc (sort=desc, token) then test_get_bars_multi_empty_response
//   symbols=NONE       test_get_bars_multi_empty_response
//   /v2/stocks/AAPL/bars  alpaca-docs bars-v2.example (single-symbol shape, token) then
//                      test_get_bars_single_empty_response
class AlpacaReplay {
 public:
  Status Load(const std::string& dir);  // fixtures/alpaca
  void Install(net::LocalHttpServer& server, std::string key_id, std::string secret) const;
  const std::string& body(const std::string& name) const { return bodies_.at(name); }
  size_t files() const { return bodies_.size(); }

 private:
  std::map<std::string, std::string> bodies_;  // short name -> body
};

std::string ReadFileOrDie(const std::string& path);

}  // namespace tradelet::testing
