"""The app as a user meets it: `streamlit run` to first page drawn, every page, filter changes.

Chromium is launched before the clock starts; the clock then covers the server's start, the
first script run and the browser drawing the landing page (charts painted, no skeletons), in a
browser context of its own each time, so nothing is cached. The app is started several times,
as the page data is timed several times: one start swings by half a second on 2 shared cores.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.watch import DRAWN, RERUN_DONE, WATCH
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_app


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _rerun(page: Any, action: Any) -> float:
    page.evaluate(WATCH)
    t = time.perf_counter()
    action()
    page.wait_for_function(RERUN_DONE, timeout=120_000)
    page.wait_for_function(DRAWN, timeout=120_000)
    return time.perf_counter() - t


def _choose_region(page: Any, region: str) -> None:
    # The input, not the widget: a click on the widget may land on a chosen region's "x".
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect] input").first.click()
    page.get_by_role("option", name=region, exact=True).click()
    page.keyboard.press("Escape")


def _start(browser: Any, db: Path, log: Path) -> tuple[Any, Any, float, float]:
    """Start the app and open it in a page of its own (nothing cached): (process, page,
    seconds until the server answered, seconds until the first page was drawn)."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    t = time.perf_counter()
    process, url = start_app(db, log)
    server_ready = time.perf_counter() - t
    try:
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000)
    except Exception:
        process.terminate()
        raise
    return process, page, server_ready, time.perf_counter() - t


def measure_app(db: Path, log: Path, regions: list[str], starts: int = 5) -> dict[str, Any]:
    """Start the app on `db` `starts` times and time each first page; on the last start, time
    every page's first visit, then filter changes on the landing page (each adds a region, so
    every change misses the cache)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        ready, first = [], []
        for n in range(starts):
            process, page, server_ready, first_page = _start(browser, db, log)
            ready.append(server_ready)
            first.append(first_page)
            if n < starts - 1:
                process.terminate()
                process.wait(timeout=20)
                page.close()
        try:
            links = page.locator("[data-testid=stSidebarNav] a")
            pages = {}
            for i in range(links.count()):
                name = links.nth(i).inner_text().strip().splitlines()[-1]  # after the icon
                pages[name] = _rerun(page, links.nth(i).click)
            _rerun(page, links.first.click)  # back to the landing page, already cached
            filter_changes = [_rerun(page, lambda r=r: _choose_region(page, r)) for r in regions]
            chosen = (
                page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]")
                .first.get_by_role("button", name="Remove ")
                .count()
            )
            if chosen != len(regions):
                raise RuntimeError(f"{chosen} of {len(regions)} regions chosen: not measured")
            rss = _peak_rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=20)
            browser.close()
    return {
        "first_page": statistics.median(first),
        "first_page_min": min(first),
        "first_page_runs": first,
        "server_ready": statistics.median(ready),
        "filter_change": {
            "median": statistics.median(filter_changes),
            "max": max(filter_changes),
            "n": len(filter_changes),
        },
        "pages": pages,
        "app_rss_mb": rss,
    }
