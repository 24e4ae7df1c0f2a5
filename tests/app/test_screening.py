"""Key account screening: tiers, movements and weights a user reads and changes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.sales_frame import class_a_count, default_period, metric, raw_sales

PAGE = "pages/screening.py"


@pytest.fixture(scope="module")
def lines(demo_db: Path) -> pd.DataFrame:
    return raw_sales(demo_db)


def test_screening_proposes_as_many_key_accounts_as_the_20_80_rule(app: AppTest, lines):
    app.switch_page(PAGE).run()

    table = app.dataframe[-1].value
    assert not app.exception
    assert metric(app, "Key accounts proposed") == str(
        class_a_count(lines, default_period(lines)[1])
    )
    assert metric(app, "Moving up") == str((table["movement"] == "up").sum())
    assert (table.loc[table["movement"] == "lost", "proposed_tier"] == "").all()  # blank, not None
    assert "AC0010" in set(app.dataframe[1].value["account_id"])  # lost in 2025: downgrade list


def test_all_weight_on_sales_gives_the_ranking_classes(app: AppTest):
    app.switch_page(PAGE).run()
    for name in ("margin", "growth", "credit"):
        app.slider(key=f"weight_{name}").set_value(0)
    app.run()

    screening = app.dataframe[-1].value.set_index("account_id")["proposed_tier"]
    app.switch_page("pages/ranking.py").run()
    ranking = app.dataframe[0].value.set_index("account_id")["abc_class"]
    assert screening.reindex(ranking.index).tolist() == ranking.tolist()


def test_all_weights_at_zero_asks_for_one(app: AppTest):
    app.switch_page(PAGE).run()
    for name in ("sales", "margin", "growth", "credit"):
        app.slider(key=f"weight_{name}").set_value(0)
    app.run()

    assert "at least one criterion" in app.warning[0].value


def test_presentation_mode_hides_margin_and_credit(app: AppTest):
    app.session_state["presentation"] = True
    app.switch_page(PAGE).run()

    columns = set(app.dataframe[-1].value.columns)
    assert not columns & {"margin_rate", "credit_rating"}
    assert "score" in columns
