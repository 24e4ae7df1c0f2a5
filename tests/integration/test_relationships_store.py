"""Contacts, who was met and store checks in the journal: saved with history, circles refused,
erased for good on request, in no export unless asked for; a version-1 journal is upgraded."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kam_core.store import db, journal, relationships, shelf
from tests.integration.test_cli import run

TODAY = date(2026, 10, 31)
PERSONAL = ("Zoë Quint", "zoe.quint@example.com", "+44 20 7946 0001", "hates late trucks")


def _account(accounts: set[str]) -> str:
    return sorted(accounts)[0]


def _add(path: Path, accounts: set[str], name: str, **values: object) -> int:
    given = {"account_id": _account(accounts), "name": name, "role": "decision maker"}
    return journal.save(path, "contacts", given | values, "ann", accounts, today=TODAY)


def _zoe(path: Path, accounts: set[str]) -> int:
    name, email, phone, concerns = PERSONAL
    return _add(path, accounts, name, email=email, phone=phone, concerns=concerns,
                title="Purchasing director", birthday="1980-02-29")  # fmt: skip


def test_a_contact_is_saved_active_with_its_history(fresh_db: Path, accounts: set[str]):
    contact = _zoe(fresh_db, accounts)

    saved = relationships.contacts(fresh_db, accounts).set_index("id").loc[contact]

    assert saved["name"] == PERSONAL[0] and bool(saved["active"])
    assert saved["birthday"] == pd.Timestamp("1980-02-29")
    assert journal.history(fresh_db, "contacts")["change"].tolist() == ["insert"]


def test_contacts_are_read_only_for_the_accounts_asked_for(fresh_db: Path, accounts: set[str]):
    _zoe(fresh_db, accounts)
    others = set(sorted(accounts)[1:])

    assert relationships.contacts(fresh_db, others).empty
    assert len(relationships.contacts(fresh_db, {_account(accounts)})) == 1


def test_a_circle_in_reports_to_is_refused_and_nothing_changes(fresh_db: Path, accounts: set[str]):
    boss = _add(fresh_db, accounts, "Boss")
    report = _add(fresh_db, accounts, "Report", reports_to=boss)

    with pytest.raises(journal.JournalError, match=r"circle: Boss \(\d+\) -> Report"):
        journal.save(fresh_db, "contacts", {"reports_to": report}, "ann", accounts, boss, TODAY)

    chart = relationships.contacts(fresh_db, accounts).set_index("id")["reports_to"]
    assert pd.isna(chart[boss]) and chart[report] == boss


def test_reports_to_must_name_another_contact_of_the_account(fresh_db: Path, accounts: set[str]):
    boss = _add(fresh_db, accounts, "Boss")
    elsewhere = journal.save(
        fresh_db, "contacts", {"account_id": sorted(accounts)[1], "name": "Far"}, "ann", accounts
    )

    with pytest.raises(journal.JournalError, match="is not another contact of account"):
        _add(fresh_db, accounts, "New", reports_to=elsewhere)
    with pytest.raises(journal.JournalError, match="is not another contact"):
        journal.save(fresh_db, "contacts", {"reports_to": boss}, "ann", accounts, boss, TODAY)


def _store_check(path: Path, accounts: set[str], met: list[int]) -> int:
    sheet = pd.DataFrame(
        {
            "sku": ["SKU1", "SKU2"],
            "on_shelf": [True, False],
            "facings": [4, 0],
            "shelf_price": [99.0, 49.0],
            "competitor": ["Rival", None],
            "competitor_price": [89.0, None],
            "oldest_production_date": [date(2026, 5, 1), None],
            "note": [None, "empty hook"],
        }
    )
    visit = {"account_id": _account(accounts), "date": TODAY, "kind": "store check"}
    visit_id, _ = journal.record_visit(path, visit, None, "ann", accounts, TODAY, met, sheet)
    return visit_id


def test_a_store_check_saves_the_visit_who_was_met_and_the_shelf_together(
    fresh_db: Path, accounts: set[str]
):
    contact = _zoe(fresh_db, accounts)

    visit = _store_check(fresh_db, accounts, [contact])

    met = relationships.meetings(fresh_db, accounts)
    assert met[["contact_id", "visit_id"]].values.tolist() == [[contact, visit]]
    seen = shelf.observations(fresh_db, accounts)
    assert seen["on_shelf"].tolist() == [True, False] and set(seen["visit_id"]) == {visit}
    assert (seen["date"] == pd.Timestamp(TODAY)).all()


def test_a_bad_shelf_row_or_a_stranger_met_saves_nothing(fresh_db: Path, accounts: set[str]):
    stranger = journal.save(
        fresh_db, "contacts", {"account_id": sorted(accounts)[1], "name": "Far"}, "ann", accounts
    )
    before = len(journal.records(fresh_db, "visits"))

    with pytest.raises(journal.JournalError, match="not contacts of account"):
        _store_check(fresh_db, accounts, [stranger])
    with pytest.raises(journal.JournalError, match="facings"):
        visit = {"account_id": _account(accounts), "date": TODAY, "kind": "store check"}
        bad = pd.DataFrame({"sku": ["SKU1"], "on_shelf": [True], "facings": [-2]})
        journal.record_visit(fresh_db, visit, None, "ann", accounts, TODAY, (), bad)

    assert len(journal.records(fresh_db, "visits")) == before


def _everything(path: Path) -> str:
    """Every table, history included, and the WAL file, as bytes read back as text."""
    raw = b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*"))
    return raw.decode("utf-8", errors="replace")


def test_an_erase_leaves_no_trace_but_an_audit_line_without_personal_fields(
    fresh_db: Path, accounts: set[str]
):
    zoe = _zoe(fresh_db, accounts)
    report = _add(fresh_db, accounts, "Report", reports_to=zoe)
    journal.save(fresh_db, "contacts", {"phone": "+44 20 7946 0002"}, "ann", accounts, zoe, TODAY)
    _store_check(fresh_db, accounts, [zoe, report])

    journal.erase(fresh_db, zoe, "ann")

    left = relationships.contacts(fresh_db, accounts)
    assert left["id"].tolist() == [report] and pd.isna(left["reports_to"].iloc[0])
    assert relationships.meetings(fresh_db, accounts)["contact_id"].tolist() == [report]
    audit = journal.history(fresh_db, "contacts")
    mine = audit[audit["record_id"] == zoe]
    assert mine["change"].tolist() == ["erase"]
    assert all(p not in str(mine.to_dict()) for p in PERSONAL)
    path = journal.journal_path(fresh_db)
    assert all(p not in _everything(path) for p in PERSONAL)
    with sqlite3.connect(path) as con:
        dump = "\n".join(con.iterdump())
    assert all(p not in dump for p in PERSONAL)


def test_an_erase_cannot_be_undone_nor_repeated(fresh_db: Path, accounts: set[str]):
    zoe = _zoe(fresh_db, accounts)
    journal.erase(fresh_db, zoe, "ann")

    with pytest.raises(journal.JournalError, match="no contacts record"):
        journal.undo_delete(fresh_db, "contacts", zoe, "ann")
    with pytest.raises(journal.JournalError, match="to erase"):
        journal.erase(fresh_db, zoe, "ann")


def test_no_export_holds_a_contacts_personal_fields(fresh_db: Path, accounts: set[str]):
    from kam_core.store.views import VIEWS

    _store_check(fresh_db, accounts, [_zoe(fresh_db, accounts)])
    con = db.connect(fresh_db)
    try:
        exported = {name: view.build(con, TODAY).to_csv() for name, view in VIEWS.items()}
    finally:
        con.close()

    assert not [(n, p) for n, text in exported.items() for p in PERSONAL if p in text]
    covered = pd.read_csv(pd.io.common.StringIO(exported["relationship_coverage"]))
    assert covered.set_index("account_id").loc[_account(accounts), "covered"]


def test_the_coverage_and_shelf_views_export_their_columns(fresh_db: Path, accounts: set[str]):
    _store_check(fresh_db, accounts, [_zoe(fresh_db, accounts)])

    coverage = run("export", "--db", fresh_db, "relationship_coverage", "--as-of", "2026-10-31")
    seen = run("export", "--db", fresh_db, "shelf_observations", "--as-of", "2026-10-31")
    earlier = run("export", "--db", fresh_db, "shelf_observations", "--as-of", "2026-10-30")

    assert coverage.returncode == 0, coverage.stderr
    assert coverage.stdout.splitlines()[0] == (
        "account_id,contacts,decision_makers,decision_makers_met_90d,"
        "last_decision_maker_meeting,covered"
    )
    assert seen.stdout.splitlines()[0] == (
        "id,visit_id,account_id,date,sku,on_shelf,facings,shelf_price,competitor,"
        "competitor_price,oldest_production_date,note"
    )
    assert len(seen.stdout.splitlines()) == 3 and len(earlier.stdout.splitlines()) == 1


def test_a_version_1_journal_is_upgraded_keeping_its_records(fresh_db: Path, accounts: set[str]):
    visits = len(journal.records(fresh_db, "visits"))
    path = journal.journal_path(fresh_db)
    with sqlite3.connect(path) as con:  # as issue 18 left it
        for table in ("shelf_observations", "visit_contacts", "contacts", "users", "audit"):
            con.execute(f"drop table {table}")
        con.execute("update meta set value = '1' where key = 'schema_version'")

    _zoe(fresh_db, accounts)

    assert len(journal.records(fresh_db, "visits")) == visits
    with sqlite3.connect(path) as con:
        assert con.execute("select value from meta").fetchone()[0] == str(journal.SCHEMA_VERSION)


def test_the_pdf_brief_draws_the_map_says_the_talking_points_and_lists_shelf_gaps(
    fresh_db: Path, accounts: set[str], tmp_path: Path
):
    from pypdf import PdfReader

    zoe = _zoe(fresh_db, accounts)
    _add(fresh_db, accounts, "Bob Buyer", role="buyer", relationship="strong", reports_to=zoe)
    _store_check(fresh_db, accounts, [])  # SKU2 off the shelf
    out = tmp_path / "brief.pdf"

    done = run("brief", "--db", fresh_db, "--account", _account(accounts), "--out", out)

    assert done.returncode == 0, done.stderr
    text = " ".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", " ")
    assert "Who decides: relationship map" in text
    assert "Zoë Quint Purchasing director, never met" in text
    assert "No decision maker has been met yet (1 on record)." in text
    assert "Zoë Quint (Purchasing director) has not been met." in text
    assert "Shelf gaps seen at store checks" in text and "SKU2" in text and "empty hook" in text


def test_contacts_are_exported_only_when_asked_for(fresh_db: Path, accounts: set[str]):
    _zoe(fresh_db, accounts)

    refused = run("export", "--db", fresh_db, "contacts")
    asked = run("export", "--db", fresh_db, "contacts", "--personal")

    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == (
        "error: the view contacts holds personal data (names, emails, phones, birthdays); "
        "ask for it explicitly with --personal\n"
    )
    assert asked.returncode == 0, asked.stderr
    assert all(p in asked.stdout for p in PERSONAL)


def test_an_imported_org_chart_with_a_circle_is_refused_whole(
    fresh_db: Path, accounts: set[str], tmp_path: Path
):
    boss = _add(fresh_db, accounts, "Boss")
    account = _account(accounts)
    file = tmp_path / "contacts.csv"
    file.write_text(
        "account_id,name,role,reports_to\n"
        f"{account},Ann,buyer,{boss}\n"
        f"{account},Bea,buyer,{boss + 3}\n"  # Bea reports to Cy ...
        f"{account},Cy,buyer,{boss + 2}\n",  # ... and Cy to Bea
        encoding="utf-8",
    )

    done = run("import", "--db", fresh_db, "--table", "contacts", file)

    assert done.returncode == 1
    assert done.stderr == (
        f"error: account {account}: reports_to goes round in a circle: Bea ({boss + 2}) -> "
        f"Cy ({boss + 3}) -> Bea ({boss + 2}); nothing was imported\n"
    )
    assert relationships.contacts(fresh_db, accounts)["name"].tolist() == ["Boss"]


def test_an_imported_meeting_with_an_unknown_contact_is_refused(
    fresh_db: Path, accounts: set[str], tmp_path: Path
):
    visit = int(journal.records(fresh_db, "visits")["id"].iloc[0])
    file = tmp_path / "met.csv"
    file.write_text(f"visit_id,contact_id\n{visit},999\n", encoding="utf-8")

    done = run("import", "--db", fresh_db, "--table", "visit_contacts", file)

    assert done.returncode == 1
    assert "contact_id" in done.stderr and "999 is not a recorded contact" in done.stderr


def test_another_managers_contact_cannot_be_erased(fresh_db: Path, accounts: set[str]):
    zoe = _zoe(fresh_db, accounts)
    others = accounts - {_account(accounts)}

    with pytest.raises(journal.JournalError, match="not about one of your accounts"):
        journal.erase(fresh_db, zoe, "bob", others)

    assert zoe in relationships.contacts(fresh_db, accounts)["id"].tolist()
    journal.erase(fresh_db, zoe, "ann", accounts)
    assert zoe not in relationships.contacts(fresh_db, accounts)["id"].tolist()
