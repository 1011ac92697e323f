#include "replay_servers.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tradelet/base/status.h"

namespace tradelet::testing {

using Json = nlohmann::json;

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TL_CHECK(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

std::map<std::string, std::string> QueryOf(const std::string& url) {
  std::map<std::string, std::string> out;
  const size_t q = url.find('?');
  if (q == std::string::npos) return out;
  std::stringstream ss(url.substr(q + 1));
  std::string kv;
  while (std::getline(ss, kv, '&')) {
    const size_t eq = kv.find('=');
    out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  return out;
}

std::string SymbolOf(const std::string& url) {
  const std::string marker = "/chart/";
  const size_t s = url.find(marker) + marker.size();
  return url.substr(s, url.find('?') - s);
}

}  // namespace

Status YahooReplay::Load(const std::string& dir) {
  Json index;
  try {
    index = Json::parse(ReadFileOrDie(dir + "/index.json"));
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("index.json: ") + e.what());
  }
  for (const auto& e : index) {
    YahooFixture f;
    f.file = e.at("file").get<std::string>();
    const std::string url = e.at("request_url").get<std::string>();
    auto q = QueryOf(url);
    f.symbol = SymbolOf(url);  // recorded unencoded ("EURUSD=X", "BTC-USD")
    f.interval = q["interval"];
    f.period1 = std::stoll(q["period1"]);
    f.period2 = std::stoll(q["period2"]);
    f.include_pre_post = q["includePrePost"] == "true";
    f.http_status = e.at("http_status").get<int>();
    f.body = ReadFileOrDie(dir + "/" + f.file);
    fixtures_.push_back(std::move(f));
  }
  return Status::Ok();
}

const YahooFixture* YahooReplay::Find(const std::string& file) const {
  for (const auto& f : fixtures_) {
    if (f.file == file) return &f;
  }
  return nullptr;
}

void YahooReplay::Install(net::LocalHttpServer& server, bool empty_for_unknown) const {
  server.Route("GET", R"(/v8/finance/chart/([^/]+))",
               [this, empty_for_unknown](const net::ServerRequest& r) {
                 const std::string symbol = r.matches[1];
                 const std::string interval = r.Param("interval").value_or("");
                 const std::string p1 = r.Param("period1").value_or("");
                 const std::string p2 = r.Param("period2").value_or("");
                 for (const auto& f : fixtures_) {
                   if (f.symbol == symbol && f.interval == interval &&
                       std::to_string(f.period1) == p1 && std::to_string(f.period2) == p2) {
                     return net::ServerResponse::Json(f.http_status, f.body);
                   }
                 }
                 if (empty_for_unknown) {
                   return net::ServerResponse::Json(
                       200, R"({"chart":{"result":[{"meta":{"symbol":")" + symbol +
                                R"(","dataGranularity":")" + interval +
                                R"("},"indicators":{"quote":[{}]}}],"error":null}})");
                 }
                 return net::ServerResponse::Json(
                     404,
                     R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}})");
               });
}

Status AlpacaReplay::Load(const std::string& dir) {
  const std::map<std::string, std::string> files = {
      {"get_bars", "alpaca-py/data/test_get_bars__1_GET_v2_stocks_bars.json"},
      {"get_bars_desc", "alpaca-py/data/test_get_bars_desc__1_GET_v2_stocks_bars.json"},
      {"multisymbol", "alpaca-py/data/test_multisymbol_get_bars__1_GET_v2_stocks_bars.json"},
      {"single_empty",
       "alpaca-py/data/test_get_bars_single_empty_response__1_GET_v2_stocks_bars.json"},
      {"multi_empty", "alpaca-py/data/test_get_bars_multi_empty_response__1_GET_v2_stocks_bars.json"},
      {"docs_bars", "alpaca-docs/bars-v2.example.json"},
  };
  for (const auto& [name, rel] : files) {
    std::ifstream probe(dir + "/" + rel);
    if (!probe.good()) return NotFound(dir + "/" + rel);
    bodies_[name] = ReadFileOrDie(dir + "/" + rel);
  }
  return Status::Ok();
}

namespace {
std::string TokenOf(const std::string& body) {
  auto j = Json::parse(body);
  auto t = j.find("next_page_token");
  return t != j.end() && t->is_string() ? t->get<std::string>() : "";
}
}  // namespace

void AlpacaReplay::Install(net::LocalHttpServer& server, std::string key_id,
                           std::string secret) const {
  auto authorized = [key_id, secret](const net::ServerRequest& r) {
    return r.Header("APCA-API-KEY-ID") == key_id && r.Header("APCA-API-SECRET-KEY") == secret;
  };
  auto unauthorized = net::ServerResponse::Json(401, R"({"message":"unauthorized"})");
  // Two-page chains: first body, and the body served for its next_page_token.
  auto chain = [this](const std::string& first, const std::string& second,
                      const net::ServerRequest& r) {
    const std::string token = r.Param("page_token").value_or("");
    if (token.empty()) return net::ServerResponse::Json(200, bodies_.at(first));
    if (token == TokenOf(bodies_.at(first))) return net::ServerResponse::Json(200, bodies_.at(second));
    return net::ServerResponse::Json(422, R"({"code":42210000,"message":"invalid page_token"})");
  };
  server.Route("GET", "/v2/stocks/bars", [=, this](const net::ServerRequest& r) {
    if (!authorized(r)) return unauthorized;
    if (!r.Param("timeframe")) {
      return net::ServerResponse::Json(422, R"({"code":42210000,"message":"timeframe is required"})");
    }
    const std::string symbols = r.Param("symbols").value_or("");
    if (symbols == "AAPL,TSLA") return chain("get_bars", "multisymbol", r);
    if (symbols == "AAPL") return chain("get_bars", "single_empty", r);
    if (symbols == "TSLA") return chain("get_bars_desc", "multi_empty", r);
    return net::ServerResponse::Json(200, bodies_.at("multi_empty"));
  });
  server.Route("GET", R"(/v2/stocks/([^/]+)/bars)", [=](const net::ServerRequest& r) {
    if (!authorized(r)) return unauthorized;
    if (r.matches[1] == "AAPL") return chain("docs_bars", "single_empty", r);
    return net::ServerResponse::Json(200, R"({"bars":null,"symbol":")" + r.matches[1] +
                                              R"(","next_page_token":null})");
  });
}

}  // namespace tradelet::testing
