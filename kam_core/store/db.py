"""Opening the DuckDB file: read-only readers, and writers that build a copy and swap it in.

DuckDB lets one process write a file only while no other process holds it open, even read-only.
So a writer never touches the live file: it copies it, changes the copy, checkpoints it and
renames it over the original (atomic on POSIX). Readers keep the old file open until they notice
the new one (`file_version` changes) and reconnect. A crash mid-write leaves only a stray copy.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from kam_core.contract import SCHEMA_VERSION
from kam_core.store.schema import DERIVED_DDL, create_schema

# Upgrades from an older schema version: version -> statements that lift it to version + 1.
# The writer that applies them refreshes the derived tables before it commits.
# 2 -> 3 alters nothing: the refresh stores the new tables.
MIGRATIONS: dict[int, tuple[str, ...]] = {1: DERIVED_DDL, 2: ()}


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
    rows = con.execute("select value from meta where key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else None


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the database read-only, upgrading an older schema first; StoreError if unusable.

    Threads must not share the connection: give each one `cursor(con)`.
    """
    path = Path(path)
    if _readable_version(path) < SCHEMA_VERSION:
        with writing(path):
            pass  # the writer applies the migrations
    return _open(path, read_only=True)


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a `connect` connection for one thread, reading the attached database."""
    thread_con = con.cursor()
    thread_con.execute(f"use {_CATALOG}")  # a cursor starts in the in-memory catalog
    return thread_con


def _readable_version(path: Path) -> int:
    """The file's schema version, or StoreError saying why this program cannot use the file."""
    if not path.exists():
        raise StoreError(
            f"No database at {path}. Build the demo with `python -m kam_core demo --db {path}` "
            f"or import your own data with `python -m kam_core import --db {path} ...`."
        )
    con = _open(path, read_only=True)
    try:
        version = schema_version(con)
    except duckdb.Error as exc:  # e.g. a file cut short: its catalog opens, its blocks do not
        problem = file_error(path, exc)
        if problem is None:
            raise
        raise problem from exc
    finally:
        con.close()
    if version is None:
        raise StoreError(
            f"{path} is a DuckDB file but not a KAM Dashboard database (it has no schema version)."
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer KAM Dashboard (schema version {version}); this one "
            f"reads up to version {SCHEMA_VERSION}. Upgrade KAM Dashboard to open it."
        )
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise StoreError(
            f"{path} has schema version {version} and no upgrade exists from "
            f"version {missing[0]}; rebuild it or re-import its data."
        )
    return version


def _migrate(con: duckdb.DuckDBPyConnection, version: int) -> None:
    for v in range(version, SCHEMA_VERSION):
        for statement in MIGRATIONS[v]:
            con.execute(statement)
    con.execute(
        "update meta set value = $v where key = 'schema_version'", {"v": str(SCHEMA_VERSION)}
    )


_CATALOG = "kam"


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
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
            f"Cannot open {path}: {_first_line(exc)}. The file may be damaged, "
            "from another program, or from a newer DuckDB."
        ) from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def file_error(path: str | Path, exc: BaseException) -> StoreError | None:
    """The StoreError for a damaged file or a full disk; None when `exc` is about something else."""
    text = _first_line(exc)
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


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    # One writer at a time; readers never take this lock.
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def writing(path: str | Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a copy of `path` (or a new database) and swap it in.

    Everything inside the block is one transaction on the copy, followed by the refresh of the
    derived tables; if the block raises, the copy is deleted and `path` is untouched.
    `fresh=True` starts from an empty schema instead of a copy.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path):
        for stray in path.parent.glob(f"{path.name}.*.tmp"):
            stray.unlink()  # left by a writer that was killed; the lock says none is running
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            if path.exists() and not fresh:
                version = _readable_version(path)  # refuse to build on a file we cannot read
                shutil.copyfile(path, tmp)
                con = _open(tmp, read_only=False)
                _migrate(con, version)
            else:
                con = _open(tmp, read_only=False)
                create_schema(con)
            try:
                con.execute("begin transaction")
                yield con
                # Imported here: the derived tables are built by the models, which use this module.
                from kam_core.store import derived

                derived.refresh(con)
                con.execute("commit")
                con.execute("checkpoint")
            finally:
                con.close()
            with open(tmp, "rb+") as written:
                os.fsync(written.fileno())
            os.replace(tmp, path)
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except (OSError, duckdb.Error) as exc:
            problem = file_error(path, exc)  # the original is untouched: say so, no traceback
            if problem is None:
                raise
            raise problem from exc
        finally:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)
