"""Account names that are HTML, script or spreadsheet formulas stay text: on every page, in
every export. And an upload over the size limit is refused with a message the user sees.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from kam_core.data import exports
from kam_core.store import db, views
from kam_core.store.imports import import_file
from tests.e2e.conftest import start_app

SCRIPT_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_NAMES = {
    "AC0001": SCRIPT_NAME,  # the biggest account: on every portfolio page
    "AC0002": '=HYPERLINK("http://evil.example","Click")',
    "AC0003": "<script>alert(2)</script>**bold** [link](javascript:alert(3))",
    "AC0004": "@SUM(1+1)*cmd|' /C calc'!A0",
}
UPLOAD_LIMIT_MB = 1  # the test server's limit; the app's own is in .streamlit/config.toml


@pytest.fixture(scope="module")
def hostile_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with hostile account names, brought in the way a user would: the importer."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "kam.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)
    accounts = con.execute("select * from accounts order by account_id").df()
    con.close()
    renamed = accounts.assign(
        name=accounts["account_id"].map(HOSTILE_NAMES).fillna(accounts["name"])
    )
    file = folder / "accounts.csv"
    renamed.to_csv(file, index=False)
    import_file(path, "accounts", file, replace=True)
    return path


def test_every_export_holds_the_names_as_inert_text(hostile_db: Path) -> None:
    con = db.connect(hostile_db)
    try:
        tables = {name: views.build(con, name) for name in views.VIEWS}
    finally:
        con.close()
    with_names = {n: t for n, t in tables.items() if "name" in t.columns and len(t)}
    assert with_names, "no export view shows account names"

    for name, table in with_names.items():
        csv_text = exports.to_bytes(table, ".csv").decode("utf-8")
        sheet = openpyxl.load_workbook(io.BytesIO(exports.to_bytes(table, ".xlsx"))).active
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]

        if (table["name"] == SCRIPT_NAME).any():
            assert SCRIPT_NAME in csv_text, name
            assert any(c.value == SCRIPT_NAME for c in cells), name
        for formula in (HOSTILE_NAMES["AC0002"], HOSTILE_NAMES["AC0004"]):
            if (table["name"] == formula).any():
                parsed = pd.read_csv(io.StringIO(csv_text))
                assert ("'" + formula) in set(parsed["name"]), (name, formula)
                assert any(c.value == "'" + formula for c in cells), (name, formula)
        assert not any(c.data_type == "f" for c in cells), f"{name}: a formula cell in Excel"


@pytest.fixture(scope="module")
def hostile_app(hostile_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", str(UPLOAD_LIMIT_MB))
    process, url = start_app(hostile_db, log)
    monkeypatch.undo()
    yield url
    process.terminate()
    process.wait(timeout=10)


def _open(browser: Any, url: str) -> Any:
    """open_page without its pause for chart paint: the DOM is what is checked here."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
    page.wait_for_timeout(200)  # an onerror handler fires as soon as its image fails
    return page


def _injected(page: Any) -> int:
    """Elements the hostile names would have created had they been rendered as HTML."""
    return int(page.locator("img[src=x], [data-testid=stMain] script, a[href^=javascript]").count())


@pytest.mark.e2e
def test_hostile_names_show_as_text_on_every_page(browser: Any, hostile_app: str) -> None:
    home = _open(browser, hostile_app)
    links = home.locator("[data-testid=stSidebarNav] a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    home.close()
    # Pages about one account show the name as text; ?account= opens them on AC0001.
    urls = [
        *links,
        *(f"{link}?account=AC0001" for link in links if "account" in link or "brief" in link),
    ]
    shown_literally = []

    for url in urls:
        page = _open(browser, url)

        assert not page.dialogs, (url, page.dialogs)
        assert _injected(page) == 0, url
        exceptions = page.locator("[data-testid=stException]").all_inner_texts()
        assert not exceptions, (url, exceptions)
        if page.get_by_text(SCRIPT_NAME, exact=False).count():
            shown_literally.append(url)
        page.close()

    one_account_pages = [u for u in urls if "?account=AC0001" in u]
    assert one_account_pages and set(one_account_pages) <= set(shown_literally), shown_literally


@pytest.mark.e2e
def test_an_upload_over_the_size_limit_is_refused_with_a_message(
    browser: Any, hostile_app: str, hostile_db: Path, tmp_path: Path
) -> None:
    big = tmp_path / "sales.csv"
    big.write_text(
        "date,account_id,sku,quantity,revenue\n" + "2026-10-30,AC0005,KE-1001,1,9.5\n" * 40_000
    )
    assert big.stat().st_size > UPLOAD_LIMIT_MB * 1024 * 1024
    before = hostile_db.stat().st_mtime_ns
    page = _open(browser, f"{hostile_app}/data")

    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(big))

    refusal = page.get_by_text(f"File must be {UPLOAD_LIMIT_MB:.1f}MB or smaller")
    refusal.wait_for(timeout=20_000)
    assert refusal.is_visible()
    assert not page.get_by_text("Preview").count(), "the oversized file was read"
    assert hostile_db.stat().st_mtime_ns == before
    page.close()
