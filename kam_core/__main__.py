"""The command line: `python -m kam_core COMMAND --db PATH ...`; see README for every command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kam_core import exports, views
from kam_core.store import db
from kam_core.store.demo import DEFAULT_SALES_ROWS, build_demo


def _demo(args: argparse.Namespace) -> int:
    build_demo(args.db, sales_rows=args.sales_rows, seed=args.seed)
    print(f"Built the demo database {args.db} ({args.sales_rows:,} sales rows, seed {args.seed}).")
    return 0


def _export(args: argparse.Namespace) -> int:
    con = db.connect(args.db)
    try:
        table = views.build(con, args.view, args.as_of)
    finally:
        con.close()
    exports.write(table, args.out)
    if args.out:
        print(f"Wrote {len(table):,} rows of {args.view} to {args.out}.", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kam_core", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the demo database (replaces the file)")
    demo.add_argument("--db", type=Path, required=True)
    demo.add_argument("--sales-rows", type=int, default=DEFAULT_SALES_ROWS)
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(run=_demo)

    export = commands.add_parser("export", help="write a named view as CSV, Excel or Parquet")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("view", choices=sorted(views.VIEWS))
    export.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="YYYY-MM-DD; default: the last date in the data",
    )
    export.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"file ending in {', '.join(exports.FORMATS)}; default: CSV on stdout",
    )
    export.set_defaults(run=_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (db.StoreError, ValueError, KeyError, OSError) as exc:
        # A clear one-line message for the user; tracebacks are for bugs, not for bad input.
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
