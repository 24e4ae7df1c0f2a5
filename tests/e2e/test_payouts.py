"""Incentive payouts in a real browser: the statement tab and its PDF download."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import SCREENSHOTS, open_page, wait_until_idle

pytestmark = pytest.mark.e2e


def test_the_pdf_statement_downloads_and_reads_back(browser: object, app_url: str) -> None:
    page = open_page(browser, app_url, height=2000)
    page.locator("[data-testid=stSidebarNav] a", has_text="Incentive payouts").click()
    page.wait_for_selector("h1:has-text('Incentive payouts')")
    wait_until_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "payouts_overview.png"), full_page=True)
    page.get_by_role("tab", name="Account statement").click()
    page.get_by_role("combobox", name="Account").click()
    page.keyboard.type("AC0001")
    page.get_by_role("option", name="MegaMart (AC0001)").click()
    page.wait_for_selector("text=Download PDF statement")
    wait_until_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "payouts_statement.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF statement").click()
    pdf = download.value.path().read_bytes()

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Annual volume rebate: MegaMart (AC0001)" in text
    assert "How the payout is calculated" in text
    assert "Payout" in text
    assert not page.locator("[data-testid=stException]").count()
    page.close()
