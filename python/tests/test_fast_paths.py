"""The speed paths of tradelet.prophet (docs/python.md, "Agreement and speed") give what the plain
pandas code gives: predict's frame from its blocks, the fitted attributes built on first read,
the numpy checks of the holidays frame."""
import numpy as np
import pandas as pd
import pytest

from tradelet.prophet import Prophet, _frames


def test_forecast_frame_from_blocks_equals_pandas_constructors(small_daily):
    assert _frames._FAST, 'this pandas cannot take the block fast path: predict is ~0.5 ms slower'
    m = Prophet(uncertainty_samples=50).fit(small_daily)
    ds, names, block = m._model.predict_history()
    fast = _frames.forecast_frame(ds, names, block)
    slow = _frames._forecast_frame_public(ds, names, block)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast['ds'].dtype == np.dtype('datetime64[ns]')
    assert isinstance(fast.index, pd.RangeIndex)
    # The column index is cached per set of names; each frame has its own view of it.
    other = _frames.forecast_frame(ds, names, block)
    fast.columns.name = 'renamed'
    assert other.columns.name is None
    fast['extra'] = 1.0
    assert 'extra' not in other


def test_fitted_attributes_are_the_fit_data_not_the_callers_frame(small_daily):
    df = small_daily.copy()
    m = Prophet(uncertainty_samples=0).fit(df)
    y = df['y'].to_numpy().copy()
    df['y'].to_numpy()[:] = 0.0  # the caller reuses its frame after fit
    df.loc[0, 'ds'] = pd.Timestamp('1990-01-01')
    assert np.array_equal(m.history['y'].to_numpy(), y)
    assert m.history_dates.iloc[0] == pd.Timestamp('2020-01-01')
    assert m.start == pd.Timestamp('2020-01-01')
    assert m.t_scale == pd.Timedelta(days=399)
    assert len(m.changepoints) == 25 and m.changepoints.name == 'ds'
    assert np.all(np.diff(m.changepoints_t) > 0) and 0 < m.changepoints_t[0] < 1
    assert m.params['delta'].shape == (1, 25)
    assert m.train_holiday_names is None


def test_fitted_attributes_can_be_assigned(small_daily):
    m = Prophet(uncertainty_samples=0)
    assert m.history is None and m.history_dates is None and m.params == {}
    assert m.changepoints is None and m.start is None
    m.fit(small_daily)
    first = m.params
    assert m.params is first  # built once
    m.params = {'k': 1}
    assert m.params == {'k': 1}
    m.changepoints = pd.Series([], dtype='datetime64[ns]', name='ds')
    assert len(m.changepoints) == 0


def test_holiday_checks_on_values():
    h = pd.DataFrame({'holiday': ['a', None], 'ds': ['2020-01-01', '2020-02-01']})
    with pytest.raises(ValueError, match='Found a NaN in holidays dataframe.'):
        Prophet(holidays=h)
    h = pd.DataFrame({'holiday': ['a', 'a'], 'ds': pd.to_datetime(['2020-01-01', None])})
    with pytest.raises(ValueError, match='Found a NaN in holidays dataframe.'):
        Prophet(holidays=h)
    h = pd.DataFrame({'holiday': ['a'], 'ds': ['2020-01-01'], 'lower_window': [0],
                      'upper_window': [-1]})
    with pytest.raises(ValueError, match='Holiday upper_window should be >= 0'):
        Prophet(holidays=h)
    # As Prophet: string dates are converted in the caller's frame.
    h = pd.DataFrame({'holiday': ['a'], 'ds': ['2020-01-01']})
    Prophet(holidays=h)
    assert h['ds'].dtype == np.dtype('datetime64[ns]')
