"""The command line: `python -m kam_core COMMAND --db PATH ...`; README.md lists the commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kam_core.data.contract import ON_DUPLICATE_KEY, TABLES
from kam_core.store.files import StoreError

# Each command imports what it uses when it runs: pandas, the store's models, the PDF and slide
# libraries cost about a second together, and `export` or `check` need only some of them.
# The journal's records (kam_core.visits.journal.RECORDS), named here so that parsing the command
# line needs no pandas.
JOURNAL_TABLES = (
    "visits",
    "actions",
    "complaints",
    "feedback",
    "account_plans",
    "contacts",
    "visit_contacts",
    "shelf_observations",
)
USERS = "users"  # who may sign in (kam_core.data.access.USERS): also kept in the journal

if TYPE_CHECKING:
    import duckdb
    import pandas as pd


def _demo(args: argparse.Namespace) -> int:
    from kam_core.store.demo import DEFAULT_SALES_ROWS, build_demo

    rows = DEFAULT_SALES_ROWS if args.sales_rows is None else args.sales_rows
    build_demo(args.db, sales_rows=rows, seed=args.seed)
    print(f"Built the demo database {args.db} ({rows:,} sales rows, seed {args.seed}).")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from kam_core.store import db

    with db.writing(args.db):
        pass  # every writer rebuilds the derived tables, creating any that are missing
    print(f"Rebuilt the derived tables of {args.db}.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from kam_core.data import exports
    from kam_core.store import db, views

    con = db.connect(args.db)
    try:
        table = views.build(con, args.view, args.as_of, args.personal)
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
    if args.table in JOURNAL_TABLES:  # recorded in the app: they live in the journal
        from kam_core.store import journal_imports as destination
    elif args.table == USERS:
        from kam_core.store import people as destination  # type: ignore[no-redef]
    else:
        from kam_core.store import imports as destination  # type: ignore[no-redef]

    result = destination.import_file(
        args.db,
        args.table,
        args.file,
        args.replace,
        _mapping(args.map),
        args.on_duplicate_key,
        encoding=args.encoding,
    )
    print(result.summary)
    return 0


def _period(
    con: duckdb.DuckDBPyConnection, as_of: date | None, start: date | None
) -> tuple[date, date, str]:
    """(start, as-of, context line): by default the year to date of the last sale, like the app."""
    from kam_core.data.context import context
    from kam_core.data.filters import Filters
    from kam_core.store import portfolio

    dates = portfolio.sales_dates(con)
    if dates is None:
        raise ValueError("the database has no sales yet: import some or build the demo")
    end = as_of or dates[1]
    begin = start or date(end.year, 1, 1)
    return begin, end, context(Filters(begin, end), dates[1], date.today()).text


def _out(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise ValueError(f"--out must be a {suffix} file, got {path.name!r}")
    return path


def _stock_risk(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """Every stock position's risk at the last snapshot; None without inventory snapshots."""
    from kam_core.store.stock_plan import default_risk

    try:
        return default_risk(con, None)
    except StoreError:
        return None


def _brief(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kam_core.reports import fonts
    from kam_core.reports.brief import brief_pdf
    from kam_core.store import brief, db, journal, rebates, relationships, shelf
    from kam_core.visits import brief as account_brief
    from kam_core.visits.store_checks import shelf_gaps

    out = _out(args.out, ".pdf")
    con = db.connect(args.db)
    try:
        start, end, stamp = _period(con, args.as_of, args.start)
        data = brief.account_brief(con, args.account, start, end)
        risk = _stock_risk(con)
        programs = rebates.programs(con) if not data.payouts.empty else {}
    finally:
        con.close()
    mine = journal.account_journal(args.db, args.account, date.today())
    data = replace(data, visits=mine.visits_for_points)  # the journal's visits, as in the app
    style = journal.style(args.db)  # the company's currency and locale, as the app shows them
    people = relationships.people(args.db, args.account, date.today())
    points = account_brief.points(data, risk, style) + people.points
    gaps = shelf_gaps(shelf.observations(args.db, [args.account]), risk)
    out.write_bytes(
        brief_pdf(
            data, points, stamp, risk=risk, journal=mine, people=people, shelf_gaps=gaps,
            style=style, programs=programs,
        )
    )  # fmt: skip
    if fonts.unicode_font() is None:
        print(f"note: {fonts.MISSING}", file=sys.stderr)
    print(
        f"Wrote the brief for {data.name} ({args.account}, {len(points)} talking points) to {out}."
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from kam_core.data import quality
    from kam_core.store import db
    from kam_core.store import quality as store_quality

    con = db.connect(args.db)
    try:
        read = store_quality.read_fully(con)
        facts = store_quality.facts(con)
    except db.StoreError as exc:
        raise db.StoreError(f"{args.db}: {exc}") from exc
    finally:
        con.close()
    findings = quality.report(facts, date.today())
    tables = facts.tables.assign(
        rows=facts.tables["rows"].map("{:,}".format),
        first_date=facts.tables["first_date"].map(str, na_action="ignore").fillna(""),
        last_date=facts.tables["last_date"].map(str, na_action="ignore").fillna(""),
    )
    print(tables.to_string(index=False))
    print(f"Read all {read} tables of the file in full: no damaged block.")
    print(f"Freshness: {quality.freshness(facts, date.today())}")
    for finding in findings:
        print(finding)
    print(quality.verdict(findings))
    return 1 if quality.broken(findings) else 0


def _deck(args: argparse.Namespace) -> int:
    from kam_core.accounts.trends import largest_accounts
    from kam_core.data.filters import Filters
    from kam_core.reports.deck import meeting_deck
    from kam_core.store import brief, db, trends
    from kam_core.visits import brief as account_brief

    out = _out(args.out, ".pptx")
    con = db.connect(args.db)
    try:
        start, end, stamp = _period(con, args.as_of, args.start)
        filters = Filters(start, end)
        # No --account: the accounts the app's deck panel offers by default.
        chosen = tuple(args.account) or largest_accounts(trends.account_totals(con, filters))
        data = brief.meeting(con, filters, chosen)
        risk = _stock_risk(con)
    finally:
        con.close()
    from kam_core.store import journal
    from kam_core.visits.journal_brief import summary_lines

    style = journal.style(args.db)
    points = [account_brief.points(b, risk, style) for b in data.accounts]
    journals = [summary_lines(journal.account_journal(args.db, a, date.today())) for a in chosen]
    out.write_bytes(meeting_deck(data, points, risk, stamp, journals=journals, style=style))
    slides = f"{len(data.accounts)} account slide" + ("" if len(data.accounts) == 1 else "s")
    print(f"Wrote the meeting deck ({slides}) to {out}.")
    return 0


def _dates(command: argparse.ArgumentParser, start: bool = False) -> None:
    """The --as-of date a command reports at and, with `start`, the --start of its period."""
    command.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="YYYY-MM-DD; default: the last sales date",
    )
    if start:
        command.add_argument(
            "--start",
            type=date.fromisoformat,
            default=None,
            help="YYYY-MM-DD; default: 1 January of the as-of year",
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kam_core", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the demo database (replaces the file)")
    demo.add_argument("--db", type=Path, required=True)
    # Literal numbers: the demo's module (numpy, pandas) loads only when the command runs;
    # tests/integration/test_cli_imports.py holds them equal to store.demo's constants.
    demo.add_argument(
        "--sales-rows", type=int, default=None, help="at least 1,000; default 300,000"
    )
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(run=_demo)

    load = commands.add_parser("import", help="add a CSV, Excel or Parquet file to a table")
    load.add_argument("--db", type=Path, required=True, help="created if it does not exist")
    load.add_argument(
        "--table", required=True, choices=list(dict.fromkeys([*TABLES, *JOURNAL_TABLES, USERS]))
    )
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
    load.add_argument(
        "--encoding",
        default=None,
        help="a CSV's text encoding, e.g. gb18030, cp1252, latin-1, utf-16; default: detected",
    )
    load.set_defaults(run=_import)

    check = commands.add_parser(
        "check", help="data-quality report; exit 1 if the contract is broken"
    )
    check.add_argument("--db", type=Path, required=True)
    check.set_defaults(run=_check)

    refresh = commands.add_parser(
        "refresh", help="rebuild the derived tables (sales_weekly, stored results) from the data"
    )
    refresh.add_argument("--db", type=Path, required=True)
    refresh.set_defaults(run=_refresh)

    export = commands.add_parser("export", help="write a named view as CSV, Excel or Parquet")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("view", help="a view of docs/data-contract.md, e.g. monthly_sales")
    _dates(export)
    export.add_argument(
        "--out",
        type=Path,
        default=None,
        help="file ending in .csv, .xlsx or .parquet; default: CSV on stdout",
    )
    export.add_argument(
        "--personal",
        action="store_true",
        help="allow a view of personal data (contacts); no other view holds any",
    )
    export.set_defaults(run=_export)

    pdf = commands.add_parser("brief", help="write one account's visit brief as a PDF")
    pdf.add_argument("--db", type=Path, required=True)
    pdf.add_argument("--account", required=True, help="account id, e.g. AC0001")
    pdf.add_argument("--out", type=Path, required=True, help="file ending in .pdf")
    _dates(pdf, start=True)
    pdf.set_defaults(run=_brief)

    pptx = commands.add_parser("deck", help="write a PowerPoint deck for a meeting")
    pptx.add_argument("--db", type=Path, required=True)
    pptx.add_argument(
        "--account",
        action="append",
        default=[],
        help="an account to give a slide (repeatable), e.g. --account AC0001 --account AC0002; "
        "default: the period's three largest accounts, as in the app",
    )
    pptx.add_argument("--out", type=Path, required=True, help="file ending in .pptx")
    _dates(pptx, start=True)
    pptx.set_defaults(run=_deck)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (StoreError, ValueError, KeyError, OSError) as exc:
        # A clear one-line message for the user; tracebacks are for bugs, not for bad input.
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
