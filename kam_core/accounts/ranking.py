"""The 20/80 ranking: Pareto shares of twelve-month revenue and the A/B/C classes."""

from __future__ import annotations

import numpy as np
import pandas as pd

A_THRESHOLD = 0.80  # class A while the accounts ranked above hold less than 80% of revenue
B_THRESHOLD = 0.95
TOLERANCE = 1e-9  # a share of 0.7999999999 from float sums is 80%: it is not "below 80%"

RANKING_COLUMNS = [
    "account_id",
    "revenue_12m",
    "margin_12m",
    "share",
    "cumulative_share",
    "abc_class",
    "rank",
]


def abc_classes(revenue: pd.Series, a: float = A_THRESHOLD, b: float = B_THRESHOLD) -> pd.DataFrame:
    """Share, cumulative share (fraction, including the account) and class, in the given order.

    An account is A while the cumulative share of the accounts before it is below `a`,
    B while below `b`, else C. The caller decides the order (revenue, or a score).
    """
    if not 0 < a <= b <= 1:
        raise ValueError(f"thresholds must satisfy 0 < A ({a}) <= B ({b}) <= 1")
    values = revenue.to_numpy(dtype=float)
    total = values.sum()
    cumulative = np.cumsum(values)
    share = values / total if total > 0 else np.zeros_like(values)
    before = (cumulative - values) / total if total > 0 else np.zeros_like(values)
    abc = np.where(before < a - TOLERANCE, "A", np.where(before < b - TOLERANCE, "B", "C"))
    return pd.DataFrame(
        {"share": share, "cumulative_share": before + share, "abc_class": abc},
        index=revenue.index,
    )


def rank_accounts(
    totals: pd.DataFrame, a: float = A_THRESHOLD, b: float = B_THRESHOLD
) -> pd.DataFrame:
    """Rank accounts (account_id, revenue_12m, margin_12m) by revenue, largest first.

    Accounts without revenue in the window are left out; ties are broken by account_id so the
    ranking is repeatable. `rank` starts at 1.
    """
    ranked = (
        totals.loc[totals["revenue_12m"] > 0, ["account_id", "revenue_12m", "margin_12m"]]
        .sort_values(["revenue_12m", "account_id"], ascending=[False, True])
        .reset_index(drop=True)
    )
    ranked = ranked.join(abc_classes(ranked["revenue_12m"], a, b))
    return ranked.assign(rank=np.arange(1, len(ranked) + 1))[RANKING_COLUMNS]


def pareto_curve(ranking: pd.DataFrame) -> pd.DataFrame:
    """The Pareto curve: share of accounts (fraction) against cumulative share of revenue."""
    n = len(ranking)
    return pd.DataFrame(
        {
            "account_share": np.concatenate([[0.0], np.arange(1, n + 1) / max(n, 1)]),
            "revenue_share": np.concatenate([[0.0], ranking["cumulative_share"].to_numpy()]),
        }
    )


def revenue_share_of_top(ranking: pd.DataFrame, account_share: float = 0.2) -> float:
    """Share of revenue (fraction) held by the top `account_share` of accounts, interpolated."""
    curve = pareto_curve(ranking)
    return float(np.interp(account_share, curve["account_share"], curve["revenue_share"]))


def class_summary(ranking: pd.DataFrame) -> pd.DataFrame:
    """Accounts and revenue per A/B/C class: abc_class, accounts, revenue_12m, share."""
    summary = (
        ranking.groupby("abc_class", as_index=False)
        .agg(accounts=("account_id", "size"), revenue_12m=("revenue_12m", "sum"))
        .set_index("abc_class")
        .reindex(["A", "B", "C"], fill_value=0)
        .reset_index()
    )
    total = summary["revenue_12m"].sum()
    return summary.assign(share=summary["revenue_12m"] / total if total else 0.0)
