"""The Data page: tables and quality, import with preview, mapping and errors, downloads."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.store import journal
from tests.app.conftest import ROOT
from tests.integration.test_import import count


def open_data(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KAM_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, table: str, name: str, content: bytes) -> AppTest:
    at.selectbox(key="import_table").set_value(table).run()
    at.file_uploader[0].set_value((name, content, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click_import(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_tables_show_their_row_counts_and_the_verdict(demo_db: Path, monkeypatch):
    at = open_data(demo_db, monkeypatch)

    shown = at.dataframe[0].value.set_index("table")["rows"]

    assert int(shown["sales"]) == count(demo_db, "sales")
    assert int(shown["accounts"]) == 150
    assert any(w.value.startswith("Contract OK") for w in at.warning)  # stale: no all-clear


def test_a_file_is_previewed_and_its_columns_matched(fresh_db: Path, monkeypatch):
    at = open_data(fresh_db, monkeypatch)

    upload(at, "accounts", "new.csv", b"Customer ID,Customer Name,Shoe size\nN1,Alpha,42\n")

    assert "Preview: the first 10 of 1 rows; text read as UTF-8" in [c.value for c in at.caption]
    chosen = {s.label: s.value for s in at.selectbox if s.key and s.key.startswith("map-")}
    assert chosen == {
        "account_id (required)": "Customer ID",
        "name (required)": "Customer Name",
        **{c: "(none)" for c in ("region", "channel", "manager", "credit_rating", "since")},
        "anniversary": "(none)",
    }


def test_importing_shows_the_summary_and_the_new_rows(fresh_db: Path, monkeypatch):
    at = open_data(fresh_db, monkeypatch)
    upload(at, "accounts", "new.csv", b"Customer ID,Customer Name\nN1,Alpha\nN2,Beta\n")

    click_import(at)

    assert at.success[0].value.startswith("Imported 2 rows into accounts from new\\.csv")
    assert int(at.dataframe[0].value.set_index("table").loc["accounts", "rows"]) == 152
    history = next(f.value for f in at.dataframe if "file" in f.value.columns)  # not the audit
    assert list(history["file"])[0] == "new.csv"


def test_a_column_mapped_by_hand_is_imported(fresh_db: Path, monkeypatch):
    at = open_data(fresh_db, monkeypatch)
    upload(at, "accounts", "k.csv", b"Kunde,Name\nN1,Alpha\n")

    at.selectbox(key="map-accounts-account_id").set_value("Kunde").run()
    click_import(at)

    assert at.success[0].value.startswith("Imported 1 row into accounts")


def test_a_bad_file_shows_the_problems_and_imports_nothing(fresh_db: Path, monkeypatch):
    before = count(fresh_db, "sales")
    at = open_data(fresh_db, monkeypatch)
    lines = b"".join(b"2026-11-02,AC0001,KE-1001,1,x%d\n" % n for n in range(25))
    upload(at, "sales", "bad.csv", b"date,account_id,sku,quantity,revenue\n" + lines)

    click_import(at)

    assert at.error[0].value == "Nothing imported: 25 problem(s). The first ones:"
    problems = next(d.value for d in at.dataframe if "file" in d.value.columns)
    assert list(problems.columns) == ["file", "row", "column", "message"]
    assert len(problems) == 20
    assert problems.iloc[0].to_dict() == {
        "file": "bad.csv",
        "row": 2,
        "column": "revenue",
        "message": "'x0' is not a number",
    }
    assert "… and 5 more." in [c.value for c in at.caption]
    assert count(fresh_db, "sales") == before


def test_without_a_database_an_import_creates_it(tmp_path: Path, monkeypatch):
    target = tmp_path / "mine.duckdb"
    monkeypatch.setenv("KAM_DB", str(target))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert at.title[0].value == "Data"
    assert "There is no database" in at.info[0].value

    upload(at, "accounts", "a.csv", b"account_id,name\nA1,Alpha\n")
    click_import(at)

    assert target.exists()
    assert count(target, "accounts") == 1
    assert not at.exception


def test_a_file_column_chosen_for_two_columns_is_refused_before_importing(
    fresh_db: Path, monkeypatch
):
    at = open_data(fresh_db, monkeypatch)
    upload(at, "accounts", "a.csv", b"account_id,name\nN1,Alpha\n")

    at.selectbox(key="map-accounts-region").set_value("name").run()

    assert at.error[0].value == "name is chosen for more than one column\\."
    assert next(b for b in at.button if b.label == "Import").disabled


def test_a_gbk_file_is_read_as_gbk_or_as_the_encoding_chosen(fresh_db: Path, monkeypatch):
    at = open_data(fresh_db, monkeypatch)
    upload(at, "accounts", "a.csv", "account_id,name\nN1,北京华联\n".encode("gbk"))
    assert "Preview: the first 10 of 1 rows; text read as GB18030 (GBK)" in [
        c.value for c in at.caption
    ]

    at.selectbox(key="import_encoding").set_value("cp1252").run()

    assert "text read as CP1252" in " ".join(c.value for c in at.caption)
    at.selectbox(key="import_encoding").set_value("gb18030").run()
    click_import(at)
    assert at.success[0].value.startswith("Imported 1 row into accounts")
    con = duckdb.connect(str(fresh_db), read_only=True)
    name = con.execute("select name from accounts where account_id = 'N1'").fetchall()[0][0]
    con.close()
    assert name == "北京华联"


def _an_account(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select min(account_id) from accounts").fetchone()[0]


def test_journal_records_imported_on_the_page_land_in_the_journal(fresh_db: Path, monkeypatch):
    account = _an_account(fresh_db)
    before = len(journal.records(fresh_db, "feedback"))
    at = open_data(fresh_db, monkeypatch)
    content = f"account_id,date,score,comment\n{account},2026-10-01,4,Fast delivery\n".encode()
    upload(at, "feedback", "fb.csv", content)

    click_import(at)

    assert at.success[0].value == "Imported 1 row into feedback from fb\\.csv"
    rows = journal.records(fresh_db, "feedback")
    assert len(rows) == before + 1
    assert rows.iloc[-1][["account_id", "score", "comment"]].tolist() == [
        account,
        4,
        "Fast delivery",
    ]
    with duckdb.connect(str(fresh_db), read_only=True) as con:  # the analytic file is untouched
        listed = con.execute("select table_name from information_schema.tables").fetchall()
    assert ("feedback",) not in listed


def test_a_bad_journal_file_is_refused_on_the_page_and_nothing_saved(fresh_db: Path, monkeypatch):
    account = _an_account(fresh_db)
    before = journal.records(fresh_db, "feedback")
    at = open_data(fresh_db, monkeypatch)
    content = f"account_id,date,score\n{account},2026-10-01,4\n{account},2026-10-02,9\n".encode()
    upload(at, "feedback", "bad.csv", content)

    click_import(at)

    assert at.error[0].value == "Nothing imported: 1 problem(s). The first ones:"
    problems = next(d.value for d in at.dataframe if {"file", "row"} <= set(d.value.columns))
    assert problems["message"].tolist() == ["9 is above the maximum 5"]
    assert journal.records(fresh_db, "feedback").equals(before)
