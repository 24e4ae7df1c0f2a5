"""Comparison windows: same days last year, year to date, twelve and three months."""

from __future__ import annotations

from datetime import date

from kam_core.accounts.windows import Windows, months_before, years_before


def test_last_year_is_the_same_calendar_day_and_29_february_becomes_28() -> None:
    assert years_before(date(2026, 10, 31)) == date(2025, 10, 31)
    assert years_before(date(2024, 2, 29)) == date(2023, 2, 28)


def test_months_before_clips_to_the_end_of_a_shorter_month() -> None:
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 3) == date(2025, 10, 15)


def test_windows_of_a_period() -> None:
    params = Windows(date(2026, 3, 1), date(2026, 10, 31)).params()

    assert (params["start_ly"], params["end_ly"]) == (date(2025, 3, 1), date(2025, 10, 31))
    assert params["ytd_start"] == date(2026, 1, 1)
    assert params["m12_after"] == date(2025, 10, 31)  # twelve months = 2025-11-01..2026-10-31
    assert params["m3_after"] == date(2026, 7, 31)  # three months = 2026-08-01..2026-10-31
    assert params["m3_after_ly"] == date(2025, 7, 31)


def test_every_window_of_a_period_ending_on_29_february() -> None:
    params = Windows(date(2024, 1, 15), date(2024, 2, 29)).params()

    assert params == {
        "start": date(2024, 1, 15),
        "end": date(2024, 2, 29),
        "start_ly": date(2023, 1, 15),
        "end_ly": date(2023, 2, 28),
        "ytd_start": date(2024, 1, 1),
        "ytd_start_ly": date(2023, 1, 1),
        "m12_after": date(2023, 2, 28),
        "m12_after_ly": date(2022, 2, 28),
        "m12_after_ly2": date(2021, 2, 28),
        "end_ly2": date(2022, 2, 28),
        "m3_after": date(2023, 11, 29),
        "m3_after_ly": date(2022, 11, 29),
    }
