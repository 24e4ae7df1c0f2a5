"""Importing files into a real database: all or nothing, every bad input named, never doubled."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.store import db
from kam_core.store.imports import ImportFailed, import_file

SALES_HEADER = "date,account_id,sku,quantity,revenue,order_id\n"
GOOD_SALES = (
    SALES_HEADER + "2026-11-02,AC0001,KE-1001,2,40.5,N1\n2026-11-03,AC0002,KE-1002,1,20,N2\n"
)


def content(path: Path) -> tuple[str, str]:
    """(hash of the file's bytes, hash of every table's rows in a fixed order)."""
    con = db.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'main' order by 1"
            ).fetchall()
        ]
        rows = hashlib.sha256()
        for table in tables:
            # Table names come from the database's own catalogue, not from user input.
            found = con.execute(f"select * from {table} order by all").fetchall()  # noqa: S608
            rows.update(repr(found).encode())
    finally:
        con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), rows.hexdigest()


def count(path: Path, table: str) -> int:
    con = db.connect(path)
    try:
        return int(con.execute(f"select count(*) from {table}").fetchall()[0][0])  # noqa: S608
    finally:
        con.close()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


BAD_INPUTS = [
    pytest.param(
        "sales",
        "date,account_id,sku,quantity,order_id\n2026-11-02,AC0001,KE-1001,2,N1\n",
        ["bad.csv, row 1", "missing required column(s): revenue"],
        id="missing required column",
    ),
    pytest.param(
        "accounts",
        "account_id,colour,Shoe Size\nAC9001,red,42\n",
        [
            "bad.csv, row 1",
            "missing required column(s): name",
            "unknown column(s): colour, Shoe Size",
        ],
        id="unknown columns listed",
    ),
    pytest.param(
        "sales",
        SALES_HEADER + "2026-11-02,AC0001,KE-1001,2,40.5,N1\n2026-11-03,AC0002,KE-1002,two,20,N2\n",
        ["bad.csv, row 3, column quantity: 'two' is not a number"],
        id="bad number",
    ),
    pytest.param(
        "sales",
        SALES_HEADER + "2026-11-02,AC0001,KE-1001,2,40.5,N1\n2026-13-45,AC0002,KE-1002,1,20,N2\n",
        ["bad.csv, row 3, column date: '2026-13-45' is not a date"],
        id="bad date",
    ),
    pytest.param(
        "sales",
        SALES_HEADER + "2026-11-02,AC0001,KE-1001,2,-40.5,N1\n",
        ["bad.csv, row 2, column revenue: -40.5 must not be negative"],
        id="negative amount",
    ),
    pytest.param(
        "promotions",
        "promo_id,account_id,start_date,end_date,discount_pct\nPX1,AC0001,2026-11-01,2026-11-30,15\n",
        ["bad.csv, row 2, column discount_pct: 15 is above the maximum 1"],
        id="rate above 1",
    ),
    pytest.param(
        "promotions",
        "promo_id,account_id,start_date,end_date\nPX1,AC0001,2026-11-30,2026-11-01\n",
        ["bad.csv, row 2, column end_date", "is before start_date"],
        id="end before start",
    ),
    pytest.param(
        "accounts",
        "account_id,name\nAC9001,Alpha\nAC9002,Beta\nAC9001,Gamma\n",
        ["bad.csv, row 4, column account_id: duplicate key account_id=AC9001: row 2"],
        id="duplicate key in file",
    ),
    pytest.param(
        "accounts",
        "account_id,name\nAC9001,Alpha\nAC0007,Seventh\n",
        ["bad.csv, row 3", "1 of 2 rows are already in accounts (same key (account_id)"],
        id="duplicate key against the database",
    ),
    pytest.param(
        "sales",
        SALES_HEADER + "2026-11-02,AC0001,KE-1001,2,40.5,N1\n2026-11-03,ZZ999,KE-1002,1,20,N2\n",
        ["bad.csv, row 3, column account_id: unknown account_id 'ZZ999': not in accounts"],
        id="unknown account",
    ),
    pytest.param(
        "sales",
        SALES_HEADER + "2026-11-02,AC0001,NOPE-1,2,40.5,N1\n",
        ["bad.csv, row 2, column sku: unknown sku 'NOPE-1': not in products"],
        id="unknown sku",
    ),
    pytest.param(
        "sales",
        b"date,account_id\n2026-11-02,Caf\x81\xff\n",
        ["bad.csv, row 2", "not text in UTF-8, GB18030 or Windows-1252"],
        id="no known encoding",
    ),
    pytest.param("sales", "", ["bad.csv", "the file is empty"], id="empty file"),
    pytest.param("sales", SALES_HEADER, ["bad.csv", "no data rows"], id="header only"),
]


@pytest.mark.parametrize(("table", "text", "expected"), BAD_INPUTS)
def test_a_bad_file_is_refused_with_its_place_and_changes_nothing(
    fresh_db: Path, tmp_path: Path, table: str, text: str | bytes, expected: list[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = content(fresh_db)

    with pytest.raises(ImportFailed) as failed:
        import_file(fresh_db, table, bad)

    for fragment in expected:
        assert fragment in str(failed.value)
    assert failed.value.problems
    assert content(fresh_db) == before


def test_the_message_shows_twenty_problems_and_counts_the_rest(fresh_db: Path, tmp_path: Path):
    lines = "".join(f"2026-11-02,AC0001,KE-1001,{n},x,N{n}\n" for n in range(45))
    bad = write(tmp_path, "many.csv", SALES_HEADER + lines)

    with pytest.raises(ImportFailed) as failed:
        import_file(fresh_db, "sales", bad)

    message = str(failed.value)
    assert "45 problem(s)" in message
    assert message.count("is not a number") == 20
    assert "... and 25 more" in message


def test_importing_the_same_sales_twice_is_refused_and_does_not_double(
    fresh_db: Path, tmp_path: Path
):
    sales = write(tmp_path, "nov.csv", GOOD_SALES)
    first = import_file(fresh_db, "sales", sales)
    after_first = count(fresh_db, "sales")
    before = content(fresh_db)

    with pytest.raises(ImportFailed) as again:
        import_file(fresh_db, "sales", sales)

    assert first.rows == 2
    assert "2 of 2 rows are already in sales" in str(again.value)
    assert "nothing imported" in str(again.value)
    assert "--replace" in str(again.value)
    assert count(fresh_db, "sales") == after_first
    assert content(fresh_db) == before


def test_replace_swaps_the_tables_rows_for_the_files(fresh_db: Path, tmp_path: Path):
    sales = write(tmp_path, "nov.csv", GOOD_SALES)

    result = import_file(fresh_db, "sales", sales, replace=True)

    assert result.replaced > 50_000
    assert count(fresh_db, "sales") == 2
    assert result.summary.startswith("Imported 2 rows into sales from nov.csv (replaced ")


def test_replacing_accounts_may_not_orphan_their_sales(fresh_db: Path, tmp_path: Path):
    accounts = write(tmp_path, "few.csv", "account_id,name\nAC0001,One\n")
    before = content(fresh_db)

    with pytest.raises(ImportFailed) as failed:
        import_file(fresh_db, "accounts", accounts, replace=True)

    assert "rows of sales name a account_id missing from this file" in str(failed.value)
    assert content(fresh_db) == before


def test_each_import_is_logged(fresh_db: Path, tmp_path: Path):
    import_file(fresh_db, "sales", write(tmp_path, "nov.csv", GOOD_SALES))

    con = db.connect(fresh_db)
    logged = con.execute("select table_name, file_name, rows, replaced from imports").fetchall()
    con.close()

    assert ("sales", "nov.csv", 2, False) in logged


def test_importing_into_a_missing_file_creates_the_database(tmp_path: Path):
    target = tmp_path / "new" / "kam.duckdb"
    accounts = write(
        tmp_path, "accounts.csv", "Account ID,Name,Region\nA1,Alpha,North\nA2,Beta,South\n"
    )

    result = import_file(target, "accounts", accounts)

    assert result.created
    assert count(target, "accounts") == 2
    assert count(target, "sales") == 0


def test_a_failed_import_into_a_missing_file_leaves_no_file(tmp_path: Path):
    target = tmp_path / "kam.duckdb"

    with pytest.raises(ImportFailed):
        import_file(target, "sales", write(tmp_path, "s.csv", GOOD_SALES))

    assert not target.exists()
    assert list(tmp_path.glob("kam.duckdb.*.tmp")) == []


def test_ignored_columns_are_reported_in_the_summary(fresh_db: Path, tmp_path: Path):
    file = write(tmp_path, "a.csv", "account_id,name,Favourite colour\nAC9001,Alpha,red\n")

    result = import_file(fresh_db, "accounts", file)

    assert result.ignored == ("Favourite colour",)
    assert "ignored columns: Favourite colour" in result.summary


def test_a_mapping_by_hand_imports_oddly_named_columns(fresh_db: Path, tmp_path: Path):
    file = write(tmp_path, "a.csv", "Kunde,Bezeichnung\nAC9001,Alpha\n")

    import_file(fresh_db, "accounts", file, mapping={"Kunde": "account_id", "Bezeichnung": "name"})

    con = db.connect(fresh_db)
    found = con.execute("select name from accounts where account_id = 'AC9001'").fetchall()
    con.close()
    assert found == [("Alpha",)]


ACCOUNTS = pd.DataFrame(
    {"Account ID": ["A1", "A2"], "Name": ["Alpha", "Beta"], "since": ["2020-01-31", "2021-06-01"]}
)


@pytest.mark.parametrize(
    ("name", "writer"),
    [
        ("comma.csv", lambda f, p: f.to_csv(p, index=False)),
        ("semicolon.csv", lambda f, p: f.to_csv(p, index=False, sep=";")),
        ("tab.tsv", lambda f, p: f.to_csv(p, index=False, sep="\t")),
        ("pipe.txt", lambda f, p: f.to_csv(p, index=False, sep="|")),
        ("bom.csv", lambda f, p: f.to_csv(p, index=False, encoding="utf-8-sig")),
        (
            "excel.xlsx",
            lambda f, p: f.assign(since=pd.to_datetime(f.since)).to_excel(p, index=False),
        ),
        ("columns.parquet", lambda f, p: f.assign(since=pd.to_datetime(f.since)).to_parquet(p)),
    ],
)
def test_every_supported_format_imports_the_same_rows(tmp_path: Path, name: str, writer) -> None:
    file = tmp_path / name
    writer(ACCOUNTS, file)
    target = tmp_path / "kam.duckdb"

    import_file(target, "accounts", file)

    con = db.connect(target)
    rows = con.execute(
        "select account_id, name, since::varchar from accounts order by 1"
    ).fetchall()
    con.close()
    assert rows == [("A1", "Alpha", "2020-01-31"), ("A2", "Beta", "2021-06-01")]


def test_parquet_rows_are_numbered_from_one(tmp_path: Path):
    file = tmp_path / "a.parquet"
    pd.DataFrame({"account_id": ["A1", "A2"], "name": ["x", None]}).to_parquet(file)

    with pytest.raises(ImportFailed, match="a.parquet, row 2, column name: is required but empty"):
        import_file(tmp_path / "kam.duckdb", "accounts", file)


def test_excel_rows_are_numbered_as_excel_shows_them(tmp_path: Path):
    file = tmp_path / "a.xlsx"
    pd.DataFrame({"account_id": ["A1", "A2"], "name": ["x", None]}).to_excel(file, index=False)

    with pytest.raises(ImportFailed, match="a.xlsx, row 3, column name: is required but empty"):
        import_file(tmp_path / "kam.duckdb", "accounts", file)


def test_a_duckdb_file_that_is_not_ours_is_refused(tmp_path: Path):
    foreign = tmp_path / "other.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("create table t as select 1 as x")
    con.close()

    with pytest.raises(db.StoreError, match="not a KAM Dashboard database"):
        import_file(foreign, "accounts", write(tmp_path, "a.csv", "account_id,name\nA,x\n"))
    with pytest.raises(db.StoreError, match="not a KAM Dashboard database"):
        db.connect(foreign)


def test_a_damaged_file_is_refused_with_a_clear_error(tmp_path: Path):
    damaged = tmp_path / "kam.duckdb"
    damaged.write_bytes(b"this is not a database" * 500)

    with pytest.raises(db.StoreError, match="Cannot open"):
        import_file(damaged, "accounts", write(tmp_path, "a.csv", "account_id,name\nA,x\n"))
    assert damaged.read_bytes() == b"this is not a database" * 500


def test_an_import_into_a_file_from_a_newer_version_is_refused(fresh_db: Path, tmp_path: Path):
    con = duckdb.connect(str(fresh_db))
    con.execute("update meta set value = '999' where key = 'schema_version'")
    con.close()
    before = fresh_db.read_bytes()

    with pytest.raises(db.StoreError, match="newer KAM Dashboard"):
        import_file(fresh_db, "sales", write(tmp_path, "nov.csv", GOOD_SALES))

    assert fresh_db.read_bytes() == before
