"""The database file: its identity, its schema version, opening it, and its errors in words.

Below `db` (the reader and the copy-change-swap writer) so that the models the writer refreshes
can raise StoreError without importing the writer.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import duckdb


class StoreError(Exception):
    """A problem with the database file, worded for the person who has to fix it."""


FileVersion = tuple[int, int, int]


def file_version(path: str | Path) -> FileVersion | None:
    """Identity of the file now at `path` (inode, mtime ns, size); None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version stored in the file, or None for a DuckDB file that is not ours."""
    # fetchall: duckdb 2.x refuses the next statement while a result is left half-read.
    found = con.execute(
        "select count(*) from information_schema.tables where table_name = 'meta'"
    ).fetchall()
    if not found[0][0]:
        return None
    try:
        rows = con.execute("select value from meta where key = 'schema_version'").fetchall()
    except duckdb.BinderException as exc:  # a `meta` table of another program
        raise StoreError(
            "it is a DuckDB file but not a KAM Dashboard database (its meta table has no value)"
        ) from exc
    if not rows:
        return None
    text = str(rows[0][0]).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) < 1_000_000:
        raise StoreError(
            f"its schema version {shown(text)} is not a whole number from 1 to 999,999: the file "
            "was damaged or changed by hand; restore it from a backup or rebuild it"
        )
    return int(text)


def shown(text: str, limit: int = 40) -> str:
    """`text` quoted and cut short for a one-line message."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a `connect` connection for one thread, reading the attached database."""
    thread_con = con.cursor()
    thread_con.execute(f"use {_CATALOG}")  # a cursor starts in the in-memory catalog
    return thread_con


_CATALOG = "kam"


def open_file(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        if not read_only:
            return duckdb.connect(str(path))
        # duckdb.connect(path) would reuse a database instance this process already has open
        # for the same path, i.e. the file as it was before a writer swapped in a new one.
        # Attaching inside a private in-memory instance always opens the file now at `path`.
        con = duckdb.connect()
        con.execute(f"attach $path as {_CATALOG} (read_only)", {"path": str(path)})
        con.execute(f"use {_CATALOG}")
        return con
    except duckdb.Error as exc:
        raise StoreError(
            f"Cannot open {path}: {first_line(exc)}. The file may be damaged, "
            "from another program, or from a newer DuckDB."
        ) from exc


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def file_error(path: str | Path, exc: BaseException) -> StoreError | None:
    """The StoreError for a damaged file or a full disk; None when `exc` is about something else."""
    text = first_line(exc)
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "space left" in text:
        return StoreError(
            f"Not enough disk space to write {path} ({text}); the database was not changed. "
            "Free some space and try again."
        )
    # DuckDB raises its base Error for failed block checksums, IOException for short reads.
    damage = (duckdb.IOException, duckdb.InternalException, duckdb.FatalException)
    if isinstance(exc, damage) or type(exc) is duckdb.Error:
        return StoreError(
            f"Cannot read {path}: {text}. The file may be damaged: restore it from a backup or "
            "rebuild it; it was not changed."
        )
    return None
