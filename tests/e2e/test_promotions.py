"""The Promotions page in Chromium: every tab draws its charts without an error."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, open_page, wait_until_idle

pytestmark = pytest.mark.e2e

TABS = {
    "Results": "promotions_results",
    "By kind and account": "promotions_compare",
    "New-product trials": "promotions_trials",
}


def test_every_promotions_tab_draws_its_charts(browser: object, app_url: str) -> None:
    page = open_page(browser, app_url, height=2400)  # tall: the page scrolls inside
    page.locator("[data-testid=stSidebarNav] a", has_text="Promotions").click()
    page.wait_for_selector("h1:has-text('Promotions')")
    wait_until_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "promotions_calendar.png"), full_page=True)
    assert page.locator(".js-plotly-plot").count() >= 1

    for tab, shot in TABS.items():
        page.get_by_role("tab", name=tab).click()
        wait_until_idle(page)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)

        panel = page.locator("[role=tabpanel]:visible")
        assert panel.locator(".js-plotly-plot").count() >= 1, tab
        assert page.locator("[data-testid=stException]").count() == 0, tab
    assert page.get_by_text("Not listed yet (key accounts first)").count() == 1
    assert not page.dialogs
    page.close()
