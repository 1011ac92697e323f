"""tradelet.strategy: strategies written in Python, driven by the C++ kernel (docs/python.md).

A config names the module (searched next to the config file, then on sys.path):

    [strategy]
    name = "python"
    module = "my_strategy"      # my_strategy.py next to the config
    class = "MyStrategy"        # optional when the module defines one Strategy subclass
    fast = 10                   # every other key is a keyword argument of the constructor

and the kernel calls `on_step(ctx)` after every step's bars closed, in backtests
(`tradelet.backtest`), against the paper exchange and live (`tradelet.live.run`: the same
exactly-once broker and journal as `tradelet run`). `ctx` is the step's read-only view:
`now`, `symbols`, `updated`, `history(sym)` (numpy views of the closed bars only), `position`,
`open_orders`, `account`; orders go through `ctx.buy/sell/submit/cancel` (checked on the spot)
or, for FrameworkStrategy, the framework's default execution of targets.
"""
import importlib
import inspect
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from tradelet import _ext

Context = _ext.strategy.Context
History = _ext.strategy.History
fit_and_forecast = _ext.strategy.fit_and_forecast

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _now(self):
    """The decision time (UTC datetime): the end of the latest closed bars."""
    return _EPOCH + timedelta(microseconds=self.now_ns // 1000)


def _buy(self, symbol, qty, **kwargs):
    """A buy order (market unless type= says otherwise); see submit."""
    self.submit(symbol, 'buy', qty, **kwargs)


def _sell(self, symbol, qty, **kwargs):
    """A sell order (market unless type= says otherwise); see submit."""
    self.submit(symbol, 'sell', qty, **kwargs)


Context.now = property(_now)
Context.buy = _buy
Context.sell = _sell


class Strategy:
    """Base class: override on_step(ctx). Optional: on_order_update(order: dict) (fills,
    cancels), artifacts() -> {file name: text} written next to the backtest's outputs,
    report_html() -> a section for report.html, skips_at(time_ns) -> [(symbol, reason)]."""

    on_order_update = None  # define a method to receive the strategy's order events

    @property
    def name(self):
        return type(self).__name__

    def on_step(self, ctx):
        raise NotImplementedError('a tradelet.strategy.Strategy must define on_step(ctx)')

    def artifacts(self):
        return {}

    def report_html(self):
        return ''

    def skips_at(self, time_ns):
        return []


@dataclass
class Insight:
    """An alpha's opinion about one symbol (index): direction 'up', 'down' or 'flat'."""
    symbol: int
    direction: str = 'flat'
    magnitude: float = 0.0
    confidence: float = 1.0
    reference_price: float = 0.0
    band: Optional[tuple] = None  # (lower, mid, upper) when the alpha has a forecast band


@dataclass
class Target:
    """The position a portfolio stage wants in one symbol (index), in shares (< 0 short).
    take_profit / stop_loss (/ stop_limit) make the opening order a bracket (or OTO)."""
    symbol: int
    qty: float
    reference_price: float = 0.0
    take_profit: Optional[float] = None
    stop_loss: Optional[float] = None
    stop_limit: Optional[float] = None
    time_in_force: str = 'day'
    cancel_first: List[str] = field(default_factory=list)


class FrameworkStrategy(Strategy):
    """The five stages of the C++ framework as methods (or callables given to the
    constructor): universe(ctx) -> symbol indices (default: those whose bar just closed),
    alpha(ctx, universe) -> [Insight], portfolio(ctx, insights) -> [Target],
    risk(ctx, targets) -> [Target], execution(ctx, targets) (default: the C++ framework's
    market orders for target - position - open orders, brackets when a target has both legs).
    Later stages run only when the earlier one produced something."""

    def __init__(self, universe=None, alpha=None, portfolio=None, risk=None, execution=None):
        for stage, fn in (('universe', universe), ('alpha', alpha), ('portfolio', portfolio),
                          ('risk', risk), ('execution', execution)):
            if fn is not None:
                setattr(self, stage, fn)

    def universe(self, ctx):
        return ctx.updated

    def alpha(self, ctx, universe):
        return []

    def portfolio(self, ctx, insights):
        return []

    def risk(self, ctx, targets):
        return targets

    def execution(self, ctx, targets):
        ctx.execute(targets)

    def on_step(self, ctx):
        universe = self.universe(ctx)
        if len(universe) == 0:
            return
        insights = self.alpha(ctx, universe)
        if not insights:
            return
        targets = self.portfolio(ctx, insights)
        if not targets:
            return
        targets = self.risk(ctx, targets)
        if targets:
            self.execution(ctx, targets)


# The strategies the kernel built on this thread, newest last (tradelet.backtest hands the
# run's to its result; the C++ run builds it on the calling thread, so parallel runs in threads
# do not mix them up).
_local = threading.local()


def _created():
    if not hasattr(_local, 'created'):
        _local.created = []
    return _local.created


def _from_config(table):
    """Builds the strategy of a `[strategy] name = "python"` table (called by the C++ registry
    entry). Errors are ValueError naming the key."""
    module_name = table.get('module')
    if not isinstance(module_name, str) or not module_name:
        raise ValueError('strategy.module: missing (the Python module that defines the strategy,'
                         ' e.g. module = "my_strategy" for my_strategy.py next to the config)')
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise ValueError("strategy.module: cannot import '{}' (searched next to the config and "
                         "on sys.path): {}".format(module_name, e)) from e
    class_name = table.get('class')
    if class_name is not None:
        cls = getattr(module, str(class_name), None)
        if not (inspect.isclass(cls) and issubclass(cls, Strategy)):
            raise ValueError("strategy.class: '{}' is not a tradelet.strategy.Strategy subclass "
                             "in module '{}'".format(class_name, module_name))
    else:
        found = [v for v in vars(module).values() if inspect.isclass(v)
                 and issubclass(v, Strategy) and v.__module__ == module.__name__]
        if len(found) != 1:
            raise ValueError("strategy.class: module '{}' defines {} Strategy subclasses ({}); "
                             "name one with class = \"...\"".format(
                                 module_name, len(found), ', '.join(c.__name__ for c in found)))
        cls = found[0]
    options = {k: v for k, v in table.items() if k not in ('name', 'module', 'class')}
    try:
        obj = cls(**options)
    except TypeError as e:
        raise ValueError('strategy: {}.{}(...): {}'.format(module_name, cls.__name__, e)) from e
    made = _created()
    made.append(obj)
    del made[:-4]
    return obj


class _ConfigOnPath:
    """Puts the config file's folder first on sys.path while a run imports its module."""

    def __init__(self, config):
        import pathlib
        self.folder = str(pathlib.Path(config).resolve().parent)

    def __enter__(self):
        import sys
        sys.path.insert(0, self.folder)
        return self

    def __exit__(self, *exc):
        import sys
        try:
            sys.path.remove(self.folder)
        except ValueError:
            pass
        return False


__all__ = ['Strategy', 'FrameworkStrategy', 'Insight', 'Target', 'Context', 'History',
           'fit_and_forecast']
