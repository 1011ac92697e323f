"""Sharded ``tradelet sweep`` on a Dask cluster (issue #19, docs/scale.md).

One Dask task per shard: each runs ``tradelet sweep --shard K/N`` in a scratch folder on its
worker and returns that shard's ``shard.json`` text, so workers need the binary and the data
but no file system shared with the driver. Dask re-runs a task whose worker died (the
scheduler's ``allowed-failures``) and one that raised (``retries=``). The driver writes the N
shard files under ``OUT/shards/K`` and runs ``tradelet sweep merge``, which checks that every
shard is there exactly once and writes the ``sweep.csv`` one machine would have written.

Pure Python over the CLI: the compiled ``tradelet`` extension is not needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

__all__ = ["SweepRun", "find_tradelet", "run_shard", "sweep", "reruns"]


def find_tradelet(explicit: str | None = None) -> str:
    """The tradelet binary: ``explicit``, else $TRADELET_BIN, else ``tradelet`` on PATH."""
    candidate = explicit or os.environ.get("TRADELET_BIN") or shutil.which("tradelet")
    if not candidate:
        raise FileNotFoundError(
            "tradelet binary not found: pass --tradelet PATH, set TRADELET_BIN or put it on PATH")
    path = os.path.abspath(candidate) if os.sep in candidate else (shutil.which(candidate) or "")
    if not path or not os.access(path, os.X_OK):
        raise FileNotFoundError(f"tradelet binary not executable: {candidate}")
    return path


def run_shard(binary: str, config: str, grid: str, index: int, count: int,
              data: str | None = None, threads: int | None = None) -> str:
    """Runs shard ``index``/``count`` on this machine and returns its shard.json text.

    Raises RuntimeError with the CLI's output when tradelet fails (Dask retries it)."""
    scratch = tempfile.mkdtemp(prefix=f"tradelet-shard-{index}-of-{count}-")
    try:
        argv = [binary, "sweep", "--config", config, "--grid", grid, "--out", scratch,
                "--shard", f"{index}/{count}"]
        if data:
            argv += ["--data", data]
        if threads is not None:
            argv += ["--threads", str(threads)]
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"shard {index}/{count}: {' '.join(argv)} exited {done.returncode}:\n{done.stdout}")
        with open(os.path.join(scratch, "shard.json"), encoding="utf-8") as f:
            return f.read()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@dataclass
class SweepRun:
    out: str                      # the merged folder (sweep.csv, sweep.json)
    shards: int
    seconds: float                # wall time, submit to merged
    reruns: dict[str, int] = field(default_factory=dict)  # task key -> extra attempts
    merge_output: str = ""

    @property
    def retries(self) -> int:
        return sum(self.reruns.values())


def reruns(client, keys) -> dict[str, int]:
    """Extra attempts of each task (times it went to 'processing', minus one), read from the
    scheduler's transition log; counts re-runs after a dead worker and after an exception."""
    keys = list(keys)

    def count(dask_scheduler):
        out = {}
        for key in keys:
            n = sum(1 for entry in dask_scheduler.story(key)
                    if len(entry) > 2 and entry[0] == key and entry[2] == "processing")
            out[key] = max(0, n - 1)
        return out

    return {k: v for k, v in client.run_on_scheduler(count).items() if v}


def sweep(client, config: str, grid: str, out: str, shards: int, *, binary: str,
          data: str | None = None, threads: int | None = 1, retries: int = 3,
          on_first_done=None) -> SweepRun:
    """Runs the grid as ``shards`` Dask tasks on ``client`` and merges them into ``out``.

    Paths (config, grid, data) must be valid on the workers; absolute ones are safest.
    ``on_first_done`` (tests) is called once, when the first shard has finished."""
    from distributed import as_completed

    if shards < 1:
        raise ValueError("shards must be >= 1")
    config, grid = os.path.abspath(config), os.path.abspath(grid)
    data = os.path.abspath(data) if data else None
    start = time.monotonic()
    futures = {}
    for k in range(shards):
        fut = client.submit(run_shard, binary, config, grid, k, shards, data, threads,
                            key=f"tradelet-shard-{k}-of-{shards}-{os.getpid()}-{time.time_ns()}",
                            retries=retries, pure=False)
        futures[fut] = k
    keys = [f.key for f in futures]
    shard_root = os.path.join(out, "shards")
    dirs = []
    first = True
    for fut in as_completed(list(futures)):
        k = futures[fut]
        text = fut.result()  # raises the task's last error after its retries
        # Drop the result from the cluster: a worker dying later must not make Dask recompute
        # a shard the driver already holds.
        fut.release()
        d = os.path.join(shard_root, str(k))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "shard.json"), "w", encoding="utf-8") as f:
            f.write(text)
        dirs.append(d)
        if first and on_first_done is not None:
            first = False
            on_first_done()
    counts = reruns(client, keys)
    dirs.sort(key=lambda d: int(os.path.basename(d)))
    merged = subprocess.run([binary, "sweep", "merge", "--out", out, *dirs],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            check=False)
    if merged.returncode != 0:
        raise RuntimeError(f"tradelet sweep merge exited {merged.returncode}:\n{merged.stdout}")
    return SweepRun(out=out, shards=shards, seconds=time.monotonic() - start, reruns=counts,
                    merge_output=merged.stdout)
