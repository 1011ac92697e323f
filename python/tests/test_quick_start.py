"""Prophet's quick start (docs/_docs/quick_start.md), unchanged but for the import line, and
its agreement with the stored R prophet fit of the same data."""
import json

import matplotlib.figure
import numpy as np
import pandas as pd

from tradelet.prophet import Prophet
from conftest import ref_case


def test_quick_start(peyton):
    df = peyton
    m = Prophet()
    m.fit(df)
    future = m.make_future_dataframe(periods=365)
    assert len(future) == len(df) + 365
    forecast = m.predict(future)
    tail = forecast[['ds', 'yhat', 'yhat_lower', 'yhat_upper']].tail()
    assert (tail['yhat_lower'] < tail['yhat']).all() and (tail['yhat'] < tail['yhat_upper']).all()
    fig1 = m.plot(forecast)
    fig2 = m.plot_components(forecast)
    assert isinstance(fig1, matplotlib.figure.Figure)
    assert [ax.get_ylabel() for ax in fig2.axes] == ['trend', 'weekly', 'yearly']


def test_quick_start_agrees_with_r(peyton):
    path = ref_case('peyton_manning')
    ref = pd.read_csv(path / 'forecast.csv', parse_dates=['ds'])
    settings = json.loads((path / 'reference.json').read_text())['settings']
    m = Prophet().fit(peyton)
    fc = m.predict(m.make_future_dataframe(periods=settings['periods']))
    assert list(fc['ds']) == list(ref['ds'])
    # Prophet's column set (R's forecast.csv has the same names, in another order).
    assert set(fc.columns) == set(ref.columns)
    assert fc.columns[0] == 'ds' and fc.columns[-1] == 'yhat'
    span = peyton['y'].max() - peyton['y'].min()
    for col in ('trend', 'yhat', 'weekly', 'yearly'):
        dev = np.max(np.abs(fc[col].to_numpy() - ref[col].to_numpy())) / span
        print('quick start vs R prophet: {} max |diff| = {:.3%} of the range'.format(col, dev))
        assert dev < 0.01, col
    # Intervals are random draws: compare their coverage of the history with R's.
    n = len(peyton.dropna())
    y = m.history['y'].to_numpy()
    ours = np.mean((fc['yhat_lower'][:n] <= y) & (y <= fc['yhat_upper'][:n]))
    r = np.mean((ref['yhat_lower'][:n] <= y) & (y <= ref['yhat_upper'][:n]))
    print('history inside the 80% interval: ours {:.1%}, R {:.1%}'.format(ours, r))
    assert abs(ours - r) < 0.02
