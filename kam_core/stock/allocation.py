"""Sharing short warehouse stock of a SKU across the order proposals: key accounts first."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

TIER_ORDER = ("A", "B", "C")  # ABC class by twelve-month revenue; A is served first
ALLOCATION_RULE = (
    "Per SKU, tiers are served in the order A, B, C: a tier whose proposals fit in what is "
    "left gets them in full; the first tier that does not fit shares what is left in "
    "proportion to its proposals (whole units, largest remainders first); later tiers get none."
)


def _proportional(available: float, asked: np.ndarray) -> np.ndarray:
    """Whole units in proportion to `asked`, summing to floor(available) (< sum asked)."""
    exact = asked * (available / asked.sum())
    given = np.floor(exact)
    left = int(np.floor(available) - given.sum())
    order = np.argsort(-(exact - given), kind="stable")
    given[order[:left]] += 1
    return given


def _allocate_sku(asked: np.ndarray, tiers: np.ndarray, available: float) -> np.ndarray:
    given = np.zeros(len(asked))
    left = max(available, 0.0)
    for tier in sorted(set(tiers), key=lambda t: (TIER_ORDER + (t,)).index(t)):
        members = tiers == tier
        wanted = asked[members].sum()
        if wanted <= left:
            given[members] = asked[members]
            left -= wanted
        else:
            if wanted > 0:
                given[members] = _proportional(left, asked[members])
            break
    return given


def allocate(proposals: pd.DataFrame, supply: Mapping[str, float]) -> pd.DataFrame:
    """Add allocated_qty and short_qty (units) to proposals (account_id, sku, tier, requested).

    Supply per SKU in units; a SKU missing from `supply` has nothing available. Never more
    than asked to anyone, never more than the supply of a SKU in total (ALLOCATION_RULE).
    """
    asked = proposals["requested"].clip(lower=0).to_numpy(dtype=float)
    tiers = proposals["tier"].fillna("C").astype(str).to_numpy()
    allocated = np.zeros(len(proposals))
    for sku, rows in proposals.groupby("sku").indices.items():
        allocated[rows] = _allocate_sku(asked[rows], tiers[rows], float(supply.get(sku, 0.0)))
    return proposals.assign(allocated_qty=allocated, short_qty=asked - allocated)
