"""How numbers read everywhere: money from each size on, changes that cannot be told."""

from __future__ import annotations

from datetime import date

import pytest

from kam_core.data.contract import TABLES
from kam_core.data.formats import change, freshness, money, share


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (999.0, "999"),
        (1_000.0, "1.00k"),
        (999_999.0, "1,000.00k"),
        (1_000_000.0, "1.00M"),
        (999_999_999.0, "1,000.00M"),
        (1_000_000_000.0, "1.00B"),
        (-2_500.0, "-2.50k"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_money_reads_from_each_size_on(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.123, "+12.3%"),
        (-0.05, "-5.0%"),
        (None, "n/a"),
        (float("nan"), "n/a"),
        (float("inf"), "n/a"),
    ],
)
def test_a_change_is_signed_or_not_a_number(value, shown):
    assert change(value) == shown


def test_freshness_names_the_last_day_or_says_there_is_none():
    assert freshness(date(2026, 10, 31)) == "data to 31 Oct 2026"
    assert freshness(None) == "no sales data yet"


def test_a_tables_column_is_found_by_name():
    assert TABLES["products"].column("case_pack").minimum == 1


@pytest.mark.parametrize(
    ("value", "shown"), [(0.873, "87.3%"), (0.0, "0.0%"), (None, "–"), (float("nan"), "–")]
)
def test_a_share_is_a_percentage_with_one_decimal_or_a_dash(value, shown):
    assert share(value) == shown
