"""Diary points: occasions coming up and the time since the last visit, each fired or silent."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from kam_core.visits import diary
from kam_core.visits.talking_points import TalkingPoint

AS_OF = date(2026, 10, 31)


def test_an_anniversary_within_60_days_is_a_point() -> None:
    events = pd.DataFrame(
        {"date": [date(2026, 11, 12)], "kind": ["Anniversary"], "note": ["25 years in business"]}
    )

    points = diary.upcoming_events(events, AS_OF)

    assert [p.text for p in points] == ["Anniversary on 12 Nov (in 12 days): 25 years in business."]


def test_events_past_or_beyond_the_horizon_are_silent() -> None:
    events = pd.DataFrame(
        {
            "date": [date(2026, 10, 1), date(2027, 1, 15)],
            "kind": ["Store opening"] * 2,
            "note": [None, None],
        }
    )

    assert diary.upcoming_events(events, AS_OF) == []


def test_a_planned_promotion_is_a_point_and_a_running_one_is_not() -> None:
    promotions = pd.DataFrame(
        {
            "promo_id": ["PR1", "PR2"],
            "kind": ["Display", "Price cut"],
            "sku": ["AI-1008", None],
            "start_date": [date(2026, 11, 20), date(2026, 10, 20)],
            "discount_pct": [0.25, 0.1],
        }
    )

    points = diary.planned_promotions(promotions, AS_OF)

    assert [p.text for p in points] == ["Display promotion PR1 (25% off AI-1008) starts 20 Nov."]


def test_a_long_time_since_the_last_visit_is_a_point() -> None:
    visits = pd.DataFrame({"date": [date(2026, 7, 28), date(2026, 5, 1)]})

    points = diary.visit_gap(visits, AS_OF)

    assert [p.text for p in points] == ["Last visit 95 days ago (28 Jul 2026)."]
    assert points[0].numbers["days_since"] == 95


def test_a_recent_visit_is_silent() -> None:
    assert diary.visit_gap(pd.DataFrame({"date": [date(2026, 10, 19)]}), AS_OF) == []


def test_an_account_never_visited_is_a_point() -> None:
    assert diary.visit_gap(pd.DataFrame({"date": []}), AS_OF)[0].text == "No visit on record."


@pytest.mark.parametrize(
    ("when", "fires"),
    [
        (date(2026, 10, 31), False),  # the as-of date itself
        (date(2026, 11, 1), True),  # day 1
        (date(2026, 12, 30), True),  # day 60
        (date(2026, 12, 31), False),  # day 61
    ],
)
def test_the_event_window_runs_from_the_day_after_as_of_to_its_60th_day(when, fires) -> None:
    events = pd.DataFrame({"date": [when], "kind": ["Store opening"], "note": [""]})

    points = diary.upcoming_events(events, AS_OF)

    assert bool(points) == fires


def test_events_are_checked_in_date_order_past_the_first_one_outside_the_window() -> None:
    events = pd.DataFrame(
        {
            "date": [date(2026, 10, 31), date(2026, 11, 1), date(2026, 12, 31)],
            "kind": ["Today", "Tomorrow", "Day 61"],
            "note": [None, None, None],
        }
    )

    points = diary.upcoming_events(events, AS_OF)

    assert points == [
        TalkingPoint(
            "Diary",
            "Tomorrow on 1 Nov (in 1 days).",
            "An event within the next 60 days.",
            {"date": date(2026, 11, 1), "kind": "Tomorrow", "days_away": 1},
        )
    ]


def test_an_event_on_the_last_day_of_the_window_is_a_point_and_the_day_after_is_not() -> None:
    events = pd.DataFrame(
        {
            "date": [date(2026, 12, 31), date(2026, 12, 30)],
            "kind": ["Late", "Last"],
            "note": [None, "bring samples"],
        }
    )

    points = diary.upcoming_events(events, AS_OF)

    assert [p.text for p in points] == ["Last on 30 Dec (in 60 days): bring samples."]


def test_a_promotion_starting_on_the_as_of_date_is_running_the_next_day_planned() -> None:
    promotions = pd.DataFrame(
        {
            "promo_id": ["P1", "P2", "P3"],
            "kind": ["Feature", "Display", "Price"],
            "sku": ["KE-1", None, "KE-3"],
            "start_date": [date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2)],
            "discount_pct": [0.1, None, 0.25],
        }
    )

    points = diary.planned_promotions(promotions, AS_OF)

    [whole_range, price] = points
    assert (whole_range.topic, whole_range.text) == (
        "Promotions",
        "Display promotion P2 (the whole range) starts 1 Nov.",
    )
    assert whole_range.rule == "A promotion agreed with the account starts after the as-of date."
    assert pd.isna(whole_range.numbers["discount_pct"])
    assert price == TalkingPoint(
        "Promotions",
        "Price promotion P3 (25% off KE-3) starts 2 Nov.",
        "A promotion agreed with the account starts after the as-of date.",
        {"promo_id": "P3", "start_date": date(2026, 11, 2), "discount_pct": 0.25},
    )


@pytest.mark.parametrize(("days", "fires"), [(59, False), (60, False), (61, True)])
def test_a_visit_gap_is_said_from_the_61st_day(days, fires) -> None:
    visits = pd.DataFrame({"date": [AS_OF - timedelta(days=days)]})

    points = diary.visit_gap(visits, AS_OF)

    assert bool(points) == fires


def test_a_visit_gap_point_names_the_last_visit_and_the_rule() -> None:
    visits = pd.DataFrame({"date": [date(2026, 8, 1), date(2026, 7, 1), date(2026, 11, 5)]})

    points = diary.visit_gap(visits, AS_OF)  # 5 Nov is after the as-of date: not yet

    assert points == [
        TalkingPoint(
            "Diary",
            "Last visit 91 days ago (1 Aug 2026).",
            "No visit in the last 60 days.",
            {"last_visit": date(2026, 8, 1), "days_since": 91},
        )
    ]


def test_a_visit_on_the_as_of_date_counts() -> None:
    assert diary.visit_gap(pd.DataFrame({"date": [AS_OF]}), AS_OF) == []


def test_no_visit_on_record_is_said_with_the_rule() -> None:
    points = diary.visit_gap(pd.DataFrame({"date": [date(2026, 11, 5)]}), AS_OF)

    assert points == [
        TalkingPoint(
            "Diary", "No visit on record.", "No visit in the last 60 days.", {"last_visit": None}
        )
    ]
