#!/usr/bin/env bash
# The daily example's decisions against an R prophet() refit on a sample: runs
#   tradelet backtest --config examples/prophet_trend_daily.toml
# (or takes an existing decisions.csv of that run), samples 24 decisions deterministically
# (seed 20261206: 24 time blocks, in each a random decision among the least-sampled symbols),
# refits each window with R prophet() as the strategy fits it and predicts decisions.csv's
# `target` row; prints a markdown table and a summary line (daily_decisions_vs_r.R).
#   bench/strategy/daily_decisions_vs_r.sh [path/to/tradelet] [decisions.csv]
# Needs R with prophet and ../shared/data; skips with a message otherwise.
set -euo pipefail
export TZ=UTC  # R asks timedatectl for the zone otherwise
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$root/build/release/tradelet}"
shared="${TRADELET_SHARED:-$root/../shared}"
dir="$shared/data/daily/sp500_alphavantage_1999-2021/per_ticker_gz"
if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressMessages(library(prophet))' >/dev/null 2>&1; then
  echo "skip: R with the prophet package is not installed"; exit 0
fi
if [ ! -d "$dir" ]; then echo "skip: $dir is absent (../shared data)"; exit 0; fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
decisions="${2:-}"
if [ -z "$decisions" ]; then
  [ -x "$bin" ] || { echo "no tradelet binary at $bin (scripts/build release)"; exit 2; }
  # The example's [data] paths are relative to the config: ../../shared from examples/.
  (cd "$root" && "$bin" backtest --config examples/prophet_trend_daily.toml --out "$tmp/pt_daily" \
     > "$tmp/backtest.log" 2>&1) || { cat "$tmp/backtest.log"; exit 1; }
  decisions="$tmp/pt_daily/decisions.csv"
fi
window_start="$(sed -n 's/^window_start *= *"\([0-9-]*\)".*/\1/p' "$root/examples/prophet_trend_daily.toml")"
Rscript "$root/bench/strategy/daily_decisions_vs_r.R" "$decisions" "$dir" "$window_start" 24 20261206
