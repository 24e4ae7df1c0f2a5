"""Targets and attainment: each account's annual plan against its revenue to date.

Amounts are in revenue currency, rates are fractions (1.0 = exactly on plan), months run 1-12
and the as-of day counts as elapsed. A profile is a year's revenue by month as fractions of the
year (a row sums to 1); docs/methods-targets.md gives every definition with an example.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import pandas as pd

MONTHS = list(range(1, 13))
Amount = TypeVar("Amount", float, pd.Series)

ATTAINMENT_COLUMNS = [
    "account_id",
    "year",
    "revenue_target",
    "ytd_actual",
    "ytd_target",
    "attainment",
    "projected_full_year",
    "projected_attainment",
    "gap_to_target",
    "required_per_month",
]


@dataclass(frozen=True)
class PlanData:
    """The aggregates the store reads for one as-of date; the rules below do the rest."""

    targets: pd.DataFrame  # account_id, month (<NA>: whole year), revenue_target; as-of year
    actual: pd.DataFrame  # account_id, month, revenue: 1 January to the as-of date
    reference: pd.DataFrame  # account_id, month, revenue: the reference year, targeted accounts
    first_sales: pd.Series  # account_id -> date of its first sale (absent: never sold)
    company: pd.Series  # month -> the whole company's revenue in the reference year
    company_first_sale: date | None


def year_to_date(as_of: date) -> tuple[date, date]:
    """The window of ytd_actual: 1 January of the as-of year to the as-of date, inclusive."""
    return date(as_of.year, 1, 1), as_of


def reference_year(as_of: date) -> int:
    """The year whose seasonality phases a whole-year target: the one before the as-of year."""
    return as_of.year - 1


def is_full_year(first_sale: date | None, year: int) -> bool:
    """Sales covered all of `year`: the first sale is on or before 31 January of it."""
    return first_sale is not None and first_sale <= date(year, 1, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def elapsed_by_month(as_of: date) -> pd.Series:
    """Per month, the fraction elapsed at the end of `as_of`: 1 before, days / days, 0 after."""
    days = calendar.monthrange(as_of.year, as_of.month)[1]
    shares = [1.0 if m < as_of.month else 0.0 for m in MONTHS]
    shares[as_of.month - 1] = as_of.day / days
    return pd.Series(shares, index=MONTHS)


def days_profile(year: int) -> pd.Series:
    """The profile of a year without seasonality: each month's days / the year's days."""
    days = [calendar.monthrange(year, m)[1] for m in MONTHS]
    return pd.Series(days, index=MONTHS, dtype=float) / days_in_year(year)


def _by_month(monthly: pd.DataFrame, accounts: pd.Index, value: str = "revenue") -> pd.DataFrame:
    """Long rows (account_id, month, `value`) as one row per account of `accounts` and a column
    per month, summed; 0 where there is no row, rows of other accounts left out."""
    grid = np.zeros((len(accounts), len(MONTHS)))
    rows = accounts.get_indexer(monthly["account_id"])
    kept = rows >= 0
    months = monthly["month"].to_numpy(dtype=int)[kept] - 1
    np.add.at(grid, (rows[kept], months), monthly[value].to_numpy(dtype=float)[kept])
    return pd.DataFrame(grid, index=accounts, columns=MONTHS)


def profiles(
    accounts: pd.Index,
    reference: pd.DataFrame,
    first_sales: pd.Series,
    company: pd.Series,
    company_first_sale: date | None,
    as_of: date,
) -> pd.DataFrame:
    """One seasonal profile per account of `accounts`: its own reference year when that was a
    full year for it, else the company's, else days (the fallback order of share_elapsed).

    reference: account_id, month, revenue in the reference year; company: month -> revenue."""
    year = reference_year(as_of)
    totals_by_month = company.reindex(MONTHS, fill_value=0.0).to_numpy(dtype=float)
    fallback = (
        totals_by_month / totals_by_month.sum()
        if is_full_year(company_first_sale, year) and totals_by_month.sum() > 0
        else days_profile(as_of.year).to_numpy()
    )
    own = _by_month(reference, accounts).to_numpy()
    sums = own.sum(axis=1)
    full = np.array([is_full_year(first_sales.get(a), year) for a in accounts], dtype=bool)
    usable = full & (sums > 0)
    shares = own / np.where(usable, sums, 1.0)[:, None]
    return pd.DataFrame(
        np.where(usable[:, None], shares, fallback[None, :]), index=accounts, columns=MONTHS
    )


def seasonal_profiles(plan: PlanData, as_of: date) -> pd.DataFrame:
    """The profile of every account with a target (see `profiles`)."""
    accounts = pd.Index(plan.targets["account_id"].unique(), name="account_id")
    return profiles(
        accounts, plan.reference, plan.first_sales, plan.company, plan.company_first_sale, as_of
    )


def share_elapsed(profiles: pd.DataFrame, as_of: date) -> pd.Series:
    """The share of a year's revenue that normally falls from 1 January to the as-of date."""
    return profiles @ elapsed_by_month(as_of)


def period_share(profiles: pd.DataFrame, first: date, last: date, as_of: date) -> pd.Series:
    """The share of a period's normal revenue (whole months `first`..`last` of one year: a year
    or a quarter) that falls from its start to `as_of`; for a year, share_elapsed. NaN when the
    profile puts nothing in the period."""
    months = [m for m in MONTHS if first.month <= m <= last.month]
    if as_of < first or as_of > last:
        return pd.Series(0.0 if as_of < first else 1.0, index=profiles.index)
    inside = profiles[months]
    normal = inside.sum(axis=1)
    return (inside @ elapsed_by_month(as_of)[months]) / normal.where(normal > 0)


def phased_targets(targets: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """Each account's target per month: its monthly rows, or its whole-year row x its profile."""
    accounts = profiles.index
    monthly = targets[targets["month"].notna()]
    phased = _by_month(monthly, accounts, "revenue_target").to_numpy()
    whole = targets[targets["month"].isna()]
    amount = np.zeros(len(accounts))
    np.add.at(
        amount,
        accounts.get_indexer(whole["account_id"]),
        whole["revenue_target"].to_numpy(dtype=float),
    )
    phased = phased + amount[:, None] * profiles.to_numpy()
    return pd.DataFrame(phased, index=accounts, columns=MONTHS)


def ytd_target(phased: pd.DataFrame, as_of: date) -> pd.Series:
    """Whole months before the as-of month plus the as-of month pro rata by days.

    For a whole-year target phased by the profile this is revenue_target x share_elapsed."""
    return phased @ elapsed_by_month(as_of)


def _ratio(numerator: Amount, denominator: Amount) -> Amount:
    """numerator / denominator, NaN where the denominator is 0 (no basis for a rate)."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.where(denominator != 0)
    return numerator / denominator if denominator else float("nan")


def attainment(actual: Amount, target: Amount) -> Amount:
    """ytd_actual / ytd_target: 1.0 is on plan, 0.9 is 10% behind."""
    return _ratio(actual, target)


def projected_full_year(actual: Amount, share: Amount) -> Amount:
    """The seasonal run rate: ytd_actual / share_elapsed (NaN while the share is 0)."""
    return _ratio(actual, share)


def projected_attainment(projected: Amount, revenue_target: Amount) -> Amount:
    return _ratio(projected, revenue_target)


def gap_to_target(revenue_target: Amount, projected: Amount) -> Amount:
    """How far the projection falls short of the target (negative: it beats it)."""
    return revenue_target - projected


def months_remaining(as_of: date) -> float:
    """Days after the as-of date to 31 December, in average months (days in the year / 12)."""
    year = days_in_year(as_of.year)
    left = (date(as_of.year, 12, 31) - as_of).days
    return left / (year / 12)


def required_per_month(revenue_target: Amount, actual: Amount, as_of: date) -> Amount:
    """(revenue_target - ytd_actual) / months remaining; NaN on 31 December (none remain)."""
    left = months_remaining(as_of)
    return (revenue_target - actual) / left if left else revenue_target * float("nan")


@dataclass(frozen=True)
class Phasing:
    """Per targeted account (rows) and month (columns): what the table and the curve share."""

    profiles: pd.DataFrame  # the seasonal profile (rows sum to 1)
    phased: pd.DataFrame  # the target per month
    actual: pd.DataFrame  # revenue per month, 1 January to the as-of date


def phasing(plan: PlanData, as_of: date) -> Phasing:
    profiles = seasonal_profiles(plan, as_of)
    phased = phased_targets(plan.targets, profiles)
    return Phasing(profiles, phased, _by_month(plan.actual, profiles.index))


def attainment_table(plan: PlanData, as_of: date, shared: Phasing | None = None) -> pd.DataFrame:
    """One row per account with a target in the as-of year: the view target_attainment."""
    months = shared or phasing(plan, as_of)
    table = pd.DataFrame(
        {
            "revenue_target": months.phased.sum(axis=1),
            "ytd_actual": months.actual.sum(axis=1),
            "ytd_target": ytd_target(months.phased, as_of),
            "share_elapsed": share_elapsed(months.profiles, as_of),
        }
    )
    table = rates(table, as_of)
    return (
        table.reset_index()
        .assign(year=as_of.year)
        .sort_values("account_id", ignore_index=True)[ATTAINMENT_COLUMNS]
    )


def rates(sums: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The rates of summed amounts (or of one account's, with share_elapsed): attainment,
    projection, projected attainment, gap and revenue needed a month."""
    projected = (
        projected_full_year(sums["ytd_actual"], sums["share_elapsed"])
        if "share_elapsed" in sums
        else sums["projected_full_year"]
    )
    return sums.assign(
        attainment=attainment(sums["ytd_actual"], sums["ytd_target"]),
        projected_full_year=projected,
        projected_attainment=projected_attainment(projected, sums["revenue_target"]),
        gap_to_target=gap_to_target(sums["revenue_target"], projected),
        required_per_month=required_per_month(sums["revenue_target"], sums["ytd_actual"], as_of),
    )


def cumulative(plan: PlanData, as_of: date, shared: Phasing | None = None) -> pd.DataFrame:
    """Month ends of the as-of year and the as-of date: actual to date, the phased target and the
    projection from the as-of date to the year end, all cumulative from 1 January and summed
    over the targeted accounts (actual only to the as-of date, projection only from it)."""
    return phased_curve(shared or phasing(plan, as_of), as_of)


def phased_curve(months: Phasing, as_of: date) -> pd.DataFrame:
    """`cumulative` of the accounts `months` holds, for a store that kept their phasing."""
    profiles, phased, actual = months.profiles, months.phased, months.actual
    to_date = actual.sum(axis=1)
    projected = projected_full_year(to_date, share_elapsed(profiles, as_of)).fillna(to_date)
    month_ends = [date(as_of.year, m, calendar.monthrange(as_of.year, m)[1]) for m in MONTHS]
    days = sorted({*month_ends, as_of})
    elapsed = np.array([elapsed_by_month(day).to_numpy() for day in days])
    # Sales after the as-of date are not read: the as-of month's actual counts whole.
    actual_by_month = np.cumsum(actual.to_numpy().sum(axis=0))
    return pd.DataFrame(
        {
            "day": pd.to_datetime(days),
            "actual": [actual_by_month[d.month - 1] if d <= as_of else np.nan for d in days],
            "target": elapsed @ phased.to_numpy().sum(axis=0),
            "projection": np.where(
                np.array(days) >= as_of,
                elapsed @ (profiles.to_numpy() * projected.to_numpy()[:, None]).sum(axis=0),
                np.nan,
            ),
        }
    )
