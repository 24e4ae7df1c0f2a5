"""Store checks: the account's range to check, and what was seen on the shelf (journal)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.store import journal, journal_views, portfolio, query
from kam_core.visits import store_checks

RANGE_DAYS = 365  # the account's range: the SKUs it bought in the year to its last purchase
ACCOUNT_RANGE = """
with last_sale as (select max(date) as day from sales where account_id = $account)
select s.sku, any_value(p.name) as product
from sales s join products p using (sku), last_sale
where s.account_id = $account and s.date > last_sale.day - $days::integer
group by s.sku
order by s.sku
"""
VIEW_COLUMNS = ["id", "visit_id", "account_id", "date", *store_checks.OBSERVED]


def account_range(con: duckdb.DuckDBPyConnection, account: str) -> pd.DataFrame:
    """sku, product: what a store check of `account` looks for, one row per SKU."""
    return query(con, ACCOUNT_RANGE, {"account": account, "days": RANGE_DAYS})


def observations(db_path: str | Path, accounts: Collection[str]) -> pd.DataFrame:
    """VIEW_COLUMNS: shelf observations at `accounts` with their visit's date, oldest first."""
    seen = journal.account_records(db_path, "shelf_observations", accounts)
    visits = journal.account_records(db_path, "visits", accounts)[["id", "date"]]
    dated = seen.merge(visits.rename(columns={"id": "visit_id"}), on="visit_id")
    return dated[VIEW_COLUMNS].sort_values(["date", "id"]).reset_index(drop=True)


def observations_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `shelf_observations`: every observation of store checks up to the as-of date."""
    path = journal_views.database_file(con)
    seen = observations(path, portfolio.accounts(con)["account_id"])
    return seen[seen["date"] <= pd.Timestamp(as_of or date.today())].reset_index(drop=True)
