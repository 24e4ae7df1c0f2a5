"""Allocation of short supply: key accounts first, then in proportion to need."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kam_core.stock.allocation import allocate


def _proposals(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["account_id", "sku", "tier", "requested"])


def test_everyone_gets_what_they_asked_when_supply_is_enough():
    proposals = _proposals([("A1", "KE", "A", 40), ("C1", "KE", "C", 10)])

    result = allocate(proposals, {"KE": 100})

    assert result["allocated_qty"].tolist() == [40, 10]
    assert result["short_qty"].tolist() == [0, 0]


def test_key_accounts_are_served_first_when_supply_is_short():
    proposals = _proposals([("C1", "KE", "C", 50), ("A1", "KE", "A", 60), ("B1", "KE", "B", 30)])

    result = allocate(proposals, {"KE": 80}).set_index("account_id")

    assert result.loc["A1", "allocated_qty"] == 60
    assert result.loc["B1", "allocated_qty"] == 20
    assert result.loc["C1", "allocated_qty"] == 0
    assert result.loc["C1", "short_qty"] == 50


def test_a_short_tier_shares_in_proportion_to_need_in_whole_units():
    proposals = _proposals([("A1", "KE", "A", 30), ("A2", "KE", "A", 10)])

    result = allocate(proposals, {"KE": 21})

    assert result["allocated_qty"].tolist() == [16, 5]  # 15.75 and 5.25, remainder to A1


def test_a_sku_without_supply_gets_nothing():
    result = allocate(_proposals([("A1", "KE", "A", 30)]), {})

    assert result["allocated_qty"].tolist() == [0]


@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 500), st.sampled_from("XY")),
        min_size=1,
        max_size=20,
    ),
    st.integers(0, 3000),
    st.integers(0, 3000),
)
def test_allocation_never_exceeds_supply_nor_what_was_asked(rows, supply_x, supply_y):
    proposals = _proposals([(f"AC{i}", sku, t, q) for i, (t, q, sku) in enumerate(rows)])
    supply = {"X": supply_x, "Y": supply_y}

    result = allocate(proposals, supply)

    assert (result["allocated_qty"] >= 0).all()
    assert (result["allocated_qty"] <= result["requested"]).all()
    for sku, given_units in result.groupby("sku")["allocated_qty"].sum().items():
        asked = result.loc[result["sku"] == sku, "requested"].sum()
        assert given_units <= supply[sku]
        assert given_units == min(asked, supply[sku])  # nothing is held back while asked
