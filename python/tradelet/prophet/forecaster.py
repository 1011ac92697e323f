"""tradelet.prophet.Prophet: Prophet's Python API over tradelet's C++ forecaster.

Fitting, prediction, intervals and diagnostics are the C++ code (src/forecast, the same default
algorithm as `tradelet forecast`); this module converts pandas frames to numpy buffers and back
and keeps Prophet's attributes (history, params, changepoints, seasonalities, ...).
"""
from collections import OrderedDict
import logging

import numpy as np
import pandas as pd

from tradelet import _ext
from . import _fitted, _validate
from ._frames import forecast_frame, to_ns

logger = logging.getLogger('tradelet.prophet')

# Prophet's fit(**kwargs) Stan arguments that have a meaning here.
_STAN_ALGORITHMS = {'LBFGS': 'lbfgs', 'Newton': 'newton'}
_NS = np.dtype('datetime64[ns]')
_DAY_NS = 86_400_000_000_000


def _toggle(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if value == 'auto':
        return 'auto'
    raise ValueError('seasonality must be "auto", True, False or a Fourier order, not '
                     '{!r}'.format(value))


class Prophet(_fitted.FittedAttributes):
    """Prophet forecaster (MAP fit by tradelet's C++ forecaster).

    Arguments as `prophet.Prophet`; mcmc_samples must be 0 and stan_backend is ignored.
    tradelet extras (keyword only): algorithm ('auto' = Prophet's Stan optimizer as Prophet
    runs it, 'exact' = the true optimum, 'lbfgs', 'newton') and seed (of the intervals).
    """

    def __init__(self, growth='linear', changepoints=None, n_changepoints=25,
                 changepoint_range=0.8, yearly_seasonality='auto', weekly_seasonality='auto',
                 daily_seasonality='auto', holidays=None, seasonality_mode='additive',
                 seasonality_prior_scale=10.0, holidays_prior_scale=10.0,
                 changepoint_prior_scale=0.05, mcmc_samples=0, interval_width=0.80,
                 uncertainty_samples=1000, stan_backend=None, scaling='absmax',
                 holidays_mode=None, *, algorithm='auto', seed=0):
        self.growth = growth
        if changepoints is not None:
            self.changepoints = pd.Series(pd.to_datetime(changepoints), name='ds')
            self.n_changepoints = len(self.changepoints)
            self.specified_changepoints = True
            self._user_changepoints = self.changepoints
        else:
            self.changepoints = None
            self.n_changepoints = n_changepoints
            self.specified_changepoints = False
            self._user_changepoints = None
        self.changepoint_range = changepoint_range
        self.yearly_seasonality = yearly_seasonality
        self.weekly_seasonality = weekly_seasonality
        self.daily_seasonality = daily_seasonality
        self.holidays = holidays
        self.seasonality_mode = seasonality_mode
        self.holidays_mode = holidays_mode or seasonality_mode
        self.seasonality_prior_scale = float(seasonality_prior_scale)
        self.changepoint_prior_scale = float(changepoint_prior_scale)
        self.holidays_prior_scale = float(holidays_prior_scale)
        if mcmc_samples:
            raise ValueError('mcmc_samples={} is not supported: tradelet.prophet fits the MAP '
                             'estimate only (mcmc_samples=0); see docs/python.md'
                             .format(mcmc_samples))
        self.mcmc_samples = 0
        self.interval_width = interval_width
        self.uncertainty_samples = uncertainty_samples
        if scaling not in ('absmax', 'minmax'):
            raise ValueError("scaling must be one of 'absmax' or 'minmax'")
        self.scaling = scaling
        self.stan_backend = None
        self.algorithm = algorithm
        self.seed = seed
        self.start = None
        self.y_min = None
        self.y_scale = None
        self.logistic_floor = False
        self.t_scale = None
        self.changepoints_t = None
        self.seasonalities = OrderedDict()
        self.extra_regressors = OrderedDict()
        self.country_holidays = None
        self.stan_fit = None
        self.params = {}
        self.history = None
        self._hist = None
        self.history_dates = None
        self.train_component_cols = None
        self.component_modes = None
        self.train_holiday_names = None
        self.fit_kwargs = {}
        self.fit_summary = None
        self._model = None
        self._fit_arrays = None
        self._added_seasonalities = OrderedDict()
        _validate.validate_inputs(self)

    # --- model specification -------------------------------------------------------------

    def _country_names(self):
        if self.country_holidays is None:
            return set()
        names, _ = _ext.country_holidays(self.country_holidays, 1990,
                                         _ext.country_holidays_last_year,
                                         _ext.country_holidays_last_year)
        return set(names)

    def validate_column_name(self, name, check_holidays=True, check_seasonalities=True,
                             check_regressors=True):
        _validate.validate_column_name(self, name, check_holidays, check_seasonalities,
                                       check_regressors)

    def add_regressor(self, name, prior_scale=None, standardize='auto', mode=None):
        if self._model is not None:
            raise Exception('Regressors must be added prior to model fitting.')
        self.validate_column_name(name, check_regressors=False)
        if prior_scale is None:
            prior_scale = float(self.holidays_prior_scale)
        if mode is None:
            mode = self.seasonality_mode
        if prior_scale <= 0:
            raise ValueError('Prior scale must be > 0')
        if mode not in ['additive', 'multiplicative']:
            raise ValueError("mode must be 'additive' or 'multiplicative'")
        self.extra_regressors[name] = {'prior_scale': prior_scale, 'standardize': standardize,
                                       'mu': 0., 'std': 1., 'mode': mode}
        return self

    def add_seasonality(self, name, period, fourier_order, prior_scale=None, mode=None,
                        condition_name=None):
        if self._model is not None:
            raise Exception('Seasonality must be added prior to model fitting.')
        if name not in ['daily', 'weekly', 'yearly']:
            self.validate_column_name(name, check_seasonalities=False)
        ps = self.seasonality_prior_scale if prior_scale is None else float(prior_scale)
        if ps <= 0:
            raise ValueError('Prior scale must be > 0')
        if fourier_order <= 0:
            raise ValueError('Fourier Order must be > 0')
        if mode is None:
            mode = self.seasonality_mode
        if mode not in ['additive', 'multiplicative']:
            raise ValueError('mode must be "additive" or "multiplicative"')
        if condition_name is not None:
            self.validate_column_name(condition_name)
        props = {'period': period, 'fourier_order': fourier_order, 'prior_scale': ps,
                 'mode': mode, 'condition_name': condition_name}
        self.seasonalities[name] = props
        self._added_seasonalities[name] = dict(props)
        return self

    def add_country_holidays(self, country_name):
        if self._model is not None:
            raise Exception('Country holidays must be added prior to model fitting.')
        names, _ = _ext.country_holidays(country_name, 1990, 1990, 1990)  # validates the name
        for name in set(names):
            self.validate_column_name(name, check_holidays=False)
        if self.country_holidays is not None:
            logger.warning('Changing country holidays from %r to %r.', self.country_holidays,
                           country_name)
        self.country_holidays = country_name
        return self

    # --- fit ----------------------------------------------------------------------------

    def _holiday_table(self, first_year, last_year):
        """Holidays (user's plus country's) as the extension's columns, and their names."""
        name, day, lower, upper, prior = [], [], [], [], []
        if self.holidays is not None:
            h = self.holidays
            name += [str(x) for x in h['holiday']]
            ds = h['ds']  # days since 1970 (floor division = normalize() on naive times)
            day.append(to_ns(ds if ds.dtype == _NS else ds.dt.normalize()) // _DAY_NS)
            n = len(h)
            lower.append(h['lower_window'].to_numpy(np.int64) if 'lower_window' in h
                         else np.zeros(n, np.int64))
            upper.append(h['upper_window'].to_numpy(np.int64) if 'upper_window' in h
                         else np.zeros(n, np.int64))
            prior.append(h['prior_scale'].to_numpy(np.float64) if 'prior_scale' in h
                         else np.full(n, np.nan))
        if self.country_holidays is not None:
            cn, cd = _ext.country_holidays(self.country_holidays, first_year, last_year,
                                           _ext.country_holidays_last_year)
            name += list(cn)
            day.append(np.asarray(cd, np.int64))
            lower.append(np.zeros(len(cn), np.int64))
            upper.append(np.zeros(len(cn), np.int64))
            prior.append(np.full(len(cn), np.nan))
        if not name:
            return None, []
        for ps in prior:
            if (ps[~np.isnan(ps)] <= 0).any():
                raise ValueError('Prior scale must be > 0')
        table = {'name': name, 'day': np.concatenate(day), 'lower_window': np.concatenate(lower),
                 'upper_window': np.concatenate(upper), 'prior_scale': np.concatenate(prior)}
        return table, list(dict.fromkeys(name))

    def _options(self, first_year, last_year):
        holidays, names = self._holiday_table(first_year, last_year)
        algorithm = self.algorithm
        if self.fit_kwargs.get('algorithm') in _STAN_ALGORITHMS:
            algorithm = _STAN_ALGORITHMS[self.fit_kwargs['algorithm']]
        opts = {
            'growth': self.growth,
            'changepoints': (to_ns(self._user_changepoints) if self.specified_changepoints
                             else None),
            'n_changepoints': int(self.n_changepoints),
            'changepoint_range': float(self.changepoint_range),
            'yearly_seasonality': _toggle(self.yearly_seasonality),
            'weekly_seasonality': _toggle(self.weekly_seasonality),
            'daily_seasonality': _toggle(self.daily_seasonality),
            'seasonality_mode': self.seasonality_mode,
            'holidays_mode': self.holidays_mode,
            'seasonality_prior_scale': self.seasonality_prior_scale,
            'holidays_prior_scale': self.holidays_prior_scale,
            'changepoint_prior_scale': self.changepoint_prior_scale,
            'interval_width': float(self.interval_width),
            'uncertainty_samples': int(self.uncertainty_samples or 0),
            'scaling': self.scaling,
            'seed': int(self.seed),
            'algorithm': algorithm,
            'seasonalities': [dict(props, name=name)
                              for name, props in self._added_seasonalities.items()],
            'regressors': [{'name': name, 'prior_scale': float(r['prior_scale']),
                            'standardize': str(r['standardize']).lower(), 'mode': r['mode']}
                           for name, r in self.extra_regressors.items()],
            'holidays': holidays,
        }
        return opts, names

    def fit(self, df, **kwargs):
        """Fits the model to df (columns ds, y; cap for logistic growth). Returns self."""
        if self._model is not None:
            raise Exception('Prophet object can only be fit once. Instantiate a new object.')
        if ('ds' not in df) or ('y' not in df):
            raise ValueError('Dataframe must have columns "ds" and "y" with the dates and '
                             'values respectively.')
        self.logistic_floor = self.growth == 'logistic' and 'floor' in df
        # Owned copies: the model's attributes are built from them later (_fitted.py).
        raw = _validate.owned(_validate.frame_arrays(self, df, with_y=True))
        mask = ~np.isnan(raw['y'])
        if np.count_nonzero(mask) < 2:
            raise ValueError('Dataframe has less than 2 non-NaN rows.')
        self.fit_kwargs = dict(kwargs)
        hist = _validate.sorted_by_ds(raw if mask.all() else _validate.take(raw, mask))
        self._history_ds = raw['ds']
        del self.history_dates  # built from _history_ds on first use
        ds = hist['ds']
        first = last = 0  # the training years matter for country holidays only
        if self.country_holidays is not None:
            first, last = ds[[0, -1]].view(_NS).astype('datetime64[Y]').astype(int) + 1970
        options, holiday_names = self._options(int(first), int(last))
        model = _ext.Model(options)
        self.fit_summary = model.fit(ds, hist['y'], hist['cap'], hist['floor'], hist['columns'])
        self._model = model
        self._fit_arrays = raw
        self._set_fitted_state(hist, holiday_names)
        return self

    def _set_fitted_state(self, hist, holiday_names):
        self.y_scale = self._model.y_scale
        y = hist['y']
        if self.logistic_floor:
            self.y_min = float(np.abs(y - hist['floor']).min())
        else:
            self.y_min = float(y.min()) if self.scaling == 'minmax' else 0.0
        for name, props in self.extra_regressors.items():
            col = hist['columns'][name]
            standardize = props['standardize']
            values = np.unique(col)
            if len(values) < 2:
                standardize = False
            if standardize == 'auto':
                standardize = not (len(values) == 2 and values[0] == 0 and values[1] == 1)
            if standardize:
                props['mu'], props['std'] = float(col.mean()), float(col.std(ddof=1))
        self._hist = hist
        self._holiday_names = holiday_names
        for name in _fitted.LAZY:  # built on first read (_fitted.py)
            delattr(self, name)
        self.component_modes = None

    # --- predict ------------------------------------------------------------------------

    def predict(self, df=None, vectorized=True):
        """Prophet's predict(): ds, trend, [cap, floor,] yhat bounds, components, yhat."""
        if self._model is None:
            raise Exception('Model has not been fit.')
        if df is None:
            return forecast_frame(*self._model.predict_history())
        if df.shape[0] == 0:
            raise ValueError('Dataframe has no rows.')
        a = _validate.frame_arrays(self, df, with_y=False)
        return forecast_frame(*self._model.predict(a['ds'], a['cap'], a['floor'], a['columns']))

    def make_future_dataframe(self, periods, freq='D', include_history=True):
        if self.history_dates is None:
            raise Exception('Model has not been fit.')
        if freq is None:
            freq = pd.infer_freq(self.history_dates.tail(5))
            if freq is None:
                raise Exception('Unable to infer `freq`')
        last_date = self.history_dates.max()
        dates = pd.date_range(start=last_date, periods=periods + 1, freq=freq)
        dates = dates[dates > last_date][:periods]
        if include_history:
            dates = np.concatenate((np.array(self.history_dates), dates))
        return pd.DataFrame({'ds': dates})

    def component_names_multiplicative(self):
        """Components that are fractions of the trend (plotted as percentages)."""
        names = {'multiplicative_terms', 'extra_regressors_multiplicative'}
        names |= {n for n, p in self.seasonalities.items() if p['mode'] == 'multiplicative'}
        names |= {n for n, p in self.extra_regressors.items() if p['mode'] == 'multiplicative'}
        if self.holidays_mode == 'multiplicative' and self.train_holiday_names is not None:
            names |= set(self.train_holiday_names) | {'holidays'}
        return names

    # --- plots (matplotlib, imported on use) ---------------------------------------------

    def plot(self, fcst, ax=None, uncertainty=True, plot_cap=True, xlabel='ds', ylabel='y',
             figsize=(10, 6), include_legend=False):
        from .plot import plot
        return plot(self, fcst, ax=ax, uncertainty=uncertainty, plot_cap=plot_cap,
                    xlabel=xlabel, ylabel=ylabel, figsize=figsize,
                    include_legend=include_legend)

    def plot_components(self, fcst, uncertainty=True, plot_cap=True, weekly_start=0,
                        yearly_start=0, figsize=None):
        from .plot import plot_components
        return plot_components(self, fcst, uncertainty=uncertainty, plot_cap=plot_cap,
                               weekly_start=weekly_start, yearly_start=yearly_start,
                               figsize=figsize)

    # --- pickle: the specification and the training frame; the fit is redone on load ----

    def __getstate__(self):
        from .serialize import model_to_dict
        return model_to_dict(self)

    def __setstate__(self, state):
        from .serialize import model_from_dict
        self.__dict__.update(model_from_dict(state).__dict__)
