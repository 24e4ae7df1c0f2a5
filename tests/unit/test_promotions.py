"""Promotion results on constructed weekly sales: baseline, uplift, dip, overlaps, edges, ROI."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core.promotions.baseline import weekly_baseline
from kam_core.promotions.measures import account_uplift, results

FIRST = date(2025, 1, 6)  # a Monday
AS_OF = date(2025, 12, 28)  # a Sunday: every week up to here is complete
FLAT_SEASON = pd.Series(1.0, index=range(1, 53))
PRICE, UNIT_COST = 10.0, 6.0


def promo(promo_id: str, start: date, weeks: int, **extra: object) -> dict[str, object]:
    row = {
        "promo_id": promo_id,
        "account_id": "AC1",
        "sku": "SKU1",
        "start_date": start,
        "end_date": start + timedelta(days=7 * weeks - 1),
        "discount_pct": 0.0,
        "cost": 100.0,
        "kind": "Display",
    }
    return {**row, **extra}


def demand(level: float = 10.0, **weeks: float) -> dict[date, float]:
    """Units per week from FIRST to AS_OF; keyword w<N> overrides week N (0-based)."""
    series = {FIRST + timedelta(weeks=i): level for i in range(51)}
    for key, value in weeks.items():
        series[FIRST + timedelta(weeks=int(key[1:]))] = value
    return series


def measure(
    rows: list[dict[str, object]],
    units: dict[date, float],
    as_of: date = AS_OF,
    unit_cost: float | None = UNIT_COST,
    season: pd.Series = FLAT_SEASON,
) -> pd.DataFrame:
    promotions = pd.DataFrame(rows)
    weekly = pd.DataFrame(
        [
            {
                "promo_id": p["promo_id"],
                "week": pd.Timestamp(week),
                "quantity": qty,
                "revenue": qty * PRICE * (1 - float(p["discount_pct"]))  # type: ignore[arg-type]
                if p["start_date"] <= week <= p["end_date"]  # type: ignore[operator]
                else qty * PRICE,
                "cost": None if unit_cost is None else qty * unit_cost,
                "costed": unit_cost is not None,
            }
            for p in rows
            for week, qty in units.items()
            if week <= as_of
        ]
    )
    cells = weekly_baseline(promotions, weekly, season, FIRST, as_of)
    return results(promotions, cells, as_of).set_index("promo_id")


START = FIRST + timedelta(weeks=20)  # week 20


def test_doubling_flat_demand_is_a_hundred_percent_uplift() -> None:
    units = demand(w20=20, w21=20)

    r = measure([promo("P1", START, 2)], units).loc["P1"]

    assert r.baseline_qty == pytest.approx(20)
    assert r.actual_qty == pytest.approx(40)
    assert r.uplift_pct == pytest.approx(1.0)
    assert r.incremental_qty == pytest.approx(20)
    assert r.post_dip_qty == pytest.approx(0)


def test_a_promotion_with_no_effect_shows_no_uplift() -> None:
    r = measure([promo("P1", START, 2)], demand()).loc["P1"]

    assert r.uplift_pct == pytest.approx(0)
    assert r.incremental_qty == pytest.approx(0)
    assert r.incremental_revenue == pytest.approx(0)


def test_the_dip_after_is_netted_out_of_the_incremental_units() -> None:
    units = demand(w20=20, w21=20, w22=5, w23=7)

    r = measure([promo("P1", START, 2)], units).loc["P1"]

    assert r.uplift_pct == pytest.approx(1.0)
    assert r.post_dip_qty == pytest.approx(8)
    assert r.incremental_qty == pytest.approx(12)
    assert r.incremental_revenue == pytest.approx(120)


def test_baseline_follows_the_season() -> None:
    season = pd.Series(1.0, index=range(1, 53))
    season.loc[22:23] = 2.0  # the promotion falls in weeks of year 22-23, a seasonal high
    units = demand(w20=20, w21=20)

    r = measure([promo("P1", START, 2)], units, season=season).loc["P1"]

    assert START.isocalendar().week == 22
    assert r.baseline_qty == pytest.approx(40)
    assert r.uplift_pct == pytest.approx(0)


def test_other_promotions_weeks_are_kept_out_of_the_baseline() -> None:
    earlier = promo("P0", FIRST + timedelta(weeks=14), 1)
    units = demand(w14=50, w15=2, w20=20, w21=20)

    r = measure([earlier, promo("P1", START, 2)], units).loc["P1"]

    assert r.baseline_qty == pytest.approx(20)
    assert r.uplift_pct == pytest.approx(1.0)


def test_overlapping_promotions_split_the_shared_weeks_and_say_so() -> None:
    account_wide = promo("P2", START + timedelta(weeks=1), 2, sku=None)
    units = demand(w20=20, w21=30, w22=20)

    r = measure([promo("P1", START, 2), account_wide], units)

    assert r.loc["P1", "incremental_qty"] == pytest.approx(10 + 10)
    assert r.loc["P2", "incremental_qty"] == pytest.approx(10 + 10)
    assert r.incremental_qty.sum() == pytest.approx(10 + 20 + 10)
    assert "overlaps P2" in r.loc["P1", "note"]
    assert "overlaps P1" in r.loc["P2", "note"]


def test_promotions_on_other_skus_do_not_overlap() -> None:
    other_sku = promo("P2", START, 2, sku="SKU2")

    r = measure([promo("P1", START, 2), other_sku], demand(w20=20, w21=20))

    assert r.loc["P1", "note"] == ""


def test_a_promotion_ending_at_the_edge_of_the_data_has_an_unknown_dip() -> None:
    as_of = START + timedelta(weeks=2, days=6)  # the Sunday after the first week after
    units = demand(w20=20, w21=20, w22=5)

    r = measure([promo("P1", START, 2)], units, as_of=as_of).loc["P1"]

    assert r.status == "past"
    assert pd.isna(r.post_dip_qty)
    assert r.incremental_qty == pytest.approx(20)
    assert "dip unknown" in r.note


def test_a_running_promotion_is_measured_to_date() -> None:
    as_of = START + timedelta(days=6)

    r = measure([promo("P1", START, 2)], demand(w20=20), as_of=as_of).loc["P1"]

    assert r.status == "running"
    assert r.baseline_qty == pytest.approx(10)
    assert r.uplift_pct == pytest.approx(1.0)
    assert "running" in r.note


def test_a_planned_promotion_has_no_result_yet() -> None:
    planned = promo("P9", AS_OF + timedelta(days=8), 2)

    r = measure([planned], demand()).loc["P9"]

    assert r.status == "planned"
    assert pd.isna(r.uplift_pct) and pd.isna(r.roi)
    assert r.note == "planned: no result yet"


def test_a_promotion_at_the_start_of_the_data_uses_the_weeks_after() -> None:
    units = demand(w0=30, w1=30)

    r = measure([promo("P1", FIRST, 2)], units).loc["P1"]

    assert r.baseline_qty == pytest.approx(20)
    assert r.uplift_pct == pytest.approx(2.0)


def test_without_enough_clean_weeks_there_is_no_baseline() -> None:
    crowded = [promo(f"P{i}", FIRST + timedelta(weeks=3 * i), 2) for i in range(12)]

    r = measure(crowded, demand())

    assert r.loc["P5", "baseline_qty"] != r.loc["P5", "baseline_qty"]  # NaN
    assert "too few comparable weeks" in r.loc["P5", "note"]


def test_roi_is_incremental_margin_less_cost_over_cost() -> None:
    units = demand(w20=30, w21=30)
    row = promo("P1", START, 2, discount_pct=0.2, cost=200.0)

    r = measure([row], units).loc["P1"]

    # 40 extra units at the regular margin of 4; discount: 60 units at 10 x 0.2 = 120.
    assert r.incremental_margin == pytest.approx(160)
    assert r.discount_given == pytest.approx(120)
    assert r.cost == pytest.approx(320)
    assert r.roi == pytest.approx((160 - 320) / 320)
    assert r.efficiency == pytest.approx(2.0 / 0.2)


def test_margin_is_unknown_without_a_cost() -> None:
    r = measure([promo("P1", START, 2)], demand(w20=20, w21=20), unit_cost=None).loc["P1"]

    assert pd.isna(r.incremental_margin)
    assert pd.isna(r.roi)
    assert "margin unknown" in r.note


def test_account_uplift_averages_past_promotions_only() -> None:
    table = pd.DataFrame(
        {
            "account_id": ["A", "A", "A", "B"],
            "status": ["past", "past", "planned", "past"],
            "uplift_pct": [0.5, 1.0, None, 0.2],
        }
    )

    uplift = account_uplift(table)

    assert uplift.to_dict() == pytest.approx({"A": 0.75, "B": 0.2})


@settings(max_examples=25, deadline=None)
@given(
    level=st.floats(1, 1000),
    lift=st.floats(1, 4),
    weeks=st.integers(1, 4),
)
def test_uplift_recovers_any_lift_on_flat_demand(level: float, lift: float, weeks: int) -> None:
    units = demand(level, **{f"w{20 + i}": level * lift for i in range(weeks)})

    r = measure([promo("P1", START, weeks)], units).loc["P1"]

    assert r.uplift_pct == pytest.approx(lift - 1, abs=1e-9)
    assert r.incremental_qty == pytest.approx(level * (lift - 1) * weeks, abs=1e-6)


@settings(max_examples=15, deadline=None)
@given(
    offset=st.integers(0, 3),
    weeks=st.integers(1, 3),
    lifts=st.lists(st.floats(1, 3), min_size=6, max_size=6),
)
def test_overlapping_promotions_share_the_extra_units_without_counting_them_twice(
    offset: int, weeks: int, lifts: list[float]
) -> None:
    second = promo("P2", START + timedelta(weeks=offset), weeks, sku=None)
    span = range(20, 20 + max(3, offset + weeks))
    units = demand(**{f"w{w}": 10 * lifts[i] for i, w in enumerate(span)})

    r = measure([promo("P1", START, 3), second], units)

    assert r.incremental_qty.sum() == pytest.approx(
        sum(10 * (lifts[i] - 1) for i in range(len(span)))
    )
