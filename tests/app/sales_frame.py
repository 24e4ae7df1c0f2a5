"""An independent reading of the demo's raw sales, for asserting the figures pages show."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

import ui


def raw_sales(demo_db: Path) -> pd.DataFrame:
    """Every sales line with its account's region, channel and manager (no aggregation)."""
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        lines = con.execute(
            "select s.*, a.name, a.region from sales s join accounts a using (account_id)"
        ).df()
    finally:
        con.close()
    return lines.assign(date=pd.to_datetime(lines["date"]))


def between(lines: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    return lines[(lines["date"] >= first) & (lines["date"] <= last)]


def default_period(lines: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The sidebar's default: 1 January of the last sale's year to the last sale."""
    last = lines["date"].max()
    return pd.Timestamp(last.year, 1, 1), last


def class_a_count(lines: pd.DataFrame, as_of: pd.Timestamp) -> int:
    """Accounts in class A of the twelve months to `as_of`, by the 20/80 rule, in pandas."""
    window = lines[(lines["date"] > as_of - pd.DateOffset(years=1)) & (lines["date"] <= as_of)]
    revenue = window.groupby("account_id")["revenue"].sum().sort_values(ascending=False)
    above = (revenue.cumsum() - revenue) / revenue.sum()
    return int((above < 0.8).sum())


def metric(app: object, label: str) -> str:
    """The value a user reads in the metric labelled `label`."""
    values = [m.value for m in app.metric if m.label == label]  # type: ignore[attr-defined]
    assert values, f"no metric {label!r}"
    return values[0]


money = ui.money
