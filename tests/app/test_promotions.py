"""The Promotions page: the counts, results and trials a user reads, honouring the filters."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from kam_core.data.filters import Filters
from kam_core.store import views

PERIOD_COUNT = """
select count(*) filter (where start_date > $end or (end_date >= $start and start_date <= $end)),
       count(*) filter (where start_date > $end)
from promotions p join accounts a using (account_id)
where $region is null or a.region = $region
"""


def expected(db: Path, region: str | None = None) -> tuple[int, int]:
    """(shown, planned) for the default period: 2026 to the last sales date."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        end = con.execute("select max(date) from sales").fetchall()[0][0]
        params = {"start": pd.Timestamp(end.year, 1, 1).date(), "end": end, "region": region}
        shown, planned = con.execute(PERIOD_COUNT, params).fetchall()[0]
    finally:
        con.close()
    return shown, planned


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def results_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "roi" in d.value and "note" in d.value)


def apart_table(at: AppTest) -> pd.DataFrame:
    """The promotions listed apart as not measurable."""
    return next(d.value for d in at.dataframe if "note" in d.value and "roi" not in d.value)


def open_page(app: AppTest) -> AppTest:
    app.switch_page("pages/promotions.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_counts_match_the_promotions_of_the_period_and_those_planned(
    app: AppTest, demo_db: Path
) -> None:
    at = open_page(app)

    shown, planned = expected(demo_db)
    assert metrics(at)["Promotions"] == str(shown)
    assert metrics(at)["Planned"] == str(planned)
    assert len(results_table(at)) + len(apart_table(at)) == shown
    assert any(h.value == f"Not measurable ({len(apart_table(at))})" for h in at.subheader)


def test_the_export_view_agrees_with_the_page(app: AppTest, demo_db: Path) -> None:
    at = open_page(app)

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        end = con.execute("select max(date) from sales").fetchall()[0][0]
        view = views.build(con, "promotion_results", end).set_index("promo_id")
    finally:
        con.close()
    ranked = results_table(at).set_index("promo_id")
    apart = apart_table(at).set_index("promo_id")
    assert view.loc[ranked.index, "measurable"].all()
    assert not view.loc[apart.index, "measurable"].any()
    assert (view.loc[apart.index, "note"] == apart["note"]).all()
    for column in ("roi", "uplift_pct", "incremental_qty", "actual_qty"):
        rate = column in ("roi", "uplift_pct")  # the grid: rates in percent to 0.001 point
        pd.testing.assert_series_equal(
            view.loc[ranked.index, column],
            ranked[column] / (100 if rate else 1),
            check_names=False,
            check_dtype=False,
            check_exact=False,
            atol=1e-4 if rate else 0.005,
            rtol=0,
        )


def test_results_are_sorted_by_roi_and_some_lost_money(app: AppTest) -> None:
    at = open_page(app)

    roi = results_table(at)["roi"].dropna()
    paid, known = metrics(at)["Paid off (ROI > 0)"].split(" of ")
    assert roi.is_monotonic_decreasing
    assert (roi < 0).any()
    assert (
        int(known) > 0 and int(paid) == (roi > 0).sum() - 0 * int(known) or int(paid) <= int(known)
    )
    assert metrics(at)["Net result (margin − cost)"].startswith("-")


def test_the_region_filter_narrows_the_promotions(app: AppTest, demo_db: Path) -> None:
    at = open_page(app)  # AppTest runs the page alone after switch_page: set the filters' state

    f = at.session_state["filters"]
    at.session_state["filters"] = Filters(f.start, f.end, regions=("North",))
    at.run()

    shown, planned = expected(demo_db, "North")
    assert metrics(at)["Promotions"] == str(shown)
    assert set(results_table(at)["name"]) <= set(
        duckdb.connect(str(demo_db), read_only=True)
        .execute("select name from accounts where region = 'North'")
        .df()["name"]
    )


def test_the_chosen_promotion_explains_its_measurement(app: AppTest) -> None:
    at = open_page(app)

    chosen = (
        at.selectbox(key=None) if False else next(s for s in at.selectbox if s.label == "Promotion")
    )
    ranked = results_table(at).set_index("promo_id")
    assert chosen.value == ranked.index[0]  # the best-ranked promotion first
    row = ranked.loc[chosen.value]
    assert at.text[0].value == (
        row["note"] or "Nothing to flag: baseline, dip and margin all measured."
    )


def test_trials_read_out_lists_the_launches_of_the_chosen_months(app: AppTest) -> None:
    at = open_page(app)

    read_out = next(d.value for d in at.dataframe if "units_per_account_week" in d.value)
    assert list(read_out["sku"]) == ["CO-1010", "KE-1010", "TO-1010", "BL-1010", "AI-1010"]

    at.slider[0].set_value(3).run()
    read_out = next(d.value for d in at.dataframe if "units_per_account_week" in d.value)
    assert list(read_out["sku"]) == ["BL-1010", "AI-1010"]


def test_presentation_mode_hides_the_margins(app: AppTest) -> None:
    at = open_page(app)

    at.session_state["presentation"] = True
    at.run()

    assert "incremental_margin" not in results_table(at)
    assert metrics(at)["Net result (margin − cost)"] == "–"


def test_an_account_in_the_roi_comparison_opens_its_sales_trend(app: AppTest) -> None:
    at = open_page(app)

    at.selectbox(key="roi-account").set_value("AC0001").run()
    next(b for b in at.button if b.label == "Open its sales trend").click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["account"] == "AC0001"
    assert at.title[0].value != "Promotions"
