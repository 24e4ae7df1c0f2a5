"""The command line as a user runs it: exit status, one-line summaries, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kam_core.data import exports
from tests.integration.test_import import GOOD_SALES, count, write


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kam_core", *map(str, args)], capture_output=True, text=True
    )


def test_a_good_import_exits_0_with_a_one_line_summary(fresh_db: Path, tmp_path: Path):
    sales = write(tmp_path, "nov.csv", GOOD_SALES)

    done = run("import", "--db", fresh_db, "--table", "sales", sales)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "Imported 2 rows into sales from nov.csv (text read as UTF-8)\n"


def test_a_bad_import_exits_1_naming_file_row_and_column(fresh_db: Path, tmp_path: Path):
    bad = write(tmp_path, "bad.csv", GOOD_SALES.replace("40.5", "forty"))

    done = run("import", "--db", fresh_db, "--table", "sales", bad)

    assert done.returncode == 1
    assert done.stderr.startswith("error: nothing imported: 1 problem(s)")
    assert "bad.csv, row 2, column revenue: 'forty' is not a number" in done.stderr
    assert "Traceback" not in done.stderr


def test_importing_twice_exits_1_and_replace_exits_0(fresh_db: Path, tmp_path: Path):
    sales = write(tmp_path, "nov.csv", GOOD_SALES)
    run("import", "--db", fresh_db, "--table", "sales", sales)

    again = run("import", "--db", fresh_db, "--table", "sales", sales)
    replaced = run("import", "--db", fresh_db, "--table", "sales", sales, "--replace")

    assert again.returncode == 1
    assert "2 of 2 rows are already in sales" in again.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert count(fresh_db, "sales") == 2


def test_map_names_columns_the_matcher_cannot_guess(tmp_path: Path):
    accounts = write(tmp_path, "a.csv", "Kunde,Bezeichnung,Gebiet\nK1,Alpha,Nord\n")
    target = tmp_path / "kam.duckdb"

    done = run(
        "import", "--db", target, "--table", "accounts", accounts,
        "--map", "Kunde=account_id", "--map", "Bezeichnung=name", "--map", "Gebiet=region",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported 1 row into accounts from a.csv (new database; ")


def test_a_malformed_map_is_a_one_line_error(tmp_path: Path):
    accounts = write(tmp_path, "a.csv", "account_id,name\nK1,Alpha\n")

    done = run("import", "--db", tmp_path / "k.duckdb", "--table", "accounts", accounts,
               "--map", "Kunde")  # fmt: skip

    assert done.returncode == 1
    assert done.stderr == "error: --map needs 'Source column=contract_column', got 'Kunde'\n"


def test_keep_first_imports_a_file_with_conflicting_keys(tmp_path: Path):
    accounts = write(tmp_path, "a.csv", "account_id,name\nK1,Alpha\nK1,Alpha Ltd\n")
    target = tmp_path / "kam.duckdb"

    refused = run("import", "--db", target, "--table", "accounts", accounts)
    kept = run("import", "--db", target, "--table", "accounts", accounts,
               "--on-duplicate-key", "first")  # fmt: skip

    assert refused.returncode == 1
    assert "--on-duplicate-key first" in refused.stderr
    assert kept.returncode == 0
    assert "1 row with an already-seen key skipped" in kept.stdout


def test_an_unknown_table_is_refused_by_the_parser(tmp_path: Path):
    done = run("import", "--db", tmp_path / "k.duckdb", "--table", "customers", "x.csv")

    assert done.returncode == 2
    assert "invalid choice: 'customers'" in done.stderr


def test_a_missing_database_is_a_one_line_error_for_export(tmp_path: Path):
    done = run("export", "--db", tmp_path / "none.duckdb", "accounts")

    assert done.returncode == 1
    assert done.stderr.startswith("error: No database at")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_export_files_read_back_with_the_same_rows(demo_db: Path, tmp_path: Path, suffix: str):
    out = tmp_path / f"accounts{suffix}"

    done = run("export", "--db", demo_db, "accounts", "--out", out)

    assert done.returncode == 0, done.stderr
    read = {".csv": pd.read_csv, ".xlsx": pd.read_excel, ".parquet": pd.read_parquet}[suffix]
    back = read(out)
    assert len(back) == 150
    assert list(back.columns[:3]) == ["account_id", "name", "region"]
    assert back["account_id"].iloc[0] == "AC0001"


def test_export_to_stdout_is_csv(demo_db: Path):
    done = run("export", "--db", demo_db, "sales_summary")

    assert done.returncode == 0
    assert done.stdout.startswith("account_id,name,region,channel,manager,year,revenue")


HOSTILE = pd.DataFrame(
    {"name": ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "Fine"], "n": range(5)}
)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(tmp_path: Path, suffix: str):
    out = tmp_path / f"x{suffix}"
    out.write_bytes(exports.to_bytes(HOSTILE, suffix))

    back = pd.read_csv(out) if suffix == ".csv" else pd.read_excel(out)

    assert list(back["name"]) == ['\'=HYPERLINK("http://x")', "'+1+1", "'-2", "'@SUM(A1)", "Fine"]
    assert list(back["n"]) == list(range(5))


def test_parquet_keeps_values_as_they_are(tmp_path: Path):
    out = tmp_path / "x.parquet"
    out.write_bytes(exports.to_bytes(HOSTILE, ".parquet"))

    pd.testing.assert_frame_equal(pd.read_parquet(out), HOSTILE)
