"""Sales trends: growth against last year, rolling twelve months, mix shift, price/volume/mix.

Amounts are in the sales currency; growth rates and shares are fractions (0.05 = 5%). Growth is
None (unknown), not infinite, when last year had no revenue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd


def growth(current: float, previous: float) -> float | None:
    """current / previous - 1; None when there is nothing to compare with (previous 0 or NaN)."""
    if pd.isna(previous) or previous == 0 or pd.isna(current):
        return None
    return float(current / previous - 1)


def _growth_column(current: pd.Series, previous: pd.Series) -> pd.Series:
    return (current / previous.where(previous != 0)) - 1


def _months(start: date, end: date) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(), end, freq="MS")


def this_year_vs_last(monthly: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Every month of start..end from (month, revenue, revenue_last_year, other sums), months
    without sales as 0, with yoy_growth = revenue / revenue_last_year - 1 (NaN without LY)."""
    table = (
        monthly.assign(month=pd.to_datetime(monthly["month"]))
        .set_index("month")
        .reindex(_months(start, end), fill_value=0.0)
        .rename_axis("month")
        .reset_index()
    )
    return table.assign(yoy_growth=_growth_column(table["revenue"], table["revenue_last_year"]))


def rolling_twelve_months(monthly: pd.DataFrame, since: date, end: date) -> pd.DataFrame:
    """Revenue of the twelve months ending each month from `since` to `end` (month, revenue_12m).

    Months before `since` (the first month of data) are unknown, so a window reaching before it
    is NaN rather than a partial sum; months without sales after it count as 0.
    """
    series = monthly.set_index(pd.to_datetime(monthly["month"]))["revenue"]
    months = _months(since, end)
    rolled = series.reindex(months, fill_value=0.0).rolling(12, min_periods=12).sum()
    return pd.DataFrame({"month": months, "revenue_12m": rolled.to_numpy()})


def account_changes(totals: pd.DataFrame) -> pd.DataFrame:
    """Per account (revenue, revenue_ly): change (amount) and growth (fraction or None)."""
    return totals.assign(
        change=totals["revenue"] - totals["revenue_ly"],
        growth=_growth_column(totals["revenue"], totals["revenue_ly"]),
    )


DECK_ACCOUNTS = 3  # a meeting deck's account slides by default: the period's largest accounts


def largest_accounts(totals: pd.DataFrame, n: int = DECK_ACCOUNTS) -> tuple[str, ...]:
    """The `n` accounts with the most revenue in `totals` (account_id, revenue), largest first;
    ties by account id so the choice is stable."""
    ranked = totals.sort_values(["revenue", "account_id"], ascending=[False, True], kind="stable")
    return tuple(ranked["account_id"].head(n))


def gainers_and_losers(totals: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `n` largest gains and the `n` largest losses in amount against last year."""
    changes = account_changes(totals)
    gains = changes[changes["change"] > 0].nlargest(n, "change")
    losses = changes[changes["change"] < 0].nsmallest(n, "change")
    return gains.reset_index(drop=True), losses.reset_index(drop=True)


def at_risk(totals: pd.DataFrame, drop: float = 0.2) -> pd.DataFrame:
    """Accounts whose trailing three months (revenue_3m) fell more than `drop` (fraction)
    against the same months last year (revenue_3m_ly), the largest amount lost first;
    accounts new this year are not at risk."""
    change = _growth_column(totals["revenue_3m"], totals["revenue_3m_ly"])
    risky = totals.assign(change_3m=change)[change < -drop]
    lost = risky["revenue_3m"] - risky["revenue_3m_ly"]
    return risky.iloc[lost.argsort(kind="stable")].reset_index(drop=True)


def category_mix(mix: pd.DataFrame) -> pd.DataFrame:
    """Share of revenue per category this year and last (category, revenue, revenue_ly) and
    the shift in share (fraction points, positive = the category weighs more this year)."""
    total, total_ly = mix["revenue"].sum(), mix["revenue_ly"].sum()
    share = mix["revenue"] / total if total else mix["revenue"] * 0.0
    share_ly = mix["revenue_ly"] / total_ly if total_ly else mix["revenue_ly"] * 0.0
    return (
        mix.assign(share=share, share_ly=share_ly, shift=share - share_ly)
        .sort_values("revenue", ascending=False)
        .reset_index(drop=True)
    )


def price_volume_mix(lines: pd.DataFrame) -> pd.DataFrame:
    """Split the revenue change against last year into volume, mix and price (component, amount).

    Per SKU i, with q quantity, r revenue, p = r/q, 0 = last year and 1 = this year,
    Q = sum q, R = sum r and P0 = R0/Q0 (last year's average price):
      volume = Q1*P0 - R0           (= (Q1 - Q0) * P0: more or fewer units at last year's average)
      mix    = sum(q1_i*p0_i) - Q1*P0  (this year's units at last year's SKU prices vs average)
      price  = R1 - sum(q1_i*p0_i)  (= sum q1_i * (p1_i - p0_i))
    so volume + mix + price = R1 - R0 exactly. A SKU not sold last year takes p0_i = p1_i (its
    revenue is volume and mix, not price); with no units last year P0 = R1/Q1 (all volume).
    """
    q0, q1 = lines["quantity_ly"].to_numpy(float), lines["quantity"].to_numpy(float)
    r0, r1 = lines["revenue_ly"].to_numpy(float), lines["revenue"].to_numpy(float)
    p1 = np.divide(r1, q1, out=np.zeros_like(r1), where=q1 > 0)
    p0 = np.divide(r0, q0, out=p1.copy(), where=q0 > 0)
    big_q0, big_q1, big_r0, big_r1 = q0.sum(), q1.sum(), r0.sum(), r1.sum()
    # Last year's average price; with no units last year, this year's (the change is volume).
    average = big_r0 / big_q0 if big_q0 > 0 else big_r1 / big_q1 if big_q1 > 0 else 0.0
    at_last_year_prices = float((q1 * p0).sum())
    return pd.DataFrame(
        {
            "component": ["volume", "mix", "price"],
            "amount": [
                big_q1 * average - big_r0,
                at_last_year_prices - big_q1 * average,
                big_r1 - at_last_year_prices,
            ],
        }
    )


@dataclass(frozen=True)
class KeyAccountKpis:
    key_accounts: int  # tier A now
    revenue_growth: float | None  # today's key accounts: period vs same period last year
    churn_rate: float | None  # of last year's key accounts, the fraction no longer key
    churned: int
    new: int  # key now, no sales in the previous twelve months
    upgraded: int  # key now, tier B or C in the previous twelve months


def key_account_kpis(tiers: pd.DataFrame, totals: pd.DataFrame) -> KeyAccountKpis:
    """The KAM department's KPIs from tiers (account_id, proposed_tier, previous_tier; None =
    no sales in that window) and period totals (account_id, revenue, revenue_ly).

    A key account is tier A. Churned: key in the previous twelve months and, now, no sales or
    not tier A."""
    key_now = tiers["proposed_tier"] == "A"
    key_before = tiers["previous_tier"] == "A"
    key_ids = tiers.loc[key_now, "account_id"]
    key_totals = totals[totals["account_id"].isin(key_ids)]
    churned = int((key_before & ~key_now).sum())
    return KeyAccountKpis(
        key_accounts=int(key_now.sum()),
        revenue_growth=growth(key_totals["revenue"].sum(), key_totals["revenue_ly"].sum()),
        churn_rate=churned / int(key_before.sum()) if key_before.any() else None,
        churned=churned,
        new=int((key_now & tiers["previous_tier"].isna()).sum()),
        upgraded=int((key_now & tiers["previous_tier"].isin(["B", "C"])).sum()),
    )
