"""Prophet's documented examples (saturating forecasts, seasonality, holiday effects and
regressors, diagnostics) as the docs write them, but for the import lines."""
import numpy as np
import pandas as pd
import pytest

from tradelet.prophet import Prophet
from conftest import ref_case
from tradelet.prophet.diagnostics import cross_validation, performance_metrics
from tradelet.prophet.plot import (add_changepoints_to_plot, plot_cross_validation_metric,
                                   plot_yearly)


def test_saturating_forecasts(wp_log_r):
    df = wp_log_r
    df['cap'] = 8.5
    m = Prophet(growth='logistic')
    m.fit(df)
    future = m.make_future_dataframe(periods=1826)
    future['cap'] = 8.5
    fcst = m.predict(future)
    fig = m.plot(fcst)
    assert 'cap' in fcst and fcst['trend'].max() <= 8.5
    assert fcst['trend'].iloc[-1] > 8.0  # saturates near the cap
    ref = pd.read_csv(ref_case('wp_log_R_logistic') / 'forecast.csv', parse_dates=['ds'])
    common = fcst.merge(ref, on='ds', suffixes=('', '_r'))
    assert len(common) == len(ref)  # R's 365 days are the first of our 1826
    dev = (common['yhat'] - common['yhat_r']).abs().max() / (df['y'].max() - df['y'].min())
    print('saturating growth vs R prophet: yhat max |diff| = {:.3%} of the range'.format(dev))
    assert dev < 0.01
    df['y'] = 10 - df['y']
    df['cap'] = 6
    df['floor'] = 1.5
    future['cap'] = 6
    future['floor'] = 1.5
    m = Prophet(growth='logistic')
    m.fit(df)
    fcst = m.predict(future)
    fig = m.plot(fcst)
    assert fig is not None
    assert 'floor' in fcst and (fcst['trend'] >= 1.5).all() and (fcst['trend'] <= 6).all()


def holidays_df():
    playoffs = pd.DataFrame({
      'holiday': 'playoff',
      'ds': pd.to_datetime(['2008-01-13', '2009-01-03', '2010-01-16',
                            '2010-01-24', '2010-02-07', '2011-01-08',
                            '2013-01-12', '2014-01-12', '2014-01-19',
                            '2014-02-02', '2015-01-11', '2016-01-17',
                            '2016-01-24', '2016-02-07']),
      'lower_window': 0,
      'upper_window': 1,
    })
    superbowls = pd.DataFrame({
      'holiday': 'superbowl',
      'ds': pd.to_datetime(['2010-02-07', '2014-02-02', '2016-02-07']),
      'lower_window': 0,
      'upper_window': 1,
    })
    return pd.concat((playoffs, superbowls))


def test_holidays(peyton):
    df = peyton
    holidays = holidays_df()
    m0 = Prophet().fit(df)
    future = m0.make_future_dataframe(periods=365)
    m = Prophet(holidays=holidays)
    forecast = m.fit(df).predict(future)
    rows = forecast[(forecast['playoff'] + forecast['superbowl']).abs() > 0][
            ['ds', 'playoff', 'superbowl']][-10:]
    assert len(rows) == 10 and rows['superbowl'].abs().max() > 0.5
    fig = m.plot_components(forecast)
    assert 'holidays' in [ax.get_ylabel() for ax in fig.axes]
    m = Prophet(holidays=holidays)
    m.add_country_holidays(country_name='US')
    m.fit(df)
    names = list(m.train_holiday_names)
    assert names[:2] == ['playoff', 'superbowl'] and 'Christmas Day' in names
    forecast = m.predict(future)
    assert 'Thanksgiving Day' in forecast
    m = Prophet(holidays=holidays, holidays_prior_scale=0.05).fit(df)
    forecast = m.predict(future)
    damped = forecast[(forecast['playoff'] + forecast['superbowl']).abs() > 0][
        ['ds', 'playoff', 'superbowl']][-10:]
    assert damped['superbowl'].abs().max() < rows['superbowl'].abs().max()


def test_seasonalities(peyton):
    df = peyton.copy()
    m = Prophet().fit(df)
    a = plot_yearly(m)
    m = Prophet(yearly_seasonality=20).fit(df)
    a = plot_yearly(m)
    assert m.seasonalities['yearly']['fourier_order'] == 20 and a
    future = m.make_future_dataframe(periods=365)
    m = Prophet(weekly_seasonality=False)
    m.add_seasonality(name='monthly', period=30.5, fourier_order=5)
    forecast = m.fit(df).predict(future)
    fig = m.plot_components(forecast)
    assert list(m.seasonalities) == ['monthly', 'yearly'] and 'monthly' in forecast

    def is_nfl_season(ds):
        date = pd.to_datetime(ds)
        return (date.month > 8 or date.month < 2)

    df['on_season'] = df['ds'].apply(is_nfl_season)
    df['off_season'] = ~df['ds'].apply(is_nfl_season)
    m = Prophet(weekly_seasonality=False)
    m.add_seasonality(name='weekly_on_season', period=7, fourier_order=3, condition_name='on_season')
    m.add_seasonality(name='weekly_off_season', period=7, fourier_order=3, condition_name='off_season')
    future['on_season'] = future['ds'].apply(is_nfl_season)
    future['off_season'] = ~future['ds'].apply(is_nfl_season)
    forecast = m.fit(df).predict(future)
    fig = m.plot_components(forecast)
    assert fig is not None
    off = forecast[~future['on_season'].to_numpy()]
    assert (off['weekly_on_season'] == 0).all()
    m = Prophet()
    m.add_seasonality(name='weekly', period=7, fourier_order=3, prior_scale=0.1)
    m.fit(peyton)
    assert m.seasonalities['weekly']['prior_scale'] == 0.1


def test_regressor(peyton):
    df = peyton.copy()
    future = Prophet().fit(df).make_future_dataframe(periods=365)

    def nfl_sunday(ds):
        date = pd.to_datetime(ds)
        if date.weekday() == 6 and (date.month > 8 or date.month < 2):
            return 1
        else:
            return 0
    df['nfl_sunday'] = df['ds'].apply(nfl_sunday)

    m = Prophet()
    m.add_regressor('nfl_sunday')
    m.fit(df)

    future['nfl_sunday'] = future['ds'].apply(nfl_sunday)

    forecast = m.predict(future)
    fig = m.plot_components(forecast)
    assert 'extra_regressors_additive' in [ax.get_ylabel() for ax in fig.axes]
    assert forecast['nfl_sunday'].max() > 0.3
    assert m.extra_regressors['nfl_sunday']['std'] == 1.0  # binary: not standardized


def test_diagnostics(peyton):
    m = Prophet().fit(peyton)
    df_cv = cross_validation(m, initial='730 days', period='180 days', horizon = '365 days')
    assert list(df_cv.columns) == ['ds', 'yhat', 'yhat_lower', 'yhat_upper', 'y', 'cutoff']
    assert df_cv['cutoff'].nunique() == 11
    cutoffs = pd.to_datetime(['2013-02-15', '2013-08-15', '2014-02-15'])
    df_cv2 = cross_validation(m, cutoffs=cutoffs, horizon='365 days')
    assert list(df_cv2['cutoff'].unique()) == list(cutoffs)
    df_p = performance_metrics(df_cv)
    assert list(df_p.columns) == ['horizon', 'mse', 'rmse', 'mae', 'mape', 'mdape', 'smape',
                                  'coverage']
    assert df_p['horizon'].iloc[0] == pd.Timedelta('37 days')
    fig = plot_cross_validation_metric(df_cv, metric='mape')
    assert fig.axes[0].get_xlabel() == 'Horizon (days)'
    df_p = performance_metrics(df_cv, rolling_window=1)
    assert len(df_p) == 1 and df_p['rmse'].iloc[0] > 0


def test_changepoints_plot(peyton):
    m = Prophet(changepoint_prior_scale=0.5).fit(peyton)
    forecast = m.predict(m.make_future_dataframe(periods=30))
    fig = m.plot(forecast)
    a = add_changepoints_to_plot(fig.gca(), m, forecast)
    assert len(a) > 1 and len(m.changepoints) == 25
    assert m.params['delta'].shape == (1, 25)
