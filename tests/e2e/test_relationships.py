"""Contacts and store checks in a real browser, on one copy of the demo for this file: add a
contact on the journal page and see it on the brief's relationship map (1440x900); record a store
check on a phone (390x844), unticking a SKU in the sheet, and see the gap on the brief."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kam_core.store import shelf
from tests.e2e.conftest import SCREENSHOTS, open_page, private_app, wait_until_idle
from tests.e2e.test_journal import _click, _shown

pytestmark = pytest.mark.e2e
ACCOUNT = "AC0004"
NAME = "Wanda <i>Ng</i>"


@pytest.fixture(scope="module")
def own_app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One server on a private copy for both tests, (url, database): a contact and a store
    check are different records, so neither test sees the other's save."""
    yield from private_app(demo_db, tmp_path_factory, "relationships")


def _choose(page: object, box: object, option: str) -> None:
    """Pick `option` in the selectbox `box`: a click that lands while the form still opens
    leaves the list shut, so open it again until the option shows (at most three times)."""
    wanted = page.get_by_role("option", name=option)  # type: ignore[attr-defined]
    for _ in range(3):
        box.click()  # type: ignore[attr-defined]
        try:
            wanted.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
    wanted.click()


def test_add_a_contact_and_see_it_on_the_brief_map(
    browser: object, own_app: tuple[str, Path]
) -> None:
    url, _ = own_app
    page = open_page(browser, f"{url}/journal?account={ACCOUNT}", width=1440, height=900)
    page.get_by_role("tab", name="Contacts").click()
    panel = page.get_by_role("tabpanel", name="Contacts")
    panel.get_by_text("Add to contacts").click()
    panel.get_by_label("Name *").fill(NAME)
    panel.get_by_label("Title").fill("Head of purchasing")
    _choose(page, panel.get_by_label("Role"), "decision maker")
    _click(page, "Save")
    page.get_by_text("Saved contacts record").wait_for(timeout=30_000)

    brief = open_page(browser, f"{url}/brief?account={ACCOUNT}", width=1440, height=900)
    chart = brief.locator("[data-testid=stPlotlyChart]", has_text="Relationship map")
    chart.scroll_into_view_if_needed()
    assert NAME in chart.inner_text()  # the name as typed: markup shown, not applied
    assert brief.get_by_text("(Head of purchasing) has not been met").count() == 1
    assert brief.dialogs == []
    brief.screenshot(path=str(SCREENSHOTS / "relationships_brief_1440.png"), full_page=True)


def test_record_a_store_check_on_a_phone(browser: object, own_app: tuple[str, Path]) -> None:
    url, db = own_app
    page = open_page(browser, f"{url}/store_check?account={ACCOUNT}", width=390, height=844)
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The first row's SKU cell, then one to the right: On shelf; Space ticks it off.
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "store_check_390.png"), full_page=True)
    _click(page, "Save store check")
    page.get_by_text("Saved store check").wait_for(timeout=30_000)
    assert page.get_by_text("1 off the shelf").count() == 1

    seen = shelf.observations(db, [ACCOUNT])
    assert (~seen["on_shelf"].astype(bool)).sum() == 1
    brief = open_page(browser, f"{url}/brief?account={ACCOUNT}", width=390, height=844)
    assert _shown(brief, str(seen.loc[~seen["on_shelf"].astype(bool), "sku"].iloc[0]))
    wait_until_idle(brief)
    open_page(browser, f"{url}/store_check?account={ACCOUNT}", "store_check_1440", 1440, 900)
