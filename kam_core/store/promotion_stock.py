"""Planned promotions checked against the peak-season stock projection (store.stock_plan)."""

from __future__ import annotations

import duckdb
import pandas as pd

from kam_core.data.filters import Filters
from kam_core.promotions.calendar import stockout_flags
from kam_core.stock.plan import StockPlan
from kam_core.stock.replenishment import DEFAULT_SERVICE_LEVEL
from kam_core.store import frames, portfolio, promotions, stock_plan, stored_plan

COLUMNS = ["promo_id", "stockout", "stockout_skus", "stockout_date"]
# The default plan's flags for every account's promotions, stored with it by every writer
# (store.derived): a promotion's flag depends on its own account's positions alone.
STORED = "plan_stockout_flags"


def flags(con: duckdb.DuckDBPyConnection, plan: StockPlan, filters: Filters) -> pd.DataFrame:
    """account_id and COLUMNS for the promotions of the accounts `filters` keep planned after
    `plan`'s snapshot, checked against its projection (`plan` has those accounts' rows)."""
    calendar = promotions.calendar(con, filters)
    planned = calendar[pd.to_datetime(calendar["start_date"]) > pd.Timestamp(plan.as_of)]
    positions = plan.risk[["account_id", "sku", "on_hand", "in_transit", "uplift"]]
    found = stockout_flags(planned, positions, plan.demand, plan.as_of)
    return found.assign(account_id=planned["account_id"].to_numpy())


def planned_stockouts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """COLUMNS for the promotions planned after the last inventory snapshot, from the stock
    plan of that snapshot (detected peak, default service level); empty without inventory."""
    if stored_plan.is_stored(con, None, None, DEFAULT_SERVICE_LEVEL):
        found = frames.get(con, STORED)
        kept = portfolio.kept_accounts(con, filters)
        if kept is not None:
            found = found[found["account_id"].isin(kept)].reset_index(drop=True)
        return found.assign(stockout_date=frames.as_dates(found["stockout_date"]))[COLUMNS]
    if not con.execute("select count(*) from inventory").fetchall()[0][0]:
        return pd.DataFrame(columns=COLUMNS)
    plan = stock_plan.stock_plan(con, None, None, DEFAULT_SERVICE_LEVEL, filters)
    return flags(con, plan, filters)[COLUMNS]
