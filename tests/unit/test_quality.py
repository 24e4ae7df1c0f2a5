"""Data-quality rules: broken references are errors; stale data and stock oddities are warnings."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.data.quality import (
    Facts,
    broken,
    days_since,
    freshness,
    missing_tables,
    report,
    snapshot_gaps,
    verdict,
)

TODAY = date(2026, 11, 23)


def facts(
    sales_last: date | None = date(2026, 11, 20),
    inventory_last: date | None = date(2026, 11, 21),
    **more,
) -> Facts:
    tables = pd.DataFrame(
        {
            "table": ["accounts", "sales", "inventory"],
            "rows": [3, 10 if sales_last else 0, 5 if inventory_last else 0],
            "first_date": [None, date(2026, 1, 1), date(2026, 10, 3)],
            "last_date": [None, sales_last, inventory_last],
        }
    )
    return Facts(tables=tables, **more)


def orphans(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": ["sales"],
            "column": ["account_id"],
            "refers_to": ["accounts"],
            "rows": [rows],
            "example": ["ZZ9"],
        }
    )


def test_fresh_clean_data_has_no_findings():
    assert report(facts(), TODAY) == []


def test_a_sale_naming_an_unknown_account_breaks_the_contract():
    found = report(facts(orphans=orphans(3)), TODAY)

    assert (
        str(found[0])
        == "ERROR references: 3 sales rows name a account_id missing from accounts (first: 'ZZ9')"
    )
    assert broken(found)
    assert verdict(found) == "Contract BROKEN (1 error(s), 0 warning(s))"


def test_old_sales_are_a_warning_not_a_break():
    found = report(facts(sales_last=date(2026, 9, 1)), TODAY)

    assert [f.topic for f in found] == ["freshness"]
    assert "83 days old" in found[0].message
    assert not broken(found)


def test_an_empty_inventory_says_to_import_it():
    found = report(facts(inventory_last=None), TODAY)

    assert found[0].message == "no inventory yet: import them"


def test_freshness_counts_days_since_the_last_dates():
    assert freshness(facts(), TODAY) == (
        "sales up to 2026-11-20 (3 days ago); inventory up to 2026-11-21 (2 days ago)"
    )


def test_a_missed_weekly_snapshot_is_a_gap():
    weeks = [date(2026, 10, 3) + timedelta(weeks=w) for w in (0, 1, 2, 4, 5)]

    assert snapshot_gaps(weeks) == [(date(2026, 10, 17), date(2026, 10, 31))]


def test_negative_stock_and_accounts_without_snapshots_are_warned():
    found = report(
        facts(
            negative_stock=2,
            negative_examples=("A1 / S1",),
            without_inventory=1,
            without_examples=("A2",),
        ),
        TODAY,
    )

    assert [f.message for f in found] == [
        "2 snapshot rows with negative on_hand (e.g. A1 / S1)",
        "1 accounts with sales but no inventory snapshot (e.g. A2)",
    ]
    assert verdict(found) == "Contract OK (2 warning(s))"


@given(st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.integers(1, 31), st.integers(0, 60))
def test_evenly_spaced_snapshots_never_have_gaps(start, step, count):
    dates = [start + timedelta(days=step * i) for i in range(count)]

    assert snapshot_gaps(dates) == []


def test_a_page_with_every_table_it_needs_is_not_stopped():
    assert missing_tables({"sales": 1, "inventory": 3}, ("sales", "inventory")) is None


def test_one_empty_table_is_named_with_its_words():
    rows = {"sales": 10, "inventory": 0}

    assert missing_tables(rows, ("sales", "inventory")) == (
        "No inventory snapshots yet (the inventory table is empty): import it on the Data page."
    )


def test_every_empty_table_is_named_and_a_table_with_rows_is_not():
    rows = {"sales": 10, "rebate_programs": 0}  # a table the counts lack has no rows either

    assert missing_tables(rows, ("sales", "rebate_programs", "rebate_tiers")) == (
        "No rebate programmes or rebate tiers yet (the rebate_programs and rebate_tiers tables "
        "are empty): import them on the Data page."
    )


def test_three_empty_tables_read_as_a_list():
    assert missing_tables({}, ("sales", "rebate_programs", "rebate_tiers")) == (
        "No sales, rebate programmes or rebate tiers yet (the sales, rebate_programs and "
        "rebate_tiers tables are empty): import them on the Data page."
    )


def test_every_finding_says_its_level_topic_and_message():
    found = report(
        facts(
            sales_last=None,
            inventory_last=TODAY - timedelta(days=15),
            inventory_dates=(
                date(2026, 10, 3),
                date(2026, 10, 10),
                date(2026, 10, 17),
                date(2026, 10, 31),
            ),
            negative_stock=1_200,
            negative_examples=("A1 / S1", "A2 / S2"),
            without_inventory=2,
            without_examples=("A3", "A4"),
        ),
        TODAY,
    )

    assert [str(f) for f in found] == [
        "WARNING freshness: no sales yet: import them",
        "WARNING freshness: the last inventory date is 15 days old (2026-11-08); import newer data",
        "WARNING inventory: no snapshot between 2026-10-17 and 2026-10-31",
        "WARNING inventory: 1,200 snapshot rows with negative on_hand (e.g. A1 / S1, A2 / S2)",
        "WARNING inventory: 2 accounts with sales but no inventory snapshot (e.g. A3, A4)",
    ]


@pytest.mark.parametrize(("sales_age", "stale"), [(34, False), (35, False), (36, True)])
def test_sales_are_stale_from_the_36th_day(sales_age, stale):
    found = report(facts(sales_last=TODAY - timedelta(days=sales_age)), TODAY)

    assert bool(found) == stale


@pytest.mark.parametrize(("inventory_age", "stale"), [(14, False), (15, True)])
def test_inventory_is_stale_from_the_15th_day(inventory_age, stale):
    found = report(facts(inventory_last=TODAY - timedelta(days=inventory_age)), TODAY)

    assert bool(found) == stale


@pytest.mark.parametrize(("gap_days", "is_gap"), [(14, False), (15, False), (16, True)])
def test_a_spacing_of_more_than_one_and_a_half_times_the_usual_is_a_gap(gap_days, is_gap):
    days = [date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 21)]
    days.append(days[-1] + timedelta(days=gap_days))  # usual spacing 10 days

    assert bool(snapshot_gaps(days)) == is_gap


def test_the_usual_spacing_is_the_median_not_the_smallest():
    days = [date(2026, 1, 1) + timedelta(days=d) for d in (0, 1, 2, 3, 10, 17, 24, 31)]

    assert snapshot_gaps(days) == []


def test_one_snapshot_has_no_gap():
    assert snapshot_gaps([date(2026, 1, 1)]) == []


def test_the_status_line_without_any_data_says_none_yet():
    assert freshness(facts(sales_last=None, inventory_last=None), TODAY) == (
        "sales: none yet; inventory: none yet"
    )


def test_accounts_without_snapshots_are_not_warned_before_any_inventory_exists():
    found = report(facts(inventory_last=None, without_inventory=3, without_examples=("A",)), TODAY)

    assert [f.message for f in found] == ["no inventory yet: import them"]


def test_findings_are_warnings_and_a_missing_table_has_no_date():
    tables = pd.DataFrame({"table": ["sales"], "rows": [1], "last_date": [TODAY]})

    found = report(Facts(tables=tables), TODAY)

    assert [(f.level, f.topic) for f in found] == [("warning", "freshness")]
    assert found[0].message == "no inventory yet: import them"


def test_no_date_is_no_age():
    assert days_since(pd.NaT, TODAY) is None
    assert days_since(None, TODAY) is None
    assert days_since(date(2026, 11, 20), TODAY) == 3


def test_each_finding_has_its_level_and_topic_as_data():
    found = report(
        facts(
            sales_last=TODAY + timedelta(days=1),
            inventory_dates=(
                date(2026, 10, 3),
                date(2026, 10, 10),
                date(2026, 10, 17),
                date(2026, 10, 31),
            ),
            negative_stock=1,
            negative_examples=("A1 / S1",),
            without_inventory=1,
            without_examples=("A3",),
        ),
        TODAY,
    )

    assert [(f.level, f.topic) for f in found] == [
        ("error", "freshness"),
        ("warning", "inventory"),
        ("warning", "inventory"),
        ("warning", "inventory"),
    ]
    assert found[0].message == (
        "the last sales date 2026-11-24 is after today (2026-11-23): dates of things that "
        "happened cannot be; correct and re-import them"
    )


@pytest.mark.parametrize(
    ("weekly", "said"),
    [
        ((10, 25.0, 1000.0), None),
        ((10, 25.0, 1000.0 + 1e-7), None),  # float noise: a millionth of a cent in 1,000
        ((11, 25.0, 1000.0), "lines 11.00 vs 10.00"),
        ((10, 25.0, 1000.01), "revenue 1,000.01 vs 1,000.00"),
        ((10, 24.0, 999.0), "quantity 24.00 vs 25.00; revenue 999.00 vs 1,000.00"),
        ((10, 25.0, -1000.0), "revenue -1,000.00 vs 1,000.00"),
    ],
)
def test_sales_weekly_must_add_up_to_sales(weekly, said):
    found = report(facts(sales_totals=(10, 25.0, 1000.0), weekly_totals=weekly), TODAY)

    if said is None:
        assert found == []
    else:
        assert [(f.level, f.topic, f.message) for f in found] == [
            (
                "error",
                "derived",
                f"sales_weekly disagrees with sales ({said}); rebuild it with "
                "`python -m kam_core refresh --db PATH`",
            )
        ]
        assert broken(found)


def test_near_zero_totals_are_compared_to_a_unit_not_to_themselves():
    # Below a unit the tolerance is 1e-9 absolute: 1e-10 apart is equal, 1.5e-9 apart is not.
    assert report(facts(sales_totals=(0, 0.0, 0.0), weekly_totals=(0, 0.0, 1e-10)), TODAY) == []
    assert report(facts(sales_totals=(0, 0.0, 0.5), weekly_totals=(0, 0.0, 0.5 + 1.5e-9)), TODAY)


@pytest.mark.parametrize(
    ("sales", "weekly"), [(None, (1, 1.0, 1.0)), ((1, 1.0, 1.0), None), (None, None)]
)
def test_without_both_totals_there_is_nothing_to_compare(sales, weekly):
    assert report(facts(sales_totals=sales, weekly_totals=weekly), TODAY) == []


def test_the_status_line_says_after_today_for_a_future_date_and_counts_today_as_zero():
    assert freshness(facts(sales_last=TODAY + timedelta(days=1), inventory_last=TODAY), TODAY) == (
        "sales up to 2026-11-24 (after today); inventory up to 2026-11-23 (0 days ago)"
    )


def test_a_table_without_words_is_named_as_it_is():
    assert missing_tables({}, ("deliveries",)) == (
        "No deliveries yet (the deliveries table is empty): import it on the Data page."
    )
