"""The default stock plan kept in the file: written by every writer, read by the pages.

Forecasting every position takes about half a second at 10M sales lines, while the data only
changes when a writer runs. So each writer stores the default plan (last snapshot, detected
peak, default service level) in `plan_meta` and the `plan_*` tables, and `load` gives it back
exactly as `stock_plan.compute_plan` made it (tests/integration/test_stored_plan.py).
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.stock.plan import StockPlan, horizon
from kam_core.stock.replenishment import DEFAULT_SERVICE_LEVEL
from kam_core.store import frame, frames, query

FRAMES = ("plan_risk", "plan_demand", "plan_backtest", "plan_backtest_by_account")


def clear(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the stored plan (the writer found none to store)."""
    con.execute("delete from plan_meta")
    frames.drop(con, *FRAMES)


def save(con: duckdb.DuckDBPyConnection, plan: StockPlan) -> None:
    """Store `plan` (made for every account) in place of the one stored before."""
    clear(con)
    con.execute(
        "insert into plan_meta values ($as_of, $peak, $detected, $months, $index, $start, "
        "$end, $service)",
        {
            "as_of": plan.as_of,
            "peak": list(plan.peak_months),
            "detected": list(plan.detected_months),
            "months": [int(m) for m in plan.monthly_index.index],
            "index": [float(v) for v in plan.monthly_index],
            "start": plan.peak_start,
            "end": plan.peak_end,
            "service": plan.service_level,
        },
    )
    demand = plan.demand.index.to_frame(index=False).assign(
        demand=list(plan.demand.to_numpy(dtype=float))
    )
    rows = (plan.risk, demand, plan.backtest, plan.backtest_by_account)
    for table, rows_of in zip(FRAMES, rows, strict=True):
        frames.put(con, table, rows_of)


def _settings(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
) -> pd.Series | None:
    """The stored plan's `plan_meta` row when it is the plan asked for (as_of None: the last
    snapshot; months None: the detected peak), else None; its tables are not read."""
    meta = query(con, "select * from plan_meta")
    if meta.empty:
        return None
    row = meta.iloc[0]
    stored_as_of = pd.Timestamp(row.as_of).date()
    asked = (
        as_of in (None, stored_as_of)
        and (months is None or tuple(months) == tuple(int(m) for m in row.peak_months))
        and service_level == row.service_level
    )
    return row if asked else None


def is_stored(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
) -> bool:
    """Whether the stored plan is the one asked for (see `_settings`)."""
    return _settings(con, as_of, months, service_level) is not None


def _risk(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    risk = frames.get(con, "plan_risk")
    return risk.assign(stockout_date=frames.as_dates(risk["stockout_date"]))


def risk(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame | None:
    """The stored default plan's risk table as of `as_of` (None: the last snapshot), or None:
    for readers of the risk alone, without the plan's other tables."""
    return None if _settings(con, as_of, None, DEFAULT_SERVICE_LEVEL) is None else _risk(con)


def load(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
) -> StockPlan | None:
    """The stored plan when it is the one asked for (see `_settings`), else None."""
    row = _settings(con, as_of, months, service_level)
    if row is None:
        return None
    stored_as_of: date = pd.Timestamp(row.as_of).date()
    peak_end: date = pd.Timestamp(row.peak_end).date()
    backtest, by_account = (frames.get(con, t) for t in FRAMES[2:])
    days = horizon(stored_as_of, peak_end)
    # The daily lists straight from Arrow into one matrix: no Python object per position.
    demand = con.sql("select account_id, sku, demand from plan_demand").to_arrow_table()
    values = demand.column("demand").combine_chunks().flatten().to_numpy()
    index = pd.MultiIndex.from_frame(frame(demand.select(["account_id", "sku"])))
    return StockPlan(
        as_of=stored_as_of,
        peak_months=tuple(int(m) for m in row.peak_months),
        detected_months=tuple(int(m) for m in row.detected_months),
        monthly_index=pd.Series(
            row.monthly_index, index=pd.Index(row.months, dtype="int32", name="month")
        ),
        peak_start=pd.Timestamp(row.peak_start).date(),
        peak_end=peak_end,
        service_level=float(row.service_level),
        risk=_risk(con),
        demand=pd.DataFrame(values.reshape(len(index), len(days)), index=index, columns=days),
        backtest=backtest,
        backtest_by_account=by_account,
    )
