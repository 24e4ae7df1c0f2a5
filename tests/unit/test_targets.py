"""Targets and attainment on constructed daily sales: each definition, its fallbacks and edges."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core.accounts import plan_totals
from kam_core.accounts import targets as plan_rules
from kam_core.accounts.targets import PlanData, attainment_table
from kam_core.incentives.periods import period_containing, seasonal_run_rate
from kam_core.visits.brief import plan_kpi
from kam_core.visits.talking_points import plan_gap

NAN = float("nan")


def days(first: date, last: date, per_day: float, nov_dec: float | None = None) -> pd.DataFrame:
    """Daily sales of one amount, `nov_dec` a day in November and December when given."""
    dates = pd.date_range(first, last)
    amounts = [nov_dec if nov_dec is not None and d.month >= 11 else per_day for d in dates]
    return pd.DataFrame({"date": dates, "revenue": amounts})


def plan(
    sales: dict[str, pd.DataFrame],
    targets: list[tuple[str, int | None, float]],
    as_of: date,
    company: pd.DataFrame | None = None,
) -> PlanData:
    """What the store would read: monthly sums of the daily sales, split as the rules ask."""
    ref = plan_rules.reference_year(as_of)
    start, end = plan_rules.year_to_date(as_of)
    lines = pd.concat([s.assign(account_id=a) for a, s in sales.items()], ignore_index=True)
    lines = lines.assign(month=lines["date"].dt.month)

    def monthly(first: date, last: date) -> pd.DataFrame:
        inside = lines[lines["date"].between(pd.Timestamp(first), pd.Timestamp(last))]
        return inside.groupby(["account_id", "month"], as_index=False)["revenue"].sum()

    whole = company if company is not None else lines
    in_ref = whole[whole["date"].dt.year == ref]
    return PlanData(
        targets=pd.DataFrame(targets, columns=["account_id", "month", "revenue_target"]),
        actual=monthly(start, end),
        reference=monthly(date(ref, 1, 1), date(ref, 12, 31)),
        first_sales=lines.groupby("account_id")["date"].min().dt.date,
        company=in_ref.groupby(in_ref["date"].dt.month)["revenue"].sum(),
        company_first_sale=whole["date"].min().date() if len(whole) else None,
    )


def row(data: PlanData, as_of: date, account: str = "A1") -> pd.Series:
    table = attainment_table(data, as_of)
    return table.set_index("account_id").loc[account]


FLAT = {"A1": days(date(2025, 1, 1), date(2026, 12, 31), 100.0)}


def test_flat_sales_with_a_whole_year_target_half_way():
    # 30 June 2026 is day 181 of 365: 18,100 sold, the target's 181/365 due.
    as_of = date(2026, 6, 30)

    got = row(plan(FLAT, [("A1", None, 40_000.0)], as_of), as_of)

    assert got.ytd_actual == pytest.approx(18_100)
    assert got.ytd_target == pytest.approx(40_000 * 181 / 365)
    assert got.attainment == pytest.approx(18_100 / (40_000 * 181 / 365))
    assert got.projected_full_year == pytest.approx(36_500)
    assert got.projected_attainment == pytest.approx(36_500 / 40_000)
    assert got.gap_to_target == pytest.approx(3_500)
    assert got.required_per_month == pytest.approx((40_000 - 18_100) / (184 / (365 / 12)))


def test_monthly_rows_count_whole_months_then_the_as_of_month_by_days():
    targets = [("A1", m, 1_000.0 * m) for m in range(1, 13)]
    as_of = date(2026, 3, 10)

    got = row(plan(FLAT, targets, as_of), as_of)

    assert got.revenue_target == pytest.approx(78_000)
    assert got.ytd_target == pytest.approx(1_000 + 2_000 + 3_000 * 10 / 31)
    # The projection still follows the sales' own season, not the target's phasing.
    assert got.projected_full_year == pytest.approx(6_900 / (69 / 365))


def test_a_nov_dec_peak_projects_the_year_higher_than_a_linear_run_rate():
    # Last year sold 100 a day to October and 200 a day in November-December.
    sales = {"A1": days(date(2025, 1, 1), date(2026, 10, 31), 100.0, nov_dec=200.0)}
    as_of = date(2026, 10, 31)

    got = row(plan(sales, [("A1", None, 45_000.0)], as_of), as_of)

    linear = 30_400 * 365 / 304
    assert got.projected_full_year == pytest.approx(30_400 + 61 * 200)
    assert got.projected_full_year > linear * 1.1
    assert got.ytd_target == pytest.approx(45_000 * 30_400 / 42_600)
    assert got.projected_attainment == pytest.approx(42_600 / 45_000)


def test_an_account_without_a_prior_year_takes_the_company_season():
    company = days(date(2025, 1, 1), date(2026, 10, 31), 1_000.0, nov_dec=2_000.0)
    sales = {"NEW": days(date(2026, 3, 1), date(2026, 10, 31), 50.0)}
    as_of = date(2026, 10, 31)

    got = row(plan(sales, [("NEW", None, 20_000.0)], as_of, company=company), as_of, "NEW")

    share = 304_000 / 426_000
    assert got.ytd_target == pytest.approx(20_000 * share)
    assert got.projected_full_year == pytest.approx(245 * 50 / share)


def test_an_account_that_began_in_february_of_last_year_is_not_a_full_year():
    company = days(date(2024, 1, 1), date(2026, 10, 31), 1_000.0, nov_dec=2_000.0)
    sales = {"A1": days(date(2025, 2, 1), date(2026, 10, 31), 100.0)}  # flat, but not full
    as_of = date(2026, 10, 31)

    got = row(plan(sales, [("A1", None, 40_000.0)], as_of, company=company), as_of)

    assert got.ytd_target == pytest.approx(40_000 * 304_000 / 426_000)


def test_a_first_sale_on_31_january_still_makes_a_full_year():
    assert plan_rules.is_full_year(date(2025, 1, 31), 2025)
    assert not plan_rules.is_full_year(date(2025, 2, 1), 2025)
    assert not plan_rules.is_full_year(None, 2025)


def test_without_any_prior_year_the_share_is_days_elapsed():
    sales = {"A1": days(date(2026, 1, 1), date(2026, 4, 10), 100.0)}
    as_of = date(2026, 4, 10)

    got = row(plan(sales, [("A1", None, 36_500.0)], as_of), as_of)

    assert got.ytd_target == pytest.approx(36_500 * 100 / 365)
    assert got.projected_full_year == pytest.approx(36_500)


def test_as_of_1_january():
    as_of = date(2026, 1, 1)

    got = row(plan(FLAT, [("A1", None, 36_500.0)], as_of), as_of)

    assert got.ytd_actual == pytest.approx(100)
    assert got.ytd_target == pytest.approx(100)
    assert got.attainment == pytest.approx(1)
    assert got.projected_full_year == pytest.approx(36_500)
    assert got.required_per_month == pytest.approx(36_400 / (364 / (365 / 12)))


def test_as_of_31_december_the_year_is_the_actual_and_nothing_remains():
    targets = [("A1", m, 3_000.0) for m in range(1, 13)]
    as_of = date(2026, 12, 31)

    got = row(plan(FLAT, targets, as_of), as_of)

    assert got.ytd_actual == pytest.approx(36_500)
    assert got.ytd_target == pytest.approx(36_000)
    assert got.projected_full_year == pytest.approx(36_500)
    assert got.gap_to_target == pytest.approx(-500)
    assert pd.isna(got.required_per_month)
    assert plan_rules.months_remaining(as_of) == 0


def test_the_last_day_of_a_month_counts_it_whole_and_the_next_day_starts_the_next():
    targets = [("A1", 1, 3_100.0), ("A1", 2, 2_800.0)]

    on = row(plan(FLAT, targets, date(2026, 1, 31)), date(2026, 1, 31))
    after = row(plan(FLAT, targets, date(2026, 2, 1)), date(2026, 2, 1))

    assert on.ytd_target == pytest.approx(3_100)
    assert after.ytd_target == pytest.approx(3_100 + 100)


def test_a_leap_year_has_366_days():
    assert plan_rules.days_in_year(2024) == 366
    assert plan_rules.months_remaining(date(2024, 12, 30)) == pytest.approx(1 / (366 / 12))
    assert plan_rules.elapsed_by_month(date(2024, 2, 29))[2] == 1


def test_a_share_of_zero_has_no_projection_and_no_rate():
    # Last year sold nothing in January: on 1 January nothing of the year is due yet.
    sales = {"A1": days(date(2025, 2, 1), date(2026, 1, 1), 100.0)}
    sales["A1"] = pd.concat([days(date(2025, 1, 1), date(2025, 1, 1), 0.0), sales["A1"]])
    as_of = date(2026, 1, 1)

    got = row(plan(sales, [("A1", None, 36_500.0)], as_of), as_of)

    assert got.ytd_target == 0
    assert pd.isna(got.attainment)
    assert pd.isna(got.projected_full_year)


def test_an_account_with_a_target_and_no_sales_is_at_zero():
    sales = {"A1": FLAT["A1"]}
    as_of = date(2026, 6, 30)

    table = attainment_table(plan(sales, [("A1", None, 1.0), ("GHOST", None, 9.0)], as_of), as_of)

    ghost = table.set_index("account_id").loc["GHOST"]
    assert ghost.ytd_actual == 0
    assert ghost.attainment == 0
    assert list(table.columns) == plan_rules.ATTAINMENT_COLUMNS


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(1.05, "ahead"), (1.0499, "on plan"), (0.95, "on plan"), (0.9499, "behind"), (NAN, "")],
)
def test_status_bands(rate, expected):
    assert plan_totals.status(rate) == expected


def test_totals_recompute_rates_from_sums():
    as_of = date(2026, 6, 30)
    table = attainment_table(plan(FLAT, [("A1", None, 40_000.0)], as_of), as_of)
    table = pd.concat([table, table.assign(account_id="A2")], ignore_index=True)

    both = plan_totals.totals(table, as_of).iloc[0]

    assert both.revenue_target == pytest.approx(80_000)
    assert both.attainment == pytest.approx(table.attainment.iloc[0])
    assert both.required_per_month == pytest.approx(2 * table.required_per_month.iloc[0])


def test_behind_plan_lists_the_largest_shortfall_first():
    table = pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D"],
            "ytd_target": [100.0, 1_000.0, 100.0, 500.0],
            "ytd_actual": [50.0, 900.0, 96.0, 474.0],
        }
    )
    table = table.assign(attainment=table.ytd_actual / table.ytd_target)

    behind = plan_totals.behind_plan(table)

    assert list(behind.account_id) == ["B", "A", "D"]  # C is on plan (96%)


def test_the_cumulative_plan_meets_the_actual_at_the_as_of_date():
    sales = {"A1": days(date(2025, 1, 1), date(2026, 10, 31), 100.0, nov_dec=200.0)}
    as_of = date(2026, 10, 15)

    curve = plan_rules.cumulative(plan(sales, [("A1", None, 45_000.0)], as_of), as_of)

    at = curve.set_index("day").loc[pd.Timestamp(as_of)]
    assert at.actual == pytest.approx(at.projection)
    assert at.actual == pytest.approx(28_800)
    assert pd.isna(curve["actual"].iloc[-1])  # nothing after the as-of date
    assert curve["target"].iloc[-1] == pytest.approx(45_000)
    assert curve["projection"].iloc[-1] == pytest.approx(at.actual / (28_800 / 42_600))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 364), st.integers(0, 364))
def test_the_phased_target_never_falls_as_the_year_goes_on(a, b):
    early, late = sorted(
        (date(2026, 1, 1) + timedelta(days=a), date(2026, 1, 1) + timedelta(days=b))
    )
    sales = {"A1": days(date(2025, 1, 1), date(2025, 12, 31), 100.0, nov_dec=300.0)}

    def due(as_of: date) -> float:
        return row(plan(sales, [("A1", None, 10_000.0)], as_of), as_of).ytd_target

    assert due(early) <= due(late) + 1e-9 <= 10_000 + 1e-6


def plan_row(**changes: float) -> pd.DataFrame:
    row = {
        "account_id": "A1",
        "year": 2026,
        "revenue_target": 120_000.0,
        "ytd_actual": 80_000.0,
        "ytd_target": 90_000.0,
        "attainment": 80 / 90,
        "projected_full_year": 107_000.0,
        "projected_attainment": 107 / 120,
        "gap_to_target": 13_000.0,
        "required_per_month": 20_000.0,
    }
    return pd.DataFrame([row | changes])


def test_the_plan_talking_point_says_what_is_needed_a_month():
    (point,) = plan_gap(plan_row())

    assert point.topic == "Plan"
    assert point.text == (
        "Needs $20K a month for the rest of 2026 to reach its plan of $120K "
        "(89% of plan to date; on course for 89%)."
    )
    assert point.numbers["required_per_month"] == 20_000


def test_an_account_past_its_plan_is_told_so():
    (point,) = plan_gap(plan_row(required_per_month=-1.0, ytd_actual=121_000.0))

    assert point.text == "Has passed its 2026 plan of $120K: $121K so far."


@pytest.mark.parametrize(
    ("needed", "text"),
    [
        (1.0, "Needs $1 a month for the rest of 2026 to reach its plan of $120K."),
        (0.0, "Has passed its 2026 plan of $120K: $80K so far."),
    ],
)
def test_the_plan_point_without_rates_and_on_the_plan_exactly(needed, text):
    (point,) = plan_gap(
        plan_row(required_per_month=needed, attainment=NAN, projected_attainment=NAN)
    )

    assert point.text == text
    assert point.rule == (
        "The account has a revenue target for the year: (target - revenue to date) / months left."
    )
    assert set(point.numbers) == {
        "revenue_target", "ytd_actual", "attainment", "projected_attainment", "required_per_month"
    }  # fmt: skip


def test_no_plan_point_without_a_target_or_on_31_december():
    assert plan_gap(plan_row().iloc[0:0]) == []
    assert plan_gap(plan_row(required_per_month=NAN)) == []


@pytest.mark.parametrize(("rate", "good"), [(0.95, True), (0.9499, False), (1.2, True)])
def test_the_plan_kpi_is_green_from_95_percent(rate, good):
    kpi = plan_kpi(plan_row(attainment=rate).iloc[0])

    assert kpi.good is good
    assert kpi.value == f"{rate:.1%}"  # one decimal, as every percentage reads
    assert kpi.change == "projected 89.2%"


PEAK = pd.DataFrame([[1.0] * 10 + [2.0, 2.0]], index=pd.Index(["A1"]), columns=plan_rules.MONTHS)


def test_the_share_of_a_quarter_follows_the_profile_within_it():
    profile = PEAK / PEAK.sum(axis=1).iloc[0]

    as_of = date(2026, 10, 31)

    q4 = plan_rules.period_share(profile, date(2026, 10, 1), date(2026, 12, 31), as_of)
    year = plan_rules.period_share(profile, date(2026, 1, 1), date(2026, 12, 31), as_of)

    assert q4.iloc[0] == pytest.approx(1 / 5)
    assert year.iloc[0] == pytest.approx(10 / 14)
    assert year.iloc[0] == pytest.approx(plan_rules.share_elapsed(profile, as_of).iloc[0])


def test_a_period_not_begun_or_ended_has_share_0_or_1():
    first, last = date(2026, 10, 1), date(2026, 12, 31)

    assert plan_rules.period_share(PEAK, first, last, date(2026, 9, 30)).iloc[0] == 0
    assert plan_rules.period_share(PEAK, first, last, date(2027, 1, 1)).iloc[0] == 1


def test_the_rebate_projection_uses_the_seasonal_share_and_falls_back_to_days():
    year = period_containing("year", date(2026, 10, 31))

    assert seasonal_run_rate(30_400, year, date(2026, 10, 31), 30_400 / 42_600) == pytest.approx(
        42_600
    )
    assert seasonal_run_rate(30_400, year, date(2026, 10, 31), None) == pytest.approx(36_500)
    assert seasonal_run_rate(30_400, year, date(2026, 10, 31), 0.0) == pytest.approx(36_500)
    assert seasonal_run_rate(30_400, year, date(2026, 10, 31), NAN) == pytest.approx(36_500)


def test_the_curve_sums_each_accounts_own_projection_and_shows_each_month_end():
    as_of = date(2026, 3, 15)
    flat = [1 / 12] * 12
    december = [0.0] * 11 + [1.0]  # nothing normally sold by mid-March: no projection
    profiles = pd.DataFrame([flat, december], index=["A", "B"], columns=plan_rules.MONTHS)
    actual = pd.DataFrame(0.0, index=profiles.index, columns=plan_rules.MONTHS)
    actual.loc["A", [1, 2, 3]] = [100.0, 100.0, 50.0]
    actual.loc["B", 1] = 10.0
    phased = pd.DataFrame(100.0, index=profiles.index, columns=plan_rules.MONTHS)

    unread = plan(FLAT, [], as_of)  # the curve reads the phasing given, not the plan

    curve = plan_rules.cumulative(
        unread, as_of, shared=plan_rules.Phasing(profiles, phased, actual)
    ).set_index("day")

    share_a = (2 + 15 / 31) / 12
    assert curve.loc["2026-01-31", "actual"] == 110
    assert curve.loc["2026-02-28", "actual"] == 210
    assert curve.loc["2026-03-15", "actual"] == 260
    assert pd.isna(curve.loc["2026-03-31", "actual"])
    assert curve.loc["2026-12-31", "projection"] == pytest.approx(250 / share_a + 10)
    assert curve.loc["2026-12-31", "target"] == pytest.approx(2_400)


def test_a_year_without_seasonality_phases_by_days_in_each_month():
    profile = plan_rules.days_profile(2028)

    assert list(profile.index) == list(plan_rules.MONTHS)
    assert profile[2] == pytest.approx(29 / 366)
    assert profile.sum() == pytest.approx(1.0)


def test_the_share_of_a_quarter_on_its_first_and_last_day():
    profile = PEAK / PEAK.sum(axis=1).iloc[0]
    first, last = date(2026, 10, 1), date(2026, 12, 31)

    on_first = plan_rules.period_share(profile, first, last, first)
    on_last = plan_rules.period_share(profile, first, last, last)
    after = plan_rules.period_share(profile, first, last, last + timedelta(days=1))

    assert on_first["A1"] == pytest.approx(1 / 31 / 5)
    assert on_last["A1"] == pytest.approx(1.0)
    assert after.to_dict() == {"A1": 1.0}


def test_each_account_takes_its_own_season_else_the_companys_else_days():
    accounts = pd.Index(["OWN", "NEW", "SILENT", "NEVER"], name="account_id")
    reference = pd.DataFrame(
        {"account_id": ["OWN", "OWN", "NEW"], "month": [1, 7, 3], "revenue": [0.75, 0.25, 9.0]}
    )
    first_sales = pd.Series(
        {"OWN": date(2025, 1, 31), "NEW": date(2025, 2, 1), "SILENT": date(2024, 1, 1)}
    )
    company = pd.Series({11: 0.5, 12: 0.5})  # a whole unit, all of it in November and December

    found = plan_rules.profiles(
        accounts, reference, first_sales, company, date(2024, 1, 1), date(2026, 6, 30)
    )

    own = [0.75] + [0.0] * 5 + [0.25] + [0.0] * 5
    company_season = [0.0] * 10 + [0.5, 0.5]
    assert found.loc["OWN"].tolist() == own  # a whole unit of its own sales is enough
    assert found.loc["NEW"].tolist() == company_season  # its first sale after 31 January
    assert found.loc["SILENT"].tolist() == company_season  # no sales in the reference year
    assert found.loc["NEVER"].tolist() == company_season


@pytest.mark.parametrize(
    ("company", "first_sale"),
    [
        (pd.Series({11: 0.5, 12: 0.5}), date(2025, 2, 1)),  # the company's year is not whole
        (pd.Series(dtype=float), date(2024, 1, 1)),  # the company sold nothing
    ],
)
def test_without_a_whole_company_year_the_season_is_days(company, first_sale):
    accounts = pd.Index(["NEW"], name="account_id")
    reference = pd.DataFrame(columns=["account_id", "month", "revenue"])

    found = plan_rules.profiles(
        accounts, reference, pd.Series(dtype=object), company, first_sale, date(2026, 6, 30)
    )

    assert found.loc["NEW"].tolist() == pytest.approx(plan_rules.days_profile(2026).tolist())


def test_a_rate_of_single_amounts_is_their_ratio_and_none_without_a_basis():
    assert plan_rules.attainment(80.0, 100.0) == pytest.approx(0.8)
    assert pd.isna(plan_rules.attainment(80.0, 0.0))


def test_the_attainment_table_has_a_row_per_account_in_id_order_with_its_own_target():
    as_of = date(2026, 6, 30)
    sales = {"B1": FLAT["A1"], "A1": FLAT["A1"]}

    table = attainment_table(
        plan(sales, [("B1", None, 50_000.0), ("A1", None, 70_000.0)], as_of), as_of
    )

    assert list(table.index) == [0, 1]
    assert table[["account_id", "year"]].values.tolist() == [["A1", 2026], ["B1", 2026]]
    assert table["revenue_target"].tolist() == pytest.approx([70_000, 50_000])
