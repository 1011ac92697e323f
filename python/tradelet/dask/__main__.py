"""python3 -m tradelet.dask sweep --config C --grid G --out O
       (--local-workers N | --scheduler tcp://HOST:PORT) [--shards N] [--data DIR]
       [--tradelet PATH] [--retries R] [--threads T]"""

from __future__ import annotations

import argparse
import sys

from . import find_tradelet, sweep


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m tradelet.dask",
        description="Run a tradelet sweep as one Dask task per shard and merge the shards.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sweep", help="sharded `tradelet sweep` on a Dask cluster")
    p.add_argument("--config", required=True, help="strategy config (TOML)")
    p.add_argument("--grid", required=True, help="grid file (TOML)")
    p.add_argument("--out", required=True, help="output folder (sweep.csv, shards/K/shard.json)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--local-workers", type=int, metavar="N",
                       help="start a local cluster of N worker processes (1 thread each)")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="address of a running dask scheduler")
    p.add_argument("--shards", type=int, help="number of shards (default: 4 per worker)")
    p.add_argument("--data", help="folder of CSV files (overrides the config's [data] dir)")
    p.add_argument("--tradelet", help="tradelet binary (default $TRADELET_BIN, then PATH)")
    p.add_argument("--retries", type=int, default=3,
                   help="re-runs of a shard that failed (dead workers are re-run by Dask too)")
    p.add_argument("--threads", type=int, default=1, help="threads per shard (default 1)")
    args = parser.parse_args(argv)
    if args.local_workers is not None and args.local_workers < 1:
        parser.error("--local-workers must be >= 1")
    if args.shards is not None and args.shards < 1:
        parser.error("--shards must be >= 1")
    try:
        binary = find_tradelet(args.tradelet)
    except FileNotFoundError as e:
        print(f"tradelet.dask: {e}", file=sys.stderr)
        return 3

    from distributed import Client, LocalCluster

    cluster = None
    if args.local_workers is not None:
        cluster = LocalCluster(n_workers=args.local_workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(args.scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        shards = args.shards or 4 * workers
        run = sweep(client, args.config, args.grid, args.out, shards, binary=binary,
                    data=args.data, threads=args.threads, retries=args.retries)
    except (RuntimeError, OSError, ValueError) as e:
        print(f"tradelet.dask: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stdout.write(run.merge_output)
    print(f"tradelet.dask: {run.shards} shards on {workers} workers in {run.seconds:.2f} s, "
          f"{run.retries} re-run(s); wrote {run.out}/sweep.csv", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
