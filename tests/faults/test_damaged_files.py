"""A damaged, foreign, newer or missing database: one clear message in the CLI and the app."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT

BLOCK = 262_144  # DuckDB's block size; the first 3 x 4 KiB are the file headers


def _truncated(demo: Path, path: Path) -> None:
    path.write_bytes(demo.read_bytes()[: demo.stat().st_size // 2])


def _scrambled_blocks(demo: Path, path: Path) -> None:
    data = bytearray(demo.read_bytes())
    for offset in range(12_288 + 1000, len(data), BLOCK):
        data[offset : offset + 64] = bytes(range(64))  # every block fails its checksum
    path.write_bytes(bytes(data))


def _scrambled_data(demo: Path, path: Path) -> None:
    data = bytearray(demo.read_bytes())
    half = 12_288 + len(data) // 2 // BLOCK * BLOCK
    for offset in range(half + 1000, len(data), BLOCK):
        data[offset : offset + 64] = bytes(range(64))  # found only when a query reads them
    path.write_bytes(bytes(data))


def _scrambled_header(demo: Path, path: Path) -> None:
    data = bytearray(demo.read_bytes())
    data[:8192] = bytes(i % 251 for i in range(8192))
    path.write_bytes(bytes(data))


def _not_a_database(demo: Path, path: Path) -> None:
    path.write_text("account_id,name\nAC0001,MegaMart\n")


def _another_duckdb_file(demo: Path, path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create table orders (id integer)")
    con.close()


def _newer_schema(demo: Path, path: Path) -> None:
    shutil.copyfile(demo, path)
    con = duckdb.connect(str(path))
    con.execute("update meta set value = '99' where key = 'schema_version'")
    con.close()


def _missing(demo: Path, path: Path) -> None:
    pass


CASES: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "truncated": (_truncated, "damaged"),
    "scrambled everywhere": (_scrambled_blocks, "damaged"),
    "scrambled data": (_scrambled_data, "damaged"),
    "scrambled header": (_scrambled_header, "damaged"),
    "not a database": (_not_a_database, "damaged"),
    "another DuckDB file": (_another_duckdb_file, "not a KAM Dashboard database"),
    "newer schema": (_newer_schema, "newer KAM Dashboard"),
    "missing": (_missing, "No database at"),
}


@pytest.fixture(params=list(CASES))
def bad_db(request: pytest.FixtureRequest, demo_db: Path, tmp_path: Path) -> tuple[Path, str]:
    make, message = CASES[request.param]
    path = tmp_path / "kam.duckdb"
    make(demo_db, path)
    return path, message


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kam_core", *args], capture_output=True, text=True, timeout=120
    )


def test_the_cli_says_what_is_wrong_in_one_line_and_keeps_the_file(
    bad_db: tuple[Path, str], tmp_path: Path
) -> None:
    path, message = bad_db
    before = path.read_bytes() if path.exists() else None
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,name\nAC9999,New Account\n")
    commands = [["export", "--db", str(path), "sales_summary"]]
    if before is not None:  # importing into a missing file creates it, by design
        commands.append(["import", "--db", str(path), "--table", "accounts", str(accounts)])

    for command in commands:
        done = _cli(*command)

        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert done.stderr.startswith("error: ") and message in done.stderr, done.stderr
        assert (path.read_bytes() if path.exists() else None) == before, "the file changed"
    assert not list(path.parent.glob("*.tmp")), "a stray copy was left behind"


def test_the_app_shows_the_message_instead_of_a_traceback(
    bad_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, message = bad_db
    before = path.read_bytes() if path.exists() else None
    monkeypatch.setenv("KAM_DB", str(path))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()

    assert not at.exception, [e.value for e in at.exception]
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert (path.read_bytes() if path.exists() else None) == before, "the file changed"
