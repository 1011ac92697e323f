#!/usr/bin/env python3
"""How much the seed's ranking rule changes the Prophet trend universe on the real week.

The published bot ranks by the mean of pandas' pct_change over the union of every symbol's
timestamps, prices carried forward (a minute without a trade counts as a 0 % return and the
next trade's move lands on one step). tradelet ranks by the mean return over each symbol's own
consecutive bars. This script computes both rankings at every 15-minute slot (09:45 .. 15:45
New York) of the 1-minute week in ../shared/data/intraday/alphavantage_2019-02-11_15 and prints
how many of the top N differ. Standard library only.

  python3 bench/strategy/ranking_union_ffill.py [DATA_DIR] [--top 20]
"""
import csv
import os
import sys
from collections import defaultdict


def load(folder):
    """symbol -> {date -> [(minute_of_day_end, close)]}, 1-minute files only."""
    out = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        rows = defaultdict(list)
        with open(os.path.join(folder, name), newline="") as f:
            for r in csv.DictReader(f):
                day, clock = r["datetime"].split(" ")
                h, m, _ = clock.split(":")
                rows[day].append((int(h) * 60 + int(m), float(r["close"])))
        steps = set()
        for bars in rows.values():
            bars.sort()
            steps.update(b[0] - a[0] for a, b in zip(bars, bars[1:]))
        if min(steps, default=1) != 1:
            print(f"# {name}: not 1-minute bars (smallest step {min(steps)} min), left out")
            continue
        out[name.split("_")[0]] = rows
    return out


def own_bars_mean(bars, start, now):
    closes = [c for t, c in bars if start < t <= now]
    if len(closes) < 2:
        return None
    return sum(b / a - 1 for a, b in zip(closes, closes[1:])) / (len(closes) - 1)


def union_ffill_mean(bars, grid):
    """pandas: df.ffill().pct_change().mean() over the union grid (NaN before the first trade)."""
    by_t = dict(bars)
    prices, last = [], None
    for t in grid:
        last = by_t.get(t, last)
        prices.append(last)
    rets = [b / a - 1 for a, b in zip(prices, prices[1:]) if a is not None and b is not None]
    return sum(rets) / len(rets) if rets else None


def top(scores, n):
    ok = [(s, v) for s, v in scores.items() if v is not None]
    ok.sort(key=lambda sv: (-sv[1], sv[0]))
    return [s for s, _ in ok[:n]]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 20
    if "--top" in sys.argv:
        args.remove(str(n))
    here = os.path.dirname(os.path.abspath(__file__))
    folder = args[0] if args else os.path.join(
        os.environ.get("TRADELET_SHARED", os.path.join(here, "../../../shared")),
        "data/intraday/alphavantage_2019-02-11_15")
    if not os.path.isdir(folder):
        print(f"skip: {folder} not found (set TRADELET_SHARED)")
        return 0
    data = load(folder)
    days = sorted({d for rows in data.values() for d in rows})
    open_min = 9 * 60 + 30
    slots = changed_slots = changed_names = 0
    print(f"# {len(data)} symbols, top {n}; slot, names in one top {n} only")
    for day in days:
        for now in range(9 * 60 + 45, 15 * 60 + 46, 15):
            grid = sorted({t for rows in data.values() for t, _ in rows.get(day, [])
                           if open_min < t <= now})
            ours = top({s: own_bars_mean(rows.get(day, []), open_min, now)
                        for s, rows in data.items()}, n)
            seed = top({s: union_ffill_mean([(t, c) for t, c in rows.get(day, [])
                                             if open_min < t <= now], grid)
                        for s, rows in data.items()}, n)
            diff = sorted(set(ours) ^ set(seed))
            slots += 1
            if diff:
                changed_slots += 1
                changed_names += len(set(ours) - set(seed))
                print(f"{day} {now // 60:02d}:{now % 60:02d}  {' '.join(diff)}")
    print(f"slots {slots}, slots whose top {n} differ {changed_slots}, "
          f"names swapped in total {changed_names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
