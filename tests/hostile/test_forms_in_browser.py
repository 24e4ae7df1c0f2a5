"""The company form typed into in Chromium: a pasted 10,000-character name is not taken, a
name with markup, script and other scripts is saved exactly and never runs, and a refusal quoting
what was typed shows it as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kam_core.store import journal
from tests.e2e.conftest import open_page, start_app, wait_until_idle

pytestmark = pytest.mark.e2e

NAME = "<b>Acme</b> **x** <script>alert(1)</script> שלום 北京 😀"


def _save(page: Any, name: str, locale: str = "en_US") -> None:
    page.get_by_role("textbox", name="Company name").fill(name)
    page.get_by_role("textbox", name="Locale").fill(locale)
    page.get_by_role("button", name="Save company settings").click()
    page.wait_for_timeout(300)
    wait_until_idle(page)


def test_the_company_form_keeps_hostile_names_as_text(
    browser: Any, fresh_db: Path, tmp_path: Path
) -> None:
    process, url = start_app(fresh_db, tmp_path / "streamlit.log")
    try:
        page = open_page(browser, f"{url}/data", height=900)

        page.get_by_role("textbox", name="Company name").fill("x" * 10_000)
        typed = page.get_by_role("textbox", name="Company name").input_value()
        _save(page, NAME)
        saved = journal.style(fresh_db).company
        _save(page, "Acme", locale="**de**")

        assert typed == "KAM Dashboard"  # a paste over 80 characters is not taken at all
        assert saved == NAME
        assert page.dialogs == []  # the script in the name never ran
        assert page.locator("[data-testid=stMain] script, [data-testid=stMain] b").count() == 0
        error = page.locator("[data-testid=stAlertContentError]").inner_text()
        assert error.startswith("unknown locale '**de**'")  # as typed, not bold
        assert journal.style(fresh_db).company == NAME  # the refused save changed nothing
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
