"""Odd requests and files changed by hand: one line in the CLI, one st.error in the app, never a
traceback and never a verdict of "Contract OK" on a file that is not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.__main__ import main
from kam_core.store import db
from kam_core.store.imports import import_file
from tests.app.conftest import ROOT

BLOCK = 262_144  # DuckDB's block size; the first 3 x 4 KiB are the file headers


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kam_core", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in done.stderr, done.stderr


def app_error(path: Path, monkeypatch: pytest.MonkeyPatch, *words: str) -> None:
    monkeypatch.setenv("KAM_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    for word in words:
        assert word in at.error[0].value, at.error[0].value


def changed_by_hand(path: Path, *statements: str) -> None:
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()


@pytest.mark.parametrize("rows", ["0", "-5", "10", "999"])
def test_a_demo_below_its_minimum_size_is_refused_saying_the_minimum(
    tmp_path: Path, rows: str
) -> None:
    path = tmp_path / "demo.duckdb"

    done = cli("demo", "--db", str(path), "--sales-rows", rows)

    one_line_error(done, "the demo needs at least 1,000 sales rows")
    assert not path.exists()


def test_the_demo_at_its_minimum_size_builds(tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"

    assert main(["demo", "--db", str(path), "--sales-rows", "1000"]) == 0

    con = db.connect(path)
    assert con.execute("select count(*) from sales").fetchall() == [(1000,)]
    con.close()


@pytest.mark.parametrize("version", ["three", "", "3.0", "-1", "0", "9" * 60])
def test_a_schema_version_that_is_not_a_whole_number_is_one_line(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    con = duckdb.connect(str(fresh_db))
    con.execute("update meta set value = $v where key = 'schema_version'", {"v": version})
    con.close()

    done = cli("check", "--db", str(fresh_db))

    one_line_error(done, "schema version", "is not a whole number")
    app_error(fresh_db, monkeypatch, "is not a whole number")


def test_a_meta_table_of_another_program_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    changed_by_hand(path, "create table meta (key varchar)", "insert into meta values ('x')")

    one_line_error(cli("check", "--db", str(path)), "not a KAM Dashboard database")


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("drop table sales_weekly", "table sales_weekly"),
        ("drop table plan_meta", "table plan_meta"),
        ("drop macro table sales_weeks", "macro sales_weeks"),
        ("drop table plan_risk", "table plan_risk"),
    ],
)
def test_a_dropped_derived_table_is_one_line_and_refresh_rebuilds_it(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch, statement: str, named: str
) -> None:
    changed_by_hand(fresh_db, statement)

    one_line_error(cli("check", "--db", str(fresh_db)), named, "kam_core refresh")
    app_error(fresh_db, monkeypatch, named)
    assert main(["refresh", "--db", str(fresh_db)]) == 0
    assert cli("check", "--db", str(fresh_db)).returncode == 0


def test_an_import_rebuilds_a_dropped_derived_table(fresh_db: Path, tmp_path: Path) -> None:
    changed_by_hand(fresh_db, "drop table sales_weekly")
    file = tmp_path / "accounts.csv"
    file.write_text("account_id,name\nZZ1,Zeta\n")

    import_file(fresh_db, "accounts", file)

    con = db.connect(fresh_db)
    lines = con.execute("select sum(lines) = (select count(*) from sales) from sales_weekly")
    assert lines.fetchall() == [(True,)]
    con.close()


@pytest.mark.parametrize(
    ("statement", "differs"),
    [
        ("delete from sales_weekly where week = (select min(week) from sales_weekly)", "lines"),
        ("update sales_weekly set revenue = revenue + 1 where rowid = 0", "revenue"),
    ],
)
def test_a_derived_table_that_disagrees_with_sales_breaks_the_contract(
    fresh_db: Path, statement: str, differs: str
) -> None:
    changed_by_hand(fresh_db, statement)

    done = cli("check", "--db", str(fresh_db))

    assert done.returncode == 1
    assert "Contract BROKEN" in done.stdout
    assert f"ERROR derived: sales_weekly disagrees with sales ({differs}" in done.stdout


def test_check_reads_every_block_so_a_damaged_one_is_reported(
    demo_db: Path, tmp_path: Path
) -> None:
    # A block of amounts and order ids only: no count, date range or reference check reads it.
    con = duckdb.connect(str(demo_db), read_only=True)
    blocks = con.execute(
        "select block_id from pragma_storage_info('sales') where persistent and block_id >= 0 "
        "group by block_id having bool_and(column_name in ('cost', 'order_id', 'promo_id')) "
        "order by block_id"
    ).fetchall()
    con.close()
    path = tmp_path / "kam.duckdb"
    data = bytearray(demo_db.read_bytes())
    offset = 12_288 + blocks[-1][0] * BLOCK + 1000
    data[offset : offset + 64] = bytes(range(64))
    path.write_bytes(bytes(data))

    done = cli("check", "--db", str(path))

    one_line_error(done, "damaged")


def test_check_says_it_read_every_table_of_a_sound_file(fresh_db: Path) -> None:
    done = cli("check", "--db", str(fresh_db))

    assert done.returncode == 0, done.stderr
    assert "tables of the file in full: no damaged block." in done.stdout


def test_a_copy_of_the_demo_checks_clean(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, path)

    assert "Contract OK" in cli("check", "--db", str(path)).stdout
