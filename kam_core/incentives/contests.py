"""Sales contests: rank accounts on a metric over a period and award the stated prizes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

# metric -> how it is computed from this period's and last year's revenue per account.
METRICS = {
    "growth": "revenue above the same period last year (money)",
    "growth_pct": "growth against the same period last year (fraction; needs last-year sales)",
    "revenue": "revenue in the period (money)",
}
MOST_PRIZES = 100  # places with a prize: more is a paste gone wrong, not a contest
LARGEST_PRIZE = 1e12  # the amounts' ceiling below the importer's, in the company's currency


class PrizeError(ValueError):
    """Prizes typed that cannot be awarded; the message says which and why (one line)."""


def prizes_from_text(text: str) -> list[float]:
    """The prizes by place typed as comma-separated amounts ('5000, 3000, 1000'); PrizeError
    for anything but at most MOST_PRIZES finite amounts from 0 to LARGEST_PRIZE."""
    typed = [p.strip() for p in text.split(",") if p.strip()]
    if len(typed) > MOST_PRIZES:
        raise PrizeError(f"{len(typed):,} prizes typed; award at most {MOST_PRIZES} places")
    prizes = []
    for place, amount in enumerate(typed, start=1):
        try:
            value = float(amount.replace("_", "x"))  # float() reads '1_000'; people do not
        except ValueError:
            value = math.nan
        if not 0 <= value <= LARGEST_PRIZE:  # NaN fails every comparison
            raise PrizeError(
                f"prize {place} ({amount[:20]!r}) is not an amount from 0 to {LARGEST_PRIZE:,.0f}; "
                "type amounts separated by commas, e.g. 5000, 3000, 1000"
            )
        prizes.append(value)
    return prizes


def contest_standings(
    sales: pd.DataFrame, metric: str, prizes: Sequence[float], top_n: int | None = None
) -> pd.DataFrame:
    """Rank accounts (columns account_id, name, revenue, ly_revenue) and award prizes by place.

    Places 1..len(prizes) win prizes[0], prizes[1], ...; accounts tied on the metric share the
    prizes of the places they hold equally. Accounts without sales in the period do not compete,
    nor, for growth_pct, those without last-year sales. Returns the top `top_n` (default: all).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown contest metric {metric!r}; choose one of {', '.join(METRICS)}")
    entrants = sales[sales.revenue > 0]
    if metric == "growth_pct":
        entrants = entrants[entrants.ly_revenue > 0]
    value = {
        "growth": entrants.revenue - entrants.ly_revenue,
        "growth_pct": entrants.revenue / entrants.ly_revenue - 1,
        "revenue": entrants.revenue,
    }[metric]
    ranked = (
        entrants.assign(value=value)
        .sort_values(["value", "account_id"], ascending=[False, True])
        .reset_index(drop=True)
    )
    place_prize = pd.Series(list(prizes) + [0.0] * max(len(ranked) - len(prizes), 0))
    ranked = ranked.assign(
        rank=ranked.value.rank(method="min", ascending=False).astype(int),
        prize=place_prize.iloc[: len(ranked)].to_numpy(),
    )
    ranked = ranked.assign(prize=ranked.groupby("value").prize.transform("mean"))
    shown = ranked if top_n is None else ranked.head(top_n)
    return shown[["rank", "account_id", "name", "revenue", "ly_revenue", "value", "prize"]]
