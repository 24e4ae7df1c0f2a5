"""Every page runs under AppTest on the demo database without an exception."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app: AppTest, page: str) -> None:
    app.switch_page(page).run()

    assert not app.exception, [e.value for e in app.exception]
    assert app.title, f"{page} shows no title"


def test_every_page_file_is_in_the_navigation() -> None:
    source = (ROOT / "app.py").read_text()

    missing = [p for p in PAGES if f'"{p}"' not in source]

    assert not missing, f"pages not listed in app.py: {missing}"
