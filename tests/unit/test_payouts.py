"""The payouts table: owed to date, projected by run-rate, next tier; and the statement lines."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.incentives.payouts import (
    closest_to_next_tier,
    in_programme_terms,
    payout_table,
    programs_from_frames,
)
from kam_core.incentives.rebates import Position, Program, ProgramError, Tier
from kam_core.incentives.statements import statement_lines

TIERS = (Tier(10_000, 0.05), Tier(50_000, 0.10))
PROGRAMS = {
    "ANNUAL": Program("ANNUAL", "Annual", "revenue", "year", "retroactive", TIERS),
    "QUARTER": Program("QUARTER", "Quarter", "quantity", "quarter", "incremental", TIERS),
}


def bases(*rows: tuple) -> pd.DataFrame:
    columns = ["account_id", "name", "program_id", "basis", "revenue", "ly_to_date", "ly_basis"]
    return pd.DataFrame(list(rows), columns=columns)


def test_a_half_year_is_projected_to_double_by_run_rate():
    # 1 Jan .. 2 Jul 2025 is 183 of 365 days: 20,000 so far projects to 39,891.
    table = payout_table(
        bases(("A1", "Shop", "ANNUAL", 20_000, 20_000, 0, 0)), PROGRAMS, date(2025, 7, 2)
    )

    row = table.iloc[0]
    assert row.period == "2025"
    assert row.payout == pytest.approx(1_000)
    assert row.projected_basis == pytest.approx(20_000 * 365 / 183)
    assert row.projected_payout == pytest.approx(0.05 * 20_000 * 365 / 183)
    assert (row.next_threshold, row.gap_to_next_tier) == (50_000, pytest.approx(30_000))
    assert row.extra_payout_at_next_tier == pytest.approx(4_000)


def test_quarter_programmes_are_labelled_and_projected_within_the_quarter():
    # 15 Aug is day 46 of Q3 (92 days).
    table = payout_table(
        bases(("A1", "Shop", "QUARTER", 12_000, 24_000, 0, 0)), PROGRAMS, date(2025, 8, 15)
    )

    row = table.iloc[0]
    assert row.period == "2025-Q3"
    assert row.payout == pytest.approx(0.05 * 2_000 * 2.0)
    assert row.projected_basis == pytest.approx(24_000)


GROWTH = Program("G", "Growth", "revenue", "year", "growth", (Tier(0.05, 0.02), Tier(0.15, 0.04)))


def test_growth_to_date_is_against_last_year_to_date_and_the_projection_against_its_total():
    # 2 Jul 2025: 55,000 against 50,000 by 2 Jul 2024 is +10%; the run-rate projection,
    # 55,000 * 365 / 183 = 109,699, against last year's 100,000 is +9.7%: both in the 5% tier.
    table = payout_table(
        bases(("A1", "Shop", "G", 55_000, 55_000, 50_000, 100_000)), {"G": GROWTH}, date(2025, 7, 2)
    )

    row = table.iloc[0]
    assert row.payout == pytest.approx(0.02 * 5_000)
    assert row.tier_threshold == 0.05
    projected = 55_000 * 365 / 183
    assert row.projected_payout == pytest.approx(0.02 * (projected - 100_000))
    assert row.projected_tier_rate == 0.02
    assert row.next_threshold == 0.15


def test_a_growth_programme_without_a_prior_year_pays_nothing_and_has_no_next_tier():
    table = payout_table(
        bases(("A1", "Shop", "G", 55_000, 55_000, 0, 0)), {"G": GROWTH}, date(2025, 7, 2)
    )

    row = table.iloc[0]
    assert (row.payout, row.projected_payout, row.tier_rate) == (0, 0, 0)
    assert pd.isna(row.next_threshold)


def test_an_account_with_no_sales_owes_nothing_and_needs_the_whole_first_tier():
    table = payout_table(bases(("A1", "Shop", "ANNUAL", 0, 0, 0, 0)), PROGRAMS, date(2025, 7, 2))

    row = table.iloc[0]
    assert (row.payout, row.projected_payout, row.tier_rate) == (0, 0, 0)
    assert pd.isna(row.tier_threshold)
    assert row.gap_to_next_tier == 10_000


def test_the_closest_accounts_are_those_missing_the_smallest_share_of_the_next_tier():
    table = payout_table(
        bases(
            ("A1", "Far", "ANNUAL", 1_000, 1_000, 0, 0),
            ("A2", "Near", "ANNUAL", 48_000, 48_000, 0, 0),
            ("A3", "Top", "ANNUAL", 90_000, 90_000, 0, 0),
        ),
        PROGRAMS,
        date(2025, 7, 2),
    )

    closest = closest_to_next_tier(table, n=5)

    assert list(closest.account_id) == ["A2", "A1"]


def test_programmes_are_built_from_the_tables_and_validated():
    programs = pd.DataFrame(
        [("X", "Broken", "revenue", "year", "retroactive")],
        columns=["program_id", "name", "basis", "period", "method"],
    )
    tiers = pd.DataFrame([("X", 0.0, 1.5)], columns=["program_id", "threshold", "rate"])

    with pytest.raises(ProgramError, match="'X'.*0..1"):
        programs_from_frames(programs, tiers)


def test_retroactive_statement_shows_the_whole_basis_at_the_tier_rate():
    lines = statement_lines(PROGRAMS["ANNUAL"], Position(20_000, 20_000))

    paying = lines[lines.rate > 0].iloc[0]
    assert paying.paid_on * paying.rate == pytest.approx(paying.payout) == pytest.approx(1_000)
    assert lines.iloc[-1].line == "Payout"
    assert lines.iloc[-1].payout == pytest.approx(1_000)


def test_incremental_statement_has_one_line_per_band_adding_up_to_the_payout():
    program = Program("B", "Bands", "revenue", "year", "incremental", TIERS)

    lines = statement_lines(program, Position(60_000, 60_000))

    bands = lines[lines.line.str.startswith("Band")]
    assert list(bands.basis) == [40_000, 10_000]
    assert bands.payout.sum() == pytest.approx(lines.iloc[-1].payout) == pytest.approx(3_000)


def test_growth_statement_shows_last_year_and_the_growth():
    program = Program(
        "G", "Growth", "revenue", "year", "growth", (Tier(0.05, 0.02), Tier(0.15, 0.04))
    )

    lines = statement_lines(program, Position(120_000, 120_000, last_year=100_000))

    assert lines.line.tolist()[:3] == ["Same period last year", "This period", "Growth +20.0%"]
    assert lines.iloc[-1].payout == pytest.approx(0.04 * 20_000)


def test_a_statement_below_the_first_tier_says_so_and_pays_nothing():
    lines = statement_lines(PROGRAMS["ANNUAL"], Position(5_000, 5_000))

    assert "No tier reached yet" in lines.line.iloc[-2]
    assert lines.iloc[-1].payout == 0


def test_a_seasonal_share_projects_the_year_on_it_instead_of_days():
    # 31 Oct: 304 of 365 days gone, but only 30,400 / 42,600 of a Nov-Dec-peak year's sales.
    row = bases(("A1", "Shop", "ANNUAL", 30_400, 30_400, 0, 0)).assign(share_elapsed=0.7136)

    table = payout_table(row, PROGRAMS, date(2026, 10, 31))

    assert table.projected_basis.iloc[0] == pytest.approx(30_400 / 0.7136)
    assert "share_elapsed" not in table.columns


def test_each_threshold_reads_in_its_programmes_terms():
    table = pd.DataFrame(
        {
            "program_id": ["ANNUAL", "QUARTER", "G", "ANNUAL"],
            "tier_threshold": [320_000.0, 1_200.0, 0.1, None],
            "next_threshold": [None, 2_500.0, 0.15, 50_000.0],
        }
    )

    read = in_programme_terms(table, {**PROGRAMS, "G": GROWTH})

    assert read["tier_threshold"].tolist() == ["$320,000", "1,200", "10.0%", "–"]
    assert read["next_threshold"].tolist() == ["–", "2,500", "15.0%", "$50,000"]
    assert table["tier_threshold"].iloc[0] == 320_000.0  # a new frame, the input unchanged


def test_a_quantity_programmes_basis_and_gap_read_in_units_a_revenue_ones_as_money():
    table = pd.DataFrame(
        {
            "program_id": ["QUARTER", "ANNUAL", "G"],
            "basis": [1_234.0, 56_789.0, 40_000.0],
            "projected_basis": [1_500.0, 60_000.0, 48_000.0],
            "gap_to_next_tier": [266.0, None, 2_000.0],
        }
    )

    read = in_programme_terms(table, {**PROGRAMS, "G": GROWTH})

    assert read["basis"].tolist() == ["1,234", "$56,789", "$40,000"]
    assert read["projected_basis"].tolist() == ["1,500", "$60,000", "$48,000"]
    assert read["gap_to_next_tier"].tolist() == ["266", "–", "$2,000"]
