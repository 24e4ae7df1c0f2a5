"""Importing a file into a table: all or nothing, checked against the file and the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.data import importing
from kam_core.data.contract import TABLES, Table
from kam_core.data.parsing import Problem, describe
from kam_core.store import db, insert_frame, query

SHOWN = 20  # problems listed in the message; the rest are counted
IGNORED_SHOWN = 10  # ignored file columns named in the summary; the rest are counted

IMPORT_HISTORY = """
select imported_at, table_name as "table", file_name as file, rows, replaced
from imports order by imported_at desc limit $limit
"""


class ImportFailed(db.StoreError):
    """Nothing was imported; `problems` lists why, each with file, row and column."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"nothing imported: {describe(problems, SHOWN)}")


@dataclass(frozen=True)
class ImportResult:
    table: str
    file: str  # the file's name, without its folder
    rows: int  # rows added to the table
    ignored: tuple[str, ...] = ()  # file columns that are not in the contract: not imported
    replaced: int = 0  # rows removed first, with replace=True
    collapsed: int = 0  # identical duplicate rows of a keyed table, imported once
    skipped: int = 0  # rows dropped by on_duplicate_key='first'
    derived: tuple[str, ...] = ()  # formulas applied, e.g. 'cost = revenue - profit'
    created: bool = False  # the database file was created by this import
    encoding: str | None = None  # the text encoding a CSV was read in, e.g. 'GB18030 (GBK)'

    @property
    def summary(self) -> str:
        notes = [f"replaced {_counted(self.replaced)}"] if self.replaced else []
        notes += list(self.derived)
        if self.collapsed:
            notes.append(f"{_counted(self.collapsed)} repeated in the file imported once")
        if self.skipped:
            notes.append(f"{_counted(self.skipped)} with an already-seen key skipped")
        if self.ignored:
            more = len(self.ignored) - IGNORED_SHOWN
            tail = f" and {more:,} more" if more > 0 else ""
            notes.append(f"ignored columns: {', '.join(self.ignored[:IGNORED_SHOWN])}{tail}")
        if self.created:
            notes.append("new database")
        if self.encoding:
            notes.append(f"text read as {self.encoding}")
        tail = f" ({'; '.join(notes)})" if notes else ""
        return f"Imported {_counted(self.rows)} into {self.table} from {self.file}{tail}"


def _counted(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def read_file(
    file: Path,
    table: str | Table,
    mapping: Mapping[str, str] | None = None,
    on_duplicate_key: str = "error",
    encoding: str | None = None,
    today: date | None = None,
) -> tuple[importing.FileCells, importing.Prepared]:
    """The file's cells and its rows typed and checked for `table`, or ImportFailed: what every
    import (analytic tables, journal records, users) does before its own checks."""
    try:
        read = importing.read_table(file, encoding)
        prepared = importing.prepare(
            read.cells, table, file.name, importing.first_row(file), mapping, on_duplicate_key,
            today,
        )  # fmt: skip
    except importing.BadFile as exc:
        raise ImportFailed(exc.problems) from exc
    except ValueError as exc:  # a mapping to a column the table does not have
        raise ImportFailed([Problem(file.name, None, None, str(exc))]) from exc
    return read, prepared


def import_file(
    db_path: str | Path,
    table: str,
    file: str | Path,
    replace: bool = False,
    mapping: Mapping[str, str] | None = None,
    on_duplicate_key: str = "error",
    encoding: str | None = None,
) -> ImportResult:
    """Add the rows of `file` to `table` (or replace its rows), or raise ImportFailed.

    A CSV's text encoding is detected unless `encoding` (a Python codec name) is given.
    """
    if table not in TABLES:
        raise db.StoreError(f"unknown table {table!r}; choose one of: {', '.join(TABLES)}")
    file, db_path = Path(file), Path(db_path)
    read, prepared = read_file(file, table, mapping, on_duplicate_key, encoding, date.today())
    created = not db_path.exists()
    with db.writing(db_path) as con:
        removed = _count(con, table) if replace else 0
        if replace:
            con.execute(f"delete from {table}")  # noqa: S608  (name checked against the contract)
        con.register("incoming", prepared.rows)
        try:
            problems = database_problems(con, TABLES[table], file.name, len(prepared.rows))
        finally:
            con.unregister("incoming")
        if problems:
            raise ImportFailed(problems)
        insert_frame(con, table, prepared.rows.drop(columns="_row"))
        con.execute(
            "insert into imports values ($at, $table, $file, $rows, $replaced)",
            {
                "at": datetime.now(UTC).replace(tzinfo=None),
                "table": table,
                "file": file.name,
                "rows": len(prepared.rows),
                "replaced": replace,
            },
        )
    return ImportResult(
        table,
        file.name,
        len(prepared.rows),
        prepared.ignored,
        removed,
        prepared.collapsed,
        prepared.skipped,
        prepared.derived,
        created,
        read.encoding,
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"select count(*) from {table}").fetchall()[0][0])  # noqa: S608


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    # SQL built from contract names only (never user data); the user's rows are `incoming`.
    return con.execute(sql).fetchall()


def database_problems(
    con: duckdb.DuckDBPyConnection, table: Table, file: str, total: int
) -> list[Problem]:
    """What the relation `incoming` (typed rows + `_row`) would break in the database."""
    present = [c for c in table.column_names if c in _incoming_columns(con)]
    problems = _already_there(con, table, present, file, total)
    for name in present:
        ref = table.column(name).references
        if ref:
            key = TABLES[ref].key[0]
            found = _rows(
                con,
                f"select _row, {name} from incoming where {name} is not null "  # noqa: S608
                f"and {name} not in (select {key} from {ref}) order by _row",
            )
            problems += [
                Problem(
                    file, row, name, f"unknown {name} {value!r}: not in {ref}; import {ref} first"
                )
                for row, value in found[:100]
            ]
            if len(found) > 100:
                rest = len(found) - 100
                problems.append(
                    Problem(file, None, name, f"... and {rest:,} more unknown {name}s", rest)
                )
    return problems + _whole_and_parts(con, table, present, file) + _orphans(con, table, file)


def _incoming_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {c[0] for c in con.execute("select * from incoming limit 0").description}


def _already_there(
    con: duckdb.DuckDBPyConnection, table: Table, present: list[str], file: str, total: int
) -> list[Problem]:
    """Rows whose key (or, in a table without a key, whole row) the table already holds."""
    same = table.key or tuple(present)
    # A key column the file lacks is empty on every incoming row (targets without month).
    match = " and ".join(
        f"t.{c} is not distinct from {f'i.{c}' if c in present else 'null'}" for c in same
    )
    found = _rows(
        con,
        f"select i._row from incoming i where exists "  # noqa: S608
        f"(select 1 from {table.name} t where {match}) order by i._row",
    )
    if not found:
        return []
    what = f"key ({', '.join(table.key)})" if table.key else "rows"
    first = ", ".join(str(r[0]) for r in found[:5])
    return [
        Problem(
            file,
            found[0][0],
            None,
            f"{len(found):,} of {total:,} rows are already in {table.name} (same {what}; first: "
            f"row {first}); to load this file again, replace the table's "
            "rows (--replace)",
        )
    ]


def _whole_and_parts(
    con: duckdb.DuckDBPyConnection, table: Table, present: list[str], file: str
) -> list[Problem]:
    """Incoming rows of the other kind than the table's rows with the same rest of key."""
    part = table.whole
    if part is None:
        return []
    rest = [k for k in table.key if k != part]
    same = " and ".join(f"t.{c} = i.{c}" for c in rest)
    incoming = f"i.{part}" if part in present else "null::integer"  # no column: all empty
    found = _rows(
        con,
        f"select i._row, {incoming}, min(t.{part}), {', '.join(f'i.{c}' for c in rest)} "  # noqa: S608
        f"from incoming i join {table.name} t on {same} "
        f"where ({incoming} is null) <> (t.{part} is null) group by all order by i._row limit 100",
    )
    return [
        Problem(
            file,
            row[0],
            part,
            f"row {row[0]} ({part} {'empty' if row[1] is None else row[1]}) and the "
            f"{table.name} row with {part} {'empty' if row[2] is None else row[2]} both cover "
            f"{', '.join(f'{c}={v}' for c, v in zip(rest, row[3:], strict=True))}; give one "
            f"row with {part} empty or rows per {part}, not both (or replace the table's rows)",
        )
        for row in found
    ]


def _orphans(con: duckdb.DuckDBPyConnection, table: Table, file: str) -> list[Problem]:
    """Rows of other tables that would name a key missing after `table`'s rows are replaced."""
    problems = []
    for other in TABLES.values():
        for column in other.columns:
            if column.references != table.name:
                continue
            key = table.key[0]
            found = _rows(
                con,
                f"select count(*), min({column.name}) from {other.name} "  # noqa: S608
                f"where {column.name} not in (select {key} from {table.name}) "
                f"and {column.name} not in (select {key} from incoming)",
            )
            count, example = found[0]
            if count:
                problems.append(
                    Problem(
                        file,
                        None,
                        key,
                        f"{count:,} rows of {other.name} name a {key} "
                        f"missing from this file (first: {example!r}); include it",
                    )
                )
    return problems


def history(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The latest imports, newest first: when (UTC), table, file, rows and whether replaced."""
    return query(con, IMPORT_HISTORY, {"limit": limit})
