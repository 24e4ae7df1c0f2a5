"""Key-account screening: a weighted score per account, the tier it proposes, tier movements.

A key account is tier A, and tiers come from one rule (`tiers`): the ranking's 20/80 rule sets
how many accounts each tier holds (as many as it puts in class A and B), the score decides which
accounts they are (tier A only among revenue classes A and B). With all the weight on sales the
tiers are exactly the ranking's classes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from kam_core.accounts.ranking import A_THRESHOLD, B_THRESHOLD, abc_classes

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

    # Sales lead so that tiers stay close to the 20/80 ranking; the others move accounts
    # within it (with all weight on sales the tiers are the ranking's classes).
    sales: float = 0.60  # twelve-month revenue
    margin: float = 0.10  # gross margin rate on the lines with a known cost
    growth: float = 0.10  # twelve-month revenue against the twelve months before
    credit: float = 0.10  # credit rating A (best) .. D
    wallet_share: float = 0.10  # our share of the account's purchases in our categories

    def __post_init__(self) -> None:
        if any(w < 0 for w in asdict(self).values()) or not any(asdict(self).values()):
            raise ValueError("weights must be non-negative and not all zero")


DEFAULT_WEIGHTS = Weights()

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


def points(criteria: pd.DataFrame) -> pd.DataFrame:
    """Each criterion as points 0-1, higher is better; NaN where unknown.

    Sales earn Pareto points: 1 minus the share of revenue held by the accounts above, so the
    accounts that carry the business stand out (a percentile would put the largest account
    barely above the tenth). The other criteria earn their percentile rank among the accounts.
    """
    by_revenue = criteria["revenue_12m"].sort_values(ascending=False)
    shares = abc_classes(by_revenue)
    before = shares["cumulative_share"] - shares["share"]
    table = {
        name: criteria[column].astype(float).rank(pct=True)
        for name, column in CRITERION_COLUMNS.items()
    }
    table["sales"] = (1 - before).reindex(criteria.index)
    return pd.DataFrame(table, index=criteria.index)


def score(criteria: pd.DataFrame, weights: Weights = DEFAULT_WEIGHTS) -> pd.Series:
    """Score 0-100: the weighted mean of the criteria's points (see `points`).

    A criterion unknown for an account (no cost, no sales the year before, no rating) is left
    out of that account's mean, so its weight goes to the criteria that are known.
    """
    table = points(criteria)
    weight = pd.Series(asdict(weights))
    known = table.notna().astype(float) @ weight
    return 100 * (table.fillna(0.0) @ weight) / known.where(known > 0)


def tiers(
    criteria: pd.DataFrame,
    weights: Weights = DEFAULT_WEIGHTS,
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """account_id, score, revenue_class, tier: the best-scored accounts take the ranking's
    places, as many A and B as the 20/80 rule finds on revenue, the rest C. Only accounts of
    revenue class A or B can take an A place: a tail account grows into a key one through B."""
    by_revenue = criteria["revenue_12m"].sort_values(ascending=False, kind="stable")
    revenue_class = abc_classes(by_revenue, a, b)["abc_class"].reindex(criteria.index)
    places = revenue_class.value_counts()
    scored = criteria.assign(score=score(criteria, weights), revenue_class=revenue_class)
    scored = scored.sort_values(
        ["score", "revenue_12m", "account_id"], ascending=[False, False, True]
    )
    key = scored.index[scored["revenue_class"] != "C"][: places.get("A", 0)]
    second = scored.index.drop(key)[: places.get("B", 0)]
    tier = pd.Series("C", index=scored.index).mask(scored.index.isin(key), "A")
    tier = tier.mask(scored.index.isin(second), "B")
    return scored.assign(tier=tier)[["account_id", "score", "revenue_class", "tier"]]


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
    weights: Weights = DEFAULT_WEIGHTS,
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """Score and tier every account on its current criteria, and the previous tier the same
    way on the previous window's criteria; one row per account with sales in either window."""
    now = tiers(current, weights, a, b).rename(columns={"tier": "proposed_tier"})
    now = now.drop(columns="revenue_class")
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
    weights: Weights = DEFAULT_WEIGHTS,
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """`screen` from per-account totals of three consecutive twelve-month windows (column
    `window`: 0 = the twelve months to the as-of date, 1 = the year before, 2 = the one before)."""
    by_window = [windows[windows["years_ago"] == k].reset_index(drop=True) for k in (0, 1, 2)]
    return screen(
        criteria(by_window[0], by_window[1]), criteria(by_window[1], by_window[2]), weights, a, b
    )
