"""Rebate statements line by line: every method, a quantity basis, edges of the bands."""

from __future__ import annotations

import math

import pandas as pd

from kam_core.incentives.rebates import Position, Program, Tier
from kam_core.incentives.statements import COLUMNS, statement_lines

TIERS = (Tier(10_000, 0.05), Tier(50_000, 0.10))
NONE = None


def lines(program: Program, position: Position) -> list[tuple]:
    frame = statement_lines(program, position)
    assert list(frame.columns) == COLUMNS
    return [
        tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row)
        for row in frame.itertuples(index=False)
    ]


def test_a_retroactive_quantity_statement_pays_the_tier_on_the_revenue_of_the_units():
    program = Program("Q", "Units", "quantity", "year", "retroactive", TIERS)

    found = lines(program, Position(20_000, 60_000))  # 3.00 a unit

    assert found == [
        ("Basis this period", 20_000, NONE, NONE, NONE),
        ("Whole basis at the tier from 10,000 units", 20_000, 60_000, 0.05, 3_000),
        ("Payout", NONE, NONE, NONE, 3_000),
    ]


def test_incremental_bands_end_at_the_next_threshold_and_the_top_band_has_no_end():
    program = Program("B", "Bands", "quantity", "year", "incremental", TIERS)

    found = lines(program, Position(60_000, 120_000))  # 2.00 a unit

    assert found == [
        ("Basis this period", 60_000, NONE, NONE, NONE),
        ("Band from 10,000 units to 50,000 units", 40_000, 80_000, 0.05, 4_000),
        ("Band from 50,000 units and above", 10_000, 20_000, 0.10, 2_000),
        ("Payout", NONE, NONE, NONE, 6_000),
    ]


def test_a_basis_exactly_on_a_threshold_opens_no_empty_band():
    program = Program("B", "Bands", "revenue", "year", "incremental", TIERS)

    found = lines(program, Position(50_000, 50_000))

    assert [line[0] for line in found] == [
        "Basis this period",
        "Band from 10,000 to 50,000",
        "Payout",
    ]


def test_one_unit_into_a_band_is_a_line():
    program = Program("B", "Bands", "revenue", "year", "incremental", TIERS)

    found = lines(program, Position(10_001, 10_001))

    assert found[1] == ("Band from 10,000 to 50,000", 1, 1, 0.05, 0.05)


def test_below_the_first_band_the_statement_says_so():
    program = Program("B", "Bands", "quantity", "year", "incremental", TIERS)

    found = lines(program, Position(5_000, 10_000))

    assert found == [
        ("Basis this period", 5_000, NONE, NONE, NONE),
        ("No tier reached yet (first tier from 10,000 units)", NONE, NONE, 0.0, 0.0),
        ("Payout", NONE, NONE, NONE, 0.0),
    ]


def test_a_growth_statement_pays_the_tier_on_the_revenue_above_last_year():
    program = Program(
        "G", "Growth", "quantity", "year", "growth", (Tier(0.05, 0.02), Tier(0.5, 0.04))
    )

    found = lines(program, Position(1_200, 2_400, last_year=1_000))  # 2.00 a unit, +20%

    assert found == [
        ("Same period last year", 1_000, NONE, NONE, NONE),
        ("This period", 1_200, NONE, NONE, NONE),
        ("Growth +20.0%", 200, NONE, NONE, NONE),
        ("Growth above last year, tier from +5.0% growth", 200, 400, 0.02, 8.0),
        ("Payout", NONE, NONE, NONE, 8.0),
    ]


def test_growth_below_the_first_tier_names_it_as_a_growth():
    program = Program("G", "Growth", "revenue", "year", "growth", (Tier(0.05, 0.02),))

    found = lines(program, Position(1_040, 1_040, last_year=1_000))

    assert found[2:] == [
        ("Growth +4.0%", 40, NONE, NONE, NONE),
        ("No tier reached yet (first tier from +5.0%)", NONE, NONE, 0.0, 0.0),
        ("Payout", NONE, NONE, NONE, 0.0),
    ]


def test_no_growth_pays_nothing_even_with_a_tier_from_zero():
    program = Program("G", "Growth", "revenue", "year", "growth", (Tier(0.0, 0.02),))

    found = lines(program, Position(1_000, 1_000, last_year=1_000))

    assert found[2:] == [
        ("Growth +0.0%", 0, NONE, NONE, NONE),
        ("No tier reached yet (first tier from +0.0%)", NONE, NONE, 0.0, 0.0),
        ("Payout", NONE, NONE, NONE, 0.0),
    ]


def test_a_growth_statement_without_last_year_says_there_is_nothing_to_grow_from():
    program = Program("G", "Growth", "revenue", "year", "growth", (Tier(0.05, 0.02),))

    found = lines(program, Position(1_000, 1_000))

    assert found[2:] == [
        ("No sales last year: no growth to reward", NONE, NONE, NONE, NONE),
        ("No tier reached yet (first tier from +5.0%)", NONE, NONE, 0.0, 0.0),
        ("Payout", NONE, NONE, NONE, 0.0),
    ]


def test_the_statement_is_a_frame_of_the_documented_columns():
    frame = statement_lines(
        Program("R", "R", "revenue", "year", "retroactive", TIERS), Position(0, 0)
    )

    assert isinstance(frame, pd.DataFrame)
    assert frame.line.tolist() == [
        "Basis this period",
        "No tier reached yet (first tier from 10,000)",
        "Payout",
    ]
