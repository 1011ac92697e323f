// A strategy's own book on a shared account (`[live] book = "strategy"`; docs/live.md "Several
// strategies on one account"). Internal to the live module.
//
// Attribution is by client order id: an order is this strategy's when its client id is one
// MakeClientOrderId writes for its strategy_id (the full id then "-<YYYYMMDDTHHMMZ>-"), or, for
// the shortened hashed form of a strategy_id longer than 8 characters (only its first 8 are in
// the id, so strategies sharing them cannot be told apart), when the strategy's journal holds
// that id. Exit legs belong to their parent. Another tradelet strategy's orders are recognised
// by the same shape ("<id>-<slot>-..."); any other client id is an order placed outside tradelet.
//
// The book: the fills of the strategy's orders (parents and legs, oldest first; this slot's
// earlier attempts left out, as reconcile does) give each symbol's quantity and average cost.
// The strategy holds min(book, account) of a symbol; more in the account is `unattributed`.
//
// Cash (the exact rule, docs/live.md): tradelet_cash = account cash + the net amount spent by
// the fills of every tradelet-shaped order (buys minus sells), i.e. the cash the account would
// hold had no tradelet strategy traded; the strategy's cash = account_share x tradelet_cash -
// its own net spend, at most the account's cash. Its equity = that cash + its book at the
// account's current prices. Commissions and fees are not in the fills: they fall on
// tradelet_cash, so every strategy bears its account_share of them.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "live/job_run.h"

namespace tradelet::live {

// The strategy id a readable tradelet client id starts with ("pt-a" of
// "pt-a-20190213T1445Z-AAPL-b-0"), or empty when `cid` has no "-<YYYYMMDDTHHMMZ>-" part.
std::string StrategyOfClientOrderId(std::string_view cid);

// Whether `cid` is this strategy's: its full strategy_id and a slot. The hashed form of a long
// strategy_id (8 characters kept) counts only when `journaled` holds it.
bool IsOwnClientOrderId(std::string_view strategy_id, std::string_view cid,
                        const std::set<std::string>* journaled = nullptr);

struct BookInput {
  std::vector<alpaca::TradingOrder> orders;  // every order of the account, legs nested
  std::vector<alpaca::TradingPosition> positions;
  AccountSnapshot account;
  std::set<std::string> journaled;  // client ids the strategy's journal placed or adopted
};

struct BookResult {
  std::map<std::string, std::pair<Quantity, Price>> positions;  // min(book, account), avg cost
  std::set<std::string> own_order_ids;  // broker ids of its orders and their legs
  AccountSnapshot account;              // the strategy's share of the account
  // Its equity at the previous close (for [risk] max_daily_loss_fraction, as Alpaca's
  // last_equity is the account's): its cash and book before the slot's New York day, the
  // positions at the account's lastday_price (a symbol no longer held: at its average cost).
  Money last_equity;
  std::vector<JobReport::Unattributed> unattributed;
  std::vector<std::string> warnings;
  std::string json;  // JobReport::book_json
};

// The book of `config.strategy_id` before `slot` (pure: tested on its own).
BookResult ComputeBook(const BookInput& in, const LiveConfig& config, Timestamp slot);

// Lists every order of the account (pages of 500, oldest first) and the positions, computes the
// book and puts it into `pf` (positions replaced, open orders cut to the strategy's own, account
// scaled) and into `report` (book, unattributed, warnings); `last_equity` becomes the book's.
Status ApplyOwnBook(alpaca::AlpacaTradingClient& trading, const Journal& journal,
                    const LiveConfig& config, Timestamp slot, LivePortfolio* pf, JobReport* report,
                    double* last_equity);

}  // namespace tradelet::live
