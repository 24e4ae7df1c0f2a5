"""Shared by the load, fault and hostile tests: what a database holds, and an import process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from kam_core.data.contract import TABLES
from kam_core.store import db

RENAMED = " (renamed)"  # the suffix the "new" accounts file gives every name


def digest(path: Path) -> dict[str, tuple[int, int]]:
    """Row count and an order-free hash of the rows of every contract table, plus the schema."""
    con = db.connect(path)
    try:
        found = {t: _table_digest(con, t) for t in (*TABLES, "meta")}
    finally:
        con.close()
    return found


def _table_digest(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int]:
    # Table names come from the contract, never from user data.
    sql = f"select count(*), sum(hash(t)::hugeint) from {table} t"  # noqa: S608
    count, hashed = con.execute(sql).fetchall()[0]
    return int(count), int(hashed or 0)


def accounts_files(path: Path, folder: Path) -> tuple[Path, Path]:
    """The database's accounts as a CSV ("old") and the same accounts renamed ("new")."""
    con = duckdb.connect()
    try:
        con.execute("attach $p as src (read_only)", {"p": str(path)})
        accounts = con.execute("select * from src.accounts order by account_id").df()
    finally:
        con.close()
    old, new = folder / "accounts_old.csv", folder / "accounts_new.csv"
    accounts.to_csv(old, index=False)
    accounts.assign(name=accounts["name"] + RENAMED).to_csv(new, index=False)
    return old, new


def import_argv(path: Path, table: str, file: Path, replace: bool = True) -> list[str]:
    """The command line of an import process (the CLI a user or a scheduled job runs)."""
    return [
        sys.executable,
        "-m",
        "kam_core",
        "import",
        "--db",
        str(path),
        "--table",
        table,
        str(file),
        *(["--replace"] if replace else []),
    ]


def run_import(path: Path, table: str, file: Path, replace: bool = True) -> None:
    """Import to completion in another process; fails the test with its message if it fails."""
    done = subprocess.run(import_argv(path, table, file, replace), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
