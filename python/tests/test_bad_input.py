"""Bad input raises Prophet's exceptions with Prophet's messages (ValueError for bad data)."""
import numpy as np
import pandas as pd
import pytest

from tradelet.prophet import Prophet
from tradelet.prophet.diagnostics import cross_validation, performance_metrics


@pytest.mark.parametrize('kwargs, message', [
    ({'growth': 'exponential'}, 'Parameter "growth" should be "linear", "logistic" or "flat".'),
    ({'changepoint_range': 1.5}, 'Parameter "changepoint_range" must be in [0, 1]'),
    ({'seasonality_mode': 'both'}, 'seasonality_mode must be "additive" or "multiplicative"'),
    ({'scaling': 'zscore'}, "scaling must be one of 'absmax' or 'minmax'"),
    ({'mcmc_samples': 300}, 'mcmc_samples=300 is not supported'),
    ({'holidays': pd.DataFrame({'ds': ['2020-01-01']})},
     'holidays must be a DataFrame with "ds" and "holiday" columns.'),
    ({'holidays': pd.DataFrame({'holiday': ['a'], 'ds': ['2020-01-01'], 'lower_window': [1],
                                'upper_window': [1]})}, 'Holiday lower_window should be <= 0'),
])
def test_bad_constructor(kwargs, message):
    with pytest.raises(ValueError) as e:
        Prophet(**kwargs)
    assert message in str(e.value)


def test_bad_frames(small_daily):
    with pytest.raises(ValueError, match='Dataframe must have columns "ds" and "y"'):
        Prophet().fit(small_daily.rename(columns={'y': 'value'}))
    with pytest.raises(ValueError, match='less than 2 non-NaN rows'):
        Prophet().fit(pd.DataFrame({'ds': ['2020-01-01', '2020-01-02'], 'y': [1.0, np.nan]}))
    bad = small_daily.copy()
    bad.loc[3, 'y'] = np.inf
    with pytest.raises(ValueError, match='Found infinity in column y.'):
        Prophet().fit(bad)
    bad = small_daily.copy()
    bad['ds'] = bad['ds'].dt.tz_localize('UTC')
    with pytest.raises(ValueError, match='Column ds has timezone specified'):
        Prophet().fit(bad)
    with pytest.raises(ValueError, match='Capacities must be supplied for logistic growth'):
        Prophet(growth='logistic').fit(small_daily)
    m = Prophet()
    m.add_regressor('temp')
    with pytest.raises(ValueError, match="Regressor 'temp' missing from dataframe"):
        m.fit(small_daily)


def test_bad_calls(small_daily):
    m = Prophet()
    with pytest.raises(ValueError, match="Name 'trend' is reserved."):
        m.add_seasonality('trend', 3, 2)
    with pytest.raises(ValueError, match='Fourier Order must be > 0'):
        m.add_seasonality('monthly', 30.5, 0)
    with pytest.raises(ValueError, match='Prior scale must be > 0'):
        m.add_regressor('x', prior_scale=-1)
    with pytest.raises(ValueError, match='Name cannot contain "_delim_"'):
        m.add_regressor('a_delim_b')
    with pytest.raises(ValueError, match='country'):
        m.add_country_holidays('Atlantis')
    with pytest.raises(Exception, match='Model has not been fit.'):
        m.predict()
    m.fit(small_daily)
    with pytest.raises(Exception, match='Prophet object can only be fit once.'):
        m.fit(small_daily)
    with pytest.raises(Exception, match='Seasonality must be added prior to model fitting.'):
        m.add_seasonality('monthly', 30.5, 3)
    with pytest.raises(ValueError, match='Dataframe has no rows.'):
        m.predict(pd.DataFrame({'ds': []}))
    with pytest.raises(ValueError, match='Found NaN in column ds.'):
        m.predict(pd.DataFrame({'ds': [pd.NaT]}))
    with pytest.raises(ValueError, match='Minimum cutoff value is not strictly greater'):
        cross_validation(m, horizon='30 days', cutoffs=['2019-01-01'])
    with pytest.raises(ValueError):
        cross_validation(m, horizon='3000 days')
    df_cv = cross_validation(m, horizon='30 days', initial='200 days', period='60 days')
    with pytest.raises(ValueError, match='Valid values for metrics are'):
        performance_metrics(df_cv, metrics=['r2'])
    with pytest.raises(ValueError, match='Input metrics must be a list of unique values'):
        performance_metrics(df_cv, metrics=['mse', 'mse'])


def test_attributes(small_daily):
    m = Prophet(uncertainty_samples=0).fit(small_daily)
    assert set(m.params) == {'k', 'm', 'delta', 'sigma_obs', 'beta'}
    assert list(m.seasonalities) == ['weekly']  # < 2 years, daily data
    assert m.seasonalities['weekly']['fourier_order'] == 3
    assert {'ds', 'y', 'floor', 't', 'y_scaled'} <= set(m.history.columns)
    assert m.history['t'].iloc[0] == 0 and m.history['t'].iloc[-1] == 1
    fc = m.predict()
    assert list(fc.columns) == ['ds', 'trend', 'additive_terms', 'multiplicative_terms', 'weekly',
                                'yhat']
    assert np.abs(fc['yhat'] - small_daily['y']).mean() < 0.5
