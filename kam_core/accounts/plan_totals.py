"""The plan across accounts: totals per manager, region or portfolio, status, behind plan.

Works on accounts.targets.attainment_table rows; amounts in revenue currency, rates fractions.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.accounts.targets import rates

ON_PLAN = 0.05  # attainment within 5% of the phased target reads "on plan"
# Summed over accounts; the rates are recomputed from the sums.
SUMMED = ["revenue_target", "ytd_actual", "ytd_target", "projected_full_year"]


def totals(table: pd.DataFrame, as_of: date, by: list[str] | None = None) -> pd.DataFrame:
    """The amounts of an attainment table summed (per `by` column, or in one row), with the
    rates recomputed from the sums. An account without a projection counts its ytd_actual."""
    sums = table.assign(
        projected_full_year=table["projected_full_year"].fillna(table["ytd_actual"])
    )
    grouped = sums.groupby(by)[SUMMED].sum() if by else sums[SUMMED].sum().to_frame().T
    return rates(grouped.astype(float), as_of).reset_index(drop=not by)


def status(rate: float) -> str:
    """'ahead', 'on plan' or 'behind' for an attainment; '' when there is none."""
    if pd.isna(rate):
        return ""
    if rate >= 1 + ON_PLAN:
        return "ahead"
    return "on plan" if rate >= 1 - ON_PLAN else "behind"


def behind_plan(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` accounts behind plan, the largest shortfall (ytd_target - ytd_actual) first."""
    behind = table[table["attainment"] < 1 - ON_PLAN]
    shortfall = behind["ytd_target"] - behind["ytd_actual"]
    return (
        behind.assign(shortfall=shortfall)
        .sort_values(["shortfall", "account_id"], ascending=[False, True])
        .head(n)
        .reset_index(drop=True)
    )


def plan_by(rows: pd.DataFrame, accounts: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Target rows (account_id, month, revenue_target, quantity_target) summed per account `by`
    column (manager, region; None: one row for all), with the accounts and those phased by month.

    Cells that are not numbers count as 0; an account the master lacks is '(unknown)'."""
    amounts = rows.assign(
        revenue_target=pd.to_numeric(rows["revenue_target"], errors="coerce"),
        quantity_target=pd.to_numeric(rows["quantity_target"], errors="coerce"),
        phased=rows["account_id"].where(rows["month"].notna()),
    )[["account_id", "revenue_target", "quantity_target", "phased"]]
    if by is None:
        by, amounts = "all", amounts.assign(all="all")
    else:
        amounts = amounts.merge(accounts[["account_id", by]], on="account_id", how="left")
        amounts[by] = amounts[by].fillna("(unknown)")
    return (
        amounts.groupby(by)
        .agg(
            accounts=("account_id", "nunique"),
            phased=("phased", "nunique"),
            revenue_target=("revenue_target", "sum"),
            quantity_target=("quantity_target", "sum"),
        )
        .reset_index()
    )


def with_plan(table: pd.DataFrame, attained: pd.DataFrame) -> pd.DataFrame:
    """`table` (a row per account_id) with each account's revenue_target and attainment from an
    attainment table; empty for an account without a target."""
    plan = attained[["account_id", "revenue_target", "attainment"]]
    return table.merge(plan, on="account_id", how="left")
