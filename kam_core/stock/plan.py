"""The peak-season stock plan for every account, and the views of it a page shows.

The plan is made for every account at once, because our warehouse's short supply is shared by
all of them: a region's view (`for_accounts`) shows what its accounts get from that one
allocation, never a re-allocation among themselves.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from kam_core.stock import backtest

AT_RISK_COLUMNS = [
    "account",
    "tier",
    "sku",
    "product",
    "on_hand",
    "in_transit",
    "forecast_demand",
    "days_of_cover",
    "stockout_date",
    "shortfall_qty",
    "stockout_probability",
    "risk",
    "suggested_order_qty",
    "allocated_qty",
]
ORDER_COLUMNS = [
    "account_id",
    "account",
    "tier",
    "sku",
    "product",
    "case_pack",
    "suggested_order_qty",
    "allocated_qty",
    "short_qty",
]


def horizon(as_of: date, end: date) -> pd.DatetimeIndex:
    """The days a plan forecasts: the day after `as_of` through `end` (the end of the peak)."""
    return pd.date_range(as_of + timedelta(days=1), end, name="date").as_unit("s")


@dataclass(frozen=True)
class StockPlan:
    as_of: date
    peak_months: tuple[int, ...]
    detected_months: tuple[int, ...]
    monthly_index: pd.Series  # seasonal index per month 1..12
    peak_start: date
    peak_end: date
    service_level: float
    risk: pd.DataFrame  # stock_risk.assess columns + names, tier, components, allocation
    demand: pd.DataFrame  # units/day: (account_id, sku) x horizon(as_of, peak_end)
    backtest: pd.DataFrame  # account_id, sku, actual, forecast, baseline_forecast
    backtest_by_account: pd.DataFrame  # account_id, date, actual, forecast, baseline_forecast

    def for_accounts(self, accounts: Collection[str] | None) -> StockPlan:
        """The plan's rows of `accounts` (None: every account), allocation unchanged."""
        if accounts is None:
            return self
        keep = pd.Index(list(accounts))

        def rows(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["account_id"].isin(keep)].reset_index(drop=True)

        demand = self.demand[self.demand.index.get_level_values("account_id").isin(keep)]
        return replace(
            self,
            risk=rows(self.risk),
            demand=demand,
            backtest=rows(self.backtest),
            backtest_by_account=rows(self.backtest_by_account),
        )

    @property
    def accuracy(self) -> pd.DataFrame:
        """method, wape, bias of the forecast and the seasonal-naive baseline, last year's peak."""
        return backtest.accuracy(self.backtest)

    @property
    def backtest_daily(self) -> pd.DataFrame:
        """date, actual, forecast, baseline_forecast: units per day of last year's peak."""
        columns = ["actual", "forecast", "baseline_forecast"]
        return self.backtest_by_account.groupby("date", as_index=False)[columns].sum()

    def at_risk(self) -> pd.DataFrame:
        """Positions at high or medium risk, key accounts first, then the fewest days of cover."""
        return self.risk.loc[self.risk["risk"] != "low", AT_RISK_COLUMNS]

    def worst_first(self) -> pd.DataFrame:
        """Every position, high risk first, then the most revenue at risk."""
        rank = self.risk["risk"].map({"high": 0, "medium": 1, "low": 2})
        return self.risk.assign(rank=rank).sort_values(
            ["rank", "revenue_at_risk"], ascending=[True, False]
        )

    def orders(self) -> pd.DataFrame:
        """The order proposals (suggested quantity > 0) with what the allocation gives."""
        return self.risk.loc[self.risk["suggested_order_qty"] > 0, ORDER_COLUMNS]

    def short_orders(self) -> pd.DataFrame:
        """Order proposals of the SKUs our warehouse cannot serve in full, by SKU and tier."""
        orders = self.orders()
        short = orders.groupby("sku")["short_qty"].transform("sum") > 0
        return orders[short].sort_values(["sku", "tier", "account_id"])
