"""The account brief in a real browser: deep link, downloads, presentation mode on every page."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.e2e.conftest import SCREENSHOTS, open_page, wait_until_idle

pytestmark = pytest.mark.e2e
# For each chart on screen: whether it carries the presentation stamp.
STAMPED = """() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
    .filter(chart => chart.offsetParent !== null)
    .map(chart => chart.textContent.includes('last sale'))"""


def _metric(page: object, label: str) -> str:
    box = page.locator("[data-testid=stMetric]", has_text=label).first  # type: ignore[attr-defined]
    return box.locator("[data-testid=stMetricValue]").inner_text().strip()


def test_a_deep_link_opens_the_brief_and_both_exports_download(
    browser: object, app_url: str
) -> None:
    page = open_page(
        browser, f"{app_url}/brief?account=AC0004", screenshot="brief_AC0004", height=1400
    )

    page.get_by_role("heading", name="KitchenWorld (AC0004)").wait_for(timeout=30_000)
    wait_until_idle(page)  # the link may take a second run to set the account

    assert page.get_by_role("heading", name="KitchenWorld (AC0004)").count() == 1
    assert "account=AC0004" in page.url
    revenue = _metric(page, "Revenue")
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download PDF brief").click()
    pdf = pdf_download.value.path().read_bytes()
    with page.expect_download() as deck_download:
        page.get_by_role("button", name="Download meeting deck").click()
    deck = Presentation(io.BytesIO(deck_download.value.path().read_bytes()))

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "KitchenWorld (AC0004)" in text and revenue in text
    slide = " ".join(s.text_frame.text for s in deck.slides[-1].shapes if s.has_text_frame)
    assert slide.startswith("KitchenWorld (AC0004)") and revenue in slide
    assert not page.locator("[data-testid=stException]").count()
    page.close()


def test_a_stock_point_opens_onto_its_numbers_and_its_page(browser: object, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/brief?account=AC0004")
    page.get_by_text("runs out around").first.click()

    rule = page.get_by_text("Projected stock-out before the end of the peak").first
    rule.wait_for(state="visible")  # the rule, above the grid of its numbers (a canvas)
    numbers = page.locator("[data-testid=stExpanderDetails] [data-testid=stDataFrame]:visible")
    numbers.first.wait_for(state="visible", timeout=30_000)  # the grid draws after the rule
    page.locator("a:visible", has_text="More on its page").first.click()
    page.wait_for_selector("h1:has-text('Peak-season stock risk')", timeout=60_000)

    assert "/stock_risk" in page.url
    page.close()


def test_choosing_an_account_puts_it_in_the_link(browser: object, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/brief")
    page.get_by_role("combobox", name="Account").click()
    page.keyboard.type("AC0001")
    page.get_by_role("option", name="MegaMart (AC0001)").click()
    page.wait_for_selector("h3:has-text('MegaMart (AC0001)')")

    assert re.search(r"[?&]account=AC0001\b", page.url)
    page.close()


def test_presentation_mode_stamps_every_chart_and_hides_margin(
    browser: object, app_url: str
) -> None:
    page = open_page(browser, f"{app_url}/brief?account=AC0004", height=1400)
    page.get_by_text("Presentation mode").click()
    wait_until_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "brief_presentation.png"), full_page=True)

    assert page.locator("[data-testid=stMetric]", has_text="Gross margin").count() == 0
    # The sidebar folds away and the menu is hidden; the sidebar's arrow brings it back.
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_attribute("data-collapsed") == "true"
    assert not page.locator("[data-testid=stMainMenu]").is_visible()
    unstamped = {}
    for link in page.locator("[data-testid=stSidebarNav] a").all():
        name = urlparse(link.get_attribute("href")).path.strip("/") or "overview"
        if sidebar.get_attribute("data-collapsed") == "true":
            page.locator("[data-testid=stExpandSidebarButton]").click()
        link.click()  # in-app navigation keeps the session, so presentation mode stays on
        wait_until_idle(page)
        stamped = page.evaluate(STAMPED)
        if not all(stamped):
            unstamped[name] = stamped
        page.screenshot(path=str(SCREENSHOTS / f"presentation_{name}.png"), full_page=True)
    assert not unstamped, unstamped
    page.close()
