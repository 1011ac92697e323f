"""tradelet for Python: the C++ toolkit on numpy/pandas (docs/python.md).

    from tradelet.prophet import Prophet          # a drop-in for the prophet package
    from tradelet.data import read_bars           # bar CSV files -> DataFrame
    result = tradelet.backtest('examples/sma_crossover.toml')   # summary, equity, trades, ...

Importing `tradelet` loads only the compiled extension; pandas and matplotlib are imported by
the submodules and functions that need them.
"""
from . import _ext  # noqa: F401  (the C++ libraries; fails loudly when the build is missing)

__version__ = "0.1.0"
__all__ = ["__version__", "backtest"]


def backtest(config, data=None, out=None):
    """Runs a strategy config (TOML) like `tradelet backtest`; returns a BacktestResult with
    summary (dict), equity, trades, orders, skips (DataFrames) and report_html. `data`: None
    (the config's [data] dir), a folder of bar files, or a DataFrame of bars (read_bars').
    `out`: a folder that keeps the CLI's output files. `[strategy] name = "python"` runs a
    Python strategy (tradelet.strategy); result.strategy is its object."""
    from ._backtest import backtest as run
    return run(config, data, out)
