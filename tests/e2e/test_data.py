"""Importing through the browser: upload, preview, import, and the error report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import SCREENSHOTS, open_page, private_app, wait_until_idle

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def writable_app(
    demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app on a private copy of the demo, which these tests may import into."""
    yield from private_app(demo_db, tmp_path_factory, "writable")


def _open_data_page(browser: object, url: str) -> object:
    # Through the app's navigation, as a user does, so app.py (sidebar, layout) runs first.
    page = open_page(browser, url)
    page.locator("[data-testid=stSidebarNav] a", has_text="Data").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Tables and data quality").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    wait_until_idle(page)
    return page


def _import(page: object, file: Path) -> None:
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(file))  # type: ignore[attr-defined]
    page.get_by_text("Preview: the first").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Import", exact=True).click()  # type: ignore[attr-defined]
    wait_until_idle(page)


def test_a_user_imports_a_file_and_sees_the_summary(
    browser: object, writable_app: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = writable_app
    good = tmp_path / "new_accounts.csv"
    good.write_text("Customer ID;Customer Name;Region\nN1;<b>Alpha</b>;North\nN2;Beta;South\n")
    page = _open_data_page(browser, url)

    _import(page, good)

    page.get_by_text("Imported 2 rows into accounts from new_accounts.csv").wait_for()  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "data_imported.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.locator("[data-testid=stException]").count() == 0  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def test_a_bad_file_shows_where_each_problem_is(
    browser: object, writable_app: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = writable_app
    bad = tmp_path / "bad_accounts.csv"
    bad.write_text("account_id,name\nN1,Alpha\nN1,Other\n,Nameless\n")
    page = _open_data_page(browser, url)

    _import(page, bad)

    page.get_by_text("Nothing imported: 2 problem(s). The first ones:").wait_for()  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "data_import_errors.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.locator("[data-testid=stException]").count() == 0  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
