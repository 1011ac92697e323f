"""Market data as pandas: tradelet.data.read_bars reads any bar CSV the CLI reads (plain or
gzip; generic, canonical, Yahoo, Alpha Vantage, Kaggle, mplfinance layouts; docs/data.md)."""
import numpy as np
import pandas as pd

from tradelet import _ext

_PRICE_COLUMNS = ('open', 'high', 'low', 'close', 'volume', 'adj_close', 'dividend', 'split')


def read_bars(path, layout='auto', symbol=None):
    """Bars of the file at `path` as a DataFrame: symbol, time (bar start, UTC), open, high,
    low, close, volume, and adj_close, dividend, split where the file has them. Rows are in
    file order per symbol (a descending file is reversed); missing values are NaN.
    `symbol` names the symbol of a single-symbol file (default: from the file name).
    Errors (unreadable file, bad field) raise ValueError naming the file, line and field."""
    series = _ext.read_bars(str(path), layout, symbol or '')
    frames = []
    for s in series:
        data = {'symbol': np.full(len(s['time_ns']), s['symbol'], dtype=object),
                'time': pd.DatetimeIndex(np.asarray(s['time_ns']).view('datetime64[ns]'),
                                         tz='UTC')}
        data.update((c, s[c]) for c in _PRICE_COLUMNS if c in s)
        frame = pd.DataFrame(data)
        frame.attrs['interval'] = s['interval']
        frames.append(frame)
    if not frames:
        return pd.DataFrame({'symbol': pd.Series(dtype=object),
                             'time': pd.Series(dtype='datetime64[ns, UTC]')})
    out = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    out.attrs['interval'] = frames[0].attrs['interval']
    return out


__all__ = ['read_bars']
