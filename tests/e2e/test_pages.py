"""Every page in the navigation opens in headless Chromium cleanly, and is screenshotted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import open_page, start_app, wait_until_idle

pytestmark = pytest.mark.e2e

PAGE_FILES = sorted(Path("pages").glob("*.py"))
# In no navigation but a viewer's (signin.pages): opened by its link below.
HIDDEN = ("portfolio_totals",)
LISTED = [p for p in PAGE_FILES if p.stem not in HIDDEN]
# Titles of the visible charts that drew no trace, heatmap or Sankey: an empty chart is a bug.
EMPTY_CHARTS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .filter(c => c.offsetParent !== null)
    .filter(c => !c.querySelector('.trace, .hm, .sankey-node, .imagelayer image'))
    .map(c => (c.querySelector('.gtitle') || {}).textContent || '(untitled)')"""


def test_every_page_renders_in_chromium(browser: object, app_url: str) -> None:
    home = open_page(browser, app_url, screenshot="home")
    links = home.locator("[data-testid=stSidebarNav] a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    home.close()
    assert len(links) == len(LISTED) or len(LISTED) == 1

    for link in [*links, *(f"{app_url}/{name}" for name in HIDDEN)]:
        name = link.rstrip("/").rsplit("/", 1)[-1] or "home"
        page = open_page(browser, link, screenshot=name)

        exceptions = page.locator("[data-testid=stException]").all_inner_texts()
        assert not exceptions, (name, exceptions)
        assert page.get_by_text("Page not found").count() == 0, name
        assert not page.dialogs, (name, page.dialogs)
        assert not page.evaluate(EMPTY_CHARTS), (name, "charts drawn without data")
        page.close()


def test_the_landing_pages_own_path_opens_it_without_page_not_found(
    browser: object, app_url: str
) -> None:
    open_page(browser, app_url).close()  # a warm server: the first-run rerun cannot mask it

    page = open_page(browser, f"{app_url}/overview")

    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid=stMain] h1").inner_text() == "Portfolio overview"
    page.close()


def test_a_deep_link_is_the_first_request_of_a_fresh_server(
    browser: object, demo_db: Path, tmp_path: Path
) -> None:
    # Streamlit would run pages/data.py alone (its old pages/-folder mode) on this first request.
    process, url = start_app(demo_db, tmp_path / "streamlit.log")
    try:
        page = open_page(browser, f"{url}/data")

        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stSidebar]").get_by_text("Filters").count() == 1
        assert page.locator("[data-testid=stSidebarNav] a").count() == len(LISTED)
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_fresh_server_sends_the_chart_code_before_the_first_page(
    browser: object, demo_db: Path, tmp_path: Path
) -> None:
    # ui.py shows a hidden chart on a fresh server's first run, so the browser fetches
    # Streamlit's Plotly code while the server is still importing, not after the page arrives.
    process, url = start_app(demo_db, tmp_path / "streamlit.log")
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]
        seen: list[str] = []

        def frame(payload: bytes | str) -> None:
            if b"Filters" in (payload if isinstance(payload, bytes) else payload.encode()):
                seen.append("sidebar")  # the filters' heading: app.py's run has begun

        page.on("request", lambda r: "/PlotlyChart." in r.url and seen.append("chart code"))
        page.on("websocket", lambda ws: ws.on("framereceived", frame))
        page.goto(url)
        wait_until_idle(page)

        assert seen[:2] == ["chart code", "sidebar"], seen
        # The hidden chart is gone: the landing page shows its two charts (plan, monthly).
        charts = page.locator("[data-testid=stMain] [data-testid=stPlotlyChart]")
        assert charts.count() == 2
        assert all(chart.bounding_box()["height"] > 300 for chart in charts.all())
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_three_people_opening_a_fresh_server_at_once_all_get_the_landing_page(
    browser: object, demo_db: Path, tmp_path: Path
) -> None:
    process, url = start_app(demo_db, tmp_path / "streamlit.log")
    try:
        pages = [browser.new_page(viewport={"width": 1024, "height": 700}) for _ in range(3)]  # type: ignore[attr-defined]
        for page in pages:  # no waiting between them: the first is still importing the app
            page.goto(url, wait_until="commit")
        for page in pages:
            wait_until_idle(page)

            assert page.locator("[data-testid=stException]").count() == 0
            assert page.locator("[data-testid=stMain] h1").inner_text() == "Portfolio overview"
            page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
