"""Prophet's diagnostics on tradelet's C++ implementation (src/forecast/diagnostics.cc):
cross_validation (refits at every cutoff) and performance_metrics (rolling windows by horizon).
"""
import logging

import numpy as np
import pandas as pd

from ._frames import floats, from_ns, to_ns

logger = logging.getLogger('tradelet.prophet')


def cross_validation(model, horizon, period=None, initial=None, parallel=None, cutoffs=None,
                     disable_tqdm=False, extra_output_columns=None):
    """Simulated historical forecasts: columns ds, yhat, yhat_lower, yhat_upper, y, cutoff.

    parallel and disable_tqdm are accepted for compatibility (the C++ refits run serially);
    extra_output_columns is not supported (ValueError).
    """
    if model.history is None:
        raise Exception('Model has not been fit. Fitting the model provides contextual '
                        'parameters for cross validation.')
    if extra_output_columns is not None:
        raise ValueError('extra_output_columns is not supported by tradelet.prophet')
    horizon = pd.Timedelta(horizon)
    history_ds = model.history['ds']
    cutoff_ns = None
    if cutoffs is not None:
        cutoffs = pd.to_datetime(pd.Series(cutoffs))
        if cutoffs.min() <= history_ds.min():
            raise ValueError('Minimum cutoff value is not strictly greater than min date in '
                             'history')
        if cutoffs.max() > history_ds.max() - horizon:
            raise ValueError('Maximum cutoff value is greater than end date minus horizon, no '
                             'value for cross-validation remaining')
        cutoff_ns = to_ns(cutoffs)
    period_max = max([s['period'] for s in model.seasonalities.values()], default=0.)
    first_initial = (pd.Timedelta(initial) if initial is not None else
                     (cutoffs.min() - history_ds.min() if cutoffs is not None else
                      max(3 * horizon, pd.Timedelta(days=period_max))))
    if first_initial < pd.Timedelta(days=period_max):
        logger.warning('Seasonality has period of %s days which is larger than initial window. '
                       'Consider increasing initial.', period_max)
    out = model._model.cross_validation(
        horizon.value, None if period is None else pd.Timedelta(period).value,
        None if initial is None else pd.Timedelta(initial).value, cutoff_ns)
    data = {'ds': from_ns(out['ds']), 'yhat': out['yhat']}
    if out['yhat_lower'] is not None:
        data['yhat_lower'] = out['yhat_lower']
        data['yhat_upper'] = out['yhat_upper']
    data['y'] = out['y']
    data['cutoff'] = from_ns(out['cutoff'])
    return pd.DataFrame(data)


def performance_metrics(df, metrics=None, rolling_window=0.1, monthly=False):
    """Error metrics by horizon: column horizon plus mse, rmse, mae, mape, mdape, smape,
    coverage (those that apply; see docs/python.md). monthly=True is not supported."""
    if monthly:
        raise ValueError('performance_metrics(monthly=True) is not supported by '
                         'tradelet.prophet')
    valid = ['mse', 'rmse', 'mae', 'mape', 'mdape', 'smape', 'coverage']
    metrics = list(valid if metrics is None else metrics)
    has_bounds = 'yhat_lower' in df and 'yhat_upper' in df
    if not has_bounds and 'coverage' in metrics:
        metrics.remove('coverage')
    if len(set(metrics)) != len(metrics):
        raise ValueError('Input metrics must be a list of unique values')
    if not set(metrics).issubset(set(valid)):
        raise ValueError('Valid values for metrics are: {}'.format(valid))
    horizon, cols, dropped = _metrics(df, metrics, rolling_window, has_bounds)
    for why in dropped:
        logger.info('Skipping %s', why)
    data = {'horizon': pd.to_timedelta(np.asarray(horizon, np.int64), unit='ns')}
    for name, values in cols:
        data[name] = values
    return pd.DataFrame(data)


def _metrics(df, metrics, rolling_window, has_bounds):
    from tradelet import _ext
    return _ext.performance_metrics(
        to_ns(df['ds']), to_ns(df['cutoff']), floats(df['y']), floats(df['yhat']),
        floats(df['yhat_lower']) if has_bounds else None,
        floats(df['yhat_upper']) if has_bounds else None, metrics, float(rolling_window))
