"""Prophet's input checks, with Prophet's messages (tradelet.prophet.forecaster uses them)."""
import numpy as np
import pandas as pd

from ._frames import numeric

RESERVED = ['trend', 'additive_terms', 'daily', 'weekly', 'yearly', 'holidays', 'zeros',
            'extra_regressors_additive', 'yhat', 'extra_regressors_multiplicative',
            'multiplicative_terms']
RESERVED = (RESERVED + [n + '_lower' for n in RESERVED] + [n + '_upper' for n in RESERVED]
            + ['ds', 'y', 'cap', 'floor', 'y_scaled', 'cap_scaled'])
MODES = ('additive', 'multiplicative')
_NS = np.dtype('datetime64[ns]')
_NAT = np.iinfo(np.int64).min


def validate_inputs(m):
    if m.growth not in ('linear', 'logistic', 'flat'):
        raise ValueError('Parameter "growth" should be "linear", "logistic" or "flat".')
    if not isinstance(m.changepoint_range, (int, float)):
        raise ValueError("changepoint_range must be a number in [0, 1]'")
    if m.changepoint_range < 0 or m.changepoint_range > 1:
        raise ValueError('Parameter "changepoint_range" must be in [0, 1]')
    if m.holidays is not None:
        h = m.holidays
        if not (isinstance(h, pd.DataFrame) and 'ds' in h and 'holiday' in h):
            raise ValueError('holidays must be a DataFrame with "ds" and "holiday" columns.')
        if h['ds'].dtype != _NS:  # Prophet converts in place (datetime64[ns] is converted)
            h['ds'] = pd.to_datetime(h['ds'])
        if has_nans(h['ds']) or has_nans(h['holiday']):
            raise ValueError('Found a NaN in holidays dataframe.')
        has_lower, has_upper = 'lower_window' in h, 'upper_window' in h
        if has_lower + has_upper == 1:
            raise ValueError('Holidays must have both lower_window and upper_window, or neither')
        if has_lower:
            if column_max(h['lower_window']) > 0:
                raise ValueError('Holiday lower_window should be <= 0')
            if column_min(h['upper_window']) < 0:
                raise ValueError('Holiday upper_window should be >= 0')
        for name in h['holiday'].unique():
            validate_column_name(m, name, check_holidays=False)
    if m.seasonality_mode not in MODES:
        raise ValueError('seasonality_mode must be "additive" or "multiplicative"')
    if m.holidays_mode not in MODES:
        raise ValueError('holidays_mode must be "additive" or "multiplicative"')


def has_nans(series):
    """series.isnull().any(), on the values for datetime64[ns] and object columns."""
    if series.dtype == _NS:
        return bool(np.isnat(series.to_numpy()).any())
    if series.dtype == object:
        return bool(pd.isna(series.to_numpy()).any())
    return bool(series.isnull().any())


def column_max(series):
    """series.max(), on the values for a non-empty integer column."""
    values = series.to_numpy()
    return values.max() if values.dtype.kind in 'iu' and len(values) else series.max()


def column_min(series):
    """series.min(), on the values for a non-empty integer column."""
    values = series.to_numpy()
    return values.min() if values.dtype.kind in 'iu' and len(values) else series.min()


def validate_column_name(m, name, check_holidays=True, check_seasonalities=True,
                         check_regressors=True):
    if '_delim_' in name:
        raise ValueError('Name cannot contain "_delim_"')
    if name in RESERVED:
        raise ValueError('Name {name!r} is reserved.'.format(name=name))
    if (check_holidays and m.holidays is not None
            and name in m.holidays['holiday'].unique()):
        raise ValueError('Name {name!r} already used for a holiday.'.format(name=name))
    if check_holidays and m.country_holidays is not None and name in m._country_names():
        raise ValueError('Name {name!r} is a holiday name in {c}.'.format(
            name=name, c=m.country_holidays))
    if check_seasonalities and name in m.seasonalities:
        raise ValueError('Name {name!r} already used for a seasonality.'.format(name=name))
    if check_regressors and name in m.extra_regressors:
        raise ValueError('Name {name!r} already used for an added regressor.'.format(name=name))


def datetimes(ds):
    """Prophet's conversion of a ds column (as is when it is already tz-naive datetime64)."""
    if ds.dtype == np.dtype('datetime64[ns]'):
        return ds
    if ds.dtype == np.int64:
        ds = ds.astype(str)
    ds = pd.to_datetime(ds)
    if ds.dt.tz is not None:
        raise ValueError('Column ds has timezone specified, which is not supported. '
                         'Remove timezone.')
    return ds


def frame_arrays(m, df, with_y):
    """Prophet's setup_dataframe checks on df, as numpy arrays (no DataFrame copies):
    {'ds': int64 ns, 'y': float64 | None, 'cap', 'floor' (logistic; else None),
    'columns': {regressor or condition name: float64}}, in df's row order."""
    ds = datetimes(df['ds'])
    ds = ds.values if ds.dtype == _NS else ds.to_numpy(dtype=_NS)  # .values: no conversion
    ds_ns = np.ascontiguousarray(ds.view(np.int64))
    y = None
    if with_y:
        y = numeric(df['y'])
        if np.isinf(y).any():
            raise ValueError('Found infinity in column y.')
    if (ds_ns == _NAT).any():
        raise ValueError('Found NaN in column ds.')
    mask = ~np.isnan(y) if with_y and m.extra_regressors else None
    columns = {}
    for name in m.extra_regressors:
        if name not in df:
            raise ValueError('Regressor {name!r} missing from dataframe'.format(name=name))
        col = numeric(df[name])
        if np.isnan(col if mask is None else col[mask]).any():
            raise ValueError('Found NaN in column {name!r}'.format(name=name))
        columns[name] = col
    for props in m._added_seasonalities.values():  # (the fitted ones are built on use)
        cond = props['condition_name']
        if cond is not None:
            if cond not in df:
                raise ValueError('Condition {c!r} missing from dataframe'.format(c=cond))
            if not df[cond].isin([True, False]).all():
                raise ValueError('Found non-boolean in column {c!r}'.format(c=cond))
            columns[cond] = df[cond].to_numpy(bool).astype(np.float64)
    cap = floor = None
    if m.growth == 'logistic':
        if 'cap' not in df:
            raise ValueError('Capacities must be supplied for logistic growth in column "cap"')
        if m.logistic_floor and 'floor' not in df:
            raise ValueError('Expected column "floor".')
        cap = numeric(df['cap'])
        floor = numeric(df['floor']) if m.logistic_floor else None
        if (cap <= (0.0 if floor is None else floor)).any():
            raise ValueError('cap must be greater than floor (which defaults to 0).')
    return {'ds': ds_ns, 'y': y, 'cap': cap, 'floor': floor, 'columns': columns}


def owned(arrays):
    """frame_arrays' arrays, copied where they are views of the caller's frame."""
    def own(a):
        return a if a is None or a.flags.owndata else a.copy()
    return {'ds': own(arrays['ds']), 'y': own(arrays['y']), 'cap': own(arrays['cap']),
            'floor': own(arrays['floor']),
            'columns': {k: own(v) for k, v in arrays['columns'].items()}}


def take(arrays, index):
    """The rows `index` (a mask or a permutation) of frame_arrays' arrays."""
    def sub(a):
        return None if a is None else a[index]
    return {'ds': arrays['ds'][index], 'y': sub(arrays['y']), 'cap': sub(arrays['cap']),
            'floor': sub(arrays['floor']),
            'columns': {k: v[index] for k, v in arrays['columns'].items()}}


def sorted_by_ds(arrays):
    ds = arrays['ds']
    if len(ds) < 2 or (ds[1:] >= ds[:-1]).all():
        return arrays
    return take(arrays, np.argsort(ds, kind='mergesort'))
