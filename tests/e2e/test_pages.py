"""Every page in the navigation opens in headless Chromium cleanly, and is screenshotted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import open_page

pytestmark = pytest.mark.e2e

PAGE_FILES = sorted(Path("pages").glob("*.py"))


def test_every_page_renders_in_chromium(browser: object, app_url: str) -> None:
    home = open_page(browser, app_url, screenshot="home")
    links = home.locator("[data-testid=stSidebarNav] a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    home.close()
    assert len(links) == len(PAGE_FILES) or len(PAGE_FILES) == 1

    for link in links:
        name = link.rstrip("/").rsplit("/", 1)[-1] or "home"
        page = open_page(browser, link, screenshot=name)

        exceptions = page.locator("[data-testid=stException]").all_inner_texts()
        assert not exceptions, (name, exceptions)
        assert page.get_by_text("Page not found").count() == 0, name
        assert not page.dialogs, (name, page.dialogs)
        page.close()
