"""The calendar: promotions a period shows, peak seasons, and planned ones that empty the shelf."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kam_core.promotions.calendar import in_view, peak_spans, stockout_flags

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
