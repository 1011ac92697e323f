#include "gated_feed.h"

#include "tradelet/data/bundle.h"

namespace tradelet {

bool GatedFeed::Next(MarketStep* step) {
  if (!status_.ok() || !inner_.Next(step)) return false;
  if (!verifier_) return true;
  status_ = verifier_->WaitBefore(step->decision_time.unix_nanos());
  return status_.ok();
}

Status GatedFeed::Finish() {
  if (!verifier_) return Status::Ok();
  TL_RETURN_IF_ERROR(status_);
  return verifier_->WaitAll();
}

}  // namespace tradelet
