"""The Portfolio pages say what to do when the filters leave no sales, instead of empty charts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

PAGES = ["pages/overview.py", "pages/ranking.py", "pages/account_trend.py", "pages/screening.py"]


@pytest.mark.parametrize("page", PAGES)
def test_filters_that_leave_nothing_give_an_explanation(app: AppTest, page: str) -> None:
    # AppTest reruns the page alone after its first run: set the sidebar's result directly.
    app.session_state["filters"] = replace(app.session_state["filters"], managers=("Nobody",))
    app.switch_page(page).run()

    assert not app.exception, [e.value for e in app.exception]
    assert app.info, "no explanation shown"
    assert not app.get("plotly_chart")
