"""Stock projection rules on hand-made demand series."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kam_core.stock.risk import (
    assess,
    days_of_cover,
    normal_cdf,
    project,
    projected_stock,
    risk_level,
    stockout_date,
    stockout_probability,
)

AS_OF = date(2026, 10, 31)
END = date(2026, 12, 31)  # 61 days after AS_OF


def test_flat_demand_gives_days_of_cover_equal_to_stock_over_daily_demand():
    demand = np.full(61, 4.0)

    cover = days_of_cover(100.0, demand)

    assert cover[0] == pytest.approx(25.0)


def test_cover_beyond_the_horizon_is_extended_at_the_average_demand():
    demand = np.full(10, 2.0)

    cover = days_of_cover(50.0, demand)

    assert cover[0] == pytest.approx(25.0)


def test_no_demand_means_cover_is_unknown_not_zero():
    assert np.isnan(days_of_cover(10.0, np.zeros(5))[0])


def test_stockout_date_lands_where_cumulative_forecast_crosses_stock():
    demand = np.array([1.0, 2.0, 3.0, 4.0, 5.0])  # cumulative 1, 3, 6, 10, 15

    day = stockout_date(AS_OF, 7.0, demand)

    assert day == date(2026, 11, 4)  # day 4: cumulative 10 > 7


def test_stock_that_covers_the_peak_has_no_stockout_and_no_shortfall():
    positions = _positions(on_hand=500.0)
    forecast = _flat_forecast(daily=3.0, days=61)

    risk = assess(positions, forecast, pd.Series(dtype=float), AS_OF, END, 0.95).iloc[0]

    assert risk.stockout_date is None
    assert risk.shortfall_qty == 0
    assert risk.forecast_demand == pytest.approx(183.0)
    assert risk.risk == "low"


def test_shortfall_is_the_forecast_the_stock_cannot_serve_and_priced_at_list_price():
    positions = _positions(on_hand=100.0, in_transit=20.0)
    forecast = _flat_forecast(daily=3.0, days=61)

    risk = assess(positions, forecast, pd.Series(dtype=float), AS_OF, END, 0.95).iloc[0]

    assert risk.shortfall_qty == pytest.approx(63.0)
    assert risk.revenue_at_risk == pytest.approx(63.0 * 10.0)
    assert risk.stockout_date == date(2026, 12, 11)  # day 41: 123 > 120
    assert risk.risk == "medium"  # runs out after the 14-day lead time


def test_a_position_without_forecast_is_low_risk_with_unknown_cover():
    positions = _positions(on_hand=5.0)
    nothing = _flat_forecast(daily=0.0, days=0)

    risk = assess(positions, nothing, pd.Series(dtype=float), AS_OF, END, 0.95).iloc[0]

    assert risk.forecast_demand == 0
    assert np.isnan(risk.days_of_cover)
    assert risk.risk == "low"
    assert risk.suggested_order_qty == 0


def test_running_out_within_the_lead_time_is_high_risk():
    assert risk_level(day=10, lead_time=14, probability=0.0) == "high"


@pytest.mark.parametrize(("day", "level"), [(13, "high"), (14, "high"), (15, "medium")])
def test_running_out_on_the_lead_time_day_is_still_high_risk(day, level):
    # An order placed today arrives on day 14: running out that day is already too late.
    assert risk_level(day=day, lead_time=14, probability=0.0) == level


def test_a_stockout_on_the_lead_time_day_of_a_real_position_is_high_risk():
    positions = _positions(on_hand=41.0)  # 3 a day: day 14 needs 42 > 41
    forecast = _flat_forecast(daily=3.0, days=61)

    risk = assess(positions, forecast, pd.Series(dtype=float), AS_OF, END, 0.95).iloc[0]

    assert risk.stockout_day == 14
    assert risk.risk == "high"


def test_a_stockout_the_day_after_the_lead_time_is_medium_risk():
    positions = _positions(on_hand=42.0)  # day 14 needs exactly 42: the stock lasts it

    risk = assess(positions, _flat_forecast(3.0, 61), pd.Series(dtype=float), AS_OF, END, 0.95)

    assert risk.iloc[0].stockout_day == 15
    assert risk.iloc[0].risk == "medium"


@pytest.mark.parametrize(
    ("probability", "level"),
    [
        (0.19, "low"),
        (0.2, "medium"),
        (0.21, "medium"),
        (0.49, "medium"),
        (0.5, "high"),
        (0.51, "high"),
    ],
)
def test_the_chance_of_running_out_sets_the_level_from_each_threshold_on(probability, level):
    assert risk_level(day=0, lead_time=14, probability=probability) == level


def test_probability_formula_on_a_worked_example():
    # I = 100, d = 5/day, LT = 16 days, sigma = 2/day: z = (100 - 80) / (2 * 4) = 2.5
    probability = stockout_probability(100.0, 5.0, 2.0, 16.0)

    assert probability == pytest.approx(0.00621, abs=1e-5)


def test_probability_is_a_half_when_stock_equals_lead_time_demand():
    assert stockout_probability(80.0, 5.0, 2.0, 16.0) == pytest.approx(0.5)


def test_suggested_order_covers_the_peak_and_safety_stock_in_whole_cases():
    positions = _positions(on_hand=100.0, case_pack=12)
    forecast = _flat_forecast(daily=3.0, days=61)
    sigma = pd.Series([7.0], index=pd.MultiIndex.from_tuples([("AC1", "KE-1")]))

    risk = assess(positions, forecast, sigma, AS_OF, END, 0.95).iloc[0]

    # need 183 + 1.645 * (7 / sqrt 7) * sqrt 14 = 183 + 16.3 - 100 = 99.3 -> 108 (9 cases)
    assert risk.suggested_order_qty == 108


@given(
    arrays(np.float64, 30, elements=st.floats(0, 100)),
    st.floats(0, 5000),
    st.floats(0, 5000),
)
def test_more_stock_never_projects_less_stock_on_any_day(demand, a, b):
    low, high = sorted((a, b))

    assert np.all(project(low, demand) <= project(high, demand))
    assert np.all(project(low, demand) >= 0)


def _positions(on_hand: float, in_transit: float = 0.0, case_pack: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": ["AC1"],
            "sku": ["KE-1"],
            "on_hand": [on_hand],
            "in_transit": [in_transit],
            "unit_price": [10.0],
            "lead_time_days": [14],
            "case_pack": [case_pack],
        }
    )


def _flat_forecast(daily: float, days: int) -> pd.DataFrame:
    dates = pd.date_range("2026-11-01", periods=days)
    return pd.DataFrame({"account_id": "AC1", "sku": "KE-1", "date": dates, "demand": daily})


def test_assess_fills_missing_inputs_and_reads_the_lead_time_window_of_each_position():
    positions = pd.DataFrame(
        {
            "account_id": ["AC1", "AC2"],
            "sku": ["KE-1", "KE-2"],
            "on_hand": [-5.0, 10.0],  # a negative count is no stock, not a debt
            "in_transit": [21.0, np.nan],
            "unit_price": [10.0, np.nan],
            "lead_time_days": [np.nan, 1],  # unknown: DEFAULT_LEAD_TIME, 28 days
            "case_pack": [np.nan, 4],
        }
    )
    days = pd.date_range("2026-11-01", periods=10)
    forecast = pd.DataFrame(
        {
            "account_id": ["AC1"] * 10 + ["AC2"] * 10,
            "sku": ["KE-1"] * 10 + ["KE-2"] * 10,
            "date": days.append(days),
            "demand": [1.0] * 10 + [4.0] + [1.0] * 9,
        }
    )
    sigma = pd.Series([7.0], index=pd.MultiIndex.from_tuples([("AC2", "KE-2")]))

    first, second = assess(positions, forecast, sigma, AS_OF, date(2026, 11, 10), 0.95).itertuples()

    # AC1: 21 in stock, 1 a day; the 28-day lead time runs past the 10-day horizon.
    assert (first.forecast_demand, first.avg_daily_demand) == (10.0, 1.0)
    assert first.days_of_cover == pytest.approx(21.0)
    assert (first.stockout_day, first.stockout_date) == (0, None)
    assert first.stockout_probability == 1.0  # no spread: 28 days at 1 a day exceed 21
    assert first.risk == "high"
    assert first.suggested_order_qty == 7  # need 10 + 18 days at 1 a day, minus 21
    # AC2: 10 in stock, 4 then 1 a day; cumulative 11 > 10 on day 8.
    assert (second.forecast_demand, second.avg_daily_demand) == (13.0, pytest.approx(1.3))
    assert second.days_of_cover == pytest.approx(7.0)
    assert (second.stockout_day, second.stockout_date) == (8, date(2026, 11, 8))
    # sigma 7 a week is sqrt(7) a day; the 1-day lead time sells 4: z = (10 - 4) / sqrt(7)
    assert second.stockout_probability == pytest.approx(1 - normal_cdf(6 / 7**0.5))
    assert second.risk == "medium"
    assert second.shortfall_qty == 3.0
    assert second.revenue_at_risk == 0.0  # no price known
    assert second.suggested_order_qty == 8  # 13 + 1.645 * sqrt(7) - 10 = 7.35, two cases of 4


def test_cover_counts_the_whole_days_and_the_part_of_the_day_it_runs_out():
    demand = np.array([1.0, 2.0, 3.0, 4.0, 5.0])  # cumulative 1, 3, 6, 10, 15

    assert days_of_cover(7.0, demand)[0] == pytest.approx(3.25)  # 3 days, then 1 of day 4's 4
    assert days_of_cover(0.5, demand)[0] == pytest.approx(0.5)  # runs out on the first day
    assert days_of_cover(0.0, demand)[0] == 0.0


def test_cover_of_several_positions_at_once():
    demand = np.array([[1.0, 2.0, 3.0], [0.0, 2.0, 2.0]])

    cover = days_of_cover(np.array([2.0, 1.0]), demand)

    assert cover == pytest.approx([1.5, 1.5])


def test_projected_stock_falls_by_each_days_demand_and_stops_at_zero():
    assert project(10.0, np.array([3.0, 4.0, 5.0])).tolist() == [7.0, 3.0, 0.0]
    both = project(np.array([10.0, 1.0]), np.array([[3.0, 4.0, 5.0], [1.0, 1.0, 1.0]]))
    assert both.tolist() == [[7.0, 3.0, 0.0], [0.0, 0.0, 0.0]]


def test_the_stock_chart_starts_with_the_stock_on_the_as_of_date():
    demand = pd.Series([3.0, 4.0], index=pd.to_datetime(["2026-11-01", "2026-11-02"]))

    frame = projected_stock(AS_OF, 5.0, demand)

    assert frame.to_dict("list") == {
        "date": list(pd.to_datetime(["2026-10-31", "2026-11-01", "2026-11-02"])),
        "stock": [5.0, 2.0, 0.0],
    }
    assert projected_stock(AS_OF, -2.0, demand).stock.tolist() == [0.0, 0.0, 0.0]


def test_a_stockout_is_the_first_day_demand_exceeds_the_stock_not_meets_it():
    assert stockout_date(AS_OF, 3.0, np.array([1.0, 2.0, 1.0])) == date(2026, 11, 3)
    assert stockout_date(AS_OF, 4.0, np.array([1.0, 2.0, 1.0])) is None


def test_without_spread_the_chance_is_all_or_nothing():
    assert stockout_probability(10.0, 5.0, 0.0, 2.0) == 0.0  # 10 in demand, 10 in stock
    assert stockout_probability(9.0, 5.0, 0.0, 2.0) == 1.0
    assert stockout_probability(9.0, 2.0, 0.5, 4.0) == pytest.approx(1 - normal_cdf(1.0))
