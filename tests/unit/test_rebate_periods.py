"""Programme periods: calendar years and quarters, last year's twin, run-rate projection."""

from __future__ import annotations

from datetime import date

import pytest

from kam_core.incentives.periods import period_containing, periods_between, run_rate


def test_a_quarter_runs_from_its_first_to_its_last_day():
    q3 = period_containing("quarter", date(2025, 8, 15))

    assert (q3.label, q3.start, q3.end, q3.days) == (
        "2025-Q3",
        date(2025, 7, 1),
        date(2025, 9, 30),
        92,
    )


def test_the_fourth_quarter_ends_on_new_years_eve():
    q4 = period_containing("quarter", date(2026, 10, 31))

    assert (q4.label, q4.end) == ("2026-Q4", date(2026, 12, 31))


def test_a_year_is_labelled_by_its_number():
    assert period_containing("year", date(2025, 3, 1)).label == "2025"


def test_last_year_is_the_same_quarter_one_year_earlier():
    assert period_containing("quarter", date(2026, 2, 1)).last_year().label == "2025-Q1"


def test_run_rate_projects_to_the_whole_period_at_the_daily_rate_so_far():
    year = period_containing("year", date(2025, 1, 1))

    assert run_rate(73_000, year, date(2025, 3, 14)) == pytest.approx(73_000 * 365 / 73)


def test_a_closed_period_projects_to_what_it_was():
    q1 = period_containing("quarter", date(2025, 1, 1))

    assert run_rate(5_000, q1, date(2025, 6, 30)) == pytest.approx(5_000)


def test_periods_between_lists_the_latest_first():
    labels = [p.label for p in periods_between("quarter", date(2025, 11, 2), date(2026, 4, 1))]

    assert labels == ["2026-Q2", "2026-Q1", "2025-Q4"]
