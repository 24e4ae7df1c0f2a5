"""Drill-down in a real browser: ranking row or Pareto point -> that account's trend page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import open_page, wait_until_idle

pytestmark = pytest.mark.e2e


def _shown_account(page: object) -> str:
    """The heading naming the account the trend page shows, e.g. 'MegaMart (AC0001)'."""
    heading = page.locator("[data-testid=stMain] h3").first  # type: ignore[attr-defined]
    return heading.inner_text()


def _after_switch(page: object) -> None:
    page.wait_for_url(re.compile(r"/account_trend"), timeout=30_000)  # type: ignore[attr-defined]
    wait_until_idle(page)


def test_deep_link_opens_the_account(browser: object, app_url: str) -> None:
    open_page(browser, app_url).close()  # the first run registers the navigation

    page = open_page(browser, f"{app_url}/account_trend?account=AC0001")
    # The account's heading comes with the page's second run (the link sets the account).
    page.wait_for_selector("[data-testid=stMain] h3:has-text('(AC0001)')", timeout=30_000)
    wait_until_idle(page)  # ... and the rest of that run

    assert _shown_account(page) == "MegaMart (AC0001)"
    assert page.get_by_text("Revenue in the period").count() == 1
    page.close()


def test_selecting_a_ranking_row_opens_that_account(browser: object, app_url: str) -> None:
    open_page(browser, app_url).close()
    page = open_page(browser, f"{app_url}/ranking")
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()

    # The grid is a canvas: tick the row marker of the first data row (below the header).
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    _after_switch(page)

    assert _shown_account(page) == "MegaMart (AC0001)"  # the largest account ranks first
    assert "account=AC0001" in page.url
    page.close()


def test_clicking_a_pareto_point_opens_that_account(browser: object, app_url: str) -> None:
    open_page(browser, app_url).close()
    page = open_page(browser, f"{app_url}/ranking")
    points = page.locator(".js-plotly-plot .scatterlayer .trace").nth(1).locator("path.point")

    points.nth(1).click(force=True)  # the second-largest account
    _after_switch(page)

    assert _shown_account(page) == "HomePlus (AC0002)"
    page.close()
