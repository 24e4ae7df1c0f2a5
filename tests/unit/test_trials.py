"""New-product trials: sell-in, repeat orders, accounts not listed yet, the early read-out."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.promotions.trials import not_listed, read_out, sell_in, weeks_on_sale

AS_OF = date(2026, 10, 25)  # 10 weeks after launch
PRODUCTS = pd.DataFrame(
    {
        "sku": ["NEW"],
        "product": ["Kettle Eco"],
        "category": ["Kettles"],
        "launch_date": [date(2026, 8, 17)],
    }
)
ORDERS = pd.DataFrame(
    {"sku": ["NEW", "NEW"], "account_id": ["A", "B"], "units": [30.0, 10.0], "orders": [3, 1]}
)


def test_repeat_orders_are_the_orders_after_the_first() -> None:
    table = sell_in(ORDERS).set_index("account_id")

    assert table.loc["A", "repeat_orders"] == 2 and table.loc["A", "repeat"]
    assert table.loc["B", "repeat_orders"] == 0 and not table.loc["B", "repeat"]


def test_read_out_sets_units_per_account_week_against_the_category() -> None:
    # The category's established kettles sold 100 units over 5 account x SKU listings.
    category = pd.DataFrame({"sku": ["NEW"], "units": [100.0], "listings": [5]})

    row = read_out(PRODUCTS, ORDERS, category, AS_OF).iloc[0]

    assert row.weeks == pytest.approx(10)
    assert row.accounts == 2 and row.repeat_share == pytest.approx(0.5)
    assert row.units_per_account_week == pytest.approx(40 / 2 / 10)
    assert row.category_units_per_account_week == pytest.approx(100 / 5 / 10)
    assert row["index"] == pytest.approx(1.0)


def test_a_product_nobody_bought_reads_zero_accounts_and_no_rate() -> None:
    category = pd.DataFrame({"sku": ["NEW"], "units": [100.0], "listings": [5]})

    row = read_out(PRODUCTS, ORDERS.iloc[:0], category, AS_OF).iloc[0]

    assert row.accounts == 0 and row.units == 0
    assert pd.isna(row.units_per_account_week)


def test_accounts_not_listed_come_key_accounts_first() -> None:
    accounts = pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D", "E"],
            "name": ["Alpha", "Beta", "Gamma", "Delta", "Eps"],
            "revenue_12m": [900.0, 50.0, 40.0, 10.0, 0.0],
        }
    )

    missing = not_listed(PRODUCTS, ORDERS, accounts)

    assert list(missing.account_id) == ["C", "D"]  # A and B bought; E has no revenue
    assert not missing.key_account.any()  # A alone makes 90%: the key account has it


def test_the_biggest_account_missing_is_flagged_key() -> None:
    accounts = pd.DataFrame(
        {"account_id": ["A", "Z"], "name": ["Alpha", "Zed"], "revenue_12m": [100.0, 900.0]}
    )

    missing = not_listed(PRODUCTS, ORDERS, accounts)

    assert missing.iloc[0].account_id == "Z" and missing.iloc[0].key_account


@pytest.mark.parametrize(
    ("launch", "weeks"),
    [
        (AS_OF, 1.0),
        (date(2026, 10, 19), 1.0),
        (date(2026, 10, 18), 8 / 7),
        (date(2026, 10, 11), 15 / 7),
    ],
)
def test_weeks_on_sale_count_the_launch_and_as_of_days_and_at_least_one(
    launch: date, weeks: float
) -> None:
    assert weeks_on_sale(pd.Series([launch]), AS_OF).iloc[0] == pytest.approx(weeks)


def test_accounts_not_listed_tie_by_id_and_keep_any_revenue_above_zero() -> None:
    accounts = pd.DataFrame(
        {
            "account_id": ["D", "C", "E", "F", "A"],
            "name": ["Delta", "Gamma", "Eps", "Phi", "Alpha"],
            "revenue_12m": [50.0, 50.0, 0.5, 0.0, 900.0],
        }
    )
    second = PRODUCTS.assign(sku="ALSO", product="Kettle Pro")

    missing = not_listed(pd.concat([second, PRODUCTS]), ORDERS, accounts)

    assert list(missing.columns) == [
        "sku", "product", "account_id", "name", "revenue_12m", "key_account"
    ]  # fmt: skip
    assert list(missing.index) == list(range(len(missing)))
    assert list(zip(missing.sku, missing.account_id, strict=True)) == [
        ("ALSO", "A"), ("ALSO", "C"), ("ALSO", "D"), ("ALSO", "E"),
        ("NEW", "C"), ("NEW", "D"), ("NEW", "E"),
    ]  # fmt: skip


def test_sell_in_orders_by_sku_then_units_then_account_and_counts_repeats_from_two() -> None:
    orders = pd.DataFrame(
        {
            "sku": ["NEW", "NEW", "NEW", "ALSO", "NEW"],
            "account_id": ["C", "B", "A", "Z", "D"],
            "units": [5.0, 9.0, 5.0, 1.0, 2.0],
            "orders": [2, 1, 3, 1, 0],
        }
    )

    table = sell_in(orders)

    assert list(zip(table.sku, table.account_id, strict=True)) == [
        ("ALSO", "Z"), ("NEW", "B"), ("NEW", "A"), ("NEW", "C"), ("NEW", "D")
    ]  # fmt: skip
    assert table.set_index("account_id").loc[["C", "B", "D"], "repeat"].tolist() == [
        True, False, False
    ]  # fmt: skip
    assert table.set_index("account_id").loc["D", "repeat_orders"] == 0


def test_read_out_with_one_account_one_listing_and_a_product_without_a_category() -> None:
    products = pd.concat([PRODUCTS, PRODUCTS.assign(sku="SOLO", product="Solo")])
    orders = pd.DataFrame({"sku": ["NEW"], "account_id": ["A"], "units": [30.0], "orders": [2]})
    category = pd.DataFrame({"sku": ["NEW"], "units": [20.0], "listings": [1]})

    out = read_out(products, orders, category, AS_OF).set_index("sku")

    assert out.loc["NEW", "units_per_account_week"] == pytest.approx(3.0)
    assert out.loc["NEW", "category_units_per_account_week"] == pytest.approx(2.0)
    assert out.loc["NEW", "repeat_share"] == 1.0
    assert out.loc["SOLO", "repeat_accounts"] == 0 and out.loc["SOLO", "accounts"] == 0
    assert pd.isna(out.loc["SOLO", "category_units_per_account_week"])
