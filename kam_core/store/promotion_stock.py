"""Planned promotions checked against the peak-season stock projection (store.stock_plan)."""

from __future__ import annotations

import duckdb
import pandas as pd

from kam_core.filters import Filters
from kam_core.promotion_calendar import stockout_flags
from kam_core.store import promotions, stock_plan


def planned_stockouts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """promo_id, stockout, stockout_skus, stockout_date for the promotions planned after the
    last inventory snapshot, from the stock plan of that snapshot (detected peak, default
    service level); empty without inventory."""
    if not con.execute("select count(*) from inventory").fetchall()[0][0]:
        return pd.DataFrame(columns=["promo_id", "stockout", "stockout_skus", "stockout_date"])
    # The projection alone: the plan's allocation and backtest do not change the flags.
    as_of, risk, demand = stock_plan.projection(con, filters)
    calendar = promotions.calendar(con, filters)
    planned = calendar[pd.to_datetime(calendar["start_date"]) > pd.Timestamp(as_of)]
    positions = risk[["account_id", "sku", "on_hand", "in_transit", "uplift"]]
    return stockout_flags(planned, positions, demand, as_of)
