"""python3 -m tradelet backtest|live CONFIG: the CLI's backtest and run for configs whose
strategy is written in Python (`[strategy] name = "python"`, docs/python.md). Exit codes as
the tradelet CLI's: 0 ok, 1 failed (live: a rerun could help), 2 usage, 3 bad input."""
import argparse
import json
import sys


def main(argv=None):
    p = argparse.ArgumentParser(prog='python3 -m tradelet',
                                description='Run a config with a Python strategy.')
    sub = p.add_subparsers(dest='command', required=True)
    b = sub.add_parser('backtest', help='like `tradelet backtest --config CONFIG`')
    b.add_argument('config')
    b.add_argument('--data', help='folder of bar files (default: the config\'s [data] dir)')
    b.add_argument('--out', help='folder for summary.json, equity.csv, ... (default: none)')
    lv = sub.add_parser('live', help='like `tradelet run --config CONFIG` (one slot)')
    lv.add_argument('config')
    lv.add_argument('--at', help='the scheduled slot (RFC 3339); default: now')
    lv.add_argument('--dry-run', action='store_true')
    args = p.parse_args(argv)
    try:
        if args.command == 'backtest':
            import tradelet
            result = tradelet.backtest(args.config, data=args.data, out=args.out)
            s = result.summary
            print(json.dumps({k: s[k] for k in ('strategy', 'final_equity', 'total_return')
                              if k in s} | {'trades': len(result.trades),
                                            'out': args.out}))
            return 0
        from tradelet import live
        report, code = live._run(args.config, args.at, args.dry_run)
        print(json.dumps(report))
        return code
    except (ValueError, FileNotFoundError) as e:
        print('python3 -m tradelet {}: {}'.format(args.command, e), file=sys.stderr)
        return 3
    except RuntimeError as e:
        print('python3 -m tradelet {}: {}'.format(args.command, e), file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
