"""Diary points: occasions coming up and the time since the last visit, each fired or silent."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.visits import diary

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
