"""Fixtures for tradelet's Python tests. Real data comes from the shared folder
($TRADELET_SHARED, else ../shared next to the checkout); tests that need it skip with a message
when it is absent. Nothing from it is copied into the repository."""
import os
import pathlib

import pandas as pd
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line('markers', 'slow: long real-data runs (ctest python_slow_test)')


def shared_dir():
    return pathlib.Path(os.environ.get('TRADELET_SHARED') or REPO.parent / 'shared')


def ref_case(name):
    path = shared_dir() / 'prophet-ref' / name
    if not (path / 'input.csv').exists():
        pytest.skip('shared reference fits absent: {} (set TRADELET_SHARED)'.format(path))
    return path


@pytest.fixture
def peyton():
    """Prophet's example_wp_log_peyton_manning.csv (the quick start's data)."""
    return pd.read_csv(ref_case('peyton_manning') / 'input.csv')


@pytest.fixture
def wp_log_r():
    """Prophet's example_wp_log_R.csv (the saturating-forecasts example's data), no cap."""
    return pd.read_csv(ref_case('wp_log_R_logistic') / 'input.csv')[['ds', 'y']]


@pytest.fixture
def small_daily():
    """A synthetic daily series: trend, weekly cycle and deterministic noise (offline)."""
    import numpy as np
    ds = pd.date_range('2020-01-01', periods=400, freq='D')
    t = np.arange(len(ds))
    y = 10 + 0.01 * t + np.sin(2 * np.pi * t / 7) + 0.3 * np.sin(t * 1.7)
    return pd.DataFrame({'ds': ds, 'y': y})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import sys
    if 'matplotlib.pyplot' in sys.modules:
        sys.modules['matplotlib.pyplot'].close('all')
