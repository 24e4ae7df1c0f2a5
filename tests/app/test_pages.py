"""Every page runs under AppTest on the demo database without an exception."""

from __future__ import annotations

import json

import pandas as pd
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


@pytest.mark.parametrize("page", PAGES)
def test_every_table_reads_as_people_read_it(app: AppTest, page: str) -> None:
    """Labels without '_', no cell reading None or nan, amounts of 10,000 and more with a
    thousands separator (the grid's format), on the demo with an account chosen."""
    app.session_state["account"] = "AC0004"
    app.switch_page(page).run()

    for table in app.dataframe:
        config = json.loads(table.proto.columns or "{}")
        for name in table.value.columns:
            column = config.get(name, {})
            label = column.get("label", name)
            assert "_" not in label, (page, label)
            values = table.value[name]
            if values.dtype == object:
                assert not values.astype(str).isin(["None", "nan", "NaN", "NaT"]).any(), (
                    page,
                    label,
                )
            elif pd.api.types.is_numeric_dtype(values) and values.dropna().abs().ge(10_000).any():
                number_format = column.get("type_config", {}).get("format") or ""
                assert "," in number_format, (page, label, number_format)
