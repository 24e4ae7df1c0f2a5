"""The calendar: promotions a period shows, peak seasons, and planned ones that empty the shelf."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from kam_core.promotions.calendar import in_view, peak_spans, stockout_flags
from kam_core.stock.peak_season import PEAK_THRESHOLD

AS_OF = date(2026, 10, 31)
DAYS = pd.date_range("2026-11-01", "2026-11-30")


def planned(promo_id: str, start: str, end: str, sku: str | None = "S1") -> dict[str, object]:
    return {
        "promo_id": promo_id,
        "account_id": "A",
        "sku": sku,
        "start_date": date.fromisoformat(start),
        "end_date": date.fromisoformat(end),
    }


def projection(daily: float, uplift: float, start: str, end: str) -> pd.DataFrame:
    """A daily forecast lifted by `uplift` between start and end (as the forecast does)."""
    lifted = DAYS.to_series().between(start, end).to_numpy()
    units = np.where(lifted, daily * (1 + uplift), daily)
    return pd.DataFrame([units], index=pd.MultiIndex.from_tuples([("A", "S1")]), columns=DAYS)


def positions(stock: float, uplift: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"account_id": ["A"], "sku": ["S1"], "on_hand": [stock], "in_transit": [0.0],
         "uplift": [uplift]}
    )  # fmt: skip


def test_a_promotion_whose_uplift_empties_the_shelf_is_flagged() -> None:
    demand = projection(10, 1.0, "2026-11-10", "2026-11-16")

    flags = stockout_flags(
        pd.DataFrame([planned("P1", "2026-11-10", "2026-11-16")]), positions(200, 1.0), demand,
        AS_OF,
    )  # fmt: skip

    # 200 units: 160 needed by the 16th without it; with it 90 + 6 x 20 = 210 by the 15th.
    row = flags.iloc[0]
    assert row.stockout
    assert row.stockout_skus == "S1"
    assert row.stockout_date == date(2026, 11, 15)


def test_a_promotion_the_stock_covers_is_not_flagged() -> None:
    demand = projection(10, 1.0, "2026-11-10", "2026-11-16")

    flags = stockout_flags(
        pd.DataFrame([planned("P1", "2026-11-10", "2026-11-16")]), positions(500, 1.0), demand,
        AS_OF,
    )  # fmt: skip

    assert not flags.iloc[0].stockout


def test_a_shelf_empty_before_the_promotion_anyway_is_not_blamed_on_it() -> None:
    demand = projection(10, 1.0, "2026-11-10", "2026-11-16")

    flags = stockout_flags(
        pd.DataFrame([planned("P1", "2026-11-10", "2026-11-16")]), positions(50, 1.0), demand,
        AS_OF,
    )  # fmt: skip

    assert not flags.iloc[0].stockout


def test_a_promotion_beyond_the_projection_is_not_judged() -> None:
    demand = projection(10, 0.0, "2026-12-01", "2026-12-01")

    flags = stockout_flags(
        pd.DataFrame([planned("P1", "2027-01-10", "2027-01-16")]), positions(1, 1.0), demand,
        AS_OF,
    )  # fmt: skip

    assert flags.iloc[0].stockout is None


def test_the_calendar_shows_the_period_and_everything_planned() -> None:
    results = pd.DataFrame(
        {
            "promo_id": ["old", "in", "edge", "planned"],
            "start_date": pd.to_datetime(["2025-01-01", "2026-03-01", "2025-12-25", "2026-12-01"]),
            "end_date": pd.to_datetime(["2025-01-10", "2026-03-10", "2026-01-05", "2026-12-10"]),
            "status": ["past", "past", "past", "planned"],
        }
    )

    shown = in_view(results, date(2026, 1, 1), date(2026, 10, 31))

    assert list(shown.promo_id) == ["in", "edge", "planned"]


def test_peak_seasons_are_the_months_selling_well_above_average() -> None:
    season = pd.Series(1.0, index=range(1, 53))
    season.loc[45:52] = 2.0  # November-December
    season = season / season.mean()

    spans = peak_spans(season, date(2025, 6, 1), date(2026, 12, 31))

    assert [(s.month, e.month, e.year) for s, e in spans] == [(11, 12, 2025), (11, 12, 2026)]


def test_a_flat_year_has_no_peak_to_shade() -> None:
    assert peak_spans(pd.Series(1.0, index=range(1, 53)), date(2025, 1, 1), date(2026, 1, 1)) == []


def test_the_calendar_shows_a_promotion_touching_the_period_on_its_first_or_last_day() -> None:
    results = pd.DataFrame(
        {
            "promo_id": ["ends_before", "ends_on_first", "starts_on_last", "starts_after"],
            "start_date": pd.to_datetime(["2025-12-20", "2025-12-20", "2026-10-31", "2026-11-01"]),
            "end_date": pd.to_datetime(["2025-12-31", "2026-01-01", "2026-11-05", "2026-11-05"]),
            "status": "past",
        }
    )

    shown = in_view(results, date(2026, 1, 1), date(2026, 10, 31))

    assert list(shown.promo_id) == ["ends_on_first", "starts_on_last"]


NOV_DEC = pd.Series(1.0, index=range(1, 53))
NOV_DEC.loc[45:52] = 2.0


def test_peak_seasons_are_cut_at_the_first_day_and_shown_when_starting_on_the_last() -> None:
    spans = peak_spans(NOV_DEC / NOV_DEC.mean(), date(2025, 11, 15), date(2026, 11, 1))

    assert spans == [
        (date(2025, 11, 15), date(2025, 12, 31)),
        (date(2026, 11, 1), date(2026, 12, 31)),
    ]


def test_a_month_exactly_on_the_peak_threshold_is_a_peak() -> None:
    season = pd.Series(1.0, index=range(1, 53))
    season.loc[27:31] = PEAK_THRESHOLD  # every week with a day in July

    spans = peak_spans(season, date(2026, 1, 1), date(2026, 12, 31))

    assert spans == [(date(2026, 7, 1), date(2026, 7, 31))]


PROMO_WEEK = ("2026-11-10", "2026-11-16")  # days 10 to 16 of the projection


def flag(stock: pd.DataFrame, demand: pd.DataFrame, *promotions: dict[str, object]) -> pd.DataFrame:
    return stockout_flags(pd.DataFrame(list(promotions)), stock, demand, AS_OF)


@pytest.mark.parametrize(
    ("units", "flagged"),
    [
        (159, False),  # runs out on the promotion's last day without it too
        (160, True),
        (229, True),  # with it, runs out on its last day
        (230, False),  # lasts its last day: runs out the day after
    ],
)
def test_a_stockout_is_the_promotions_when_it_falls_within_its_days_and_not_without_it(
    units: int, flagged: bool
) -> None:
    in_transit = positions(0, 1.0).assign(in_transit=float(units))

    row = flag(in_transit, projection(10, 1.0, *PROMO_WEEK), planned("P1", *PROMO_WEEK)).iloc[0]

    assert row.stockout == flagged
    if units == 229:
        assert row.stockout_date == date(2026, 11, 16)


def test_stock_below_zero_counts_as_none_and_unknown_in_transit_as_nothing() -> None:
    backorder = positions(-50, 1.0).assign(in_transit=279.0)  # 279 units: lasts the promotion
    unknown = positions(229, 1.0).assign(in_transit=np.nan)  # 229 units: runs out on its last day

    demand = projection(10, 1.0, *PROMO_WEEK)

    assert not flag(backorder, demand, planned("P1", *PROMO_WEEK)).iloc[0].stockout
    assert flag(unknown, demand, planned("P1", *PROMO_WEEK)).iloc[0].stockout


def test_a_position_without_a_known_uplift_is_never_blamed_on_the_promotion() -> None:
    row = flag(
        positions(200, np.nan), projection(10, 1.0, *PROMO_WEEK), planned("P1", *PROMO_WEEK)
    ).iloc[0]

    assert row.stockout is not None and not row.stockout


def test_a_one_day_promotion_on_the_projections_first_day_can_empty_the_shelf_that_day() -> None:
    row = flag(
        positions(15, 1.0),
        projection(10, 1.0, "2026-11-01", "2026-11-01"),
        planned("P1", "2026-11-01", "2026-11-01"),
    ).iloc[0]

    assert row.stockout
    assert row.stockout_date == date(2026, 11, 1)


def test_a_stock_the_projection_never_exhausts_without_the_promotion_is_flagged() -> None:
    row = flag(
        positions(305, 1.0),
        projection(10, 1.0, "2026-11-10", "2026-11-30"),
        planned("P1", "2026-11-10", "2026-11-30"),
    ).iloc[0]

    assert row.stockout  # 300 units in the month without it, out on day 20 with it


def test_an_account_wide_promotion_judges_each_sku_and_one_without_demand_lasts() -> None:
    stock = pd.concat(
        [
            positions(200, 1.0),
            positions(16, 1.0).assign(sku="S2"),
            positions(200, 1.0).assign(sku="S3"),
        ],
        ignore_index=True,
    )
    lifted = projection(10, 1.0, *PROMO_WEEK)
    demand = pd.concat([lifted, lifted.rename(index={"S1": "S3"}, level=1)])

    flags = flag(stock, demand, planned("P1", *PROMO_WEEK, sku=None))

    assert flags.to_dict("records") == [
        {
            "promo_id": "P1",
            "stockout": True,
            "stockout_skus": "S1, S3",  # S2 has no forecast demand: it never runs out
            "stockout_date": date(2026, 11, 15),
        }
    ]


def test_promotions_of_accounts_without_stock_or_beyond_the_projection_are_not_judged() -> None:
    stock, demand = positions(200, 1.0), projection(10, 1.0, *PROMO_WEEK)
    elsewhere = planned("P0", *PROMO_WEEK) | {"account_id": "B"}
    elsewhere_all = planned("P1", *PROMO_WEEK, sku=None) | {"account_id": "B"}
    later = planned("P2", "2027-01-10", "2027-01-16")

    flags = flag(stock, demand, elsewhere, elsewhere_all, later, planned("P3", *PROMO_WEEK))

    assert flags.stockout.tolist() == [None, None, None, True]
    assert flags.stockout_skus.tolist() == ["", "", "", "S1"]
