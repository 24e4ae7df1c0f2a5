"""The real Superstore export through the import path: ranking and monthly sales equal pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kam_core.store import db, views
from tests.integration.conftest import SUPERSTORE, needs_superstore

pytestmark = needs_superstore


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    table = pd.read_csv(SUPERSTORE, encoding="utf-8-sig")
    return table.assign(date=pd.to_datetime(table["Order Date"], format="%m/%d/%Y"))


@pytest.fixture(scope="module")
def con(superstore_db: Path):
    connection = db.connect(superstore_db)
    yield connection
    connection.close()


def test_account_ranking_equals_pandas_on_the_raw_export(con, raw):
    ranking = views.build(con, "account_ranking")  # as of the last order date

    as_of = raw["date"].max()
    window = raw[(raw["date"] > as_of - pd.DateOffset(years=1)) & (raw["date"] <= as_of)]
    by_account = window.groupby("Customer ID").agg(
        revenue=("Sales", "sum"), margin=("Profit", "sum")
    )
    expected = by_account.sort_values("revenue", ascending=False, kind="stable")
    share = expected["revenue"] / expected["revenue"].sum()
    above = share.cumsum() - share
    got = ranking.set_index("account_id").loc[expected.index]
    assert len(ranking) == len(expected)
    np.testing.assert_allclose(got["revenue_12m"], expected["revenue"], rtol=1e-9)
    np.testing.assert_allclose(got["margin_12m"], expected["margin"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(
        ranking["cumulative_share"], np.sort(share.to_numpy())[::-1].cumsum(), rtol=1e-9
    )
    assert (got["abc_class"] == np.where(above < 0.8, "A", np.where(above < 0.95, "B", "C"))).all()


def test_monthly_sales_equal_pandas_on_the_raw_export(con, raw):
    monthly = views.build(con, "monthly_sales")

    months = raw.assign(month=raw["date"].dt.to_period("M").dt.to_timestamp())
    expected = months.groupby(["Customer ID", "month"]).agg(
        revenue=("Sales", "sum"), quantity=("Quantity", "sum"), margin=("Profit", "sum")
    )
    last_year = expected["revenue"].rename(lambda m: m + pd.DateOffset(years=1), level="month")
    expected["revenue_last_year"] = last_year.reindex(expected.index)
    got = monthly.assign(month=pd.to_datetime(monthly["month"])).set_index(["account_id", "month"])
    assert got.index.equals(expected.index)
    np.testing.assert_allclose(got["revenue"], expected["revenue"], rtol=1e-9)
    np.testing.assert_allclose(got["quantity"], expected["quantity"])
    np.testing.assert_allclose(got["gross_margin"], expected["margin"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(got["revenue_last_year"], expected["revenue_last_year"], rtol=1e-9)
