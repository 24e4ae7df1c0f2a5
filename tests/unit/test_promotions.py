"""Promotion results on constructed daily sales: exact days, baseline, uplift, dip, overlaps,
edges, measurability and ROI."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core.promotions.baseline import (
    DIP_DAYS,
    MIN_BASELINE_DAYS,
    chunks,
    daily_baseline,
    windows,
)
from kam_core.promotions.measurability import MIN_BASELINE_LINES, MOST_DAYS
from kam_core.promotions.measures import account_uplift, compare, results
from kam_core.promotions.weekdays import day_weights, weekday_profile

FIRST = date(2025, 1, 6)  # a Monday, the first day with a sale
AS_OF = date(2025, 12, 28)  # a Sunday
FLAT_SEASON = pd.Series(1.0, index=range(1, 53))
PRICE, UNIT_COST = 10.0, 6.0
MONDAY = FIRST + timedelta(weeks=20)  # a Monday in the middle of the year


def promo(promo_id: str, start: date, days: int, **extra: object) -> dict[str, object]:
    row = {
        "promo_id": promo_id,
        "account_id": "AC1",
        "sku": "SKU1",
        "start_date": start,
        "end_date": start + timedelta(days=days - 1),
        "discount_pct": 0.0,
        "cost": 100.0,
        "kind": "Display",
    }
    return {**row, **extra}


def flat(level: float = 10.0, weekend: float | None = None) -> pd.Series:
    """Units per day from FIRST to AS_OF; `weekend` for Saturdays and Sundays if given."""
    days = pd.date_range(FIRST, AS_OF)
    units = pd.Series(level, index=days)
    if weekend is not None:
        units[days.day_of_week >= 5] = weekend
    return units


def lifted(units: pd.Series, start: date, days: int, factor: float = 2.0) -> pd.Series:
    """`units` with the `days` days from `start` multiplied by `factor`."""
    on = (units.index >= pd.Timestamp(start)) & (
        units.index < pd.Timestamp(start + timedelta(days))
    )
    return units.where(~on, units * factor)


def profile_of(units: pd.Series, promotions: pd.DataFrame) -> pd.DataFrame:
    """The account's weekday profile as the store reads it: promotion days left out."""
    for p in promotions.itertuples():
        units = units.drop(units[pd.Timestamp(p.start_date) : pd.Timestamp(p.end_date)].index)
    by_day = pd.DataFrame({"quantity": units.to_numpy(), "weekday": units.index.day_of_week})
    sold = units[units > 0].index
    weeks = len(set(sold - pd.to_timedelta(sold.day_of_week, unit="D")))
    grouped = by_day.groupby("weekday", as_index=False).agg(
        quantity=("quantity", "sum"), days=("quantity", "size")
    )
    return weekday_profile(grouped.assign(account_id="AC1", weeks=weeks))


def measure(
    rows: list[dict[str, object]],
    units: pd.Series,
    as_of: date = AS_OF,
    unit_cost: float | None = UNIT_COST,
    season: pd.Series = FLAT_SEASON,
) -> pd.DataFrame:
    """The results of `rows` on daily `units` (every promotion's scope sells them) to as_of."""
    units = units[units.index <= pd.Timestamp(as_of)]
    selling = units[units > 0].index
    promotions = pd.DataFrame(rows).assign(first_sale=selling.min() if len(selling) else pd.NaT)
    started = promotions[pd.to_datetime(promotions["start_date"]) <= pd.Timestamp(as_of)]
    cut = chunks(windows(started, FIRST, as_of))
    # Every chunk's days in a row, summed per chunk as the store sums sales lines.
    length = cut["days"].to_numpy()
    begins = np.cumsum(length) - length
    chunk = np.repeat(np.arange(len(cut)), length)
    day = pd.DatetimeIndex(
        np.repeat(pd.to_datetime(cut["first"]).to_numpy(), length)
        + pd.to_timedelta(np.arange(length.sum()) - np.repeat(begins, length), unit="D")
    )
    own = promotions.set_index("promo_id").loc[cut["promo_id"].to_numpy()[chunk]]
    during = (day >= pd.to_datetime(own["start_date"]).to_numpy()) & (
        day <= pd.to_datetime(own["end_date"]).to_numpy()
    )
    sold = units.reindex(day).to_numpy()
    price = np.where(during, PRICE * (1 - own["discount_pct"].to_numpy()), PRICE)
    quantity = np.bincount(chunk, weights=sold, minlength=len(cut))
    sales = pd.DataFrame(
        {
            "promo_id": cut["promo_id"],
            "first": cut["first"],
            "quantity": quantity,
            "revenue": np.bincount(chunk, weights=sold * price, minlength=len(cut)),
            "cost": None if unit_cost is None else quantity * unit_cost,
            "costed": unit_cost is not None,
            "lines": np.bincount(chunk, weights=sold > 0, minlength=len(cut)).astype(int),
        }
    )
    cells = daily_baseline(cut, sales, season, profile_of(units, promotions))
    return results(promotions, cells, FIRST, as_of).set_index("promo_id")


@pytest.mark.parametrize("length", [1, 3, 10, 14, 45])
@pytest.mark.parametrize("weekday", range(7))
def test_flat_demand_doubled_on_the_promotion_days_is_a_hundred_percent_uplift(
    weekday: int, length: int
) -> None:
    start = MONDAY + timedelta(days=weekday)

    r = measure([promo("P1", start, length)], lifted(flat(), start, length)).loc["P1"]

    assert r.actual_qty == 20 * length
    assert r.baseline_qty == pytest.approx(10 * length, rel=0.02)
    assert r.uplift_pct == pytest.approx(1.0, abs=0.02)
    assert r.measurable and r.note == ""


def test_the_issue_example_a_fortnight_from_a_saturday_sold_280_against_140() -> None:
    saturday = MONDAY + timedelta(days=5)

    r = measure([promo("P1", saturday, 14)], lifted(flat(), saturday, 14)).loc["P1"]

    assert r.actual_qty == 280
    assert r.baseline_qty == pytest.approx(140)
    assert r.incremental_qty == pytest.approx(140)


@pytest.mark.parametrize(("weekday", "length"), [(4, 3), (5, 2), (2, 10), (6, 1), (0, 14)])
def test_weekends_selling_double_are_in_the_baseline_of_the_promotion_days(
    weekday: int, length: int
) -> None:
    start = MONDAY + timedelta(days=weekday)
    normal = flat(10.0, weekend=20.0)
    usual = normal[pd.Timestamp(start) : pd.Timestamp(start + timedelta(days=length - 1))].sum()

    r = measure([promo("P1", start, length)], lifted(normal, start, length)).loc["P1"]

    assert r.baseline_qty == pytest.approx(usual)
    assert r.uplift_pct == pytest.approx(1.0)


def test_the_dip_is_measured_on_exactly_the_days_after() -> None:
    start, length = MONDAY + timedelta(days=2), 10
    end = start + timedelta(days=length - 1)
    units = lifted(flat(), start, length)
    units[pd.Timestamp(end + timedelta(days=1))] = 0.0  # first dip day
    units[pd.Timestamp(end + timedelta(days=DIP_DAYS))] = 4.0  # last dip day

    r = measure([promo("P1", start, length)], units).loc["P1"]

    assert r.post_dip_qty == pytest.approx(10 + 6)
    assert r.incremental_qty == pytest.approx(10 * length - 16)
    assert r.uplift_pct == pytest.approx(1.0)


def test_a_day_after_the_dip_days_is_not_dip() -> None:
    start, length = MONDAY + timedelta(days=2), 10
    end = start + timedelta(days=length - 1)
    units = lifted(flat(), start, length)
    units[pd.Timestamp(end + timedelta(days=DIP_DAYS + 1))] = 0.0

    r = measure([promo("P1", start, length)], units).loc["P1"]

    assert r.post_dip_qty == pytest.approx(0)


def test_a_promotion_with_no_effect_shows_no_uplift() -> None:
    r = measure([promo("P1", MONDAY + timedelta(days=3), 9)], flat()).loc["P1"]

    assert r.uplift_pct == pytest.approx(0)
    assert r.incremental_qty == pytest.approx(0)
    assert r.incremental_revenue == pytest.approx(0)


def test_baseline_follows_the_season() -> None:
    season = FLAT_SEASON.copy()
    season.loc[22:23] = 2.0  # the promotion falls in weeks of year 22-23, a seasonal high
    units = lifted(flat(), MONDAY, 14)

    r = measure([promo("P1", MONDAY, 14)], units, season=season).loc["P1"]

    assert MONDAY.isocalendar().week == 22
    assert r.baseline_qty == pytest.approx(280)
    assert r.uplift_pct == pytest.approx(0)


def test_other_promotions_days_are_kept_out_of_the_baseline() -> None:
    earlier = MONDAY - timedelta(weeks=6)
    units = lifted(lifted(flat(), earlier, 5, 5.0), MONDAY, 14)

    r = measure([promo("P0", earlier, 5), promo("P1", MONDAY, 14)], units).loc["P1"]

    assert r.baseline_qty == pytest.approx(140)
    assert r.uplift_pct == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("shared", "measurable"),
    [(4, True), (5, True), (6, False)],  # of 10 days: below, on, above MOST_DAYS
)
def test_a_promotion_overlapped_on_most_of_its_days_is_not_measurable(
    shared: int, measurable: bool
) -> None:
    start = MONDAY + timedelta(days=1)
    other = promo("P2", start + timedelta(days=10 - shared), 7, sku=None)
    units = lifted(flat(), start, 10 - shared + 7)

    r = measure([promo("P1", start, 10), other], units).loc["P1"]

    assert MOST_DAYS == 0.5
    assert r.measurable == measurable
    said = "overlaps P2" if measurable else "overlapped by P2"
    assert f"{said} on {shared} of its 10 days" in r.note


def test_overlapping_promotions_split_the_shared_days() -> None:
    start = MONDAY + timedelta(days=1)
    units = lifted(flat(), start, 13)

    r = measure([promo("P1", start, 10), promo("P2", start + timedelta(days=7), 6)], units)

    assert r.loc["P1", "incremental_qty"] == pytest.approx(10 * 7 + 5 * 3)
    assert r.loc["P2", "incremental_qty"] == pytest.approx(5 * 3 + 10 * 3)


def test_promotions_on_other_skus_do_not_overlap() -> None:
    other_sku = promo("P2", MONDAY, 14, sku="SKU2")

    r = measure([promo("P1", MONDAY, 14), other_sku], lifted(flat(), MONDAY, 14))

    assert r.loc["P1", "note"] == ""


@pytest.mark.parametrize(
    ("days_after", "measurable"),
    [(DIP_DAYS - 1, False), (DIP_DAYS, True), (DIP_DAYS + 1, True)],
)
def test_a_promotion_is_measurable_once_its_dip_days_are_all_in(
    days_after: int, measurable: bool
) -> None:
    start = MONDAY + timedelta(days=3)
    as_of = start + timedelta(days=9 + days_after)

    r = measure([promo("P1", start, 10)], lifted(flat(), start, 10), as_of=as_of).loc["P1"]

    assert r.status == "past"
    assert r.measurable == measurable
    assert ("cut by the edge of the data" in r.note) != measurable
    assert r.uplift_pct == pytest.approx(1.0)


def test_a_running_promotion_is_cut_by_the_edge_of_the_data() -> None:
    as_of = MONDAY + timedelta(days=6)

    r = measure([promo("P1", MONDAY, 14)], lifted(flat(), MONDAY, 14), as_of=as_of).loc["P1"]

    assert r.status == "running"
    assert not r.measurable
    assert r.actual_qty == 140  # its days so far
    assert "cut by the edge of the data" in r.note


def test_a_promotion_starting_before_the_data_is_cut_by_its_edge() -> None:
    before = FIRST - timedelta(days=2)

    r = measure([promo("P1", before, 7)], lifted(flat(), FIRST, 5)).loc["P1"]

    assert not r.measurable
    assert "cut by the edge of the data" in r.note


def test_a_planned_promotion_has_no_result_yet() -> None:
    planned = promo("P9", AS_OF + timedelta(days=8), 14)

    r = measure([planned], flat()).loc["P9"]

    assert r.status == "planned" and not r.measurable
    assert pd.isna(r.uplift_pct) and pd.isna(r.roi)
    assert r.note == "planned: no result yet"


def test_a_promotion_of_goods_that_never_sold_before_is_not_measurable() -> None:
    units = flat().where(flat().index >= pd.Timestamp(MONDAY), 0.0)

    r = measure([promo("P1", MONDAY, 14)], lifted(units, MONDAY, 14)).loc["P1"]

    assert not r.measurable
    assert r.note == "no sales before it to compare with"


@pytest.mark.parametrize(
    "clean_days", [MIN_BASELINE_DAYS - 1, MIN_BASELINE_DAYS, MIN_BASELINE_DAYS + 1]
)
def test_a_baseline_needs_enough_clean_days(clean_days: int) -> None:
    start = FIRST + timedelta(days=clean_days)  # the data starts clean_days before it
    as_of = start + timedelta(days=9 + DIP_DAYS)  # and ends with its dip days

    r = measure([promo("P1", start, 10)], lifted(flat(), start, 10), as_of=as_of).loc["P1"]

    enough = clean_days >= MIN_BASELINE_DAYS
    assert r.measurable == enough
    assert pd.isna(r.baseline_qty) != enough
    if not enough:
        assert r.note == f"too few clean baseline days: {clean_days} of the 21 needed"


@pytest.mark.parametrize(
    "lines", [MIN_BASELINE_LINES - 1, MIN_BASELINE_LINES, MIN_BASELINE_LINES + 1]
)
def test_a_baseline_needs_enough_sales_on_its_clean_days(lines: int) -> None:
    # A scope that sold one order a day on the `lines` days before the promotion and nothing
    # else in its window (the data ends with its dip days).
    start = MONDAY
    as_of = start + timedelta(days=9 + DIP_DAYS)
    units = flat(0.0)
    units[pd.Timestamp(start - timedelta(days=lines)) : pd.Timestamp(start - timedelta(days=1))] = (
        10.0
    )

    r = measure([promo("P1", start, 10)], units, as_of=as_of).loc["P1"]

    enough = lines >= MIN_BASELINE_LINES
    assert r.measurable == enough
    if not enough:
        assert r.note == f"too few sales on the clean baseline days: {lines} lines of the 10 needed"


def test_a_promotion_on_days_that_never_sell_is_not_measurable() -> None:
    saturday = MONDAY + timedelta(days=5)
    units = flat(10.0, weekend=0.0)

    r = measure([promo("P1", saturday, 2)], lifted(units, saturday, 2)).loc["P1"]

    assert r.baseline_qty == pytest.approx(0)
    assert not r.measurable
    assert r.note == "its days usually sell nothing: uplift undefined"


def test_roi_is_incremental_margin_less_cost_over_cost() -> None:
    units = lifted(flat(), MONDAY + timedelta(days=2), 10, 3.0)
    row = promo("P1", MONDAY + timedelta(days=2), 10, discount_pct=0.2, cost=200.0)

    r = measure([row], units).loc["P1"]

    # 200 extra units at the regular margin of 4; discount: 300 units at 10 x 0.2 = 600.
    assert r.incremental_margin == pytest.approx(800)
    assert r.discount_given == pytest.approx(600)
    assert r.cost == pytest.approx(800)
    assert r.roi == pytest.approx(0)
    assert r.efficiency == pytest.approx(2.0 / 0.2)


def test_margin_is_unknown_without_a_cost() -> None:
    units = lifted(flat(), MONDAY, 14)

    r = measure([promo("P1", MONDAY, 14)], units, unit_cost=None).loc["P1"]

    assert pd.isna(r.incremental_margin) and pd.isna(r.roi)
    assert r.measurable
    assert "margin unknown" in r.note


def test_every_day_of_a_window_is_in_exactly_one_chunk() -> None:
    rows = [promo("P1", MONDAY + timedelta(days=3), 10), promo("P2", MONDAY, 4, sku=None)]
    promotions = pd.DataFrame(rows)

    days = windows(promotions, FIRST, AS_OF)
    cut = chunks(days)

    assert (
        cut.groupby("promo_id")["days"].sum().to_dict() == days.groupby("promo_id").size().to_dict()
    )
    weeks = cut[cut["days"] == 7]
    assert (pd.to_datetime(weeks["first"]).dt.day_of_week == 0).all()
    assert len(weeks) > 20  # most of the window is read as whole weeks


def test_rankings_and_the_forecast_uplift_leave_out_the_unmeasurable() -> None:
    table = pd.DataFrame(
        {
            "promo_id": ["P1", "P2", "P3", "P4"],
            "account_id": ["A", "A", "A", "B"],
            "kind": ["Display"] * 4,
            "measurable": [True, True, False, True],
            "uplift_pct": [0.5, 1.0, 3.84, 0.2],
            "incremental_margin": [100.0, 200.0, 900.0, 50.0],
            "cost": [100.0, 100.0, 100.0, 100.0],
            "roi": [0.0, 1.0, 8.0, -0.5],
        }
    )

    uplift = account_uplift(table)
    by_kind = compare(table, ["kind"])

    assert uplift.to_dict() == pytest.approx({"A": 0.75, "B": 0.2})
    assert by_kind["promotions"].tolist() == [3]
    assert by_kind["roi"].iloc[0] == pytest.approx((350 - 300) / 300)
    assert uplift.name == "uplift"


def test_comparisons_list_the_best_return_first_with_the_group_as_a_column() -> None:
    table = pd.DataFrame(
        {
            "promo_id": ["P1", "P2", "P3", "P4"],
            "kind": ["Display", "Display", "Leaflet", "Leaflet"],
            "measurable": True,
            "uplift_pct": [0.5, 1.0, 0.2, 0.4],
            "incremental_margin": [100.0, 100.0, 500.0, 100.0],
            "cost": [100.0, 100.0, 100.0, np.nan],
            "roi": [0.0, 0.0, 4.0, np.nan],  # P4's cost is unknown: left out
        }
    )

    by_kind = compare(table, ["kind"])

    assert by_kind.to_dict("list") == {
        "kind": ["Leaflet", "Display"],
        "promotions": [1, 2],
        "uplift_pct": [0.2, 0.75],
        "incremental_margin": [500.0, 200.0],
        "cost": [100.0, 200.0],
        "roi": [4.0, 0.0],
    }


@pytest.mark.parametrize(("weeks", "used"), [(12, False), (13, True), (14, True)])
def test_a_weekday_profile_needs_thirteen_weeks_of_sales(weeks: int, used: bool) -> None:
    units = pd.DataFrame(
        {
            "account_id": "A",
            "weekday": range(7),
            "quantity": [1, 1, 1, 1, 1, 2, 2],
            "days": 52,
            "weeks": weeks,
        }
    )

    profile = weekday_profile(units).loc["A"]

    assert (profile.iloc[5] > 1.0) == used
    assert profile.mean() == pytest.approx(1.0)


@pytest.mark.parametrize(("swing", "used"), [(0.0999, False), (0.10, True), (0.1001, True)])
def test_a_weekday_profile_within_ten_percent_of_flat_is_noise(swing: float, used: bool) -> None:
    weights = [1 + swing, 1 - swing, 1, 1, 1, 1, 1]  # mean 1: the swing is the deviation
    units = pd.DataFrame(
        {"account_id": "A", "weekday": range(7), "quantity": weights, "days": 52, "weeks": 52}
    )

    profile = weekday_profile(units).loc["A"]

    assert profile.iloc[0] == pytest.approx(1 + swing if used else 1.0)


@settings(max_examples=25, deadline=None)
@given(
    level=st.floats(1, 1000),
    lift=st.floats(1, 4),
    weekday=st.integers(0, 6),
    length=st.integers(1, 60),
)
def test_uplift_recovers_any_lift_on_flat_demand(
    level: float, lift: float, weekday: int, length: int
) -> None:
    start = MONDAY + timedelta(days=weekday)
    units = lifted(flat(level), start, length, lift)

    r = measure([promo("P1", start, length)], units).loc["P1"]

    assert r.uplift_pct == pytest.approx(lift - 1, abs=1e-9)
    assert r.incremental_qty == pytest.approx(level * (lift - 1) * length, rel=1e-9, abs=1e-6)


@settings(max_examples=15, deadline=None)
@given(offset=st.integers(0, 9), length=st.integers(1, 12), lift=st.floats(1, 3))
def test_overlapping_promotions_share_the_extra_units_without_counting_them_twice(
    offset: int, length: int, lift: float
) -> None:
    start = MONDAY + timedelta(days=2)
    second = promo("P2", start + timedelta(days=offset), length, sku=None)
    span = max(10, offset + length)
    units = lifted(flat(), start, span, lift)

    r = measure([promo("P1", start, 10), second], units)

    assert r.incremental_qty.sum() == pytest.approx(10 * (lift - 1) * span)


def test_a_weekday_profile_is_per_day_sold_and_missing_weekdays_weigh_nothing() -> None:
    # Saturdays sold 140 units on 10 Saturdays, the weekdays 70 on 7 days each; no Sunday row.
    rows = pd.DataFrame(
        {
            "account_id": "A",
            "weekday": range(6),
            "quantity": [70.0] * 5 + [140.0],
            "days": [7] * 5 + [10],
            "weeks": 20,
        }
    )

    profile = weekday_profile(rows)

    assert list(profile.columns) == list(range(7))
    assert profile.loc["A"].tolist() == pytest.approx([70 / 64] * 5 + [98 / 64, 0.0])  # mean 64/7


def test_an_account_that_sold_nothing_has_a_flat_profile_and_so_has_one_not_in_it() -> None:
    rows = pd.DataFrame(
        {"account_id": ["A"] * 7 + ["B"] * 7, "weekday": [*range(7)] * 2,
         "quantity": [0.0] * 7 + [1, 1, 1, 1, 1, 3, 0], "days": 10, "weeks": 30}
    )  # fmt: skip

    profile = weekday_profile(rows)
    weights = day_weights(profile, pd.Series(["B", "A", "ZZ", "B"]), np.array([5, 5, 5, 6]))

    assert profile.loc["A"].tolist() == [1.0] * 7
    assert weights.tolist() == pytest.approx([3 / (8 / 7), 1.0, 1.0, 0.0])


def test_without_clean_sales_the_regular_price_is_the_promotion_price_before_discount() -> None:
    start = MONDAY + timedelta(days=2)
    units = flat(0.0)
    units[pd.Timestamp(start) : pd.Timestamp(start + timedelta(days=4))] = 20.0
    row = promo("P1", start, 5, discount_pct=0.2)

    r = measure([row], units).loc["P1"]

    assert not r.measurable  # nothing sold before it
    # 100 extra units at the regular price of 10 (paid 8) and unit cost 6.
    assert r.incremental_qty == pytest.approx(100)
    assert r.incremental_margin == pytest.approx(100 * (10 - 6))
    assert r.discount_given == pytest.approx(100 * 2)


def test_a_promotion_that_ended_before_the_data_has_no_result() -> None:
    before = FIRST - timedelta(days=20)

    r = measure([promo("P1", before, 7)], flat()).loc["P1"]

    assert not r.measurable and "cut by the edge of the data" in r.note
    assert pd.isna(r.actual_qty) and pd.isna(r.incremental_qty) and pd.isna(r.uplift_pct)
