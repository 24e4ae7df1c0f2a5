"""The analytic file's side of My week: every rule's input for the accounts filters keep."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from kam_core.accounts.windows import Windows
from kam_core.data.filters import Filters
from kam_core.store import promotion_stock, query, rebates, stock_plan, trends
from kam_core.store.files import StoreError
from kam_core.visits.week import OCCASION_DAYS, Signals

EVENTS_AHEAD = """
select e.account_id, e.date, e.kind, e.note from events e
where e.date between $start and $end
order by e.date, e.account_id
"""
PROMOTION_ACCOUNTS = "select promo_id, account_id from promotions"


def signals(con: duckdb.DuckDBPyConnection, filters: Filters, today: date) -> Signals:
    """Stock risk at the last snapshot, payouts and 3-month revenue as of filters.end, events
    from `today` on, and the planned promotions' stock-out flags."""
    try:
        risk = stock_plan.default_risk(con, None)
        flags = promotion_stock.planned_stockouts(con, filters)
    except StoreError:  # no inventory snapshots: no stock rule can fire
        risk = pd.DataFrame(columns=stock_plan.STOCK_RISK_COLUMNS)
        flags = pd.DataFrame(columns=promotion_stock.COLUMNS)
    windows = Windows(filters.start, filters.end)
    ahead = {"start": today, "end": today + timedelta(days=OCCASION_DAYS)}
    return Signals(
        risk=risk,
        payouts=rebates.payouts(con, filters.end, None, filters),
        totals=trends.account_totals(con, Filters(windows.start, windows.end)),
        events=query(con, EVENTS_AHEAD, ahead),
        promotion_flags=flags.merge(query(con, PROMOTION_ACCOUNTS), on="promo_id"),
    )
