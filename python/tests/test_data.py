"""tradelet.data.read_bars: bar CSV files as DataFrames (the C++ reader behind the CLI)."""
import numpy as np
import pandas as pd
import pytest

from tradelet.data import read_bars
from conftest import shared_dir


def test_generic_csv(tmp_path):
    path = tmp_path / 'XYZ.csv'
    path.write_text('date,open,high,low,close,volume\n'
                    '2024-01-02,10,11,9.5,10.5,1000\n'
                    '2024-01-03,10.5,12,10,11.75,2500\n')
    bars = read_bars(path)
    assert list(bars.columns) == ['symbol', 'time', 'open', 'high', 'low', 'close', 'volume']
    assert list(bars['symbol']) == ['XYZ', 'XYZ']
    assert str(bars['time'].dt.tz) == 'UTC'
    assert list(bars['time'].dt.tz_convert('America/New_York').dt.date.astype(str)) == [
        '2024-01-02', '2024-01-03']
    np.testing.assert_array_equal(bars['close'], [10.5, 11.75])
    assert bars.attrs['interval'] == '1d'


def test_bad_field_names_file_line_and_field(tmp_path):
    path = tmp_path / 'BAD.csv'
    path.write_text('date,open,high,low,close,volume\n2024-01-02,10,11,9.5,abc,1000\n')
    with pytest.raises(ValueError) as e:
        read_bars(path)
    assert 'BAD.csv' in str(e.value) and ':2' in str(e.value) and 'close' in str(e.value)
    with pytest.raises(ValueError):
        read_bars(tmp_path / 'missing.csv')


def real(path):
    p = shared_dir() / 'data' / path
    if not p.exists():
        pytest.skip('shared market data absent: {} (set TRADELET_SHARED)'.format(p))
    return p


def test_yahoo_daily_with_adj_close():
    bars = read_bars(real('daily/mplfinance/yahoofinance-SPY-20080101-20180101.csv'))
    assert len(bars) == 2519 and set(bars['symbol']) == {'SPY'}
    assert 'adj_close' in bars and bars['adj_close'].iloc[0] == pytest.approx(118.624741)
    assert bars['time'].is_monotonic_increasing


def test_alpha_vantage_minutes_descending_bar_end():
    bars = read_bars(real('intraday/alphavantage_2019-02-11_15/AAPL_1min.csv'))
    assert len(bars) == 1948 and set(bars['symbol']) == {'AAPL'}  # the file's rows
    # The file is newest first with bar-end times in New York: reversed, bar starts in UTC.
    assert bars['time'].iloc[-1] == pd.Timestamp('2019-02-15 20:59', tz='UTC')
    assert bars['close'].iloc[-1] == pytest.approx(170.38)
    assert bars.attrs['interval'] == '1m'
