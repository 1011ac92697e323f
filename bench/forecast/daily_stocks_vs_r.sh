#!/usr/bin/env bash
# tradelet forecast (default algorithm) against R prophet() on daily stock closes (trading days
# only, weekly seasonality on by Prophet's auto rule), growth linear and flat, future =
# make_future_dataframe(periods = 30) with its weekend rows. Prints a markdown table: the max
# over all rows (history and future) of |trend diff| and |yhat diff| as % of the series' range,
# and the yhat max split into future weekdays / future weekends. Target: <= 1% everywhere.
#   bench/forecast/daily_stocks_vs_r.sh [path/to/tradelet]     (default build/release/tradelet)
# SPREAD=K adds a row per series: R's own spread over K refits with the first y moved a few ulps.
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
[ -x "$bin" ] || { echo "no tradelet binary at $bin (scripts/build release)"; exit 2; }
# Fixed choice: 7 S&P 500 stocks, adjusted closes, 3 years of trading days.
symbols=(AAPL MSFT JPM XOM KO PFE INTC)
from=2018-04-20 to=2021-04-20
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "| symbol | growth | rows | trend max | yhat max | yhat max, future weekdays | yhat max, future weekends |"
echo "|---|---|---|---|---|---|---|"
for s in "${symbols[@]}"; do
  in="$tmp/$s.csv"
  { echo "ds,y"; zcat "$dir/DA-$s-T-2021-04-21.csv.gz" |
      awk -F, -v f="$from" -v t="$to" 'NR > 1 && $1 >= f && $1 <= t { print $1 "," $6 }' | sort; } > "$in"
  for g in linear flat; do
    "$bin" forecast --input "$in" --growth "$g" --periods 30 --freq day --output "$tmp/$s-$g.csv" 2>/dev/null
    Rscript "$root/bench/forecast/daily_stocks_vs_r.R" "$in" "$g" "$tmp/$s-$g.csv" "$s" "${SPREAD:-0}"
  done
done
