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


def test_the_at_risk_positions_download_as_a_workbook_for_people_and_a_csv_for_machines(
    browser: object, app_url: str
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    page = open_page(browser, app_url, height=5200)
    page.locator("[data-testid=stSidebarNav] a", has_text="Peak-season stock risk").click()
    page.wait_for_selector("h1:has-text('Peak-season stock risk')")
    wait_until_idle(page)

    with page.expect_download() as excel:
        page.get_by_role("button", name="Download Excel").first.click()
    with page.expect_download() as text:
        page.get_by_role("button", name="Download CSV").first.click()

    assert excel.value.suggested_filename.startswith("at_risk_positions_")
    sheet = load_workbook(io.BytesIO(excel.value.path().read_bytes())).active
    headers = [c.value for c in sheet[2]]
    assert "Brightline Appliances" in sheet["A1"].value and "all accounts" in sheet["A1"].value
    assert headers[:4] == ["Account", "Tier", "SKU", "Product"] and "Runs out" in headers
    assert not [h for h in headers if "_" in h]
    assert sheet.freeze_panes == "A3"
    runs_out = sheet.cell(3, headers.index("Runs out") + 1)
    assert runs_out.number_format == "d mmm yyyy" and runs_out.is_date
    assert sheet.cell(3, headers.index("On hand") + 1).number_format == "#,##0"
    machine = next(csv.reader(io.StringIO(text.value.path().read_text())))
    assert machine[:4] == ["account", "tier", "sku", "product"] and "stockout_date" in machine
    page.close()
