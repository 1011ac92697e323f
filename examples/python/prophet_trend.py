"""The Prophet trend strategy (src/strategy/prophet_trend_*.cc, docs/strategy.md) ported to
Python on tradelet.strategy: the same five stages, the same options (the [strategy] keys of
examples/prophet_trend_intraday.toml) and the same C++ forecaster call, so it makes the same
decisions as `name = "prophet_trend"` (python/tests/test_strategy_prophet.py compares them on
the real 1-minute week).

    python3 -m tradelet backtest examples/python/prophet_trend_intraday.toml --out out/pt_py
"""
import math
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import numpy as np

from tradelet.strategy import FrameworkStrategy, Insight, Target, fit_and_forecast

_DAYS = {'Mon': 0, 'Tue': 1, 'Wed': 2, 'Thu': 3, 'Fri': 4, 'Sat': 5, 'Sun': 6}
_UNITS = {'s': 1, 'm': 60, 'min': 60, 'h': 3600, 'd': 86400}


def _minutes(text):
    h, m = text.split(':')
    return int(h) * 60 + int(m)


def _seconds(text):
    digits = ''.join(c for c in text if c.isdigit())
    return int(digits) * _UNITS[text[len(digits):] or 's']


def _tick(v):
    """Alpaca's tick as the C++ does it: round(v * 1e8) units (half away from zero), then to
    cents at >= $1, 1e-4 below (half away from zero)."""
    x = v * 1e8
    units = math.floor(x)
    if x - units >= 0.5:
        units += 1
    digits = 2 if v >= 1.0 else 4
    step = 10 ** (8 - digits)
    q, rem = divmod(units, step)
    if 2 * rem >= step:
        q += 1
    return q / 10 ** digits


def _utc(ns):
    t = datetime.fromtimestamp(ns // 10**9, timezone.utc)
    frac = ns % 10**9
    return t.strftime('%Y-%m-%dT%H:%M:%S') + ('.{:09d}'.format(frac).rstrip('0') if frac else
                                              '') + 'Z'


def _check_bars(h, begin, y):
    """Why the window's bars cannot be used ('' when fine): the C++ alpha's checks, with its
    messages, on the first bad bar."""
    close, high, low, times = h.close[begin:], h.high[begin:], h.low[begin:], h.time_ns[begin:]
    bad_price = ~(np.isfinite(close) & np.isfinite(y) & (close > 0) & (y > 0))
    bad_range = ~(np.isfinite(high) & np.isfinite(low) & (high >= low) &
                  (close <= high * (1 + 1e-9)) & (close >= low * (1 - 1e-9)))
    bad_order = np.concatenate([[False], times[1:] <= times[:-1]])
    for k in np.flatnonzero(bad_price | bad_range | bad_order)[:1]:
        at = ' at ' + _utc(int(times[k]))
        if bad_price[k]:
            return 'bars failed validation: close not a positive number' + at
        if bad_range[k]:
            return 'bars failed validation: close outside [low, high]' + at
        return 'bars failed validation: times not ascending' + at
    return ''


def _csv_field(text):
    if not any(c in text for c in ',"\n'):
        return text
    return '"' + text.replace('"', '""') + '"'


class ProphetTrend(FrameworkStrategy):
    """Prophet trend: rank, fit Prophet on the session's closes, trade the band rule."""

    def __init__(self, schedule='clock', time_zone='America/New_York', every_minutes=15,
                 first_run='09:45', last_run='15:45', session_open='09:30',
                 universe_days=('Mon', 'Wed'), universe_first_run_only=True, universe=(),
                 top_n=20, window='session', lookback=0, min_bars=10, refit_every=1,
                 freq='1min', periods=15, read_step=1, interval_width=0.8,
                 uncertainty_samples=1000, algorithm='auto', max_iterations=10000,
                 adjusted=True, max_staleness='5m', sizing='equal_buying_power',
                 buying_power_fraction=0.95, qty=1, sell_all=True, bracket=True,
                 stop_loss=0.98, stop_limit=0.97, take_profit=1.40, time_in_force='gtc'):
        super().__init__()
        if schedule not in ('clock', 'every_bar') or window not in ('session', 'rolling',
                                                                   'expanding'):
            raise ValueError('strategy.schedule/window: unsupported value')
        self.o = dict(locals())
        del self.o['self']
        self.tz = ZoneInfo(time_zone)
        self.first, self.last = _minutes(first_run), _minutes(last_run)
        self.open_minute = _minutes(session_open)
        self.days = {_DAYS[d] for d in universe_days}
        self.staleness_ns = _seconds(max_staleness) * 10**9
        self.run_now = False
        self.universe_run = False
        self.last_run_date = None
        self.last_slot = None
        self.log = []  # (time_ns, symbol, last, lower, mid, upper, action, reason, target_ns)

    name = 'prophet_trend_py'

    # ---- helpers ----
    def _local(self, ns):
        return datetime.fromtimestamp(ns // 10**9, self.tz)

    def _open_ns(self, local):
        o = datetime(local.year, local.month, local.day, self.open_minute // 60,
                     self.open_minute % 60, tzinfo=self.tz)
        return int(o.timestamp()) * 10**9

    def _window_begin(self, h, now_ns):
        times = h.time_ns
        w = self.o['window']
        if w == 'session':
            return int(np.searchsorted(times, self._open_ns(self._local(now_ns)), 'left'))
        if w == 'rolling' and self.o['lookback'] > 0:
            return max(0, len(times) - self.o['lookback'])
        return 0

    def _skip(self, now_ns, symbol, reason):
        self.log.append((now_ns, symbol, math.nan, math.nan, math.nan, math.nan, 'skip', reason,
                         None))

    def _closes(self, h):
        return h.adj_close if self.o['adjusted'] else h.close

    # ---- the five stages ----
    def universe(self, ctx):
        self.run_now = False
        now = ctx.now_ns
        if self.o['schedule'] == 'clock':
            local = self._local(now)
            minute = local.hour * 60 + local.minute
            if minute < self.first or minute > self.last:
                return []
            slot = local.date().toordinal() * 10000 + (minute - self.first) // self.o[
                'every_minutes']
            if slot == self.last_slot:
                return []
            self.last_slot = slot
        elif len(ctx.updated) == 0:
            return []
        self.run_now = True
        today = self._local(now).date()
        self.universe_run = today.weekday() in self.days and (
            not self.o['universe_first_run_only'] or self.last_run_date != today)
        self.last_run_date = today
        n = len(ctx.symbols)
        chosen = [False] * n
        if self.universe_run:
            if self.o['universe']:
                cands = sorted(ctx.index(s) for s in self.o['universe'] if s in ctx.symbols)
            else:
                cands = list(range(n))
            if self.o['schedule'] == 'every_bar':
                fresh = set(int(i) for i in ctx.updated)
                cands = [i for i in cands if i in fresh]
            if self.o['top_n'] > 0:
                open_ns = self._open_ns(self._local(now))
                need = max(2, self.o['min_bars'])
                ranked, scores = [], []
                for i in cands:
                    h = ctx.history(i)
                    if len(h) - self._window_begin(h, now) < need:
                        if not ctx.position(i) > 0:
                            self._skip(now, ctx.symbols[i], 'too few bars to rank: {} < {}'.format(
                                len(h) - self._window_begin(h, now), self.o['min_bars']))
                        continue
                    begin = int(np.searchsorted(h.time_ns, open_ns, 'left'))
                    c = self._closes(h)[begin:]
                    if len(c) < 2:
                        score = math.nan
                    else:
                        total = 0.0  # summed in order, as the C++ MeanReturn does
                        for r in (c[1:] / c[:-1] - 1).tolist():
                            total += r
                        score = total / (len(c) - 1)
                    ranked.append(i)
                    scores.append((score, ctx.symbols[i]))
                order = sorted((k for k in range(len(ranked)) if math.isfinite(scores[k][0])),
                               key=lambda k: (-scores[k][0], scores[k][1]))
                for k in order[:self.o['top_n']]:
                    chosen[ranked[k]] = True
            else:
                for i in cands:
                    chosen[i] = True
        out = []
        for i in range(n):
            if ctx.position(i) > 0:
                chosen[i] = True
            if not chosen[i]:
                continue
            if ctx.has_open_orders(i) and any(not o['parent_id'] for o in ctx.open_orders(i)):
                self._skip(now, ctx.symbols[i], 'open order')
                continue
            out.append(i)
        return out

    def alpha(self, ctx, universe):
        if not self.run_now:
            return []
        now = ctx.now_ns
        insights = []
        o = self.o
        for i in universe:
            h = ctx.history(i)
            name = ctx.symbols[i]
            if len(h) == 0:
                self._skip(now, name, 'no bars')
                continue
            begin = self._window_begin(h, now)
            n = len(h) - begin
            count = n if o['window'] == 'expanding' else len(h)
            if o['refit_every'] > 1 and count % o['refit_every'] != 0:
                continue
            last_end = int(h.time_ns[-1]) + h.interval_ns
            if now - last_end > self.staleness_ns:
                self._skip(now, name, 'stale data: last bar closed ' + _utc(last_end))
                continue
            if n < max(2, o['min_bars']):
                self._skip(now, name, 'too few bars: {} < {}'.format(n, o['min_bars']))
                continue
            y = self._closes(h)[begin:]
            why = _check_bars(h, begin, y)
            if why:
                self._skip(now, name, why)
                continue
            last = float(y[-1])
            try:
                fc = fit_and_forecast(h.time_ns[begin:], y, o['periods'], o['freq'],
                                      o['interval_width'], o['uncertainty_samples'],
                                      o['algorithm'], o['max_iterations'])
            except (ValueError, RuntimeError) as e:
                self._skip(now, name, 'fit failed: {}'.format(e))
                continue
            if fc['termination'] in ('max_iterations', 'line_search_failed'):
                self._skip(now, name, 'fit did not converge: ' + fc['termination'])
                continue
            k = o['read_step'] - 1
            if k >= len(fc['yhat']):
                self._skip(now, name, 'forecast shorter than read_step')
                continue
            lo, mid, hi = (float(fc[c][k]) for c in ('yhat_lower', 'yhat', 'yhat_upper'))
            if not all(map(math.isfinite, (lo, mid, hi))):
                self._skip(now, name, 'forecast not finite')
                continue
            held = ctx.position(i) > 0
            action = 'hold'
            if last > 0:
                up, down = (hi - last) / last, (lo - last) / last
                if up > 0 and abs(up) > abs(down):
                    action = 'buy'
                elif held and down < 0 and abs(down) > abs(up):
                    action = 'sell'
            direction = {'buy': 'up', 'sell': 'down', 'hold': 'flat'}[action]
            insights.append(Insight(i, direction, (mid - last) / last, 1.0,
                                    float(h.close[-1]), (lo, mid, hi)))
            self.log.append((now, name, last, lo, mid, hi, action, '', int(fc['ds'][k])))
        return insights

    def portfolio(self, ctx, insights):
        o = self.o
        buys = sum(1 for s in insights if s.direction == 'up' and math.isfinite(
            s.reference_price) and s.reference_price > 0 and not ctx.has_open_orders(s.symbol))
        buying_power = ctx.account['buying_power']
        targets = []
        for s in insights:
            if s.direction == 'flat' or not (math.isfinite(s.reference_price) and
                                             s.reference_price > 0):
                continue
            pos = ctx.position(s.symbol)
            if s.direction == 'up':
                if ctx.has_open_orders(s.symbol):
                    continue
                if o['sizing'] == 'equal_buying_power':
                    shares = 0
                    if buying_power > 0 and buys > 0:
                        shares = math.floor(buying_power * o['buying_power_fraction'] / buys /
                                            s.reference_price + 1e-9)
                else:
                    shares = o['qty']
                if shares <= 0:
                    continue
                qty = pos + shares
            else:
                if not pos > 0:
                    continue
                rest = pos - o['qty']
                qty = 0.0 if o['sell_all'] or not rest > 0 else rest
            targets.append(Target(s.symbol, qty, s.reference_price,
                                  time_in_force=o['time_in_force']))
        return targets

    def risk(self, ctx, targets):
        o = self.o
        for t in targets:
            pos = ctx.position(t.symbol)
            if t.qty > pos:
                if not o['bracket']:
                    continue
                t.take_profit = _tick(t.reference_price * o['take_profit'])
                t.stop_loss = _tick(t.reference_price * o['stop_loss'])
                t.stop_limit = _tick(t.reference_price * o['stop_limit'])
            elif t.qty < pos and ctx.has_open_orders(t.symbol):
                t.cancel_first = [x['id'] for x in ctx.open_orders(t.symbol)
                                  if x['parent_id'] and x['side'] == 'sell']
        return targets

    # ---- outputs (the C++ strategy's decisions.csv / skips.csv) ----
    def _time(self, ns):
        local = self._local(ns)
        off = int(local.utcoffset().total_seconds())
        sign = '-' if off < 0 else '+'
        return local.strftime('%Y-%m-%dT%H:%M:%S') + '{}{:02d}:{:02d}'.format(
            sign, abs(off) // 3600, abs(off) // 60 % 60)

    def decisions_csv(self):
        def num(v):
            return '' if not math.isfinite(v) else '%.6g' % v
        rows = ['time,symbol,last,yhat_lower,yhat,yhat_upper,action,target']
        for t, sym, last, lo, mid, hi, action, _, target in self.log:
            if action != 'skip':
                rows.append(','.join([self._time(t), sym, num(last), num(lo), num(mid), num(hi),
                                      action, self._time(target)]))
        return '\n'.join(rows) + '\n'

    def skips_csv(self):
        rows = ['time,symbol,reason']
        for t, sym, _, _, _, _, action, reason, _ in self.log:
            if action == 'skip':
                rows.append(','.join([self._time(t), _csv_field(sym), _csv_field(reason)]))
        return '\n'.join(rows) + '\n'

    def artifacts(self):
        # skips.csv replaces the backtest's own (data skips), as the C++ strategy's does.
        return {'decisions.csv': self.decisions_csv(), 'skips.csv': self.skips_csv()}

    def skips_at(self, time_ns):
        return [(r[1], r[7]) for r in self.log if r[0] == time_ns and r[6] == 'skip']
