"""How good the forecast was on last year's peak, against the seasonal-naive baseline."""

from __future__ import annotations

import pandas as pd

POSITION = ["account_id", "sku"]


def backtest_table(
    forecast_daily: pd.DataFrame, actual: pd.DataFrame, baseline: pd.DataFrame
) -> pd.DataFrame:
    """Units over the peak per position: actual, forecast, baseline_forecast (0 where missing).

    `actual` and `baseline` have account_id, sku, quantity (baseline: the same weeks a year
    earlier, i.e. the seasonal-naive forecast).
    """
    forecast = forecast_daily.groupby(POSITION)["demand"].sum().rename("forecast")
    table = pd.concat(
        [
            actual.set_index(POSITION)["quantity"].rename("actual"),
            forecast,
            baseline.set_index(POSITION)["quantity"].rename("baseline_forecast"),
        ],
        axis=1,
    ).fillna(0.0)
    return table.rename_axis(POSITION).reset_index().sort_values(POSITION, ignore_index=True)


def accuracy(table: pd.DataFrame) -> pd.DataFrame:
    """WAPE = sum|forecast - actual| / sum actual and bias = sum(forecast - actual) / sum actual,
    for the forecast and the baseline (fractions; NaN when nothing was sold).
    """
    sold = table["actual"].sum()
    rows = []
    for method, column in (("Forecast", "forecast"), ("Seasonal naive", "baseline_forecast")):
        error = table[column] - table["actual"]
        rows.append(
            {
                "method": method,
                "wape": error.abs().sum() / sold if sold else float("nan"),
                "bias": error.sum() / sold if sold else float("nan"),
            }
        )
    return pd.DataFrame(rows)
