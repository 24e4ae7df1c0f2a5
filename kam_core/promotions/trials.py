"""New-product trials: who took the product in, who reordered, who has not listed it yet, and
how it sells per account per week against an established product of its category."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.accounts.ranking import abc_classes


def weeks_on_sale(launch: pd.Series, as_of: date) -> pd.Series:
    """Weeks from launch to as_of inclusive (at least one, so a rate is always defined)."""
    days = (pd.Timestamp(as_of) - pd.to_datetime(launch)).dt.days + 1
    return (days / 7).clip(lower=1.0)


def sell_in(orders: pd.DataFrame) -> pd.DataFrame:
    """Per trial SKU x account: units, orders, repeat_orders (orders after the first), repeat.

    `orders`: sku, account_id, units, orders (distinct order days) and any other columns.
    """
    return orders.assign(
        repeat_orders=(orders["orders"] - 1).clip(lower=0),
        repeat=orders["orders"] > 1,
    ).sort_values(["sku", "units", "account_id"], ascending=[True, False, True])


def read_out(
    products: pd.DataFrame, orders: pd.DataFrame, category: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """Per trial SKU: accounts listing it, units, share of accounts reordering, units per
    account per week and the same rate for an established SKU of its category; index =
    trial rate / category rate (1.0 = sells like an average product of the category).

    `products`: sku, product, category, launch_date; `category`: sku (the trial SKU), units
    and listings (account x SKU pairs) of the category's established SKUs since its launch.
    """
    taken = (
        sell_in(orders)
        .groupby("sku")
        .agg(
            accounts=("account_id", "nunique"),
            units=("units", "sum"),
            repeat_accounts=("repeat", "sum"),
        )
    )
    out = products.merge(taken, on="sku", how="left").merge(
        category.rename(columns={"units": "category_units"}), on="sku", how="left"
    )
    out = out.fillna({"accounts": 0, "units": 0.0, "repeat_accounts": 0})
    weeks = weeks_on_sale(out["launch_date"], as_of)
    rate = out["units"] / out["accounts"].where(out["accounts"] > 0) / weeks
    benchmark = out["category_units"] / out["listings"].where(out["listings"] > 0) / weeks
    return out.assign(
        weeks=weeks,
        repeat_share=out["repeat_accounts"] / out["accounts"].where(out["accounts"] > 0),
        units_per_account_week=rate,
        category_units_per_account_week=benchmark,
        index=rate / benchmark,
    ).drop(columns=["category_units", "listings"])


def not_listed(
    products: pd.DataFrame, orders: pd.DataFrame, accounts: pd.DataFrame
) -> pd.DataFrame:
    """Accounts that have not bought each trial SKU yet, key accounts (class A by twelve-month
    revenue) first, then by revenue. `accounts`: account_id, name, revenue_12m."""
    ranked = accounts.sort_values(["revenue_12m", "account_id"], ascending=[False, True])
    ranked = ranked[ranked["revenue_12m"] > 0].reset_index(drop=True)
    ranked = ranked.assign(key_account=abc_classes(ranked["revenue_12m"])["abc_class"] == "A")
    pairs = products[["sku", "product"]].merge(ranked, how="cross")
    bought = pairs.merge(
        orders[["sku", "account_id"]].drop_duplicates(), how="left", indicator=True
    )
    missing = bought[bought["_merge"] == "left_only"].drop(columns="_merge")
    return missing.sort_values(
        ["sku", "key_account", "revenue_12m"], ascending=[True, False, False]
    ).reset_index(drop=True)
