"""Stock projection day by day: days of cover, stock-out date, shortfall, risk of running out.

Stock is on hand + in transit (in-transit counts as arriving at once: the data has no arrival
date). Day 1 is the day after the as-of date. Arrays: `stock` has one value per position,
`demand` one row per position and one column per day (units); 1-D inputs mean one position.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kam_core.stock.replenishment import suggested_order

DEFAULT_LEAD_TIME = 28  # days, for products without a lead time
HIGH_PROBABILITY = 0.5  # at least an even chance of running out within the lead time
MEDIUM_PROBABILITY = 0.2
RISK_RULES = (
    "high: the stock runs out within the lead time (an order placed today arrives too late) "
    f"or P(stock-out within the lead time) >= {HIGH_PROBABILITY:.0%}; "
    "medium: the stock runs out before the end of the peak "
    f"or P >= {MEDIUM_PROBABILITY:.0%}; low: otherwise"
)


def _grid(stock: float | np.ndarray, demand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.atleast_1d(np.asarray(stock, dtype=float)), np.atleast_2d(demand).astype(float)


def project(stock: float | np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Stock left at the end of each day, never below zero (unmet demand is lost, not owed)."""
    start, daily = _grid(stock, demand)
    left = np.maximum(start[:, None] - daily.cumsum(axis=1), 0.0)
    return left[0] if np.ndim(demand) == 1 else left


def projected_stock(as_of: date, stock: float, demand: pd.Series) -> pd.DataFrame:
    """date, stock: `stock` at the as-of date, then at the end of each day of `demand` (by date)."""
    days = pd.DatetimeIndex([pd.Timestamp(as_of)]).append(pd.DatetimeIndex(demand.index))
    left = np.concatenate([[max(stock, 0.0)], project(stock, demand.to_numpy(dtype=float))])
    return pd.DataFrame({"date": days, "stock": left})


def stockout_day(stock: float | np.ndarray, demand: np.ndarray) -> np.ndarray:
    """First day (1-based) whose cumulative demand exceeds the stock; 0 when none in the horizon."""
    start, daily = _grid(stock, demand)
    short = daily.cumsum(axis=1) > start[:, None] + 1e-9
    return np.where(short.any(axis=1), short.argmax(axis=1) + 1, 0)


def stockout_date(as_of: date, stock: float, demand: np.ndarray) -> date | None:
    """The date of the first day with unmet demand, or None if the stock lasts the horizon."""
    day = int(stockout_day(stock, demand)[0])
    return as_of + timedelta(days=day) if day else None


def days_of_cover(stock: float | np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Days the stock lasts at the forecast (fractional); past the horizon it is extended at
    the horizon's average daily demand; NaN when no demand is forecast.
    """
    start, daily = _grid(stock, demand)
    cumulative = daily.cumsum(axis=1)
    day = stockout_day(start, daily)
    rows = np.arange(len(start))
    k = np.maximum(day - 1, 0)
    before = np.where(k > 0, cumulative[rows, k - 1], 0.0)
    within = k + np.divide(
        start - before, daily[rows, k], out=np.zeros(len(start)), where=daily[rows, k] > 0
    )
    average = cumulative[:, -1] / daily.shape[1]
    beyond = daily.shape[1] + np.divide(
        start - cumulative[:, -1], average, out=np.full(len(start), np.nan), where=average > 0
    )
    return np.where(day > 0, np.maximum(within, 0.0), beyond)


def normal_cdf(x: float) -> float:
    """Phi(x), the standard normal distribution function."""
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def stockout_probability(stock: float, daily: float, sigma: float, lead_time: float) -> float:
    """P = 1 - Phi((I - d*LT) / (sigma*sqrt(LT))): chance demand over the lead time exceeds I.

    d and sigma are the mean and standard deviation of daily demand (units/day), LT in days.
    Without spread (sigma or LT zero) it is 1 if d*LT exceeds I, else 0.
    """
    spread = sigma * math.sqrt(lead_time)
    if spread <= 0:
        return float(daily * lead_time > stock)
    return 1 - normal_cdf((stock - daily * lead_time) / spread)


def risk_level(day: int, lead_time: int, probability: float) -> str:
    """'high', 'medium' or 'low' by RISK_RULES; `day` is the stock-out day (0: none)."""
    if (day and day <= lead_time) or probability >= HIGH_PROBABILITY:
        return "high"
    if day or probability >= MEDIUM_PROBABILITY:
        return "medium"
    return "low"


def assess(
    positions: pd.DataFrame,
    forecast_daily: pd.DataFrame,
    sigma_week: pd.Series,
    as_of: date,
    end: date,
    service_level: float,
) -> pd.DataFrame:
    """Per stock position: forecast to the end of the horizon, cover, stock-out, risk, order.

    `positions`: account_id, sku, on_hand, in_transit, unit_price, lead_time_days, case_pack;
    `forecast_daily`: daily_forecast's frame over the horizon as-of + 1 .. `end` (end of peak;
    missing positions or days forecast nothing);
    `sigma_week`: forecast error per (account_id, sku), units/week. The need covers the lead
    time and the peak: days of lead time past the peak are added at the average daily demand.
    """
    index = pd.MultiIndex.from_frame(positions[["account_id", "sku"]])
    demand = (
        forecast_daily.pivot(index=["account_id", "sku"], columns="date", values="demand")
        .reindex(index=index, columns=pd.date_range(as_of + timedelta(days=1), end))
        .fillna(0.0)
        .to_numpy()
    )
    horizon = demand.shape[1]
    stock = (positions["on_hand"].clip(lower=0) + positions["in_transit"].fillna(0)).to_numpy()
    lead = positions["lead_time_days"].fillna(DEFAULT_LEAD_TIME).astype(int).to_numpy()
    sigma = sigma_week.reindex(index).fillna(0.0).to_numpy() / math.sqrt(7)
    total = demand.sum(axis=1)
    average = total / max(horizon, 1)
    cumulative = demand.cumsum(axis=1)
    over_lead = cumulative[np.arange(len(lead)), np.clip(lead, 1, horizon) - 1]
    lead_daily = over_lead / np.clip(lead, 1, horizon)
    need = total + np.maximum(lead - horizon, 0) * average
    day = stockout_day(stock, demand)
    probability = [
        stockout_probability(i, d, s, t)
        for i, d, s, t in zip(stock, lead_daily, sigma, lead, strict=True)
    ]
    packs = positions["case_pack"].astype(float).fillna(1).astype(int)
    return positions.assign(
        forecast_demand=total,
        avg_daily_demand=average,
        days_of_cover=days_of_cover(stock, demand),
        stockout_day=day,
        stockout_date=[as_of + timedelta(days=int(k)) if k else None for k in day],
        shortfall_qty=np.maximum(total - stock, 0.0),
        stockout_probability=probability,
        risk=[risk_level(k, t, p) for k, t, p in zip(day, lead, probability, strict=True)],
        suggested_order_qty=[
            suggested_order(n, i, s, t, service_level, c)
            for n, i, s, t, c in zip(need, stock, sigma, lead, packs, strict=True)
        ],
    ).assign(revenue_at_risk=lambda f: f["shortfall_qty"] * f["unit_price"].fillna(0.0))
