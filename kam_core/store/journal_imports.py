"""`import --table visits|actions|complaints|feedback|account_plans`: files into the journal.

The same reading, typing and checks as an import into the DuckDB file (kam_core.data.importing),
then the journal's own (accounts of the database, text limits, dates not far ahead) and the same
one-line messages; all rows or none are added, in one journal transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from kam_core.data.parsing import Problem
from kam_core.store import db, journal, portfolio
from kam_core.store.imports import ImportFailed, ImportResult, read_file
from kam_core.visits.journal import RECORDS, record_problems


def _accounts(db_path: Path) -> set[str]:
    con = db.connect(db_path)
    try:
        return set(portfolio.accounts(con)["account_id"])
    finally:
        con.close()


def _already_there(db_path: Path, rows: pd.DataFrame, record: str, file: str) -> list[Problem]:
    """Rows the journal already holds with every value the same: the same file loaded twice."""
    present = [c for c in RECORDS[record].column_names if c in rows]
    held = journal.records(db_path, record)[present]
    again = rows.merge(held.drop_duplicates(), on=present, how="inner")["_row"].sort_values()
    if again.empty:
        return []
    first = ", ".join(str(r) for r in again.iloc[:5])
    return [
        Problem(
            file,
            int(again.iloc[0]),
            None,
            f"{len(again):,} of {len(rows):,} rows are already in the journal's {record} "
            f"(first: row {first}); to load this file again, replace its rows (--replace)",
        )
    ]


def import_file(
    db_path: str | Path,
    record: str,
    file: str | Path,
    replace: bool = False,
    mapping: Mapping[str, str] | None = None,
    on_duplicate_key: str = "error",
    today: date | None = None,
    encoding: str | None = None,
) -> ImportResult:
    """Add the rows of `file` to the journal's `record` (or replace them), or ImportFailed."""
    file, db_path = Path(file), Path(db_path)
    table = RECORDS[record]
    prepared = read_file(file, table, mapping, on_duplicate_key, encoding)[1]
    rows = prepared.rows
    problems = record_problems(rows, table, _accounts(db_path), today or date.today(), file.name)
    if not replace:
        problems += _already_there(db_path, rows, record, file.name)
    if problems:
        raise ImportFailed(problems)
    added = journal.add_rows(db_path, record, rows, f"import of {file.name}", replace)
    return ImportResult(
        record,
        file.name,
        added.added,
        prepared.ignored,
        added.replaced,
        prepared.collapsed,
        prepared.skipped,
    )
