"""The journal in a real browser, on its own copy of the demo: record a visit with a next step
from the brief, see it in the brief, My week and the export; edit it, delete it, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from kam_core.store import db, portfolio, views
from kam_core.store.journal import records
from tests.e2e.conftest import SCREENSHOTS, open_page, start_app, wait_until_idle

pytestmark = pytest.mark.e2e
STEP = "Send the <b>price list</b> to the buyer"
NOTE = "<img src=x onerror=alert(1)> met the buyer"


def _account_of_first_manager(path: Path) -> str:
    """An account of the manager My week opens on (the first in the list)."""
    with db.connect(path) as con:
        first = portfolio.filter_options(con)["manager"][0]
        accounts = portfolio.accounts(con)
    return str(accounts[accounts["manager"] == first]["account_id"].iloc[0])


def _shown(page: object, text: str) -> bool:
    """Whether a table on the page shows `text`, waiting up to 30 s for the tables to draw."""
    for _ in range(150):
        grids = page.locator("[data-testid=stDataFrame]").all_text_contents()  # type: ignore[attr-defined]
        if any(text in grid for grid in grids):
            return True
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
    return False


def _click(page: object, name: str) -> None:
    page.get_by_role("button", name=name).click()  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    wait_until_idle(page)


def test_record_see_edit_delete_and_undo_a_visit(
    browser: object, fresh_db: Path, tmp_path: Path
) -> None:
    account = _account_of_first_manager(fresh_db)
    process, url = start_app(fresh_db, tmp_path / "streamlit.log")
    try:
        page = open_page(browser, f"{url}/brief?account={account}", height=900)
        page.get_by_label("Notes").fill(NOTE)
        page.get_by_label("Next step", exact=True).fill(STEP)
        _click(page, "Save visit")

        page.get_by_text("Saved visit").wait_for(timeout=30_000)
        assert _shown(page, STEP)
        assert page.dialogs == []  # the note's markup never ran
        page.screenshot(path=str(SCREENSHOTS / "journal_brief_saved.png"))

        week = open_page(browser, f"{url}/my_week", screenshot="my_week_1440", height=900)
        assert _shown(week, STEP)
        open_page(browser, f"{url}/my_week", screenshot="my_week_390", width=390, height=844)
        with db.connect(fresh_db) as con:
            assert STEP in set(views.build(con, "actions")["text"])

        journal = open_page(browser, f"{url}/journal?account={account}", height=900)
        journal.get_by_text("Edit or delete").first.click()
        editor = journal.locator("[data-testid=stExpander]", has_text="Save changes").first
        editor.get_by_label("Notes").fill("Edited after the call")
        _click(journal, "Save changes")
        journal.get_by_text("Saved visits record").wait_for(timeout=30_000)
        assert _shown(journal, "Edited after the call")

        journal.get_by_text("Edit or delete").first.click()
        _click(journal, "Delete this record")
        journal.get_by_text("Deleted visits record").wait_for(timeout=30_000)
        assert journal.get_by_role("button", name="Undo delete of visits record").count() == 1
        assert "Edited after the call" not in set(records(fresh_db, "visits")["notes"])
        undo = journal.get_by_role("button", name="Undo delete of visits record")
        undo.click()
        journal.get_by_text("Brought back visits record").wait_for(timeout=30_000)
        wait_until_idle(journal)
        assert _shown(journal, "Edited after the call")
        assert "Edited after the call" in set(records(fresh_db, "visits")["notes"])
        journal.screenshot(path=str(SCREENSHOTS / "journal_1440.png"))
        open_page(browser, f"{url}/journal?account={account}", "journal_390", 390, 844)
    finally:
        process.terminate()
        process.wait(timeout=10)
