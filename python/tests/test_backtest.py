"""tradelet.backtest(): the CLI's backtest in-process; the same numbers as `tradelet backtest`."""
import json
import os
import subprocess

import pandas as pd
import pytest

import tradelet
from tradelet.data import read_bars
from conftest import REPO, shared_dir

CONFIG = REPO / 'examples' / 'sma_crossover.toml'
DATA = 'data/daily/sp500_alphavantage_1999-2021/sample_plain'


def need_data():
    if not (shared_dir() / DATA).is_dir():
        pytest.skip('shared market data absent: {} (set TRADELET_SHARED)'.format(
            shared_dir() / DATA))


def test_backtest_matches_the_cli(tmp_path):
    need_data()
    result = tradelet.backtest(CONFIG, data=shared_dir() / DATA)
    s = result.summary
    assert s['strategy'] == 'sma_crossover' and s['symbols'] == 4
    assert list(result.equity.columns[:2]) == ['time', 'equity']
    assert str(result.equity['time'].dt.tz) == 'UTC'
    assert len(result.trades) > 10 and len(result.orders) >= len(result.trades)
    assert result.equity['equity'].iloc[-1] == pytest.approx(s['final_equity'])
    assert result.report_html.startswith('<!DOCTYPE html>')
    binary = os.environ.get('TRADELET_BIN')
    if not binary or not os.path.exists(binary):
        pytest.skip('TRADELET_BIN (the tradelet binary) not given: CLI comparison skipped')
    subprocess.run([binary, 'backtest', '--config', str(CONFIG), '--data', str(shared_dir() / DATA),
                    '--out', str(tmp_path)], check=True, capture_output=True)
    cli = json.loads((tmp_path / 'summary.json').read_text())
    cli.pop('run_seconds')
    s = dict(s)
    s.pop('run_seconds')
    assert s == cli
    trades = pd.read_csv(tmp_path / 'trades.csv')
    pd.testing.assert_series_equal(result.trades['pnl'], trades['pnl'])


def test_backtest_on_a_bars_dataframe():
    need_data()
    by_dir = tradelet.backtest(CONFIG, data=shared_dir() / DATA)
    bars = pd.concat([read_bars(p) for p in sorted((shared_dir() / DATA).iterdir())],
                     ignore_index=True)
    by_frame = tradelet.backtest(CONFIG, data=bars)
    assert by_frame.summary['final_equity'] == pytest.approx(by_dir.summary['final_equity'],
                                                            rel=1e-12)
    pd.testing.assert_frame_equal(by_frame.trades, by_dir.trades)


def test_bad_config(tmp_path):
    bad = tmp_path / 'bad.toml'
    (tmp_path / 'XYZ.csv').write_text('date,open,high,low,close,volume\n'
                                      '2024-01-02,10,11,9.5,10.5,1000\n'
                                      '2024-01-03,10.5,12,10,11.75,2500\n')
    bad.write_text('[strategy]\nname = "no_such_strategy"\n[data]\ndir = "."\n')
    with pytest.raises(ValueError) as e:
        tradelet.backtest(bad)
    assert 'no_such_strategy' in str(e.value)
    with pytest.raises(ValueError):
        tradelet.backtest(tmp_path / 'missing.toml')
    with pytest.raises(ValueError, match='missing column'):
        tradelet.backtest(CONFIG, data=pd.DataFrame({'symbol': ['X']}))
