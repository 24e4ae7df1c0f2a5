"""The landing page in a real browser: a largest-gain or behind-plan row opens the account."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import open_page, wait_until_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("table", ["gains", "behind_plan"])
def test_selecting_a_row_opens_that_account(browser: object, app_url: str, table: str) -> None:
    page = open_page(browser, app_url)
    grid = page.locator(f".st-key-{table} [data-testid=stDataFrame]")  # by the table's key
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()

    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first data row's marker
    page.wait_for_url(re.compile(r"/account_trend"), timeout=30_000)
    wait_until_idle(page)

    heading = page.locator("[data-testid=stMain] h3").first.inner_text()
    assert re.fullmatch(r".+ \(AC\d{4}\)", heading)
    assert re.search(r"account=AC\d{4}", page.url)
    page.close()
