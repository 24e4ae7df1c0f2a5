"""Opening the DuckDB file: read-only readers, and writers that build a copy and swap it in.

DuckDB lets one process write a file only while no other process holds it open, even read-only.
So a writer never touches the live file: it copies it, changes the copy, checkpoints it and
renames it over the original (atomic on POSIX). Readers keep the old file open until they notice
the new one (`file_version` changes) and reconnect. A crash mid-write leaves only a stray copy.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from kam_core.data.contract import SCHEMA_VERSION, TABLES
from kam_core.store import derived
from kam_core.store.files import (
    FileVersion,
    StoreError,
    cursor,
    file_error,
    file_version,
    open_file,
    schema_version,
)
from kam_core.store.schema import (
    DERIVED_DDL,
    SALES_DAILY_DDL,
    SALES_MONTHLY_DDL,
    create_schema,
    table_ddl,
)

# The file's identity, errors and cursors are part of this module's interface.
__all__ = [
    "FileVersion",
    "StoreError",
    "connect",
    "cursor",
    "file_error",
    "file_version",
    "schema_version",
    "writing",
]

# Upgrades from an older schema version: version -> statements that lift it to version + 1.
# The writer that applies them refreshes the derived tables before it commits.
# 2 -> 3 and 3 -> 4 alter nothing: the refresh stores the new tables. 4 -> 5 adds the service
# tables; 5 -> 6 the empty targets table and sales_monthly (filled by the refresh).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: DERIVED_DDL,
    2: (),
    3: (),
    4: tuple(
        table_ddl(TABLES[name], if_not_exists=True) for name in ("deliveries", "service_costs")
    ),
    5: (table_ddl(TABLES["targets"], if_not_exists=True), SALES_MONTHLY_DDL),
    6: (SALES_DAILY_DDL,),
}


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the database read-only, upgrading an older schema first; StoreError if unusable.

    Threads must not share the connection: give each one `cursor(con)`.
    """
    path = Path(path)
    if _readable_version(path) < SCHEMA_VERSION:
        with writing(path):
            pass  # the writer applies the migrations
    return open_file(path, read_only=True)


def _readable_version(path: Path, derived_needed: bool = True) -> int:
    """The file's schema version, or StoreError saying why this program cannot use the file.

    A reader needs the derived tables; a writer rebuilds them, so it passes derived_needed=False.
    """
    if not path.exists():
        raise StoreError(
            f"No database at {path}. Build the demo with `python -m kam_core demo --db {path}` "
            f"or import your own data with `python -m kam_core import --db {path} ...`."
        )
    con = open_file(path, read_only=True)
    try:
        version = schema_version(con)
        current = derived_needed and version == SCHEMA_VERSION
        gone = derived.missing(con) if current else []
    except StoreError as exc:
        raise StoreError(f"Cannot use {path}: {exc}.") from exc
    except duckdb.Error as exc:  # e.g. a file cut short: its catalog opens, its blocks do not
        problem = file_error(path, exc)
        if problem is None:
            raise
        raise problem from exc
    finally:
        con.close()
    if gone:
        raise StoreError(
            f"{path} lacks its derived {', '.join(gone)} (changed outside KAM Dashboard); "
            f"rebuild them with `python -m kam_core refresh --db {path}`."
        )
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


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    # One writer at a time; readers never take this lock.
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _leftovers(path: Path) -> list[Path]:
    """Copies (and their WALs) left in `path`'s folder by killed writers, matched by literal name.

    Never a glob: a database named 'k[1].duckdb' must not match another's leftovers.
    """
    pattern = re.compile(re.escape(path.name) + r"\.[0-9a-f-]+\.tmp(\.wal)?")
    return [path.parent / n for n in os.listdir(path.parent) if pattern.fullmatch(n)]


def _private_copy(path: Path, tmp: Path) -> None:
    """Copy `path` to a new `tmp` that only this user can read until the swap sets its mode."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(fd, "wb") as copy, open(path, "rb") as original:
        shutil.copyfileobj(original, copy, 1 << 20)


def _keep_identity(original: os.stat_result, tmp: Path, path: Path) -> None:
    """Give `tmp` the mode, owner and group of the file it replaces; StoreError if it cannot."""
    try:
        if (original.st_uid, original.st_gid) != (os.geteuid(), os.getegid()):
            os.chown(tmp, original.st_uid, original.st_gid)
        os.chmod(tmp, stat.S_IMODE(original.st_mode))
    except PermissionError as exc:
        raise StoreError(
            f"Cannot keep the owner and group of {path} (user {original.st_uid}, group "
            f"{original.st_gid}) on the new copy; the database was not changed. Import as "
            "its owner."
        ) from exc


@contextmanager
def writing(path: str | Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a copy of `path` (or a new database) and swap it in.

    Everything inside the block is one transaction on the copy, followed by the refresh of the
    derived tables; if the block raises, the copy is deleted and `path` is untouched.
    `fresh=True` starts from an empty schema instead of a copy. A symbolic link is followed:
    the file it points to is replaced, keeping its mode, owner and group.
    """
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path):
        for stray in _leftovers(path):
            stray.unlink(missing_ok=True)  # left by a killed writer; the lock says none runs
        # Unique to this writer: a process id alone repeats (PID 1 in every container).
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex}.tmp")
        try:
            original = os.stat(path) if path.exists() else None
            if original is not None and not fresh:
                # Refuse to build on a file we cannot read; missing derived tables are rebuilt.
                version = _readable_version(path, derived_needed=False)
                _private_copy(path, tmp)
                con = open_file(tmp, read_only=False)
                _migrate(con, version)
            else:
                con = open_file(tmp, read_only=False)
                create_schema(con)
            try:
                con.execute("begin transaction")
                yield con
                derived.refresh(con)
                con.execute("commit")
                con.execute("checkpoint")
            finally:
                con.close()
            if original is not None:
                _keep_identity(original, tmp, path)
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
