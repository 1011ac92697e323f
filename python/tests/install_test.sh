#!/usr/bin/env bash
# The installed Python package (docs/python.md, "Install"): a venv with Debian's site packages
# and `cmake --install --component python` into it, offline; then a fit from that venv.
#   install_test.sh PYTHON BUILD_DIR VENV_DIR
set -euo pipefail
python="$1" build="$2" venv="$3"
rm -rf "$venv"
"$python" -m venv --without-pip --system-site-packages "$venv"
cmake --install "$build" --component python --prefix "$venv" >/dev/null
cd "$venv"  # not the source tree: the import must come from the venv
PYTHONPATH= "$venv/bin/python" - <<'PY'
import sys
import numpy as np
import pandas as pd
import tradelet
from tradelet.prophet import Prophet
assert tradelet.__file__.startswith(sys.prefix), tradelet.__file__
ds = pd.date_range('2021-01-01', periods=120, freq='D')
y = 5 + 0.02 * np.arange(120) + np.sin(2 * np.pi * np.arange(120) / 7)
m = Prophet(uncertainty_samples=0).fit(pd.DataFrame({'ds': ds, 'y': y}))
fc = m.predict(m.make_future_dataframe(periods=7))
assert len(fc) == 127 and abs(fc['yhat'].iloc[-1] - (5 + 0.02 * 126 + np.sin(2 * np.pi * 126 / 7))) < 0.2
print('installed tradelet.prophet OK:', tradelet.__file__)
PY
