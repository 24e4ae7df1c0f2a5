"""The journal store on a copy of the demo database: upgrade, saves, history, undo, settings,
imports and exports through the command line."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kam_core.data import formats
from kam_core.store import db, journal
from kam_core.visits.journal import Settings
from tests.integration.test_cli import run
from tests.integration.test_import import write

TODAY = date(2026, 10, 31)


def _duckdb_visits(path: Path) -> int:
    con = db.connect(path)
    try:
        return int(con.execute("select count(*) from visits").fetchall()[0][0])
    finally:
        con.close()


def test_the_first_journal_adopts_the_visits_imported_into_the_database(fresh_db: Path):
    adopted = journal.records(fresh_db, "visits")

    assert len(adopted) == _duckdb_visits(fresh_db) > 0
    assert set(journal.history(fresh_db, limit=10)["who"]) == {journal.SYSTEM}
    assert adopted["notes"].notna().all()


def test_a_database_without_a_visits_table_gives_an_empty_journal(fresh_db: Path):
    with db.writing(fresh_db) as con:  # as a later schema will, once the journal holds them
        con.execute("drop table visits")

    assert journal.records(fresh_db, "visits").empty


def test_the_journal_lives_where_kam_journal_says(
    fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    elsewhere = tmp_path / "elsewhere" / "journal.sqlite"
    monkeypatch.setenv("KAM_JOURNAL", str(elsewhere))

    journal.records(fresh_db, "feedback")

    assert elsewhere.exists()
    assert not Path(f"{fresh_db}.journal.sqlite").exists()


def test_edit_delete_and_undo_keep_who_when_old_and_new(fresh_db: Path, accounts: set[str]):
    visit = {"account_id": "AC0001", "date": TODAY, "notes": "first words"}
    record_id = journal.save(fresh_db, "visits", visit, "ann", accounts, today=TODAY)

    journal.save(fresh_db, "visits", {"notes": "second words"}, "bob", accounts, record_id, TODAY)
    journal.delete(fresh_db, "visits", record_id, "carl")
    gone = record_id not in set(journal.records(fresh_db, "visits")["id"])
    journal.undo_delete(fresh_db, "visits", record_id, "dora")

    back = journal.records(fresh_db, "visits").set_index("id").loc[record_id]
    changes = journal.history(fresh_db, "visits", limit=4)
    assert gone and back["notes"] == "second words"
    assert changes[["who", "change"]].values.tolist() == [
        ["dora", "undo delete"],
        ["carl", "delete"],
        ["bob", "edit"],
        ["ann", "insert"],
    ]
    edit = changes.iloc[2]
    assert json.loads(edit["old"]) == {"notes": "first words"}
    assert json.loads(edit["new"]) == {"notes": "second words"}
    assert changes["at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d").all()


def test_a_record_deleted_twice_or_never_saved_is_a_clear_error(fresh_db: Path):
    with pytest.raises(journal.JournalError, match="no visits record 999999"):
        journal.delete(fresh_db, "visits", 999_999, "ann")


@pytest.mark.parametrize(
    ("visit", "message"),
    [
        ({"account_id": "", "date": TODAY}, "account_id: is required but empty"),
        ({"account_id": "NOPE", "date": TODAY}, "'NOPE' is not an account"),
        ({"account_id": "AC0001", "date": "2031-01-01"}, "date: '2031-01-01' is more than"),
        ({"account_id": "AC0001", "date": TODAY, "notes": "x" * 2001}, "longer than 2,000"),
    ],
)
def test_bad_input_saves_nothing_and_says_why_on_one_line(
    fresh_db: Path, accounts: set[str], visit: dict, message: str
):
    before = len(journal.records(fresh_db, "visits"))

    with pytest.raises(journal.JournalError, match=message) as raised:
        journal.save(fresh_db, "visits", visit, "ann", accounts, today=TODAY)

    assert "\n" not in str(raised.value)
    assert len(journal.records(fresh_db, "visits")) == before


def test_html_and_script_are_kept_as_the_text_typed(fresh_db: Path, accounts: set[str]):
    hostile = "<script>alert('x')</script> **bold** <img src=x onerror=alert(1)>"
    visit = {"account_id": "AC0001", "date": TODAY, "notes": hostile}

    record_id = journal.save(fresh_db, "visits", visit, "ann", accounts, today=TODAY)

    assert journal.records(fresh_db, "visits").set_index("id").loc[record_id, "notes"] == hostile


def test_a_visit_and_its_next_step_are_saved_together_or_not_at_all(
    fresh_db: Path, accounts: set[str]
):
    visit = {"account_id": "AC0001", "date": TODAY}
    before = len(journal.records(fresh_db, "visits"))

    with pytest.raises(journal.JournalError, match="due_date: is required"):
        journal.record_visit(fresh_db, visit, {"text": "call back"}, "ann", accounts, TODAY)
    visit_id, action_id = journal.record_visit(
        fresh_db, visit, {"text": "call back", "due_date": TODAY}, "ann", accounts, TODAY
    )

    assert len(journal.records(fresh_db, "visits")) == before + 1
    step = journal.records(fresh_db, "actions").set_index("id").loc[action_id]
    assert (step["visit_id"], step["status"], step["account_id"]) == (visit_id, "open", "AC0001")


def test_settings_default_then_keep_what_was_saved(fresh_db: Path):
    assert journal.settings(fresh_db) == Settings()

    journal.save_settings(fresh_db, Settings({"A": 21, "B": 45, "C": 90}, 10), "ann")

    assert journal.settings(fresh_db) == Settings({"A": 21, "B": 45, "C": 90}, 10)
    with pytest.raises(journal.JournalError, match="at least 1 day"):
        journal.save_settings(fresh_db, Settings({"A": 0, "B": 45, "C": 90}, 10), "ann")


def test_the_company_style_defaults_then_keeps_what_was_saved(fresh_db: Path):
    assert journal.style(fresh_db) == formats.DEFAULT

    journal.save_style(fresh_db, "Acme", "eur", "de_DE", "ann")

    assert journal.style(fresh_db) == formats.Style("Acme", "EUR", "de_DE")
    with pytest.raises(formats.FormatError, match="unknown currency 'EUX'"):
        journal.save_style(fresh_db, "Acme", "EUX", "en_GB", "ann")
    with pytest.raises(formats.FormatError, match="unknown locale"):
        journal.save_style(fresh_db, "Acme", "GBP", "English", "ann")
    assert journal.style(fresh_db) == formats.Style("Acme", "EUR", "de_DE")  # nothing saved


def test_a_journal_from_a_newer_version_is_refused_untouched(fresh_db: Path):
    journal.records(fresh_db, "visits")
    con = sqlite3.connect(journal.journal_path(fresh_db))
    con.execute("update meta set value = '99' where key = 'schema_version'")
    con.commit()
    con.close()

    with pytest.raises(db.StoreError, match="newer KAM Dashboard"):
        journal.records(fresh_db, "visits")


COMPLAINTS = (
    "account_id,opened_date,category,description,resolved_date\n"
    "AC0001,2026-09-01,Delivery,<b>late</b>,2026-09-03\n"
    "AC0002,2026-09-10,quality,broken lid,\n"
)


def test_import_complaints_lands_in_the_journal_and_twice_is_refused(
    fresh_db: Path, tmp_path: Path
):
    file = write(tmp_path, "complaints.csv", COMPLAINTS)
    before = len(journal.records(fresh_db, "complaints"))

    done = run("import", "--db", fresh_db, "--table", "complaints", file)
    again = run("import", "--db", fresh_db, "--table", "complaints", file)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "Imported 2 rows into complaints from complaints.csv\n"
    assert again.returncode == 1
    assert "2 of 2 rows are already in the journal's complaints" in again.stderr
    assert len(journal.records(fresh_db, "complaints")) == before + 2


def test_a_bad_journal_import_names_file_row_and_column(fresh_db: Path, tmp_path: Path):
    file = write(tmp_path, "c.csv", COMPLAINTS.replace("AC0002", "NOPE"))

    done = run("import", "--db", fresh_db, "--table", "complaints", file)

    assert done.returncode == 1
    assert "c.csv, row 3, column account_id: 'NOPE' is not an account" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_visits_goes_to_the_journal_not_the_database(fresh_db: Path, tmp_path: Path):
    file = write(tmp_path, "v.csv", "account_id,date,note\nAC0001,2026-10-01,met buyer\n")
    in_database = _duckdb_visits(fresh_db)
    in_journal = len(journal.records(fresh_db, "visits"))

    done = run("import", "--db", fresh_db, "--table", "visits", file)

    assert done.returncode == 0, done.stderr
    assert _duckdb_visits(fresh_db) == in_database
    assert len(journal.records(fresh_db, "visits")) == in_journal + 1


EXPORTED = {
    "visits": "id,account_id,date,visitor,kind,attendees,notes,next_visit_date",
    "actions": "id,account_id,text,due_date,owner,visit_id,status,done_date",
    "complaints": "id,account_id,opened_date,category,severity,description,owner,"
    "resolved_date,resolution,satisfaction",
    "complaint_kpis": "account_id,complaints,resolved,open,resolution_rate,"
    "resolved_in_time_rate,median_days_to_resolve",
    "visit_coverage": "account_id,tier,last_visit,cadence_days,days_since_last_visit,overdue",
}


@pytest.mark.parametrize("view", EXPORTED)
def test_export_gives_the_journal_views_columns(demo_db: Path, view: str):
    done = run("export", "--db", demo_db, view, "--as-of", "2026-10-31")

    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    assert header == EXPORTED[view]
    assert rows


def test_complaint_kpis_export_reads_the_imported_complaints(fresh_db: Path, tmp_path: Path):
    run("import", "--db", fresh_db, "--table", "complaints", write(tmp_path, "c.csv", COMPLAINTS))

    done = run("export", "--db", fresh_db, "complaint_kpis", "--as-of", "2026-10-31")

    kpis = pd.read_csv(pd.io.common.StringIO(done.stdout)).set_index("account_id")
    assert kpis.loc["AC0001", "resolved_in_time_rate"] == 1.0
    assert kpis.loc["AC0002", "open"] == 1


def test_the_pdf_brief_and_the_decks_notes_carry_the_open_next_step(
    fresh_db: Path, tmp_path: Path, accounts: set[str]
):
    from pptx import Presentation
    from pypdf import PdfReader

    step = {"text": "Bring the planogram", "due_date": date.today()}
    visit = {"account_id": "AC0001", "date": date.today()}
    journal.record_visit(fresh_db, visit, step, "ann", accounts)

    run("brief", "--db", fresh_db, "--account", "AC0001", "--out", tmp_path / "b.pdf")
    run("deck", "--db", fresh_db, "--account", "AC0001", "--out", tmp_path / "d.pptx")

    paper = " ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    slides = Presentation(str(tmp_path / "d.pptx")).slides
    notes = [s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide]
    assert "From the journal" in paper and "Bring the planogram" in paper
    assert any("Open next steps: 1; first 'Bring the planogram'" in n for n in notes)


def test_an_edit_over_someone_elses_newer_edit_is_refused_not_lost(
    fresh_db: Path, accounts: set[str], monkeypatch: pytest.MonkeyPatch
):
    visit = {"account_id": "AC0001", "date": TODAY, "notes": "first"}
    record_id = journal.save(fresh_db, "visits", visit, "ann", accounts, today=TODAY)
    check = journal._checked

    def checked_while_bob_saves(*args: object, **kwargs: object) -> dict[str, object]:
        monkeypatch.setattr(journal, "_checked", check)  # bob's own save checks normally
        journal.save(fresh_db, "visits", {"notes": "bob's"}, "bob", accounts, record_id, TODAY)
        return check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journal, "_checked", checked_while_bob_saves)

    with pytest.raises(journal.JournalError, match="changed meanwhile"):
        journal.save(fresh_db, "visits", {"notes": "ann's"}, "ann", accounts, record_id, TODAY)
    assert journal.records(fresh_db, "visits").set_index("id").loc[record_id, "notes"] == "bob's"
