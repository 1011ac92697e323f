"""python3 -m tradelet.dask: a sharded sweep on a LocalCluster of two real worker processes on
loopback, one of them killed (SIGKILL) while it runs a shard, merged, equals the one-machine
`tradelet sweep` sweep.csv byte for byte (issue #19, docs/scale.md).

Needs: TRADELET_BIN (ctest sets it), python/ on PYTHONPATH (ctest sets it), the shared sample
data (skips when absent). Run by hand:
  TRADELET_BIN=build/release/tradelet PYTHONPATH=build/release/python /usr/bin/python3 -m pytest -s tests/python
(the built package: `tradelet/__init__.py` loads the compiled extension, so python/ alone fails)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:  # the installed or built package (PYTHONPATH), else the source tree's python/
    import tradelet.dask as tdask
except ImportError:  # python/tradelet has no __init__.py yet: a namespace package
    sys.path.insert(0, os.path.join(REPO, "python"))
    import tradelet.dask as tdask

# The workers and the command line import the driver the way this process did.
PYTHONPATH = os.pathsep.join(
    [os.path.dirname(os.path.dirname(os.path.dirname(tdask.__file__))),
     os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
os.environ["PYTHONPATH"] = PYTHONPATH  # the LocalCluster's worker processes inherit it
CONFIG = os.path.join(REPO, "examples", "sma_crossover.toml")
GRID = os.path.join(REPO, "examples", "sma_grid_plain.toml")
SHARED = os.environ.get("TRADELET_SHARED") or os.path.join(REPO, "..", "shared")
DATA = os.path.join(SHARED, "data", "daily", "sp500_alphavantage_1999-2021", "sample_plain")


def binary() -> str:
    path = os.environ.get("TRADELET_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("TRADELET_BIN is not set to the built tradelet binary")
    if not os.path.isdir(DATA):
        pytest.skip(f"shared data absent: {DATA} (set TRADELET_SHARED to the shared/ folder)")
    return path


def one_machine(tmp_path, tradelet: str) -> bytes:
    out = tmp_path / "one"
    subprocess.run([tradelet, "sweep", "--config", CONFIG, "--grid", GRID, "--data", DATA,
                    "--threads", "1", "--out", str(out)], check=True, capture_output=True)
    want = (out / "sweep.csv").read_bytes()
    assert len(want) > 200
    return want


def test_killed_worker_is_retried_and_the_merge_equals_one_machine(tmp_path):
    from distributed import Client, LocalCluster

    tradelet = binary()
    want = one_machine(tmp_path, tradelet)
    # Each shard sleeps 0.5 s before running tradelet, so the kill lands inside a task.
    slow = tmp_path / "slow-tradelet"
    slow.write_text(f"#!/bin/sh\nsleep 0.5\nexec '{tradelet}' \"$@\"\n")
    slow.chmod(0o755)

    killed = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:

        def kill_a_busy_worker():
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed["pid"], killed["tasks"] = pid, client.processing()[busy[0]]
                    return
                time.sleep(0.02)
            raise AssertionError("no worker was running a shard")

        start = time.monotonic()
        run = tdask.sweep(client, CONFIG, GRID, str(tmp_path / "dask"), 6, binary=str(slow),
                          data=DATA, threads=1, retries=2, on_first_done=kill_a_busy_worker)
        wall = time.monotonic() - start
        # The command line against the same cluster (--scheduler), with the worker the nanny
        # restarted; the binary from TRADELET_BIN.
        cli_start = time.monotonic()
        cli = subprocess.run(
            [sys.executable, "-m", "tradelet.dask", "sweep", "--config", CONFIG, "--grid", GRID,
             "--data", DATA, "--out", str(tmp_path / "cli"), "--scheduler",
             cluster.scheduler_address, "--shards", "3"],
            env=dict(os.environ, PYTHONPATH=PYTHONPATH, TRADELET_BIN=tradelet),
            capture_output=True, text=True, timeout=120)
        cli_wall = time.monotonic() - cli_start
    print(f"\ndask sweep: 6 shards on 2 workers, worker pid {killed.get('pid')} killed while "
          f"running {killed.get('tasks')}; wall {wall:.2f} s; re-runs {run.reruns}; "
          f"command line with --scheduler, 3 shards: {cli_wall:.2f} s", file=sys.stderr)
    assert killed, "the kill did not happen"
    assert (tmp_path / "dask" / "sweep.csv").read_bytes() == want
    # The shard the dead worker was running went back to 'processing' at least once more.
    assert run.retries >= 1, run.reruns
    assert sorted(os.listdir(tmp_path / "dask" / "shards")) == [str(k) for k in range(6)]
    assert cli.returncode == 0, cli.stderr
    assert "3 shards on 2 workers" in cli.stderr, cli.stderr
    assert (tmp_path / "cli" / "sweep.csv").read_bytes() == want


def test_missing_binary_is_exit_3_before_any_cluster(tmp_path):
    env = dict(os.environ, PYTHONPATH=PYTHONPATH, PATH="/nonexistent")
    env.pop("TRADELET_BIN", None)
    missing = subprocess.run(
        [sys.executable, "-m", "tradelet.dask", "sweep", "--config", CONFIG, "--grid", GRID,
         "--out", str(tmp_path / "x"), "--local-workers", "1"],
        env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 3, missing.stderr
    assert "--tradelet PATH" in missing.stderr
    assert not (tmp_path / "x").exists()
