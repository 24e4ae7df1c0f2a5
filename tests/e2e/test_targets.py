"""Targets in the browser: an edit typed into the grid is saved and survives a restart; a bad
edit is refused with one message and the file is left as it was."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from kam_core.data.formats import money
from tests.e2e.conftest import SCREENSHOTS, open_page, start_app, wait_until_idle
from tests.integration.test_import import content

pytestmark = pytest.mark.e2e


@pytest.fixture
def own_app(demo_db: Path, tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """The app on a private copy of the demo: (url, database, folder)."""
    db = tmp_path / "kam.duckdb"
    shutil.copyfile(demo_db, db)
    process, url = start_app(db, tmp_path / "streamlit.log")
    yield url, db, tmp_path
    process.terminate()
    process.wait(timeout=10)


def _open_targets(browser: object, url: str, width: int = 1440, height: int = 900) -> object:
    page = open_page(browser, f"{url}/targets", width=width, height=height)
    page.get_by_role("heading", name="Per manager").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    wait_until_idle(page)
    return page


def _type_into_first_row(page: object, right: int, text: str) -> None:
    """Select row 1's first cell, move `right` columns, type `text` and commit it."""
    grid = page.locator("[data-testid=stDataFrame]").first  # type: ignore[attr-defined]
    box = grid.bounding_box()
    # Past the row markers (a checkbox column), under the header.
    page.mouse.click(box["x"] + 80, box["y"] + 35 + 17)  # type: ignore[attr-defined]
    for _ in range(right):
        page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    # Enter opens the cell's editor; typed at once, the first keys would be lost while it opens.
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.keyboard.press("ControlOrMeta+a")  # type: ignore[attr-defined]
    page.keyboard.type(text, delay=50)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.get_by_text("Unsaved changes").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    wait_until_idle(page)


def _first_row(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select account_id, month, revenue_target from targets where year = 2026 "
            "order by account_id, month nulls first limit 1"
        ).fetchall()[0]
    finally:
        con.close()


def _total(db: Path) -> float:
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute("select sum(revenue_target) from targets where year = 2026")
        return float(found.fetchall()[0][0])
    finally:
        con.close()


def test_an_edit_is_saved_and_still_there_after_a_restart(
    browser: object, own_app: tuple[str, Path, Path]
) -> None:
    url, db, folder = own_app
    page = _open_targets(browser, url)
    before = page.locator("[data-testid=stMetricValue]").first.inner_text()  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "targets.png"), full_page=True)  # type: ignore[attr-defined]

    _type_into_first_row(page, 5, "777000")  # Revenue target
    page.get_by_role("button", name="Save targets").click()  # type: ignore[attr-defined]
    page.get_by_text("target rows for 2026.").wait_for(timeout=120_000)  # type: ignore[attr-defined]  # a writer: slow on a busy machine
    page.close()  # type: ignore[attr-defined]
    process, again = start_app(db, folder / "restarted.log")
    try:
        reopened = _open_targets(browser, again)
        # The grid is a canvas: its total, drawn as text, reads the saved rows back.
        shown = reopened.locator("[data-testid=stMetricValue]").first.inner_text()  # type: ignore[attr-defined]
        reopened.close()  # type: ignore[attr-defined]
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert _first_row(db)[2] == 777_000
    assert shown == money(_total(db)) != before


def test_a_bad_edit_is_refused_and_nothing_changes(
    browser: object, own_app: tuple[str, Path, Path]
) -> None:
    url, db, _ = own_app
    page = _open_targets(browser, url)
    before = content(db)

    _type_into_first_row(page, 0, "NOBODY")  # Account ID
    page.get_by_role("button", name="Save targets").click()  # type: ignore[attr-defined]
    error = page.locator("[data-testid=stAlertContentError]")  # type: ignore[attr-defined]
    error.wait_for(timeout=30_000)
    wait_until_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "targets_refused.png"), full_page=True)  # type: ignore[attr-defined]

    assert error.count() == 1
    assert "Nothing saved" in error.inner_text() and "NOBODY" in error.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0  # type: ignore[attr-defined]
    assert content(db) == before
    page.close()  # type: ignore[attr-defined]


def test_the_targets_page_on_a_phone(browser: object, app_url: str) -> None:
    # It only reads: the session's server serves it, no copy or server of its own.
    page = _open_targets(browser, app_url, width=390, height=844)
    page.screenshot(path=str(SCREENSHOTS / "targets_phone.png"), full_page=True)  # type: ignore[attr-defined]

    assert page.locator("[data-testid=stException]").count() == 0  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
