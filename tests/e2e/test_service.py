"""The Service and cost to serve page in headless Chromium, on a laptop and on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page
from tests.e2e.test_pages import EMPTY_CHARTS

pytestmark = pytest.mark.e2e

# Visible tables or charts wider than the window: cut off on the right.
CLIPPED = """() => [...document.querySelectorAll(
        '[data-testid=stDataFrame], [data-testid=stPlotlyChart]')]
    .filter(e => e.offsetParent !== null)
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length"""


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_service_page_draws_every_chart_within_the_window(
    browser: object, app_url: str, width: int, height: int
) -> None:
    open_page(browser, app_url).close()  # the first run registers the navigation

    page = open_page(
        browser, f"{app_url}/service", screenshot=f"service-{width}", width=width, height=height
    )

    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stMain] h1").first.inner_text() == "Service and cost to serve"
    assert page.evaluate(EMPTY_CHARTS) == []
    assert page.evaluate(CLIPPED) == 0
    # the peak months are shaded on the OTIF trend (two Julys to Septembers in 24 months)
    trend = page.locator("[data-testid=stPlotlyChart]").filter(has_text="OTIF per month")
    # Plotly may paint the shapes a frame after the plot area the page waited for.
    trend.locator(".shapelayer path").nth(5).wait_for(state="attached", timeout=10_000)
    assert trend.locator(".shapelayer path").count() >= 6
    page.close()
