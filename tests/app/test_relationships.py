"""Contacts and store checks in the app: a contact added on the journal page is drawn on the
brief's relationship map with its talking points; a store check saved from the phone sheet shows
its shelf gap on the brief; a circle in reports_to is refused with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui
from kam_core.store import journal, relationships, shelf
from tests.app.conftest import first_run
from tests.app.test_journal import ACCOUNT, _cells, _click, _open

NAME = "Dana <b>Voss</b>"  # stays text everywhere


@pytest.fixture
def writable(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return first_run(fresh_db, monkeypatch)


def _add_contact(at: AppTest, name: str, reports_to: int | None = None) -> AppTest:
    _open(at, "pages/journal.py")
    at.text_input(key="contacts-add-name").input(name)
    at.text_input(key="contacts-add-title").input("Purchasing director")
    at.selectbox(key="contacts-add-role").set_value("decision maker")
    at.selectbox(key="contacts-add-influence").set_value("high")
    at.selectbox(key="contacts-add-relationship").set_value("weak")
    if reports_to is not None:
        at.selectbox(key="contacts-add-reports_to").set_value(reports_to)
    save = next(b for b in at.button if b.label == "Save" and "contacts-add" in str(b.form_id))
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_contact_added_on_the_journal_page_is_on_the_brief_map_and_its_points(
    writable: AppTest, fresh_db: Path
):
    _add_contact(writable, NAME)

    assert writable.success[0].value.startswith("Saved contacts record")
    brief = _open(writable, "pages/brief.py")
    said = [e.label for e in brief.expander if e.label.startswith("**Relationships**")]
    assert said == [
        "**Relationships** · " + ui.plain("No decision maker has been met yet (1 on record)."),
        "**Relationships** · " + ui.plain(f"{NAME} (Purchasing director) has not been met."),
    ]
    assert NAME in _cells(brief)  # the people under the map, as plain text
    assert any(h.value == "Who decides" for h in brief.header)


def test_a_circle_in_reports_to_is_refused_on_the_journal_page(writable: AppTest, fresh_db: Path):
    _add_contact(writable, "Boss")
    boss = int(relationships.contacts(fresh_db, [ACCOUNT])["id"].max())
    _add_contact(writable, "Report", reports_to=boss)
    report = boss + 1
    page = _open(writable, "pages/journal.py")
    page.selectbox(key="contacts-pick").set_value(boss).run()

    page.selectbox(key=f"contacts-edit-{boss}-reports_to").set_value(report)
    next(
        b for b in page.button if b.label == "Save changes" and "contacts" in str(b.form_id)
    ).click().run()

    assert [e.value for e in page.error] == [
        ui.plain(
            f"Not saved: reports_to goes round in a circle: Boss ({boss}) -> Report ({report}) "
            f"-> Boss ({boss})"
        )
    ]
    assert relationships.contacts(fresh_db, [ACCOUNT]).set_index("id")["reports_to"].isna()[boss]


def test_a_store_check_from_the_sheet_shows_its_gap_on_the_brief(writable: AppTest, fresh_db: Path):
    page = _open(writable, "pages/store_check.py")
    sheet = page.data_editor[0].value
    first = sheet["sku"].iloc[0]
    page.session_state[f"check-sheet-{ACCOUNT}"] = {
        "edited_rows": {0: {"on_shelf": False, "facings": 0, "note": "hooks empty"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    page.run()

    _click(page, "Save store check")

    visit = int(journal.records(fresh_db, "visits", ACCOUNT)["id"].max())
    assert (
        page.success[0].value == f"Saved store check {visit}: {len(sheet)} SKUs, 1 off the shelf."
    )
    seen = shelf.observations(fresh_db, [ACCOUNT])
    latest = seen[seen["visit_id"] == seen["visit_id"].max()]
    assert len(latest) == len(sheet)
    assert latest.set_index("sku").loc[first, "on_shelf"] == False  # noqa: E712
    brief = _open(writable, "pages/brief.py")
    assert "hooks empty" in _cells(brief)


def test_a_bad_sheet_is_refused_with_one_line_and_nothing_saved(writable: AppTest, fresh_db: Path):
    page = _open(writable, "pages/store_check.py")
    before = len(journal.records(fresh_db, "visits"))
    page.session_state[f"check-sheet-{ACCOUNT}"] = {
        "edited_rows": {0: {"note": "x" * 300}},
        "added_rows": [],
        "deleted_rows": [],
    }
    page.run()

    _click(page, "Save store check")

    sku = page.data_editor[0].value["sku"].iloc[0]  # the row edited: the range's first
    assert len(page.error) == 1
    assert page.error[0].value == ui.plain(f"Not saved: {sku} note: is longer than 200 characters")
    assert len(journal.records(fresh_db, "visits")) == before


def _table_after(at: AppTest, heading: str):
    """The dataframe drawn right after the subheader `heading` (its section's table)."""
    blocks = list(at.main)
    start = next(i for i, e in enumerate(blocks) if e.type == "subheader" and e.value == heading)
    return next(e for e in blocks[start:] if e.type == "dataframe").value


def test_the_stock_page_shows_shelf_gaps_beside_the_projection(app: AppTest):
    page = _open(app, "pages/stock_risk.py", None)

    gaps = _table_after(page, "Shelf gaps seen at store checks")

    assert len(gaps) > 0
    assert set(gaps["cause"]) <= {"merchandising", "supply", "unknown"}
    assert {"risk", "days_of_cover", "stockout_date"} <= set(gaps.columns)


def test_the_promotions_page_shows_competitor_price_cuts_around_promotions(app: AppTest):
    page = _open(app, "pages/promotions.py", None)

    cuts = _table_after(page, "Competitor price cuts around promotions")

    assert len(cuts) > 0 and (cuts["cut"] >= 0.05).all()
    assert set(cuts["when"]) <= {"before", "during", "after"}
