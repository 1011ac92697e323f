"""Per-step cost of a Python strategy (tradelet.strategy) against the equivalent C++ one, on
the same data and kernel (docs/python.md "Strategies in Python").

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python/strategy_step_bench.py

Each variant is a whole `tradelet.backtest` of SYMBOLS synthetic daily symbols x BARS bars
(every step updates every symbol); CPU time of the process (the machine may be shared), best
of REPEAT. The overhead per step is
(variant - C++ buy_and_hold) / steps, and per symbol-step divided by the symbols.
  cpp        C++ buy_and_hold (FrameworkStrategy: default universe, buy-once alpha, fixed qty)
  py_stages  the same in Python: FrameworkStrategy subclass, the C++ default execution
  py_call    Python on_step(ctx): buys once at the first step as cpp does, then returns at
             once (the cost of the call and the context)
  py_read    py_call, plus reading every updated symbol's close view and position
All variants buy 10 shares of every symbol at the first step and hold them, so the kernel and
the broker do the same work in each.
"""
import argparse
import pathlib
import sys
import tempfile
import time

import numpy as np
import pandas as pd

import tradelet

MODULE = '''
from tradelet.strategy import FrameworkStrategy, Insight, Strategy, Target

class PyStages(FrameworkStrategy):
    def __init__(self, qty=10):
        super().__init__()
        self.qty, self.seen = qty, set()
    def alpha(self, ctx, universe):
        out = []
        for i in universe:
            i = int(i)
            if i not in self.seen:
                self.seen.add(i)
                out.append(Insight(i, 'up'))
        return out
    def portfolio(self, ctx, insights):
        return [Target(s.symbol, self.qty) for s in insights]

class PyCall(Strategy):
    def __init__(self):
        self.bought = False
    def on_step(self, ctx):
        if not self.bought:
            for i in ctx.updated:
                ctx.buy(int(i), 10)
            self.bought = True

class PyRead(PyCall):
    def on_step(self, ctx):
        super().on_step(ctx)
        for i in ctx.updated:
            ctx.history(i).close[-1]
            ctx.position(i)
'''


def bars(symbols, n):
    times = pd.date_range('1990-01-02', periods=n, freq='B', tz='UTC') + pd.Timedelta('14.5h')
    rng = np.random.default_rng(1)
    frames = []
    for k in range(symbols):
        close = 50 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
        frames.append(pd.DataFrame({'symbol': 'S{:03d}'.format(k), 'time': times,
                                    'open': close, 'high': close * 1.01, 'low': close * 0.99,
                                    'close': close, 'volume': 1e6}))
    return pd.concat(frames, ignore_index=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--symbols', type=int, default=10)
    p.add_argument('--bars', type=int, default=5000)
    p.add_argument('--repeat', type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / 'pyst_bench.py').write_text(MODULE)
        data = tmp / 'data'
        data.mkdir()
        from tradelet._backtest import _write_bars
        _write_bars(bars(args.symbols, args.bars), str(data))
        variants = {
            'cpp': 'name = "buy_and_hold"\nsizing = "fixed_qty"\nqty = 10',
            'py_stages': 'name = "python"\nmodule = "pyst_bench"\nclass = "PyStages"',
            'py_call': 'name = "python"\nmodule = "pyst_bench"\nclass = "PyCall"',
            'py_read': 'name = "python"\nmodule = "pyst_bench"\nclass = "PyRead"',
        }
        best, steps = {}, 0
        for name, strategy in variants.items():
            cfg = tmp / (name + '.toml')
            cfg.write_text('[strategy]\n{}\n[data]\ndir = "data"\n[backtest]\n'
                           'initial_cash = 10000000\n'.format(strategy))
            times = []
            for _ in range(args.repeat):
                t0 = time.process_time()
                r = tradelet.backtest(cfg)
                times.append(time.process_time() - t0)
            best[name] = min(times)
            steps = r.summary['steps']
    print('Python strategy per-step overhead: {} symbols x {} daily bars = {} steps, '
          'CPU time of tradelet.backtest, best of {}'.format(args.symbols, args.bars, steps,
                                                              args.repeat))
    print('{:<10} {:>9} {:>12} {:>14} {:>19}'.format('variant', 'run_s', 'us/step',
                                                      'overhead/step', 'overhead/sym-step'))
    for name, t in best.items():
        over = (t - best['cpp']) / steps * 1e6
        print('{:<10} {:>9.3f} {:>12.2f} {:>11.2f} us {:>16.3f} us'.format(
            name, t, t / steps * 1e6, over, over / args.symbols))


if __name__ == '__main__':
    sys.exit(main())
