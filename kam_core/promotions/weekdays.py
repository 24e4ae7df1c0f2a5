"""How an account's sales spread over the days of the week, for baselines of part weeks.

A profile is seven weights, Monday (0) to Sunday (6), averaging 1.0: weight 1.4 on Saturday
means a Saturday sells 1.4 times the average day. An account whose weekdays differ by less
than noise gets the flat profile (every weight 1.0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEEKDAYS = range(7)  # Monday = 0, as date.weekday()
MIN_PROFILE_WEEKS = 13  # fewer weeks with a sale than this: too little to tell the days apart
MIN_PROFILE_SWING = 0.10  # a profile whose weights all lie within 1 +/- this is noise: flat


def weekday_profile(by_weekday: pd.DataFrame) -> pd.DataFrame:
    """account_id -> weights for weekdays 0-6 (mean 1.0), flat where sales show no profile.

    `by_weekday`: account_id, weekday (0 = Monday), quantity (units sold on that weekday),
    days (how many of that weekday's days the units come from), weeks (the account's number
    of weeks with a sale, the same on each of its rows).
    """
    per_day = by_weekday["quantity"] / by_weekday["days"].where(by_weekday["days"] > 0)
    units = (
        per_day.groupby([by_weekday["account_id"], by_weekday["weekday"]])
        .sum()
        .unstack(fill_value=0.0)
        .reindex(columns=list(WEEKDAYS), fill_value=0.0)
    )
    weeks = by_weekday.groupby("account_id")["weeks"].max().reindex(units.index)
    mean = units.mean(axis=1)
    weights = units.div(mean.where(mean > 0), axis=0)
    swing = (weights - 1).abs().max(axis=1)
    # Swings are rounded so that a profile exactly on the threshold counts as one.
    shows = (weeks >= MIN_PROFILE_WEEKS) & (swing.round(9) >= MIN_PROFILE_SWING)
    flat = pd.DataFrame(1.0, index=units.index, columns=units.columns)
    return weights.where(shows, flat, axis=0).rename_axis(columns=None).astype(float)


def day_weights(profile: pd.DataFrame, accounts: pd.Series, weekdays: np.ndarray) -> np.ndarray:
    """The weight of each (account, weekday) pair; 1.0 for accounts without a profile."""
    rows = profile.index.get_indexer(accounts)
    table = np.vstack([profile.to_numpy(dtype=float), np.ones((1, 7))])  # last row: flat
    return table[np.where(rows < 0, len(profile), rows), weekdays]
