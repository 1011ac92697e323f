#!/usr/bin/python3
"""Fit + predict from Python (tradelet.prophet.Prophet, pandas in and out) against the same C++
call made directly (tradelet._ext.time_fit_predict: Prophet::Fit + Predict on frames converted
beforehand), on every R prophet reference case in ../shared/prophet-ref. CPU time of the thread,
best of N, 1000 uncertainty samples, the default algorithm (auto), like
build/release/bench/forecast_bench. The two are timed alternately (one C++ call, one Python
call, ...) so that both see the same load, N times: at least --reps and at least --min-time
seconds of C++ calls (small cases get more repetitions: their minimum is the noisiest).

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python/prophet_py_bench.py [--reps 5]

The Python call includes everything a user's call does: Prophet(**settings) (its input checks),
fit(df) (frame checks, the C++ fit, Prophet's fitted attributes) and predict(future) (frame
checks, the C++ predict, the DataFrame with all of Prophet's columns).
Target: Python / C++ < 1.2 on every case. --r adds R prophet 1.0 measured in the same
run (bench/forecast/r_anchor.R: in-process CPU seconds of prophet() + predict()).
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time

import pandas as pd

from tradelet import _ext
from tradelet.prophet import Prophet
from tradelet.prophet._frames import floats, to_ns

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get('TRADELET_SHARED') or ROOT.parent / 'shared')
FREQ = {'day': 'D', 'month': 'MS'}


def case_inputs(path):
    ref = json.loads((path / 'reference.json').read_text())
    settings = dict(ref['settings'])
    periods, freq = settings.pop('periods'), settings.pop('freq')
    freq = FREQ.get(freq, '{}s'.format(freq))
    kwargs = {k.replace('.', '_'): v for k, v in settings.items()}
    if (path / 'holidays.csv').exists():
        kwargs['holidays'] = pd.read_csv(path / 'holidays.csv', parse_dates=['ds'])
    df = pd.read_csv(path / 'input.csv', parse_dates=['ds'])
    probe = Prophet(**kwargs, uncertainty_samples=0).fit(df)
    future = probe.make_future_dataframe(periods=periods, freq=freq)
    if 'cap' in df:
        future['cap'] = df['cap'].iloc[-1]
    return kwargs, df, future


def time_python(kwargs, df, future):
    """Thread CPU seconds of one fit + predict from Python (the model is freed untimed, as
    the C++ call's)."""
    start = time.thread_time()
    m = Prophet(**kwargs)
    m.fit(df)
    m.predict(future)
    elapsed = time.thread_time() - start
    del m
    return elapsed


def cpp_call(kwargs, df, future):
    """A function timing one C++ fit + predict on frames converted beforehand."""
    m = Prophet(**kwargs)
    options, _ = m._options(df['ds'].min().year, df['ds'].max().year)

    def frame(d, y):
        cap = floats(d['cap']) if 'cap' in d else None
        return {'ds': to_ns(d['ds']), 'y': y, 'cap': cap, 'floor': None, 'columns': {}}
    history, fut = frame(df, floats(df['y'])), frame(future, None)
    return lambda: _ext.time_fit_predict(options, history, fut, 1)


def time_both(kwargs, df, future, reps, min_time):
    """(best C++ seconds, best Python seconds), timed alternately."""
    cpp = cpp_call(kwargs, df, future)
    time_python(kwargs, df, future)  # warm both up
    first = cpp()
    n = max(reps, int(min_time / max(first, 1e-6)) + 1)
    best_cpp = best_py = float('inf')
    for _ in range(n):
        best_cpp = min(best_cpp, cpp())
        best_py = min(best_py, time_python(kwargs, df, future))
    return best_cpp, best_py, n


def time_r(name):
    """R prophet's fit + predict CPU seconds (bench/forecast/r_anchor.R), or None."""
    script = ROOT / 'bench' / 'forecast' / 'r_anchor.R'
    try:
        out = subprocess.run(['Rscript', str(script), str(SHARED / 'prophet-ref'), name],
                             capture_output=True, text=True, timeout=600,
                             env=dict(os.environ, TZ='UTC')).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'fit_s=([0-9.]+) predict_s=([0-9.]+)', out)
    return float(m.group(1)) + float(m.group(2)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--reps', type=int, default=5, help='at least this many of each')
    ap.add_argument('--min-time', type=float, default=0.5,
                    help='at least this many seconds of C++ calls per case')
    ap.add_argument('--cases', nargs='*')
    ap.add_argument('--r', action='store_true',
                    help='also time R prophet (Rscript with prophet: scripts/setup --anchors)')
    args = ap.parse_args()
    ref = SHARED / 'prophet-ref'
    if not ref.is_dir():
        print('prophet_py_bench: skipped, {} is absent (set TRADELET_SHARED)'.format(ref))
        return 0
    cases = args.cases or sorted(p.name for p in ref.iterdir() if (p / 'input.csv').exists())
    print('tradelet.prophet (Python) vs the C++ call; fit+predict, 1000 uncertainty samples, '
          'thread CPU time, best of N (>= {}, >= {} s), alternating'.format(args.reps,
                                                                         args.min_time))
    print('{:<20} {:>6} {:>8} {:>5} {:>10} {:>10} {:>8} {:>10} {:>10}'.format(
        'case', 'rows', 'future', 'N', 'cpp_ms', 'python_ms', 'ratio', 'R_ms', 'R/python'))
    ratios = []
    for name in cases:
        kwargs, df, future = case_inputs(ref / name)
        cpp, py, n = time_both(kwargs, df, future, args.reps, args.min_time)
        ratios.append(py / cpp)
        r = time_r(name) if args.r else None
        r_cols = ('{:>10.0f} {:>9.0f}x'.format(1e3 * r, r / py) if r else
                  '{:>10} {:>10}'.format('-', '-'))
        print('{:<20} {:>6} {:>8} {:>5} {:>10.3f} {:>10.3f} {:>7.2f}x {}'.format(
            name, len(df), len(future), n, 1e3 * cpp, 1e3 * py, py / cpp, r_cols))
    print('ratio Python / C++: median {:.2f}x, max {:.2f}x (target < 1.2x on every case)'.format(
        statistics.median(ratios), max(ratios)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
