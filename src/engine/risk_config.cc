// The [risk] table, shared by backtests and live runs (risk_gate.h, kernel.h).
#include "tradelet/engine/risk_config.h"

#include <cmath>

#include "tradelet/strategy/config.h"

namespace tradelet {
namespace {

// A number in [0, max]; the error names the key.
Result<double> Limit(const toml::table& t, const char* key, double max, const char* what) {
  TL_ASSIGN_OR_RETURN(double v, TomlNumber(t, "risk", key, 0));
  if (!std::isfinite(v) || v < 0 || v > max) {
    return InvalidArgument(std::string("risk.") + key + ": must be in [0, " + what +
                           "] (0 = no limit), got " + std::to_string(v));
  }
  return v;
}

Result<int> Count(const toml::table& t, const char* key) {
  TL_ASSIGN_OR_RETURN(int64_t m, TomlInt(t, "risk", key, 0));
  if (m < 0 || m > 1000000) {
    return InvalidArgument(std::string("risk.") + key +
                           ": must be in [0, 1000000] (0 = no limit), got " + std::to_string(m));
  }
  return static_cast<int>(m);
}

}  // namespace

Status ParseRiskTable(const toml::table& r, KernelOptions* out) {
  TL_RETURN_IF_ERROR(TomlCheckKeys(
      r, "risk",
      {"max_order_notional", "max_position_fraction", "max_orders_per_step", "stop_on_reject",
       "max_gross_exposure", "max_orders_per_run", "max_daily_loss_fraction", "halt_file"}));
  RiskLimits& l = out->risk;
  TL_ASSIGN_OR_RETURN(l.max_order_notional, Limit(r, "max_order_notional", 1e12, "1e12"));
  // Alpaca's margin allows at most 4x equity: a larger fraction can never bind.
  TL_ASSIGN_OR_RETURN(l.max_position_fraction, Limit(r, "max_position_fraction", 4, "4"));
  TL_ASSIGN_OR_RETURN(l.max_gross_exposure, Limit(r, "max_gross_exposure", 4, "4"));
  TL_ASSIGN_OR_RETURN(l.max_daily_loss_fraction, Limit(r, "max_daily_loss_fraction", 1, "1"));
  TL_ASSIGN_OR_RETURN(l.max_orders_per_step, Count(r, "max_orders_per_step"));
  TL_ASSIGN_OR_RETURN(l.max_orders_per_run, Count(r, "max_orders_per_run"));
  TL_ASSIGN_OR_RETURN(out->stop_on_reject, TomlBool(r, "risk", "stop_on_reject", false));
  TL_ASSIGN_OR_RETURN(out->halt_file, TomlString(r, "risk", "halt_file", ""));
  return Status::Ok();
}

}  // namespace tradelet
