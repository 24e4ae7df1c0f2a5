"""Key-account screening: a weighted score per account, the tier it proposes, tier movements.

A key account is tier A, and tiers come from one rule (`tiers`): take the accounts in score
order and apply the A/B/C rule of the ranking to their twelve-month revenue. With all the weight
on sales the tiers are exactly the ranking's classes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from kam_core.ranking import A_THRESHOLD, B_THRESHOLD, abc_classes

CREDIT_POINTS = {"A": 1.0, "B": 2 / 3, "C": 1 / 3, "D": 0.0}  # better rating, more points
TIER_ORDER = {"A": 0, "B": 1, "C": 2}
SCREENING_COLUMNS = [
    "account_id",
    "score",
    "proposed_tier",
    "previous_tier",
    "revenue_12m",
    "margin_rate",
    "growth",
    "credit_rating",
    "wallet_share",
]


@dataclass(frozen=True)
class Weights:
    """Relative weights of the criteria (any non-negative numbers; they are normalised)."""

    sales: float = 0.35  # twelve-month revenue
    margin: float = 0.20  # gross margin rate on the lines with a known cost
    growth: float = 0.20  # twelve-month revenue against the twelve months before
    credit: float = 0.10  # credit rating A (best) .. D
    wallet_share: float = 0.15  # our share of the account's purchases in our categories

    def __post_init__(self) -> None:
        if any(w < 0 for w in asdict(self).values()) or not any(asdict(self).values()):
            raise ValueError("weights must be non-negative and not all zero")


CRITERION_COLUMNS = {
    "sales": "revenue_12m",
    "margin": "margin_rate",
    "growth": "growth",
    "credit": "credit_points",
    "wallet_share": "wallet_share",
}


def criteria(window: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """The criteria for one twelve-month window (account_id, revenue, known_margin,
    revenue_with_cost, credit_rating, wallet_share) against the window before it (account_id,
    revenue). Margin rate and growth are fractions; None where unknown."""
    previous = before.set_index("account_id")["revenue"].reindex(window["account_id"]).to_numpy()
    with_cost = window["revenue_with_cost"].where(window["revenue_with_cost"] > 0)
    growth = window["revenue"] / pd.Series(previous, index=window.index).where(lambda r: r > 0) - 1
    return pd.DataFrame(
        {
            "account_id": window["account_id"],
            "revenue_12m": window["revenue"],
            "margin_rate": window["known_margin"] / with_cost,
            "growth": growth,
            "credit_rating": window["credit_rating"],
            "credit_points": window["credit_rating"].map(CREDIT_POINTS),
            "wallet_share": window["wallet_share"].astype(float),
        }
    )[lambda c: c["revenue_12m"] > 0].reset_index(drop=True)


def score(criteria: pd.DataFrame, weights: Weights = Weights()) -> pd.Series:
    """Score 0-100: the weighted mean of each criterion's percentile rank among the accounts.

    A criterion unknown for an account (no cost, no sales the year before, no rating) is left
    out of that account's mean, so its weight goes to the criteria that are known.
    """
    weighted = pd.Series(0.0, index=criteria.index)
    total = pd.Series(0.0, index=criteria.index)
    for name, weight in asdict(weights).items():
        percentile = criteria[CRITERION_COLUMNS[name]].astype(float).rank(pct=True)
        known = percentile.notna()
        weighted += percentile.fillna(0.0) * weight
        total += known * weight
    return 100 * weighted / total.where(total > 0)


def tiers(
    criteria: pd.DataFrame,
    weights: Weights = Weights(),
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """account_id, score, tier: the ranking's A/B/C rule on revenue taken in score order."""
    scored = criteria.assign(score=score(criteria, weights)).sort_values(
        ["score", "revenue_12m", "account_id"], ascending=[False, False, True]
    )
    classes = abc_classes(scored["revenue_12m"], a, b)["abc_class"]
    return scored.assign(tier=classes)[["account_id", "score", "tier"]]


def movement(previous: object, proposed: object) -> str:
    """up / down / same / new (no sales before) / lost (no sales now) between two tiers."""
    if pd.isna(proposed):
        return "lost"
    if pd.isna(previous):
        return "new"
    step = TIER_ORDER[str(previous)] - TIER_ORDER[str(proposed)]
    return "up" if step > 0 else "down" if step < 0 else "same"


def screen(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    weights: Weights = Weights(),
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """Score and tier every account on its current criteria, and the previous tier the same
    way on the previous window's criteria; one row per account with sales in either window."""
    now = tiers(current, weights, a, b).rename(columns={"tier": "proposed_tier"})
    before = tiers(previous, weights, a, b)[["account_id", "tier"]]
    result = (
        now.merge(before.rename(columns={"tier": "previous_tier"}), on="account_id", how="outer")
        .merge(current.drop(columns="credit_points"), on="account_id", how="left")
        .sort_values(["score", "account_id"], ascending=[False, True], na_position="last")
        .reset_index(drop=True)
    )
    moves = [
        movement(p, n)
        for p, n in zip(result["previous_tier"], result["proposed_tier"], strict=True)
    ]
    return result[SCREENING_COLUMNS].assign(movement=moves)


def screen_windows(
    windows: pd.DataFrame,
    weights: Weights = Weights(),
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """`screen` from per-account totals of three consecutive twelve-month windows (column
    `window`: 0 = the twelve months to the as-of date, 1 = the year before, 2 = the one before)."""
    by_window = [windows[windows["window"] == k].reset_index(drop=True) for k in (0, 1, 2)]
    return screen(
        criteria(by_window[0], by_window[1]), criteria(by_window[1], by_window[2]), weights, a, b
    )
