"""The command line: `python -m kam_core COMMAND --db PATH ...`; see README for every command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kam_core import exports, views
from kam_core.contract import TABLES
from kam_core.importing import ON_DUPLICATE_KEY
from kam_core.store import db
from kam_core.store.demo import DEFAULT_SALES_ROWS, build_demo
from kam_core.store.imports import import_file


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


def _mapping(pairs: Sequence[str]) -> dict[str, str]:
    """--map "Source Col=contract_col" options as {source: contract column}."""
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise ValueError(f"--map needs 'Source column=contract_column', got {bad[0]!r}")
    return dict(p.rsplit("=", 1) for p in pairs)


def _import(args: argparse.Namespace) -> int:
    result = import_file(
        args.db, args.table, args.file, args.replace, _mapping(args.map), args.on_duplicate_key
    )
    print(result.summary)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kam_core", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the demo database (replaces the file)")
    demo.add_argument("--db", type=Path, required=True)
    demo.add_argument("--sales-rows", type=int, default=DEFAULT_SALES_ROWS)
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(run=_demo)

    load = commands.add_parser("import", help="add a CSV, Excel or Parquet file to a table")
    load.add_argument("--db", type=Path, required=True, help="created if it does not exist")
    load.add_argument("--table", required=True, choices=list(TABLES))
    load.add_argument("file", type=Path)
    load.add_argument("--replace", action="store_true", help="replace the table's rows")
    load.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="'SOURCE=COLUMN'",
        help="map a file column to a contract column (repeatable); 'SOURCE=' ignores it",
    )
    load.add_argument(
        "--on-duplicate-key",
        choices=ON_DUPLICATE_KEY,
        default="error",
        help="rows sharing a key with other values: refuse the file (default) or keep the first",
    )
    load.set_defaults(run=_import)

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
