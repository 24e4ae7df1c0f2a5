"""Numbers and dates beyond what a column can hold, or absurd for it, are refused in one line
each (file, row, column) before anything is written: on each bound, just inside and just out.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from kam_core.__main__ import main
from kam_core.store.imports import ImportFailed, import_file
from tests.robustness import digest

SALES_HEADER = "date,account_id,sku,quantity,revenue\n"


def refused(db: Path, table: str, file: Path) -> str:
    before = digest(db)
    with pytest.raises(ImportFailed) as failed:
        import_file(db, table, file)
    assert digest(db) == before
    return str(failed.value)


def write(folder: Path, text: str) -> Path:
    file = folder / "in.csv"
    file.write_text(text)
    return file


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("lead_time_days", "99999999999999999999"),
        ("case_pack", "3000000000"),
        ("case_pack", "2147483648"),  # just above INTEGER
        ("lead_time_days", "1e300"),
    ],
)
def test_a_whole_number_beyond_the_columns_range_is_one_line(
    fresh_db: Path, tmp_path: Path, column: str, value: str
) -> None:
    file = write(tmp_path, f"sku,name,{column}\nNEW-1,Kettle,{value}\n")

    message = refused(fresh_db, "products", file)

    assert (
        f"in.csv, row 2, column {column}: '{value}' is beyond the whole numbers the column "
        "holds (-2,147,483,648 to 2,147,483,647)"
    ) in message


def test_the_largest_whole_number_of_the_column_is_imported(fresh_db: Path, tmp_path: Path):
    file = write(tmp_path, "sku,name,case_pack\nNEW-1,Kettle,2147483647\n")

    assert import_file(fresh_db, "products", file).rows == 1


@pytest.mark.parametrize("value", ["1e308", "1000000000000000", "inf", "-1e16"])
def test_an_amount_at_or_above_the_ceiling_is_refused(
    fresh_db: Path, tmp_path: Path, value: str
) -> None:
    file = write(tmp_path, SALES_HEADER + f"2026-11-02,AC0001,KE-1001,1,{value}\n")

    message = refused(fresh_db, "sales", file)

    assert "in.csv, row 2, column revenue:" in message
    assert "is not a number below 1,000,000,000,000,000 in size" in message


def test_an_amount_just_below_the_ceiling_is_imported(fresh_db: Path, tmp_path: Path) -> None:
    file = write(tmp_path, SALES_HEADER + "2026-11-02,AC0001,KE-1001,1,999999999999999\n")

    assert import_file(fresh_db, "sales", file).rows == 1


@pytest.mark.parametrize("since", ["1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_the_horizon_is_refused(
    fresh_db: Path, tmp_path: Path, since: str
) -> None:
    file = write(tmp_path, f"account_id,name,since\nN1,Alpha,{since}\n")

    message = refused(fresh_db, "accounts", file)

    assert f"in.csv, row 2, column since: '{since}' is outside the dates accepted" in message
    assert "(1900-01-01 to 2100-12-31)" in message


@pytest.mark.parametrize("since", ["1900-01-01", "2100-12-31"])
def test_the_first_and_last_accepted_dates_are_imported(
    fresh_db: Path, tmp_path: Path, since: str
) -> None:
    file = write(tmp_path, f"account_id,name,since\nN1,Alpha,{since}\n")

    assert import_file(fresh_db, "accounts", file).rows == 1


@pytest.mark.parametrize("ahead", [2, 365 * 30])
def test_a_sale_dated_after_tomorrow_is_refused(fresh_db: Path, tmp_path: Path, ahead: int) -> None:
    day = date.today() + timedelta(days=ahead)
    file = write(tmp_path, SALES_HEADER + f"{day},AC0001,KE-1001,1,10\n")

    message = refused(fresh_db, "sales", file)

    assert f"in.csv, row 2, column date: {day} 00:00:00 is after today ({date.today()})" in message


def test_a_sale_dated_today_or_tomorrow_is_imported(fresh_db: Path, tmp_path: Path) -> None:
    # Tomorrow: a day's grace, as a sale made today east of here is dated tomorrow.
    days = [date.today(), date.today() + timedelta(days=1)]
    file = write(tmp_path, SALES_HEADER + "".join(f"{d},AC0001,KE-1001,1,10\n" for d in days))

    assert import_file(fresh_db, "sales", file).rows == 2


def test_the_command_line_says_each_bound_in_one_line_without_a_traceback(
    fresh_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, SALES_HEADER + "9999-12-31,AC0001,KE-1001,1e400,1e308\n")

    code = main(["import", "--db", str(fresh_db), "--table", "sales", str(file)])

    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    lines = [line.strip() for line in err.splitlines()]
    assert [line.split(":")[0] for line in lines[1:]] == [
        "in.csv, row 2, column date",
        "in.csv, row 2, column quantity",
        "in.csv, row 2, column revenue",
    ]


def test_check_breaks_the_contract_for_sales_dated_after_today(fresh_db: Path) -> None:
    con = duckdb.connect(str(fresh_db))
    con.execute("update sales set date = date '2050-01-01' where rowid = 0")
    con.close()

    done = subprocess.run(
        [sys.executable, "-m", "kam_core", "check", "--db", str(fresh_db)],
        capture_output=True,
        text=True,
    )

    assert done.returncode == 1
    assert f"ERROR freshness: the last sales date 2050-01-01 is after today ({date.today()})" in (
        done.stdout
    )
    assert "sales up to 2050-01-01 (after today)" in done.stdout
    assert "days ago" not in done.stdout.split("Freshness:")[1].split(";")[0]
