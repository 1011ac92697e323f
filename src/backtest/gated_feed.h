// GatedFeed: a DataFeed that hands out a step only once every bar in it is verified. A backtest
// over a bundle read with defer_verification (data::ReadBundle) starts on the mapped columns
// while data::BundleVerifier checks the price columns on the other core, oldest bars first;
// this wrapper makes the run wait for the verifier's watermark instead of reading a bar whose
// bytes are not checked yet (corrupt bytes could be NaN or inf, and reach float -> int casts).
// The times and the corporate-action columns, which the feed and the broker read ahead of the
// step, are verified before the run starts.
#pragma once

#include "tradelet/base/status.h"
#include "tradelet/engine/ports.h"

namespace tradelet {
namespace data {
class BundleVerifier;
}

class GatedFeed final : public DataFeed {
 public:
  // `verifier` may be null: then every call passes straight through.
  GatedFeed(DataFeed& inner, data::BundleVerifier* verifier) : inner_(inner), verifier_(verifier) {}

  const std::vector<const BarSeries*>& series() const override { return inner_.series(); }
  // The inner feed's next step, after waiting until every bar starting before its decision
  // time is verified (each of its bars starts before it, and so does all history, warm-up
  // included). False when the inner feed is done or a bar it needs is corrupt (see Finish).
  bool Next(MarketStep* step) override;
  void Reveal(const MarketStep& step) override { inner_.Reveal(step); }
  const std::vector<uint32_t>& visible() const override { return inner_.visible(); }

  // After the run: waits until the whole bundle is verified. The kDataLoss error naming the
  // corrupt series when it is not: nothing the run produced may be used then.
  Status Finish();

 private:
  DataFeed& inner_;
  data::BundleVerifier* verifier_;
  Status status_;
};

}  // namespace tradelet
