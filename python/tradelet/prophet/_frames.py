"""Helpers shared by tradelet.prophet's modules: pandas columns <-> numpy buffers."""
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


def forecast_frame(ds_ns, names, block):
    """The (ds, names, block) of the extension -> Prophet's predict() DataFrame
    (the float columns stay one block, without a copy)."""
    df = pd.DataFrame(block.T, columns=names, copy=False)
    df.insert(0, 'ds', np.asarray(ds_ns, dtype=np.int64).view(_NS))
    return df
