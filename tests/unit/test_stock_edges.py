"""Edges of the stock rules: peak months on the threshold, windows on their first and last
day, case packs of one, service levels at their bounds, a forecast with every component."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from kam_core.stock.backtest import accuracy, backtest_table
from kam_core.stock.forecast import account_growth, base_levels, daily_forecast, full_weeks
from kam_core.stock.peak_season import monthly_index, peak_months, peak_window
from kam_core.stock.replenishment import round_to_pack, service_z

ORIGIN = date(2026, 10, 31)  # a Saturday
NO_PROMOTIONS = pd.DataFrame(columns=["account_id", "sku", "start_date", "end_date"])


def months(**index: float) -> pd.Series:
    """A monthly index of 1.0 with the given months (m1 .. m12) set."""
    values = pd.Series(1.0, index=range(1, 13))
    for name, value in index.items():
        values[int(name[1:])] = value
    return values


def test_a_month_exactly_on_the_threshold_joins_the_peak_on_either_side():
    monthly = months(m10=1.25, m11=1.8, m12=1.25)

    assert peak_months(monthly) == (10, 11, 12)


def test_a_month_just_below_the_threshold_ends_the_peak_on_either_side():
    monthly = months(m10=1.2499, m11=1.8, m12=1.2499)

    assert peak_months(monthly) == (11,)


def test_a_peak_that_is_the_whole_year_starts_at_the_strongest_month():
    monthly = pd.Series([1.3] * 12, index=range(1, 13))
    monthly[3] = 1.4

    assert peak_months(monthly) == (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)


def test_a_peak_after_january_looks_back_across_the_new_year():
    monthly = months(m12=1.3, m1=1.5, m2=1.4)

    assert peak_months(monthly) == (12, 1, 2)


def test_the_monthly_index_is_named_by_month():
    index = monthly_index(pd.Series(np.linspace(0.5, 1.5, 52), index=range(1, 53)))

    assert index.index.name == "month"
    assert list(index.index) == list(range(1, 13))
    assert index[1] < index[12]


@pytest.mark.parametrize(
    ("as_of", "window"),
    [
        (date(2026, 10, 31), (date(2026, 11, 1), date(2026, 12, 31))),  # the day before
        (date(2026, 11, 1), (date(2026, 11, 2), date(2026, 12, 31))),  # its first day
        (date(2026, 12, 30), (date(2026, 12, 31), date(2026, 12, 31))),  # its last day
        (date(2026, 12, 31), (date(2027, 11, 1), date(2027, 12, 31))),  # over: next year
        (date(2026, 1, 31), (date(2026, 11, 1), date(2026, 12, 31))),  # from a 31st
    ],
)
def test_the_peak_window_on_its_first_and_last_days(as_of, window):
    assert peak_window(as_of, (11, 12)) == window


def test_a_peak_of_february_ends_on_its_last_day_in_a_leap_year():
    assert peak_window(date(2028, 1, 15), (2,)) == (date(2028, 2, 1), date(2028, 2, 29))


def test_a_peak_window_needs_months_and_cannot_be_the_whole_year():
    with pytest.raises(ValueError, match="^choose at least one peak month$"):
        peak_window(ORIGIN, ())
    with pytest.raises(ValueError, match="^a peak season cannot cover the whole year$"):
        peak_window(ORIGIN, tuple(range(1, 13)))


@pytest.mark.parametrize(
    ("quantity", "pack", "order"),
    [(0.0, 6, 0), (1.0, 1, 1), (1.0, None, 1), (5.0, 2, 6), (13.0, 12, 24), (12.0, 12, 12)],
)
def test_orders_round_up_to_whole_cases(quantity, pack, order):
    assert round_to_pack(quantity, pack) == order


@pytest.mark.parametrize("level", [0.4999, 1.0])
def test_a_service_level_outside_a_half_to_one_is_refused(level):
    with pytest.raises(ValueError, match="service level must be in"):
        service_z(level)


def test_a_service_level_of_a_half_needs_no_safety_stock():
    assert service_z(0.5) == 0.0


def test_accuracy_is_unknown_when_nothing_was_sold():
    table = pd.DataFrame({"actual": [0.0], "forecast": [3.0], "baseline_forecast": [1.0]})

    scores = accuracy(table)

    assert scores.method.tolist() == ["Forecast", "Seasonal naive"]
    assert scores[["wape", "bias"]].isna().all().all()


def test_the_backtest_table_is_sorted_by_position_with_a_fresh_index():
    forecast = pd.DataFrame({"account_id": ["B", "A"], "sku": ["X", "X"], "demand": [1.0, 2.0]})
    nothing = pd.DataFrame(columns=["account_id", "sku", "quantity"])

    table = backtest_table(forecast, nothing, nothing)

    assert table.account_id.tolist() == ["A", "B"]
    assert list(table.index) == [0, 1]


def test_full_weeks_of_a_sunday_include_the_week_ending_that_day():
    assert list(full_weeks(date(2026, 11, 1), 1).date) == [date(2026, 10, 26)]
    assert list(full_weeks(date(2026, 11, 2), 1).date) == [date(2026, 10, 26)]


def test_account_growth_without_a_prior_year_is_none_and_named_growth():
    weekly = pd.DataFrame(
        {
            "account_id": ["AC1", "AC2", "AC2"],
            "week": [full_weeks(ORIGIN, 1)[0]] * 2 + [full_weeks(ORIGIN, 104)[0]],
            "quantity": [10.0, 10.0, 1.0],
        }
    )

    growth = account_growth(weekly, ORIGIN)

    assert growth.name == "growth"
    assert growth["AC1"] == 0.0  # nothing the year before: no trend rather than infinite
    assert growth["AC2"] == 1.0  # +900% clipped to the +100% limit


def test_base_levels_keep_each_position_and_its_own_weeks_before_launch_out():
    weeks = full_weeks(ORIGIN, 26)
    weekly = pd.DataFrame(
        {
            "account_id": ["AC1"] * 26 + ["AC2"] * 2,
            "sku": ["OLD"] * 26 + ["NEW", "NEW"],
            "week": list(weeks) + list(weeks[-2:]),
            "quantity": [7.0] * 26 + [4.0, 6.0],
        }
    )
    launches = {"NEW": weeks[-2].date() + pd.Timedelta(days=3)}  # a Thursday: counts its week

    levels = base_levels(
        weekly, pd.Series(1.0, index=range(1, 53)), ORIGIN, NO_PROMOTIONS, launches
    )

    assert list(levels.index) == [("AC1", "OLD"), ("AC2", "NEW")]
    assert levels.base_level.tolist() == pytest.approx([7.0, 5.0])
    assert levels.sigma_week.tolist() == pytest.approx([0.0, 2**0.5])


def test_a_promotion_touching_a_week_on_its_sunday_keeps_the_week_out_of_the_level():
    weeks = full_weeks(ORIGIN, 26)
    weekly = pd.DataFrame(
        {"account_id": "AC1", "sku": "KE-1", "week": weeks, "quantity": [10.0] * 25 + [40.0]}
    )
    sunday = weeks[-1] + pd.Timedelta(days=6)
    promotions = pd.DataFrame(
        {"account_id": ["AC1"], "sku": ["KE-1"], "start_date": [sunday], "end_date": [sunday]}
    )

    levels = base_levels(weekly, pd.Series(1.0, index=range(1, 53)), ORIGIN, promotions, {})

    assert levels.base_level.iloc[0] == pytest.approx(10.0)


def test_a_daily_forecast_has_every_component_per_position_and_day():
    levels = pd.DataFrame(
        {"base_level": [70.0, 14.0], "sigma_week": [0.0, 0.0]},
        index=pd.MultiIndex.from_tuples(
            [("AC1", "KE-1"), ("AC2", "KE-2")], names=["account_id", "sku"]
        ),
    )
    season = pd.Series(1.0, index=range(1, 53))
    season[45] = 2.0  # ISO week 45 of 2026: 2-8 November

    daily = daily_forecast(
        levels, {"AC1": 0.5}, season, ORIGIN, date(2026, 11, 2), NO_PROMOTIONS, {"AC2": 1.0}
    )

    assert daily[["account_id", "sku", "date"]].to_dict("list") == {
        "account_id": ["AC1", "AC1", "AC2", "AC2"],
        "sku": ["KE-1", "KE-1", "KE-2", "KE-2"],
        "date": list(pd.to_datetime(["2026-11-01", "2026-11-02"] * 2)),
    }
    assert daily.season.tolist() == [1.0, 2.0, 1.0, 2.0]
    assert daily.promo.tolist() == [1.0] * 4  # an uplift counts only on promotion days
    # the trend is counted from the middle of the 26 level weeks: 91 days before the origin
    years = np.array([92, 93, 92, 93]) / 365.25
    trend = np.array([1.5, 1.5, 1.0, 1.0]) ** years
    assert daily.trend.to_numpy() == pytest.approx(trend)
    assert daily.demand.to_numpy() == pytest.approx([10, 20, 2, 4] * trend)
