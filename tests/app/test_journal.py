"""The journal in the app: a visit and its next step recorded from the brief show in the brief,
My week and the exports; edited, deleted and brought back on the journal page; bad input is
refused with one line and nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kam_core.store import db, journal, portfolio, views
from tests.app.conftest import first_run

ACCOUNT = "AC0004"
STEP = "Send the <b>price list</b> & promo calendar"
NOTE = "Met the buyer; <script>alert('x')</script> stays text"


@pytest.fixture
def writable(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return first_run(fresh_db, monkeypatch)


def _open(at: AppTest, page: str, account: str | None = ACCOUNT) -> AppTest:
    at.switch_page(page)
    if account:
        at.query_params["account"] = account
    at.run()
    if account and at.selectbox(key="account").value != account:  # a page opened before it
        at.selectbox(key="account").set_value(account).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _cells(at: AppTest) -> str:
    return " ".join(frame.value.to_string() for frame in at.dataframe)


def _manager(path: Path) -> str:
    with db.connect(path) as con:
        accounts = portfolio.accounts(con).set_index("account_id")
    return str(accounts.loc[ACCOUNT, "manager"])


def _record_from_the_brief(at: AppTest) -> AppTest:
    _open(at, "pages/brief.py")
    at.text_area(key="brief-visit-notes").input(NOTE)
    at.selectbox(key="brief-visit-kind").set_value("business review")
    at.text_input(key="brief-step-text").input(STEP)
    return _click(at, "Save visit")


def test_a_visit_and_its_next_step_recorded_in_the_brief_show_everywhere(
    writable: AppTest, fresh_db: Path
) -> None:
    _record_from_the_brief(writable)

    assert writable.success[0].value.startswith("Saved visit")
    assert writable.text_area(key="brief-visit-notes").value == ""  # a second tap saves nothing
    assert STEP in _cells(writable)  # the brief's open next steps and last visit's steps
    assert NOTE in _cells(writable)  # last visits, as plain text
    week = _open(writable, "pages/my_week.py", None)
    week.selectbox(key="week-manager").set_value(_manager(fresh_db)).run()
    assert STEP in _cells(week)
    with db.connect(fresh_db) as con:
        exported = views.build(con, "actions")
    assert STEP in set(exported["text"])


def test_edit_delete_and_undo_on_the_journal_page(writable: AppTest, fresh_db: Path) -> None:
    _record_from_the_brief(writable)
    visit_id = int(journal.records(fresh_db, "visits", ACCOUNT)["id"].max())
    page = _open(writable, "pages/journal.py")

    page.selectbox(key="visits-pick").set_value(visit_id).run()
    page.text_area(key=f"visits-edit-{visit_id}-notes").input("Edited after the call")
    _click(page, "Save changes")
    edited = journal.records(fresh_db, "visits").set_index("id").loc[visit_id, "notes"]
    page.selectbox(key="visits-pick").set_value(visit_id).run()
    _click(page, "Delete this record")
    deleted = visit_id not in set(journal.records(fresh_db, "visits")["id"])
    _click(page, f"Undo delete of visits record {visit_id}")

    assert edited == "Edited after the call"
    assert deleted
    assert visit_id in set(journal.records(fresh_db, "visits")["id"])
    assert page.success[0].value == f"Brought back visits record {visit_id}."


def test_a_visit_without_a_date_is_refused_and_nothing_saved(
    writable: AppTest, fresh_db: Path
) -> None:
    _open(writable, "pages/brief.py")
    before = len(journal.records(fresh_db, "visits"))

    writable.date_input(key="brief-visit-date").set_value(None)
    _click(writable, "Save visit")

    # Markdown-escaped (ui.plain): the message may quote what was typed.
    assert writable.error[0].value.replace("\\", "") == "Not saved: date: is required but empty"
    assert len(journal.records(fresh_db, "visits")) == before


def test_my_week_ranks_accounts_and_offers_the_calendar(app: AppTest) -> None:
    _open(app, "pages/my_week.py", None)

    plan = next(d.value for d in app.dataframe if "score" in d.value.columns)
    first_reasons = app.dataframe[0].value  # the most urgent account's, opened above the table
    assert len(plan) > 0
    assert list(plan["score"]) == sorted(plan["score"], reverse=True)
    assert list(first_reasons.columns) == ["reason", "detail"]
    assert set(first_reasons["reason"]) == set(plan["reasons"].iloc[0].split("; "))
