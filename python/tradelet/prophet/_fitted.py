"""Prophet's fitted attributes (history, params, changepoints, seasonalities, ...) for
tradelet.prophet.Prophet, built on first read from the fitted C++ model and the training rows.

Prophet computes them all in fit(); predict() needs none of them, so tradelet builds each one
when it is first read (then keeps it). The values are the same: the C++ model is immutable once
fitted and the training rows are tradelet's own copies. Assigning an attribute sets it, as
Prophet's; `del` makes it lazy again (fit does that).
"""
from collections import OrderedDict

import numpy as np
import pandas as pd

from ._frames import from_ns, lazy

LAZY = ('history', 'history_dates', 'train_holiday_names', 'changepoints', 'changepoints_t',
        'start', 't_scale', 'params', 'seasonalities')


class FittedAttributes:
    """Mixin of tradelet.prophet.Prophet. fit sets _model (tradelet._ext.Model), _hist
    (the fitted rows: frame_arrays' dict, sorted, owned), _history_ds (every training ds) and
    _holiday_names, then deletes the attributes of LAZY."""

    def _span(self):
        ds = self._hist['ds']
        return float(max(ds[-1] - ds[0], 1))

    @lazy
    def history(self):
        """Prophet's history frame: the fitted rows sorted by ds, with floor, t, y_scaled
        (cap_scaled) and the regressors standardized."""
        hist = self._hist
        ds, y = hist['ds'], hist['y']
        data = {'ds': from_ns(ds), 'y': y}
        if hist['cap'] is not None:
            data['cap'] = hist['cap']
        for name, col in hist['columns'].items():
            props = self.extra_regressors.get(name)
            data[name] = (col - props['mu']) / props['std'] if props else col.astype(bool)
        floor = hist['floor'] if self.logistic_floor else np.full(len(y), self.y_min)
        data['floor'] = floor
        data['t'] = (ds - ds[0]) / self._span()
        data['y_scaled'] = (y - floor) / self.y_scale
        if self.growth == 'logistic':
            data['cap_scaled'] = (hist['cap'] - floor) / self.y_scale
        return pd.DataFrame(data)

    @lazy
    def history_dates(self):
        """The distinct ds of the training frame, sorted (NaN-y rows included)."""
        return pd.Series(from_ns(np.unique(self._history_ds)), name='ds')

    @lazy
    def train_holiday_names(self):
        """The names of the holidays in the fit."""
        return pd.Series(self._holiday_names) if self._holiday_names else None

    @lazy
    def changepoints(self):
        """The fitted changepoints' dates."""
        return pd.Series(from_ns(self._model.changepoints()), name='ds')

    @lazy
    def changepoints_t(self):
        """The changepoints in scaled time (0 = first fitted ds, 1 = last)."""
        return (self._model.changepoints() - self._hist['ds'][0]) / self._span()

    @lazy
    def start(self):
        return pd.Timestamp(self._hist['ds'][0])

    @lazy
    def t_scale(self):
        ds = self._hist['ds']
        return pd.Timedelta(int(ds[-1] - ds[0]))

    @lazy
    def params(self):
        """k, m, delta, sigma_obs, beta shaped as Prophet's MAP fit (one row)."""
        p = self._model.params()
        return {'k': np.array([[p['k']]]), 'm': np.array([[p['m']]]),
                'delta': np.asarray(p['delta']).reshape(1, -1),
                'sigma_obs': np.array([[p['sigma_obs']]]),
                'beta': np.asarray(p['beta']).reshape(1, -1)}

    @lazy
    def seasonalities(self):
        """The fitted seasonalities (auto ones included) by name."""
        return OrderedDict((s.pop('name'), s) for s in self._model.seasonalities())
