"""tradelet.backtest(): `tradelet backtest` in-process, results as pandas (docs/python.md)."""
import json
import os
import pathlib
import tempfile

import pandas as pd

from tradelet import _ext

_TIME_COLUMNS = {'equity': ['time'], 'trades': ['entry_time', 'exit_time'],
                 'orders': ['created_at', 'filled_at'], 'skips': []}
_BAR_COLUMNS = ['open', 'high', 'low', 'close', 'volume', 'adj_close', 'dividend', 'split']


class BacktestResult:
    """What a backtest produced: `summary` (dict, summary.json), `equity`, `trades`, `orders`,
    `skips` (DataFrames, the CSV files, times in UTC) and `report_html` (report.html)."""

    strategy = None  # the Python strategy object of a `name = "python"` run (else None)
    files = None     # the strategy's own output files (e.g. decisions.csv): {name: text}

    def __init__(self, summary, equity, trades, orders, skips, report_html):
        self.summary = summary
        self.equity = equity
        self.trades = trades
        self.orders = orders
        self.skips = skips
        self.report_html = report_html

    def __repr__(self):
        return '<BacktestResult {} trades, final equity {}>'.format(
            len(self.trades), self.equity['equity'].iloc[-1] if len(self.equity) else None)


def _write_bars(data, folder):
    """A bars DataFrame (symbol, time, open, high, low, close, volume[, adj_close, dividend,
    split]) as one CSV per symbol, the layout the data loader reads."""
    missing = {'symbol', 'time', 'open', 'high', 'low', 'close'} - set(data.columns)
    if missing:
        raise ValueError('data: missing column(s) {}'.format(', '.join(sorted(missing))))
    times = pd.to_datetime(data['time'], utc=True)
    text_times = times.dt.strftime('%Y-%m-%dT%H:%M:%S.%fZ')
    cols = [c for c in _BAR_COLUMNS if c in data.columns]
    for symbol, rows in data.assign(time=text_times).groupby('symbol', sort=False):
        name = str(symbol).replace('/', '.')
        rows[['time'] + cols].to_csv(os.path.join(folder, name + '.csv'), index=False,
                                     float_format='%.17g')


def backtest(config, data=None, out=None):
    """Runs the strategy config (a TOML file, as `tradelet backtest --config`) and returns a
    BacktestResult. `data`: None (the config's [data] dir), a folder of bar files (the CLI's
    --data), or a DataFrame of bars such as tradelet.data.read_bars returns. `out`: also keep
    the CLI's output files in this folder. A `[strategy] name = "python"` config runs the
    Python strategy its `module` names (tradelet.strategy)."""
    from tradelet import strategy
    config = str(pathlib.Path(config))
    with tempfile.TemporaryDirectory(prefix='tradelet-backtest-') as tmp:
        data_dir = ''
        if isinstance(data, pd.DataFrame):
            data_dir = os.path.join(tmp, 'data')
            os.mkdir(data_dir)
            _write_bars(data, data_dir)
        elif data is not None:
            data_dir = str(pathlib.Path(data))
        out = str(out) if out is not None else os.path.join(tmp, 'out')
        built = strategy._created()
        del built[:]
        with strategy._ConfigOnPath(config):
            summary, html, names = _ext.backtest(config, data_dir, out)
        made = built[-1] if built else None
        del built[:]
        files = {}
        for name in names:
            with open(os.path.join(out, name), encoding='utf-8', errors='replace') as f:
                files[name] = f.read()
        frames = {}
        for name, times in _TIME_COLUMNS.items():
            df = pd.read_csv(os.path.join(out, name + '.csv'), keep_default_na=True)
            for col in times:
                if col in df:
                    df[col] = pd.to_datetime(df[col], utc=True)
            frames[name] = df
    result = BacktestResult(json.loads(summary), frames['equity'], frames['trades'],
                            frames['orders'], frames['skips'], html)
    result.strategy = made
    result.files = files
    return result


__all__ = ['backtest', 'BacktestResult']
