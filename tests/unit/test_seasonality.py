"""The seasonal index on hand-made weekly series: shape, trend taken out, too little history."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core.stock.seasonality import seasonal_index, week_of_year

FIRST_MONDAY = pd.Timestamp("2022-01-03")  # ISO week 1 of 2022


def weekly(quantities: list[float]) -> pd.DataFrame:
    weeks = pd.date_range(FIRST_MONDAY, periods=len(quantities), freq="7D")
    return pd.DataFrame({"week": weeks, "quantity": quantities})


def peaked(years: int, peak: float = 3.0) -> list[float]:
    """10 units a week, `peak` times that in ISO weeks 48-52."""
    return [peak * 10.0 if w % 52 >= 47 else 10.0 for w in range(52 * years)]


def test_week_53_folds_into_week_52():
    days = pd.Series(pd.to_datetime(["2020-12-28", "2021-01-04", "2021-12-27"]))

    assert week_of_year(days).tolist() == [52, 1, 52]


def test_no_weeks_give_a_flat_index_of_one():
    index = seasonal_index(weekly([]))

    assert index.tolist() == [1.0] * 52
    assert list(index.index) == list(range(1, 53))
    assert index.name == "season"


def test_a_week_short_of_two_years_gives_a_flat_index():
    index = seasonal_index(weekly(peaked(2)[:-1]))

    assert index.tolist() == [1.0] * 52
    assert list(index.index) == list(range(1, 53))


def test_two_years_are_enough_to_see_the_peak():
    index = seasonal_index(weekly(peaked(2)))

    assert index.idxmax() in range(48, 53)
    assert index[50] > 1.5 > 1.0 > index[20]


def test_the_peak_weeks_sell_at_their_share_of_an_average_week():
    index = seasonal_index(weekly(peaked(4)))

    # 47 weeks of 10 and 5 of 30: the average week is 11.92, a peak week 30 / 11.92.
    average = (47 * 10 + 5 * 30) / 52
    assert index[50] == pytest.approx(30 / average, rel=0.02)
    assert index[20] == pytest.approx(10 / average, rel=0.02)
    assert index.mean() == pytest.approx(1.0)


def test_steady_growth_does_not_read_as_season():
    index = seasonal_index(weekly([100.0 + w for w in range(52 * 3)]))

    assert index.to_numpy() == pytest.approx(np.ones(52), abs=0.02)


def test_weeks_without_sales_count_as_zero_not_as_missing():
    quantities = peaked(3, peak=1.0)
    frame = weekly(quantities)
    frame = frame[(frame.week.dt.isocalendar().week != 30)]  # week 30 never sold

    index = seasonal_index(frame)

    assert index[30] == pytest.approx(0.0, abs=1e-9)
    assert index[29] == pytest.approx(52 / 51, rel=0.01)


def test_the_order_of_the_rows_does_not_matter():
    frame = weekly(peaked(3))

    shuffled = frame.sample(frac=1.0, random_state=1)

    pd.testing.assert_series_equal(seasonal_index(shuffled), seasonal_index(frame))


@settings(max_examples=25)
@given(st.lists(st.floats(0.0, 1e4), min_size=104, max_size=160))
def test_the_index_averages_one_whenever_anything_sold(quantities):
    index = seasonal_index(weekly(quantities))

    if index.notna().all() and sum(quantities) > 0:
        assert index.mean() == pytest.approx(1.0)
