"""The tables derived from the imported ones, rebuilt by every writer before it commits.

`sales_weekly`, `sales_daily` and `sales_monthly` (schema.py), the promotions measured, the
accounts' twelve-month windows, their cost to serve and their plan attainment as of the last
sale (promotions.py, trends.py, service.py, targets.py), the default stock plan
(stored_plan.py) and the stock-out flags of the promotions planned after it
(promotion_stock.py) only save readers time, so they are rebuilt whole from the tables inside
the writer's transaction and can never disagree with them.
"""

from __future__ import annotations

import duckdb

from kam_core.stock.replenishment import DEFAULT_SERVICE_LEVEL
from kam_core.store import (
    frames,
    portfolio,
    promotion_stock,
    promotions,
    rebates,
    service,
    stock_plan,
    stored_plan,
    targets,
    trends,
)
from kam_core.store.files import StoreError
from kam_core.store.schema import (
    DERIVED_DDL,
    REFRESH_SALES_DAILY,
    REFRESH_SALES_MONTHLY,
    REFRESH_SALES_WEEKLY,
    SALES_DAILY_DDL,
    SALES_MONTHLY_DDL,
)
from kam_core.store.stock_plan import EVERYONE

# Results the pages show by default as of the last sale: (meta key, tables, how to make them).
AS_OF_LAST_SALE = (
    (promotions.STORED_AS_OF, promotions.STORED, promotions.measured_tables),
    (trends.WINDOWS_AS_OF, (trends.WINDOWS_STORED,), trends.windows_tables),
    (rebates.PAYOUTS_AS_OF, (rebates.PAYOUTS_STORED,), rebates.payout_tables),
    # after the payouts: the cost to serve reads them
    (service.COSTS_AS_OF, (service.COSTS_STORED,), service.cost_tables),
    (targets.PLAN_AS_OF, (targets.ATTAINMENT_STORED, targets.MONTHS_STORED), targets.plan_tables),
)


def _forget_plan(con: duckdb.DuckDBPyConnection) -> None:
    stored_plan.clear(con)
    frames.drop(con, promotion_stock.STORED)


def _store_plan(con: duckdb.DuckDBPyConnection) -> None:
    """The default stock plan and the stock-out flags of the promotions planned after it."""
    _forget_plan(con)
    if con.execute("select count(*) from inventory").fetchall()[0][0]:
        plan = stock_plan.compute_plan(con, None, None, DEFAULT_SERVICE_LEVEL)
        stored_plan.save(con, plan)
        frames.put(con, promotion_stock.STORED, promotion_stock.flags(con, plan, EVERYONE))


ALWAYS = (
    "sales_weekly",
    "sales_daily",
    "sales_monthly",
    "plan_meta",
)  # derived tables every database of this schema has
MACROS = ("sales_weeks",)


def missing(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The derived tables and macros the file should hold and does not (changed by hand)."""
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    macros = {
        r[0]
        for r in con.execute(
            "select function_name from duckdb_functions() where function_type = 'table_macro'"
        ).fetchall()
    }
    meta = {r[0] for r in con.execute("select key from meta").fetchall()}
    expected = [*ALWAYS, *(t for key, named, _ in AS_OF_LAST_SALE if key in meta for t in named)]
    if "plan_meta" in tables and con.execute("select count(*) from plan_meta").fetchall()[0][0]:
        expected += [*stored_plan.FRAMES, promotion_stock.STORED]  # a plan is stored
    gone = [f"table {t}" for t in expected if t not in tables]
    return gone + [f"macro {m}" for m in MACROS if m not in macros]


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from the tables as `con` sees them, creating any missing."""
    # IF NOT EXISTS / OR REPLACE: a derived table dropped by hand returns.
    for statement in (*DERIVED_DDL, SALES_MONTHLY_DDL, SALES_DAILY_DDL):
        con.execute(statement)
    for statement in (*REFRESH_SALES_WEEKLY, *REFRESH_SALES_DAILY, *REFRESH_SALES_MONTHLY):
        con.execute(statement)
    dates = portfolio.sales_dates(con)
    for key, tables, make in AS_OF_LAST_SALE:
        frames.forget(con, key, *tables)  # no sales, or nothing to store: the pages compute
        made = None if dates is None else make(con, dates[1])
        if dates is not None and made is not None:
            frames.put_as_of(con, key, dates[1], made)
    try:
        _store_plan(con)
    except (StoreError, ValueError, KeyError, IndexError):
        # Data the plan cannot be made from (say, stock but no sales yet) must not block an
        # import: nothing is stored, and the stock page computes the plan and says why.
        _forget_plan(con)
