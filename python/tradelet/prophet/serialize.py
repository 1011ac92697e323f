"""model_to_json / model_from_json (and pickle) for tradelet.prophet.Prophet.

The JSON holds the model's specification (constructor arguments, added seasonalities,
regressors, country holidays, fit arguments) and the training frame; loading refits it. The
C++ fit is deterministic, so the loaded model has the same params bit for bit (checked on load:
a mismatch raises ValueError). JSON from the `prophet` package is not accepted (it stores Stan
state, not the training frame).
"""
import json

import numpy as np
import pandas as pd

from ._frames import from_ns, to_ns

FORMAT = 'tradelet.prophet/1'
_INIT = ['growth', 'n_changepoints', 'changepoint_range', 'yearly_seasonality',
         'weekly_seasonality', 'daily_seasonality', 'seasonality_mode',
         'seasonality_prior_scale', 'holidays_prior_scale', 'changepoint_prior_scale',
         'interval_width', 'uncertainty_samples', 'scaling', 'holidays_mode', 'algorithm', 'seed']


def _plain(v):
    if isinstance(v, np.generic):
        return v.item()
    return v


def _frame_to_dict(df):
    out = {}
    for col in df.columns:
        s = df[col]
        if col == 'ds':
            out[col] = to_ns(s).tolist()
        elif s.dtype == bool:
            out[col] = s.tolist()
        elif pd.api.types.is_numeric_dtype(s):
            out[col] = [None if np.isnan(x) else x for x in s.to_numpy(np.float64).tolist()]
        else:
            out[col] = [str(x) for x in s]
    return out


def _floats(a):
    return [None if np.isnan(x) else x for x in np.asarray(a, np.float64).tolist()]


def _arrays_to_dict(a):
    out = {'ds': a['ds'].tolist(), 'y': _floats(a['y'])}
    for key in ('cap', 'floor'):
        if a[key] is not None:
            out[key] = _floats(a[key])
    for name, values in a['columns'].items():
        out[name] = _floats(values)
    return out


def _frame_from_dict(d):
    data = {}
    for col, values in d.items():
        if col == 'ds':
            data[col] = from_ns(values)
        elif values and isinstance(values[0], str):
            data[col] = values
        elif values and isinstance(values[0], bool):
            data[col] = np.asarray(values, dtype=bool)
        else:
            data[col] = np.asarray([np.nan if x is None else x for x in values], np.float64)
    return pd.DataFrame(data)


def model_to_dict(model):
    if model.history is None:
        raise ValueError('This can only be used to serialize models that have already been fit.')
    init = {k: _plain(getattr(model, k)) for k in _INIT}
    init['changepoints'] = (to_ns(model._user_changepoints).tolist()
                            if model.specified_changepoints else None)
    holidays = None
    if model.holidays is not None:
        holidays = _frame_to_dict(model.holidays)
    return {
        'format': FORMAT,
        'init': init,
        'holidays': holidays,
        'seasonalities': [dict(v, name=k) for k, v in model._added_seasonalities.items()],
        'regressors': [{'name': k, 'prior_scale': _plain(v['prior_scale']),
                        'standardize': _plain(v['standardize']), 'mode': v['mode']}
                       for k, v in model.extra_regressors.items()],
        'country_holidays': model.country_holidays,
        'fit_kwargs': model.fit_kwargs,
        'fit_df': _arrays_to_dict(model._fit_arrays),
        'params': {k: np.asarray(v).reshape(-1).tolist() for k, v in model.params.items()},
    }


def model_from_dict(d):
    from .forecaster import Prophet
    if not isinstance(d, dict) or d.get('format') != FORMAT:
        raise ValueError('not a tradelet.prophet model (expected "format": "{}")'.format(FORMAT))
    init = dict(d['init'])
    if init['changepoints'] is not None:
        init['changepoints'] = from_ns(init['changepoints'])
    holidays = _frame_from_dict(d['holidays']) if d['holidays'] is not None else None
    algorithm, seed = init.pop('algorithm'), init.pop('seed')
    m = Prophet(holidays=holidays, algorithm=algorithm, seed=seed, **init)
    for s in d['seasonalities']:
        s = dict(s)
        m.add_seasonality(s.pop('name'), **s)
    for r in d['regressors']:
        r = dict(r)
        m.add_regressor(r.pop('name'), **r)
    if d['country_holidays'] is not None:
        m.add_country_holidays(d['country_holidays'])
    df = _frame_from_dict(d['fit_df'])
    for props in m.seasonalities.values():
        if props['condition_name'] is not None:
            df[props['condition_name']] = df[props['condition_name']].astype(bool)
    m.fit(df, **d['fit_kwargs'])
    for k, v in d['params'].items():
        if not np.array_equal(np.asarray(m.params[k]).reshape(-1), np.asarray(v, np.float64)):
            raise ValueError('model_from_json: the refitted parameter {!r} differs from the '
                             'stored one (a different tradelet build?)'.format(k))
    return m


def model_to_json(model):
    """Serialize a fitted model to a JSON string."""
    return json.dumps(model_to_dict(model))


def model_from_json(model_json):
    """A fitted model from the string of model_to_json."""
    return model_from_dict(json.loads(model_json))
