"""Strategies in Python (tradelet.strategy): the C++ kernel drives them with the same
StrategyContext view as C++ strategies (no look-ahead), config `name = "python"`."""
import os
import pathlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tradelet


STRATEGIES = pathlib.Path(__file__).parent / 'strategies'


def bars(days=60):
    """Two synthetic daily symbols (offline): a trend plus a deterministic wiggle."""
    rows = []
    times = pd.date_range('2021-01-04', periods=days, freq='B', tz='UTC') + pd.Timedelta('14.5h')
    for k, sym in enumerate(['AAA', 'BBB']):
        base = 50 + 20 * k + np.arange(days) * (0.3 - 0.4 * k) + np.sin(np.arange(days)) * 2
        rows.append(pd.DataFrame({'symbol': sym, 'time': times, 'open': base,
                                  'high': base + 1, 'low': base - 1, 'close': base + 0.5,
                                  'volume': 1e6}))
    return pd.concat(rows, ignore_index=True)


def config(tmp_path, strategy, extra=''):
    """A config next to a copy of the test strategies' modules."""
    for f in STRATEGIES.glob('*.py'):
        (tmp_path / f.name).write_text(f.read_text())
    path = tmp_path / 'run.toml'
    path.write_text('[strategy]\n{}\n[data]\ndir = "."\n[backtest]\ninitial_cash = 100000\n{}'
                    .format(strategy, extra))
    return path


def test_python_stages_match_the_cpp_strategy(tmp_path):
    """BuyOnce (Python, five stages) and the C++ buy_and_hold with the same sizing place the
    same orders and end with the same equity curve."""
    py = tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_buy_once"\n'
                                  'class = "BuyOnce"\nqty = 7'), data=bars())
    cpp = tradelet.backtest(config(tmp_path, 'name = "buy_and_hold"\nsizing = "fixed_qty"\n'
                                   'qty = 7'), data=bars())
    assert py.summary['strategy'] == 'BuyOnce'
    assert len(py.orders) == 2 and list(py.orders['qty']) == [7, 7]
    pd.testing.assert_frame_equal(py.orders, cpp.orders)
    pd.testing.assert_frame_equal(py.equity, cpp.equity)
    assert py.strategy.seen == {0, 1}  # the object the kernel drove


def test_on_step_orders_and_errors(tmp_path):
    r = tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_buy_once"\n'
                                 'class = "StepOnce"'), data=bars(20))
    assert r.strategy.steps == 20 and len(r.orders) == 2
    with pytest.raises(ValueError, match=r"strategy.module: cannot import 'no_such_mod'"):
        tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "no_such_mod"'),
                          data=bars(5))
    with pytest.raises(ValueError, match='defines 2 Strategy subclasses'):
        tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_buy_once"'),
                          data=bars(5))
    with pytest.raises(ValueError, match="unexpected keyword argument 'nope'"):
        tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_buy_once"\n'
                                 'class = "BuyOnce"\nnope = 1'), data=bars(5))


@pytest.mark.parametrize('kwargs,message', [
    (dict(qty=-1), 'qty: must be a positive'),
    (dict(qty=1, type='limit'), 'limit_price: required'),
    (dict(qty=1, type='market', stop_price=3), 'stop_price: only for'),
    (dict(qty=1, time_in_force='week'), 'time_in_force'),
    (dict(qty=1, stop_limit=3), 'stop_limit: needs stop_loss'),
    (dict(qty=1e12), 'qty: must be a positive'),
])
def test_orders_are_checked_on_the_spot(tmp_path, kwargs, message):
    mod = tmp_path / 'pyst_bad_order_{}.py'.format(abs(hash(message)) % 10**6)
    mod.write_text('from tradelet.strategy import Strategy\n'
                   'class Bad(Strategy):\n'
                   '    def on_step(self, ctx):\n'
                   '        ctx.submit("AAA", "buy", **{!r})\n'.format(kwargs))
    cfg = tmp_path / 'bad.toml'
    cfg.write_text('[strategy]\nname = "python"\nmodule = "{}"\n[data]\ndir = "."\n'
                   .format(mod.stem))
    with pytest.raises(ValueError, match=message):
        tradelet.backtest(cfg, data=bars(3))


def test_no_look_ahead(tmp_path):
    """At every step the history ends with the last CLOSED bar (its end == now); reading one
    bar further is IndexError; columns are read-only; a kept History never grows and a kept
    context refuses use after its step."""
    r = tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_peek"'), data=bars(30))
    rows = r.strategy.rows
    assert len(rows) == 30
    for k, (now, n, last_start, last_end, nc, no, na) in enumerate(rows):
        assert n == k + 1 == nc == no == na
        assert last_end == now  # the newest visible bar closed exactly now
    with pytest.raises(IndexError):
        tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_peek"\n'
                                 'mode = "future"'), data=bars(5))
    w = tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_peek"\n'
                                 'mode = "write"'), data=bars(3)).strategy
    assert len(w.errors) == 9 and all('read-only' in e for e in w.errors)
    s = tradelet.backtest(config(tmp_path, 'name = "python"\nmodule = "pyst_peek"\n'
                                 'mode = "stash"'), data=bars(6)).strategy
    assert all(a == b == c for a, b, c in s.errors)  # earlier views kept their length
    with pytest.raises(ValueError, match='only inside on_step'):
        s.ctx.history(0)
    with pytest.raises(ValueError, match='outlived its run'):
        len(s.kept[0])


def test_cli_refuses_python_and_module_runs(tmp_path):
    cfg = config(tmp_path, 'name = "python"\nmodule = "pyst_buy_once"\nclass = "StepOnce"')
    csv = tmp_path / 'AAA.csv'
    b = bars(10)
    b = b[b.symbol == 'AAA']
    csv.write_text('time,open,high,low,close,volume\n' + ''.join(
        '{},{},{},{},{},{}\n'.format(t.strftime('%Y-%m-%dT%H:%M:%SZ'), o, h, lo, c, v)
        for t, o, h, lo, c, v in zip(b.time, b.open, b.high, b.low, b.close, b.volume)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    run = subprocess.run([sys.executable, '-m', 'tradelet', 'backtest', str(cfg), '--out',
                          str(tmp_path / 'out')], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / 'out' / 'orders.csv').read_text().count('\n') == 2
    from tradelet.__main__ import main
    assert main(['backtest', str(tmp_path / 'no.toml')]) == 3  # bad input: exit 3
    binary = os.environ.get('TRADELET_BIN')
    if not binary or not os.path.exists(binary):
        pytest.skip('TRADELET_BIN (the tradelet binary) not given')
    cli = subprocess.run([binary, 'backtest', '--config', str(cfg), '--out',
                          str(tmp_path / 'cli')], capture_output=True, text=True)
    assert cli.returncode == 3
    assert 'python3 -m tradelet' in cli.stderr
