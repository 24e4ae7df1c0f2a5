"""The context line: the period, the filters in force and how fresh the data is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kam_core.data.context import STALE_DAYS, context, day
from kam_core.data.filters import Filters

TODAY = date(2026, 11, 7)
YEAR_TO_DATE = Filters(date(2026, 1, 1), date(2026, 10, 31))


def test_the_period_reads_as_people_write_dates():
    line = context(YEAR_TO_DATE, TODAY, TODAY)

    assert line.period == "1 Jan 2026 – 31 Oct 2026"
    assert day(date(2026, 11, 5)) == "5 Nov 2026"


def test_no_filter_reads_all_accounts():
    assert context(YEAR_TO_DATE, TODAY, TODAY).filters == "All accounts"


def test_several_filters_are_named_each_with_its_values():
    f = Filters(date(2026, 1, 1), date(2026, 10, 31), ("North", "South"), ("Retail",), ())

    line = context(f, TODAY, TODAY)

    assert line.filters == "Regions: North, South · Channel: Retail"
    assert line.text == (
        "1 Jan 2026 – 31 Oct 2026 · Regions: North, South · Channel: Retail · "
        "last sale 7 Nov 2026, today"
    )


def test_every_filter_kind_in_force_is_named():
    f = Filters(date(2026, 1, 1), date(2026, 1, 1), ("East",), ("Online", "Retail"), ("Ann Lee",))

    assert context(f, TODAY, TODAY).filters == (
        "Region: East · Channels: Online, Retail · Manager: Ann Lee"
    )


def test_a_sale_today_is_fresh():
    line = context(YEAR_TO_DATE, TODAY, TODAY)

    assert not line.stale
    assert line.freshness == "last sale 7 Nov 2026, today"


def test_a_sale_yesterday_reads_yesterday():
    assert context(YEAR_TO_DATE, TODAY - timedelta(1), TODAY).freshness.endswith("yesterday")


def test_exactly_seven_days_old_is_still_fresh():
    line = context(YEAR_TO_DATE, TODAY - timedelta(STALE_DAYS), TODAY)

    assert STALE_DAYS == 7
    assert not line.stale
    assert line.freshness == "last sale 31 Oct 2026, 7 days ago"


def test_eight_days_old_is_stale():
    line = context(YEAR_TO_DATE, TODAY - timedelta(8), TODAY)

    assert line.stale
    assert line.freshness == "last sale 30 Oct 2026, 8 days ago"


@pytest.mark.parametrize(
    ("last_sale", "says"),
    [(None, "no sales yet"), (TODAY + timedelta(1), "after today")],
)
def test_no_sales_or_a_sale_after_today_is_never_an_all_clear(last_sale, says):
    line = context(YEAR_TO_DATE, last_sale, TODAY)

    assert line.stale
    assert says in line.freshness
