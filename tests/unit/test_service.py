"""Delivery rates from judged-line counts, the peak season's effect, and the cost to serve."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.service import cost_to_serve as cts
from kam_core.service import delivery
from kam_core.service.kpis import ServiceKpis, key_account_service, key_accounts


def _counts(**values: float) -> dict[str, float]:
    return {c: values.get(c, 0) for c in delivery.COUNTS}


def test_fill_rate_weighs_units_and_days_late_average_the_late_lines_only():
    counts = pd.DataFrame(
        [
            {"account_id": "A", **_counts(lines=3, on_time=2, in_full=2, otif=1, ordered=30,
                                          delivered=27, late=1, days_late=4)},
            {"account_id": "A", **_counts(lines=1, on_time=0, in_full=1, otif=0, ordered=10,
                                          delivered=10, late=1, days_late=2)},
        ]
    )  # fmt: skip

    row = delivery.rates(counts, ["account_id"]).iloc[0]

    assert row["lines"] == 4
    assert row["on_time_rate"] == pytest.approx(0.5)
    assert row["in_full_rate"] == pytest.approx(0.75)
    assert row["otif_rate"] == pytest.approx(0.25)
    assert row["fill_rate"] == pytest.approx(37 / 40)
    assert row["avg_days_late"] == pytest.approx(3.0)


def test_no_late_line_means_no_average_days_late_and_no_lines_no_rates():
    counts = pd.DataFrame([_counts(lines=2, on_time=2, in_full=2, otif=2, ordered=5, delivered=5)])

    assert pd.isna(delivery.rates(counts).iloc[0]["avg_days_late"])
    assert delivery.rates(counts.iloc[:0]).iloc[0][delivery.RATES].isna().all()


def _month(month: str, lines: int, otif: int) -> dict[str, object]:
    return {"month": pd.Timestamp(month), **_counts(lines=lines, otif=otif)}


def test_peak_effect_compares_the_typhoon_months_with_the_rest():
    monthly = pd.DataFrame(
        [
            _month("2025-06-01", 100, 90),  # June: outside
            _month("2025-07-01", 100, 60),  # first peak month
            _month("2025-09-01", 100, 70),  # last peak month
            _month("2025-10-01", 100, 94),  # October: outside
        ]
    )

    effect = delivery.peak_effect(monthly)

    assert (effect.peak_lines, effect.other_lines) == (200, 200)
    assert effect.peak_otif == pytest.approx(0.65)
    assert effect.other_otif == pytest.approx(0.92)
    assert effect.points == pytest.approx(-27.0)


def test_peak_effect_is_unknown_without_lines_in_the_peak():
    effect = delivery.peak_effect(pd.DataFrame([_month("2025-06-01", 10, 9)]))

    assert effect.peak_otif is None and effect.points is None


def test_worst_skips_groups_with_too_few_lines_and_breaks_ties_by_lines():
    table = pd.DataFrame(
        {
            "account_id": ["tiny", "big", "bigger", "good"],
            "lines": [19, 20, 40, 50],
            "otif_rate": [0.0, 0.5, 0.5, 0.9],
        }
    )

    assert list(delivery.worst(table, n=2)["account_id"]) == ["bigger", "big"]


def test_worst_lists_ten_by_default():
    table = pd.DataFrame({"account_id": list("ABCDEFGHIJK"), "lines": 20, "otif_rate": 0.5})

    assert len(delivery.worst(table)) == 10


# A worked account over the twelve months: revenue 100,000, gross margin 30,000; rebates 2,000,
# promotions 3,000 (fixed 1,000 + discount given 2,000), service costs 5,000: cost to serve
# 10,000 = 10% of revenue; last year 12,000 on 80,000 = 15%; saving rate (15% - 10%) / 15% = 1/3;
# net contribution 30,000 - 10,000 = 20,000.
WORKED = {
    "account_id": "A",
    "revenue": 100_000.0,
    "gross_margin": 30_000.0,
    "rebates": 2_000.0,
    "promotion_costs": 3_000.0,
    "service_costs": 5_000.0,
    "revenue_ly": 80_000.0,
    "gross_margin_ly": 20_000.0,
    "rebates_ly": 4_000.0,
    "promotion_costs_ly": 2_000.0,
    "service_costs_ly": 6_000.0,
}


def test_a_worked_account_cost_to_serve():
    row = cts.cost_to_serve(pd.DataFrame([WORKED])).iloc[0]

    assert row["cost_to_serve"] == pytest.approx(10_000)
    assert row["cost_to_serve_share"] == pytest.approx(0.10)
    assert row["cost_to_serve_share_ly"] == pytest.approx(0.15)
    assert row["cost_saving_rate"] == pytest.approx(1 / 3)
    assert row["net_contribution"] == pytest.approx(20_000)


def test_accounts_rank_by_net_contribution_and_a_loss_maker_comes_last():
    loss = WORKED | {"account_id": "B", "gross_margin": 5_000.0}  # 5,000 - 10,000 < 0
    middle = WORKED | {"account_id": "C", "gross_margin": 15_000.0}

    table = cts.cost_to_serve(pd.DataFrame([loss, WORKED, middle]))

    assert list(table["account_id"]) == ["A", "C", "B"]
    assert list(table["rank"]) == [1, 2, 3]
    assert table["net_contribution"].iloc[-1] == pytest.approx(-5_000)


def test_no_revenue_last_year_leaves_the_share_and_saving_rate_unknown():
    new = WORKED | {"revenue_ly": 0.0}

    row = cts.cost_to_serve(pd.DataFrame([new])).iloc[0]

    assert pd.isna(row["cost_to_serve_share_ly"]) and pd.isna(row["cost_saving_rate"])
    assert cts.portfolio_saving_rate(pd.DataFrame([new])) is None


def test_portfolio_saving_rate_pools_the_accounts():
    other = WORKED | {"account_id": "B", "service_costs": 15_000.0}  # 20% this year

    rate = cts.portfolio_saving_rate(pd.DataFrame([WORKED, other]))

    assert rate == pytest.approx((24_000 / 160_000 - 30_000 / 200_000) / (24_000 / 160_000))


def test_the_waterfall_runs_from_gross_margin_to_net_contribution():
    steps = cts.waterfall(cts.cost_to_serve(pd.DataFrame([WORKED])))

    assert list(steps["amount"]) == [30_000, -2_000, -3_000, -5_000, 20_000]
    assert steps["amount"].iloc[:4].sum() == pytest.approx(steps["amount"].iloc[-1])
    assert list(steps["step"]) == [
        "Gross margin",
        "Rebates",
        "Promotions",
        "Service costs",
        "Net contribution",
    ]
    assert list(steps["kind"]) == ["total", "cost", "cost", "cost", "total"]


def test_each_account_has_its_own_share_last_year():
    dearer = WORKED | {"account_id": "B", "service_costs_ly": 14_000.0}  # 20,000 on 80,000

    table = cts.cost_to_serve(pd.DataFrame([WORKED, dearer])).set_index("account_id")

    assert table["cost_to_serve_share_ly"].to_dict() == pytest.approx({"A": 0.15, "B": 0.25})


@given(st.floats(0.01, 1), st.floats(0.01, 1))
def test_the_saving_rate_is_positive_exactly_when_the_share_fell(share, share_ly):
    rate = cts.saving_rate(pd.Series([share]), pd.Series([share_ly])).iloc[0]

    assert (rate > 0) == (share < share_ly)


def _accrual(payout: float, start: date, accrued_to: date) -> dict[str, object]:
    return {"account_id": "A", "payout": payout, "start": start, "accrued_to": accrued_to}


def test_rebates_count_the_share_of_accrued_days_inside_the_window():
    accruals = pd.DataFrame(
        [
            _accrual(365.0, date(2025, 1, 1), date(2025, 12, 31)),  # 92 days inside
            _accrual(100.0, date(2026, 1, 1), date(2026, 3, 31)),  # accrued to the window's end
            _accrual(50.0, date(2024, 1, 1), date(2024, 12, 31)),  # before the window
        ]
    )

    earned = cts.rebates_in_window(accruals, date(2025, 10, 1), date(2026, 3, 31))

    assert earned["A"] == pytest.approx(92 + 100)
    assert earned.name == "rebates"


@pytest.mark.parametrize(
    ("accrued_to", "inside"),
    [
        (date(2026, 3, 30), 11),
        (date(2026, 3, 31), 12),
        (date(2026, 4, 1), 12),
        (date(2026, 4, 9), 12),
    ],
)
def test_rebates_count_no_day_after_the_window(accrued_to, inside):
    start = date(2026, 3, 20)  # 10 a day accrued from here
    accrual = _accrual(10.0 * ((accrued_to - start).days + 1), start, accrued_to)

    earned = cts.rebates_in_window(pd.DataFrame([accrual]), date(2026, 3, 1), date(2026, 3, 31))

    assert earned["A"] == pytest.approx(10.0 * inside)


def test_no_accruals_earn_an_empty_float_series_of_rebates():
    earned = cts.rebates_in_window(
        pd.DataFrame(columns=["account_id", "payout", "start", "accrued_to"]),
        date(2026, 1, 1),
        date(2026, 3, 31),
    )

    assert earned.empty and earned.dtype == float and earned.name == "rebates"


def test_the_service_kpis_count_the_key_accounts_only():
    counts = pd.DataFrame(
        [
            {"account_id": "A", **_counts(lines=10, otif=9)},
            {"account_id": "B", **_counts(lines=10, otif=1)},  # not a key account
        ]
    )
    inputs = pd.DataFrame([WORKED, WORKED | {"account_id": "B", "service_costs": 90_000.0}])

    kpis = key_account_service(counts, inputs, ["A"])

    assert kpis.otif == pytest.approx(0.9)
    assert kpis.cost_saving_rate == pytest.approx(1 / 3)
    assert key_account_service(counts, None, ["C"]) == ServiceKpis(None, None)


def test_the_key_accounts_are_the_tier_a_accounts_in_order():
    tiers = pd.DataFrame({"account_id": ["X", "Y", "Z", "W"], "proposed_tier": list("ABAa")})

    assert key_accounts(tiers) == ("X", "Z")
