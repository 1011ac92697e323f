"""Helpers shared by tradelet.prophet's modules: pandas columns <-> numpy buffers."""
import numpy as np
import pandas as pd


def to_ns(values):
    """datetime64[ns] values (Series, Index, array, list) -> int64 nanoseconds."""
    ts = pd.to_datetime(values)
    if isinstance(ts, pd.Series):
        return ts.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return np.asarray(pd.DatetimeIndex(ts).asi8, dtype=np.int64)


def from_ns(ns):
    return pd.to_datetime(np.asarray(ns, dtype=np.int64).view("datetime64[ns]"))


def floats(series):
    return np.ascontiguousarray(pd.to_numeric(series), dtype=np.float64)


def forecast_frame(ds_ns, columns):
    """The (ds, [(name, values)]) tuple of the extension -> Prophet's predict() DataFrame."""
    data = {"ds": from_ns(ds_ns)}
    for name, values in columns:
        data[name] = values
    return pd.DataFrame(data)
