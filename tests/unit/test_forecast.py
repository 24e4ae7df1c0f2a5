"""The forecast's components, the peak season and the backtest on hand-made series."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.stock.backtest import accuracy, backtest_table
from kam_core.stock.forecast import account_growth, base_levels, daily_forecast, full_weeks
from kam_core.stock.peak_season import monthly_index, no_peak, peak_months, peak_window

ORIGIN = date(2026, 10, 31)  # a Saturday
FLAT = pd.Series(1.0, index=pd.RangeIndex(1, 53))
NO_PROMOTIONS = pd.DataFrame(columns=["account_id", "sku", "start_date", "end_date"])


def _weekly(units: list[float], origin: date = ORIGIN) -> pd.DataFrame:
    weeks = full_weeks(origin, len(units))
    return pd.DataFrame({"account_id": "AC1", "sku": "KE-1", "week": weeks, "quantity": units})


def test_full_weeks_end_with_the_last_complete_monday_to_sunday_week():
    weeks = full_weeks(ORIGIN, 2)

    assert list(weeks.date) == [date(2026, 10, 12), date(2026, 10, 19)]


def test_base_level_is_the_deseasonalised_mean_of_recent_weeks():
    season = FLAT.copy()
    season[:] = 2.0  # a flat index of 2 halves every week's units

    levels = base_levels(_weekly([20.0] * 26), season, ORIGIN, NO_PROMOTIONS, {})

    assert levels["base_level"].iloc[0] == pytest.approx(10.0)
    assert levels["sigma_week"].iloc[0] == pytest.approx(0.0)


def test_sigma_is_the_sample_deviation_of_the_weeks_around_the_level():
    levels = base_levels(_weekly([8.0, 12.0] * 13), FLAT, ORIGIN, NO_PROMOTIONS, {})

    # 26 weeks 2 units off the level of 10: sqrt(26 * 4 / (26 - 1)), not sqrt(26 * 4 / 26)
    assert levels["base_level"].iloc[0] == pytest.approx(10.0)
    assert levels["sigma_week"].iloc[0] == pytest.approx((104 / 25) ** 0.5)


def test_sigma_is_measured_around_level_times_season():
    season = FLAT.copy()
    season[:] = 2.0

    levels = base_levels(_weekly([16.0, 24.0] * 13), season, ORIGIN, NO_PROMOTIONS, {})

    assert levels["base_level"].iloc[0] == pytest.approx(10.0)
    assert levels["sigma_week"].iloc[0] == pytest.approx((26 * 16 / 25) ** 0.5)


def test_a_single_week_since_launch_has_no_spread_rather_than_a_division_by_zero():
    weekly = _weekly([12.0])

    levels = base_levels(weekly, FLAT, ORIGIN, NO_PROMOTIONS, {"KE-1": date(2026, 10, 19)})

    assert levels["base_level"].iloc[0] == pytest.approx(12.0)
    assert levels["sigma_week"].iloc[0] == 0.0


def test_promotion_weeks_do_not_raise_the_base_level():
    weekly = _weekly([10.0] * 25 + [50.0])
    last = weekly["week"].iloc[-1]
    promotions = pd.DataFrame(
        {"account_id": ["AC1"], "sku": [None], "start_date": [last], "end_date": [last]}
    )

    levels = base_levels(weekly, FLAT, ORIGIN, promotions, {})

    assert levels["base_level"].iloc[0] == pytest.approx(10.0)


def test_weeks_before_launch_do_not_dilute_a_new_skus_level():
    weekly = _weekly([12.0] * 4)  # only the last four weeks exist: launched 28 Sep 2026

    levels = base_levels(weekly, FLAT, ORIGIN, NO_PROMOTIONS, {"KE-1": date(2026, 9, 28)})

    assert levels["base_level"].iloc[0] == pytest.approx(12.0)


def test_a_slow_sellers_zero_weeks_count_towards_its_level():
    weekly = _weekly([6.0])  # one sale in the last of 26 weeks, SKU sold for years

    levels = base_levels(weekly, FLAT, ORIGIN, NO_PROMOTIONS, {"KE-1": date(2020, 1, 1)})

    assert levels["base_level"].iloc[0] == pytest.approx(6.0 / 26)


def test_account_growth_compares_the_last_52_weeks_with_the_52_before():
    weekly = _weekly([10.0] * 52 + [12.0] * 52)

    growth = account_growth(weekly.drop(columns="sku"), ORIGIN)

    assert growth["AC1"] == pytest.approx(0.2)


def test_forecast_multiplies_base_trend_season_and_promotion():
    levels = pd.DataFrame(
        {"base_level": [70.0], "sigma_week": [0.0]},
        index=pd.MultiIndex.from_tuples([("AC1", "KE-1")], names=["account_id", "sku"]),
    )
    promotions = pd.DataFrame(
        {
            "account_id": ["AC1"],
            "sku": ["KE-1"],
            "start_date": [date(2026, 11, 2)],
            "end_date": [date(2026, 11, 2)],
        }
    )

    daily = daily_forecast(levels, {}, FLAT, ORIGIN, date(2026, 11, 3), promotions, {"AC1": 0.5})

    assert daily["demand"].tolist() == pytest.approx([10.0, 15.0, 10.0])
    assert daily["promo"].tolist() == [1.0, 1.5, 1.0]


def test_growing_accounts_are_forecast_above_their_base_level():
    levels = pd.DataFrame(
        {"base_level": [70.0], "sigma_week": [0.0]},
        index=pd.MultiIndex.from_tuples([("AC1", "KE-1")], names=["account_id", "sku"]),
    )

    daily = daily_forecast(levels, {"AC1": 0.3}, FLAT, ORIGIN, date(2026, 11, 1), NO_PROMOTIONS, {})

    assert 1.0 < daily["trend"].iloc[0] < 1.3
    assert daily["demand"].iloc[0] == pytest.approx(10.0 * daily["trend"].iloc[0])


def test_the_strongest_months_above_the_threshold_are_the_peak():
    monthly = pd.Series([0.8] * 10 + [1.8, 1.7], index=range(1, 13))

    assert peak_months(monthly) == (11, 12)


def test_a_peak_can_run_across_the_new_year():
    monthly = pd.Series([1.5] + [0.8] * 10 + [1.9], index=range(1, 13))

    assert peak_months(monthly) == (12, 1)


def test_a_flat_season_has_no_peak_not_january():
    assert peak_months(pd.Series([1.0] * 12, index=range(1, 13))) == ()


@pytest.mark.parametrize(("strongest", "peak"), [(1.2499, ()), (1.25, (6,)), (1.2501, (6,))])
def test_the_strongest_month_is_a_peak_only_from_the_threshold(strongest: float, peak: tuple):
    monthly = pd.Series([1.0] * 12, index=range(1, 13))
    monthly[6] = strongest

    assert peak_months(monthly) == peak


def test_with_no_peak_the_message_asks_for_the_months():
    assert no_peak(date(1998, 5, 6)) == (
        "No peak season detected in the sales to 6 May 1998: no month sells 25% above an "
        "average one, or there are under two years of sales. Choose the peak months."
    )


def test_monthly_index_of_a_flat_season_is_flat():
    assert monthly_index(FLAT).tolist() == pytest.approx([1.0] * 12)


def test_the_coming_peak_runs_from_the_first_peak_day_after_as_of_to_its_last_month_end():
    assert peak_window(date(2026, 9, 15), (11, 12)) == (date(2026, 11, 1), date(2026, 12, 31))
    assert peak_window(date(2026, 11, 20), (11, 12)) == (date(2026, 11, 21), date(2026, 12, 31))
    assert peak_window(date(2026, 11, 20), (12, 1)) == (date(2026, 12, 1), date(2027, 1, 31))


def test_wape_and_bias_weigh_errors_by_what_was_sold():
    table = pd.DataFrame(
        {"actual": [100.0, 0.0], "forecast": [90.0, 20.0], "baseline_forecast": [50.0, 0.0]}
    )

    scores = accuracy(table).set_index("method")

    assert scores.loc["Forecast", "wape"] == pytest.approx(0.30)
    assert scores.loc["Forecast", "bias"] == pytest.approx(0.10)
    assert scores.loc["Seasonal naive", "bias"] == pytest.approx(-0.50)


def test_backtest_table_counts_missing_sales_as_zero():
    forecast = pd.DataFrame({"account_id": ["A", "A"], "sku": ["X", "X"], "demand": [1.0, 2.0]})
    actual = pd.DataFrame({"account_id": ["B"], "sku": ["X"], "quantity": [5.0]})

    table = backtest_table(forecast, actual, actual.iloc[:0])

    assert table.to_dict("records") == [
        {"account_id": "A", "sku": "X", "actual": 0.0, "forecast": 3.0, "baseline_forecast": 0.0},
        {"account_id": "B", "sku": "X", "actual": 5.0, "forecast": 0.0, "baseline_forecast": 0.0},
    ]
