"""The Service and cost to serve page: the OTIF a user reads against the raw deliveries, the
peak months as a choice, and the cost-to-serve table against the export view."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.store import db, views
from tests.app.sales_frame import metric

PAGE = "pages/service.py"


def _otif(demo_db: Path) -> tuple[date, float]:
    """OTIF of the lines promised in the twelve months to the last sale, straight from SQL."""
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        as_of = con.execute("select max(date) from sales").fetchall()[0][0]
        otif = con.execute(
            """
            select avg(coalesce(delivered_date <= promised_date
                                and quantity_delivered >= quantity_ordered, false)::int)
            from deliveries
            where promised_date > $as_of - interval 1 year and promised_date < $as_of
            """,
            {"as_of": as_of},
        ).fetchall()[0][0]
    finally:
        con.close()
    return as_of, otif


def test_the_page_shows_otif_the_peak_dip_and_the_cost_to_serve(app: AppTest, demo_db):
    app.switch_page(PAGE).run()

    assert not app.exception, [e.value for e in app.exception]
    _, otif = _otif(demo_db)
    assert metric(app, "OTIF") == f"{otif:.1%}"  # no line is promised on the last sale's day
    peak = next(m for m in app.metric if m.label == "OTIF in the peak season")
    assert peak.delta.startswith("-") and "pts vs other months" in peak.delta  # the typhoon dip
    costs = app.dataframe[-1].value
    con = db.connect(demo_db)
    expected = views.build(con, "cost_to_serve").set_index("account_id")
    con.close()
    # ranked by net contribution; the grid shows the amounts to the unit
    assert list(costs["rank"]) == list(range(1, len(expected) + 1))
    assert list(costs["net_contribution"]) == pytest.approx(
        list(expected["net_contribution"]), abs=0.01
    )  # the view keeps cents
    for table in app.dataframe:  # every column a user reads has a label, none snake_case
        config = json.loads(table.proto.columns)
        labels = [config.get(c, {}).get("label", c) for c in table.value.columns]
        assert not [label for label in labels if "_" in label]


def test_choosing_other_peak_months_changes_the_comparison(app: AppTest):
    app.switch_page(PAGE).run()
    typhoon = next(m for m in app.metric if m.label == "OTIF in the peak season").value

    app.multiselect[0].set_value([11, 12]).run()

    chosen = next(m for m in app.metric if m.label == "OTIF in the peak season")
    assert not app.exception
    assert chosen.value != typhoon and chosen.delta.startswith("+")  # no dip in Nov-Dec


def test_presentation_mode_hides_the_margins(app: AppTest):
    app.session_state["presentation"] = True
    app.switch_page(PAGE).run()

    shown = app.dataframe[-1].value
    assert not app.exception
    assert "gross_margin" not in shown and "net_contribution" not in shown
    assert "cost_to_serve_share" in shown


def test_the_overview_shows_the_key_accounts_otif_and_cost_saving_rate(app: AppTest, demo_db):
    con = db.connect(demo_db)
    key = views.build(con, "account_screening").query("proposed_tier == 'A'")["account_id"]
    lines = views.build(con, "delivery_performance").set_index("account_id").loc[key]
    con.close()

    app.switch_page("pages/overview.py").run()

    otif = (lines["otif_rate"] * lines["lines"]).sum() / lines["lines"].sum()
    assert not app.exception
    assert metric(app, "Key-account OTIF") == f"{otif:.1%}"
    assert metric(app, "Cost saving rate").endswith("%")


def test_the_brief_shows_the_accounts_late_lines_and_cost_to_serve(app: AppTest, demo_db):
    con = db.connect(demo_db)
    delivery = views.build(con, "delivery_performance").set_index("account_id").loc["AC0001"]
    costs = views.build(con, "cost_to_serve").set_index("account_id").loc["AC0001"]
    con.close()
    app.session_state["account"] = "AC0001"

    app.switch_page("pages/brief.py").run()

    late = next(d.value for d in app.dataframe if "days_late" in d.value.columns)
    facts = next(d.value for d in app.dataframe if "Late lines" in d.value.columns).iloc[0]
    assert not app.exception
    assert facts["OTIF, twelve months"] == f"{delivery['otif_rate']:.1%}"
    assert facts["Late lines"] == f"{len(late):,} of {delivery['lines']:,.0f}"
    assert len(late) == round(delivery["lines"] * (1 - delivery["on_time_rate"]))
    assert (late["days_late"] > 0).all()
    assert facts["Share of revenue"] == f"{costs['cost_to_serve_share']:.1%}"


def test_the_detail_table_turns_per_sku_with_the_same_lines(app: AppTest):
    app.switch_page(PAGE).run()
    per_account = next(d.value for d in app.dataframe if "account_id" in d.value.columns)

    app.toggle(key="service_by_sku").set_value(True).run()

    per_sku = next(d.value for d in app.dataframe if "sku" in d.value.columns)
    assert not app.exception
    assert per_sku["lines"].sum() == per_account["lines"].sum()
    assert per_sku["otif_rate"].is_monotonic_increasing  # worst first
