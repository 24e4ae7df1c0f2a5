"""The stock-risk page in a real browser: charts drawn, numbers shown, downloads offered."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, open_page, wait_until_idle

pytestmark = pytest.mark.e2e


def test_stock_risk_page_draws_its_charts_and_offers_downloads(browser: object, app_url: str):
    page = open_page(browser, app_url, height=5200)  # tall: the page scrolls inside
    page.locator("[data-testid=stSidebarNav] a", has_text="Peak-season stock risk").click()
    page.wait_for_selector("h1:has-text('Peak-season stock risk')")
    wait_until_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "stock_risk_full.png"), full_page=True)

    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(".js-plotly-plot").count() >= 5
    assert page.get_by_text("High-risk positions").count() == 1
    assert page.get_by_text("Forecast WAPE").count() == 1
    assert page.get_by_role("button", name="Download CSV").count() >= 2
    assert not page.dialogs
    page.close()
