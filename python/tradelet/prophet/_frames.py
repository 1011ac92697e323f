"""Helpers shared by tradelet.prophet's modules: pandas columns <-> numpy buffers."""
import warnings

import numpy as np
import pandas as pd

_NS = np.dtype('datetime64[ns]')


def to_ns(values):
    """datetime64[ns] values (Series, Index, array, list) -> int64 nanoseconds."""
    if getattr(values, 'dtype', None) == _NS:
        return np.ascontiguousarray(np.asarray(values).view(np.int64))
    ts = pd.to_datetime(values)
    if isinstance(ts, pd.Series):
        return ts.to_numpy(dtype=_NS).view(np.int64)
    return np.asarray(pd.DatetimeIndex(ts).asi8, dtype=np.int64)


def from_ns(ns):
    """int64 nanoseconds -> DatetimeIndex (no copy)."""
    return pd.DatetimeIndex(np.asarray(ns, dtype=np.int64).view(_NS))


def floats(series):
    return np.ascontiguousarray(pd.to_numeric(series), dtype=np.float64)


def numeric(series):
    """A column as float64 values, as pd.to_numeric(series).to_numpy(np.float64) (numpy's
    bool, integer and float columns without pd.to_numeric's Series round trip)."""
    dtype = series.dtype
    if dtype == np.float64:
        return series.values
    if not (isinstance(dtype, np.dtype) and dtype.kind in 'biuf'):
        series = pd.to_numeric(series)
    return series.to_numpy(np.float64)


class lazy:
    """A Prophet attribute that tradelet builds from the fitted arrays on first read (Prophet
    computes it in fit); assigning it sets the value, `del` makes it lazy again."""

    def __init__(self, build):
        self.build = build
        self.__doc__ = build.__doc__

    def __set_name__(self, owner, name):
        self.slot = '_lazy_' + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        try:
            return obj.__dict__[self.slot]
        except KeyError:
            value = obj.__dict__[self.slot] = self.build(obj)
            return value

    def __set__(self, obj, value):
        obj.__dict__[self.slot] = value

    def __delete__(self, obj):
        obj.__dict__.pop(self.slot, None)


def _forecast_frame_public(ds_ns, names, block):
    """forecast_frame with pandas' public constructors only (the reference for the fast
    path, and the path taken when pandas' internals differ)."""
    df = pd.DataFrame(block.T, columns=names, copy=False)
    df.insert(0, 'ds', np.asarray(ds_ns, dtype=np.int64).view(_NS))
    return df


try:  # pandas' block API for libraries (pyarrow's to_pandas builds frames with it)
    from pandas.core.arrays import DatetimeArray as _DatetimeArray
    from pandas.core.internals import BlockManager as _BlockManager
    from pandas.core.internals.api import make_block as _make_block
except ImportError:  # pragma: no cover - other pandas layouts take the public path
    _BlockManager = None
try:  # what make_block does once its checks pass (pandas 1.3+)
    from pandas._libs.internals import BlockPlacement as _BlockPlacement
    from pandas.core.internals.blocks import new_block_2d as _new_block_2d

    def _block(values, start, stop):
        return _new_block_2d(values, _BlockPlacement(slice(start, stop)))
except ImportError:  # pragma: no cover
    def _block(values, start, stop):
        return _make_block(values, placement=slice(start, stop), ndim=2)

_COLUMNS = {}  # names -> Index(['ds', *names]): a model's forecasts share one set of columns


def _forecast_frame_blocks(ds_ns, names, block):
    """The frame as two blocks handed to pandas as they are: ds (datetime64[ns]) and the
    (columns x rows) float block from C++. pandas' public constructors infer the column
    names' type and copy on insert: ~0.5 ms per forecast, a quarter of a small fit."""
    key = tuple(names)
    columns = _COLUMNS.get(key)
    if columns is None:
        if len(_COLUMNS) >= 64:
            _COLUMNS.clear()
        columns = _COLUMNS[key] = pd.Index(['ds'] + list(names), dtype=object)
    rows = len(ds_ns)
    # ds wrapped as pandas wraps it (make_block would first re-validate every value).
    ds = _DatetimeArray._simple_new(np.asarray(ds_ns, dtype=np.int64).view(_NS).reshape(1, rows),
                                    dtype=_NS)
    blocks = (_block(ds, 0, 1), _block(block, 1, 1 + len(names)))
    # A view of the cached Index: renaming one frame's columns leaves the others alone.
    mgr = _BlockManager(blocks, [columns.view(), pd.RangeIndex(rows)], verify_integrity=False)
    return pd.DataFrame(mgr, copy=False)


def _blocks_work():
    """Whether this pandas builds, silently, the same frame both ways."""
    if _BlockManager is None:
        return False
    ds = np.array([0, 86_400_000_000_000], np.int64)
    block = np.array([[1.0, 2.0], [3.0, 4.0]])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            fast = _forecast_frame_blocks(ds, ['a', 'b'], block)
        pd.testing.assert_frame_equal(fast, _forecast_frame_public(ds, ['a', 'b'], block),
                                      check_exact=True)
        _COLUMNS.clear()
        return True
    except Exception:  # noqa: BLE001 - any failure means: use the public constructors
        _COLUMNS.clear()
        return False


_FAST = _blocks_work()


def forecast_frame(ds_ns, names, block):
    """The (ds, names, block) of the extension -> Prophet's predict() DataFrame
    (the float columns stay one block, without a copy)."""
    if _FAST:
        return _forecast_frame_blocks(ds_ns, names, block)
    return _forecast_frame_public(ds_ns, names, block)
