"""Which promotions can be measured: each rule that keeps a result out of rankings, on, just
below and just above its threshold, and the note that says why."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from kam_core.promotions.baseline import DIP_DAYS, MIN_BASELINE_DAYS
from kam_core.promotions.measurability import MIN_BASELINE_LINES, MOST_DAYS, reasons

FIRST, AS_OF = date(2025, 1, 6), date(2025, 12, 28)
START = date(2025, 6, 2)
RULES = ["planned", "cut", "no_sales_before", "too_few", "few_sales", "nothing_usual", "crowded"]


def judged(
    start: date = START,
    days: int = 10,
    status: str = "past",
    first_sale: date | None = FIRST,
    as_of: date = AS_OF,
    **sums: object,
) -> pd.Series:
    """The notes of one promotion whose sums are those of a clean, measurable one but `sums`."""
    promotions = pd.DataFrame(
        {
            "start_date": [start],
            "end_date": [start + timedelta(days=days - 1)],
            "status": [status],
            "first_sale": [pd.Timestamp(first_sale) if first_sale else pd.NaT],
        },
        index=[3],
    )
    usual = {
        "clean_days": 60,
        "clean_lines": 60,
        "baseline_qty": 100.0,
        "promo_days": days,
        "overlapped_days": 0,
        "overlapping": None,
    }
    table = reasons(promotions, pd.DataFrame([usual | sums], index=[3]), FIRST, as_of)
    assert list(table.columns) == RULES and list(table.index) == [3]
    return table.loc[3]


def stopped_by(notes: pd.Series) -> list[str]:
    return [rule for rule, note in notes.items() if isinstance(note, str)]


def test_a_clean_promotion_is_measurable():
    assert stopped_by(judged()) == []


def test_a_planned_promotion_is_only_planned():
    notes = judged(
        status="planned", clean_days=0, clean_lines=0, baseline_qty=None, overlapped_days=10
    )

    assert stopped_by(notes) == ["planned"]
    assert notes["planned"] == "planned: no result yet"


@pytest.mark.parametrize(("days_after", "cut"), [(DIP_DAYS - 1, True), (DIP_DAYS, False)])
def test_a_promotion_is_cut_until_its_dip_days_are_all_in_the_data(days_after, cut):
    end = START + timedelta(days=9)

    notes = judged(as_of=end + timedelta(days=days_after))

    assert stopped_by(notes) == (["cut"] if cut else [])
    if cut:
        assert notes["cut"] == (
            "cut by the edge of the data: its days and the 14 after are not all in the sales"
        )


@pytest.mark.parametrize(("start", "cut"), [(FIRST - timedelta(days=1), True), (FIRST, False)])
def test_a_promotion_is_cut_when_it_starts_before_the_data(start, cut):
    notes = judged(start=start, first_sale=FIRST - timedelta(days=30))

    assert ("cut" in stopped_by(notes)) == cut


@pytest.mark.parametrize(
    ("first_sale", "stopped"),
    [
        (START - timedelta(days=1), False),
        (START, True),
        (START + timedelta(days=1), True),
        (None, True),
    ],
)
def test_the_goods_must_have_sold_before_the_first_day(first_sale, stopped):
    notes = judged(first_sale=first_sale)

    assert stopped_by(notes) == (["no_sales_before"] if stopped else [])
    if stopped:
        assert notes["no_sales_before"] == "no sales before it to compare with"


@pytest.mark.parametrize(
    "clean_days", [MIN_BASELINE_DAYS - 1, MIN_BASELINE_DAYS, MIN_BASELINE_DAYS + 1]
)
def test_a_baseline_needs_21_clean_days(clean_days):
    notes = judged(clean_days=clean_days)

    assert stopped_by(notes) == (["too_few"] if clean_days < 21 else [])
    if clean_days < 21:
        assert notes["too_few"] == "too few clean baseline days: 20 of the 21 needed"


def test_no_clean_days_at_all_are_too_few():
    assert judged(clean_days=None)["too_few"] == "too few clean baseline days: 0 of the 21 needed"


@pytest.mark.parametrize(
    "lines", [MIN_BASELINE_LINES - 1, MIN_BASELINE_LINES, MIN_BASELINE_LINES + 1]
)
def test_a_baseline_needs_ten_sales_lines(lines):
    notes = judged(clean_lines=lines)

    assert stopped_by(notes) == (["few_sales"] if lines < 10 else [])
    if lines < 10:
        assert notes["few_sales"] == (
            "too few sales on the clean baseline days: 9 lines of the 10 needed"
        )


def test_no_sales_lines_at_all_are_too_few():
    assert judged(clean_lines=None)["few_sales"].endswith(": 0 lines of the 10 needed")


@pytest.mark.parametrize(("baseline", "stopped"), [(0.0, True), (None, True), (0.01, False)])
def test_days_that_usually_sell_nothing_give_no_uplift(baseline, stopped):
    notes = judged(baseline_qty=baseline)

    assert stopped_by(notes) == (["nothing_usual"] if stopped else [])
    if stopped:
        assert notes["nothing_usual"] == "its days usually sell nothing: uplift undefined"


def test_only_the_first_rule_that_stops_a_promotion_is_said_besides_overlaps():
    notes = judged(
        first_sale=None, clean_days=3, clean_lines=1, baseline_qty=0.0, overlapped_days=10,
        overlapping="P7",
    )  # fmt: skip

    assert stopped_by(notes) == ["no_sales_before", "crowded"]


@pytest.mark.parametrize(("overlapped", "crowded"), [(4, False), (5, False), (6, True)])
def test_other_promotions_on_more_than_half_its_days_crowd_it_out(overlapped, crowded):
    notes = judged(overlapped_days=overlapped, overlapping="P2, P3")

    assert MOST_DAYS == 0.5
    assert stopped_by(notes) == (["crowded"] if crowded else [])
    if crowded:
        assert notes["crowded"] == "overlapped by P2, P3 on 6 of its 10 days"


def test_a_crowded_promotion_is_said_so_even_when_cut():
    notes = judged(as_of=START + timedelta(days=12), overlapped_days=10, overlapping="P2")

    assert stopped_by(notes) == ["cut", "crowded"]
