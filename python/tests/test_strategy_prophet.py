"""The Python port of the Prophet trend strategy (examples/python/prophet_trend.py) makes the
same decisions as the C++ prophet_trend on the real 1-minute week (11-15 Feb 2019, 24 symbols,
../shared/data/intraday/alphavantage_2019-02-11_15): decisions.csv row for row, and the same
orders. Slow (two week-long backtests, a few hundred Prophet fits each): ctest python_slow_test."""
import pytest

import tradelet
from conftest import REPO, shared_dir

WEEK = 'data/intraday/alphavantage_2019-02-11_15'


@pytest.mark.slow
def test_python_port_decides_as_the_cpp_strategy():
    data = shared_dir() / WEEK
    if not data.is_dir():
        pytest.skip('shared 1-minute week absent: {} (set TRADELET_SHARED)'.format(data))
    cpp = tradelet.backtest(REPO / 'examples' / 'prophet_trend_intraday.toml', data=data)
    py = tradelet.backtest(REPO / 'examples' / 'python' / 'prophet_trend_intraday.toml', data=data)
    a = cpp.files['decisions.csv'].splitlines()
    b = py.files['decisions.csv'].splitlines()
    equal = sum(x == y for x, y in zip(a, b))
    print('decisions.csv rows equal: {} / {} (C++ {} rows, Python {} rows)'.format(
        equal - 1, len(a) - 1, len(a) - 1, len(b) - 1))
    assert len(a) > 50 and a[0] == b[0]
    assert [r for r in a if 'buy' in r or 'sell' in r], 'the week has trades'
    assert equal == len(a) == len(b)
    skips_a = cpp.files['skips.csv'].splitlines()
    skips_b = py.files['skips.csv'].splitlines()
    print('skips.csv rows equal: {} / {}'.format(
        sum(x == y for x, y in zip(skips_a, skips_b)) - 1, len(skips_a) - 1))
    assert skips_a == skips_b
    cols = ['symbol', 'side', 'qty', 'type', 'created_at', 'filled_at', 'filled_avg_price']
    cols = [c for c in cols if c in cpp.orders.columns]
    assert cpp.orders[cols].equals(py.orders[cols])
    assert py.summary['final_equity'] == cpp.summary['final_equity']
