// The [live] table of a strategy config: parsing, validation and the journal's location.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tradelet/engine/risk_config.h"
#include "tradelet/live/job.h"
#include "tradelet/strategy/config.h"

namespace tradelet::live {
namespace {

Result<Duration> DurationKey(const toml::table& t, const std::string& where, const char* key,
                             Duration fallback) {
  TL_ASSIGN_OR_RETURN(std::string text, TomlString(t, where, key, ""));
  if (text.empty()) return fallback;
  auto d = ParseDuration(text);
  if (!d.ok()) return InvalidArgument(where + "." + key + ": " + d.status().message());
  if (d->count() <= 0) return InvalidArgument(where + "." + key + ": must be positive");
  return *d;
}

}  // namespace

Result<LiveConfig> ParseLiveConfig(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(source + ":" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) + ": " +
                           std::string(e.description()));
  }
  auto fail = [&](const Status& s) { return s.WithContext(source); };
  LiveConfig c;
  const toml::table* live = root["live"].as_table();
  if (!live) return InvalidArgument(source + ": missing [live] table");
  const toml::table* strategy = root["strategy"].as_table();
  if (!strategy) return InvalidArgument(source + ": missing [strategy] table");
  c.strategy = *strategy;
  if (Status s = TomlCheckKeys(
          *live, "live",
          {"strategy_id", "symbols", "timeframe", "lookback", "period", "max_staleness",
           "market_gate", "journal", "feed", "clock", "book", "account_share"});
      !s.ok()) {
    return fail(s);
  }
  auto sid = TomlString(*live, "live", "strategy_id", "");
  if (!sid.ok()) return fail(sid.status());
  c.strategy_id = *sid;
  if (c.strategy_id.empty() || c.strategy_id.size() > 16) {
    return InvalidArgument(source +
                           ": live.strategy_id: required, 1..16 characters (it is part "
                           "of every client_order_id, which Alpaca limits to 48)");
  }
  for (char ch : c.strategy_id) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    if (!ok) {
      return InvalidArgument(source + ": live.strategy_id: '" + c.strategy_id +
                             "' has a character client_order_ids do not allow (only A-Z a-z "
                             "0-9 _ -): the strategy's orders could not be told apart");
    }
  }
  const toml::array* syms = (*live)["symbols"].as_array();
  if (!syms || syms->empty()) {
    return InvalidArgument(source + ": live.symbols: expected a non-empty array of strings");
  }
  for (size_t i = 0; i < syms->size(); ++i) {
    auto v = (*syms)[i].value<std::string>();
    if (!v || v->empty()) {
      return InvalidArgument(source + ": live.symbols[" + std::to_string(i) +
                             "]: expected a symbol string");
    }
    // A repeated symbol would be decided and ordered twice in one run.
    for (size_t j = 0; j < c.symbols.size(); ++j) {
      if (c.symbols[j] == *v) {
        return InvalidArgument(source + ": live.symbols[" + std::to_string(i) + "]: '" + *v +
                               "' repeats live.symbols[" + std::to_string(j) + "]");
      }
    }
    c.symbols.push_back(*v);
  }
  auto tf = TomlString(*live, "live", "timeframe", c.timeframe);
  if (!tf.ok()) return fail(tf.status());
  auto ntf = alpaca::NormalizeTimeframe(*tf);
  if (!ntf.ok()) return InvalidArgument(source + ": live.timeframe: " + ntf.status().message());
  c.timeframe = *ntf;
  auto lb = DurationKey(*live, "live", "lookback", c.lookback);
  auto per = DurationKey(*live, "live", "period", c.period);
  auto st = DurationKey(*live, "live", "max_staleness", c.max_staleness);
  if (!lb.ok()) return fail(lb.status());
  if (!per.ok()) return fail(per.status());
  if (!st.ok()) return fail(st.status());
  c.lookback = *lb;
  c.period = *per;
  c.max_staleness = *st;
  auto gate = TomlBool(*live, "live", "market_gate", c.market_gate);
  if (!gate.ok()) return fail(gate.status());
  c.market_gate = *gate;
  auto jp = TomlString(*live, "live", "journal", "");
  if (!jp.ok()) return fail(jp.status());
  c.journal_path = *jp;
  auto feed = TomlString(*live, "live", "feed", c.feed);
  if (!feed.ok()) return fail(feed.status());
  c.feed = *feed;
  auto clock = TomlString(*live, "live", "clock", "system");
  if (!clock.ok()) return fail(clock.status());
  if (*clock != "system" && *clock != "broker") {
    return InvalidArgument(source + ": live.clock: expected \"system\" or \"broker\"");
  }
  c.broker_clock = *clock == "broker";
  auto book = TomlString(*live, "live", "book", "account");
  if (!book.ok()) return fail(book.status());
  if (*book != "account" && *book != "strategy") {
    return InvalidArgument(source + ": live.book: expected \"account\" or \"strategy\"");
  }
  c.own_book = *book == "strategy";
  if (const toml::node* share = live->get("account_share")) {
    const std::optional<double> v = share->value<double>();
    if (!v || !(*v > 0 && *v <= 1)) {
      return InvalidArgument(source +
                             ": live.account_share: expected a number in (0, 1] (the share of "
                             "the account's cash this strategy may use)");
    }
    if (!c.own_book) {
      return InvalidArgument(source +
                             ": live.account_share: needs live.book = \"strategy\" (a share of "
                             "the account only means something with a book of its own)");
    }
    c.account_share = *v;
  }
  if (const toml::node* risk = root.get("risk")) {
    if (!risk->is_table()) return InvalidArgument(source + ": risk: expected a table");
    if (Status s = ParseRiskTable(*risk->as_table(), &c.kernel); !s.ok()) return fail(s);
  }
  // Fail on a bad strategy table now, not at the first slot.
  auto probe = MakeStrategy(c.strategy);
  if (!probe.ok()) return fail(probe.status());
  return c;
}

Result<LiveConfig> LoadLiveConfig(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(path + ": is a directory, not a config file");
  }
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  TL_ASSIGN_OR_RETURN(LiveConfig c, ParseLiveConfig(ss.str(), path));
  if (c.journal_path.empty()) {
    if (const char* env = std::getenv("TRADELET_JOURNAL"); env && *env) {
      c.journal_path = env;
    } else {
      c.journal_path = path + ".journal.sqlite";
    }
  } else if (c.journal_path[0] != '/' && c.journal_path != ":memory:") {
    const size_t slash = path.rfind('/');
    if (slash != std::string::npos) c.journal_path = path.substr(0, slash + 1) + c.journal_path;
  }
  std::string& halt = c.kernel.halt_file;
  if (!halt.empty() && halt[0] != '/') {
    const size_t slash = path.rfind('/');
    if (slash != std::string::npos) halt = path.substr(0, slash + 1) + halt;
  }
  return c;
}

}  // namespace tradelet::live
