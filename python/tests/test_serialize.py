"""Pickle and JSON round trips: the loaded model predicts exactly what the saved one did."""
import json
import pickle

import numpy as np
import pandas as pd
import pytest

from tradelet.prophet import Prophet
from tradelet.prophet.serialize import model_from_json, model_to_json


def rich_model(df):
    df = df.copy()
    df['promo'] = (np.arange(len(df)) % 11 == 0).astype(float)
    df['temp'] = np.cos(np.arange(len(df)) / 9.0)
    df.loc[5, 'y'] = np.nan
    holidays = pd.DataFrame({'holiday': 'launch', 'ds': pd.to_datetime(['2020-03-01', '2021-01-10']),
                             'lower_window': -1, 'upper_window': 2})
    m = Prophet(holidays=holidays, changepoint_prior_scale=0.1, seasonality_mode='multiplicative',
                uncertainty_samples=200, seed=7)
    m.add_seasonality(name='monthly', period=30.5, fourier_order=3, mode='additive')
    m.add_regressor('promo')
    m.add_regressor('temp', standardize=True)
    m.add_country_holidays('US')
    m.fit(df)
    future = m.make_future_dataframe(periods=20)
    future['promo'] = 0.0
    future['temp'] = 0.5
    return m, future


@pytest.mark.parametrize('roundtrip', ['json', 'pickle'])
def test_roundtrip(small_daily, roundtrip):
    m, future = rich_model(small_daily)
    before = m.predict(future)
    if roundtrip == 'json':
        text = model_to_json(m)
        assert json.loads(text)['format'] == 'tradelet.prophet/1'
        m2 = model_from_json(text)
    else:
        m2 = pickle.loads(pickle.dumps(m))
    after = m2.predict(future)
    pd.testing.assert_frame_equal(before, after, check_exact=True)
    for k in m.params:
        np.testing.assert_array_equal(m.params[k], m2.params[k])
    pd.testing.assert_series_equal(m.changepoints, m2.changepoints)
    pd.testing.assert_frame_equal(m.history, m2.history)
    assert list(m2.seasonalities) == list(m.seasonalities)
    assert list(m2.train_holiday_names) == list(m.train_holiday_names)


def test_explicit_changepoints_roundtrip(small_daily):
    m = Prophet(changepoints=['2020-03-01', '2020-06-01'], uncertainty_samples=0).fit(small_daily)
    assert list(m.changepoints) == list(pd.to_datetime(['2020-03-01', '2020-06-01']))
    m2 = model_from_json(model_to_json(m))
    pd.testing.assert_frame_equal(m.predict(), m2.predict(), check_exact=True)
    assert 'yhat_lower' not in m2.predict()


def test_unfitted_model_is_not_serialized():
    with pytest.raises(ValueError, match='already been fit'):
        model_to_json(Prophet())


def test_foreign_json_is_rejected():
    with pytest.raises(ValueError, match='not a tradelet.prophet model'):
        model_from_json('{"growth": "linear"}')
