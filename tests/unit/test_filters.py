"""The shared portfolio filters: a period that cannot run backwards, and their query parameters."""

from __future__ import annotations

from datetime import date

import pytest

from kam_core.data.filters import Filters


def test_a_one_day_period_is_allowed():
    day = date(2025, 3, 1)

    assert Filters(day, day).params()["end"] == day


def test_a_period_ending_the_day_before_it_starts_is_refused():
    with pytest.raises(
        ValueError, match=r"period ends \(2025-02-28\) before it starts \(2025-03-01\)"
    ):
        Filters(date(2025, 3, 1), date(2025, 2, 28))


def test_empty_choices_mean_no_restriction():
    filters = Filters(date(2025, 1, 1), date(2025, 12, 31))

    assert filters.params() == {
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
        "regions": None,
        "channels": None,
        "managers": None,
    }


def test_chosen_regions_channels_and_managers_are_passed_as_lists():
    filters = Filters(date(2025, 1, 1), date(2025, 1, 31), ("North",), ("Retail", "Web"), ("Ann",))

    assert filters.account_params() == {
        "regions": ["North"],
        "channels": ["Retail", "Web"],
        "managers": ["Ann"],
    }
