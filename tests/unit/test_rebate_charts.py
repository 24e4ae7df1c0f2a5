"""Rebate charts, tested as data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from kam_core.charts import in_currency
from kam_core.charts.rebates import closest_bars, payout_bars, tier_ladder
from kam_core.data.formats import Style
from kam_core.incentives.payouts import closest_to_next_tier, payout_table
from kam_core.incentives.rebates import Position, Program, Tier

TIERS = (Tier(10_000, 0.05), Tier(50_000, 0.10))
PROGRAMS = {
    "ANNUAL": Program("ANNUAL", "Annual", "revenue", "year", "retroactive", TIERS),
    "BANDS": Program("BANDS", "Bands", "revenue", "year", "incremental", TIERS),
}
BASES = pd.DataFrame(
    [
        ("A1", "Alpha", "ANNUAL", 60_000, 60_000, 0, 0),
        ("A1", "Alpha", "BANDS", 60_000, 60_000, 0, 0),
        ("A2", "Beta", "ANNUAL", 45_000, 45_000, 0, 0),
        ("A3", "Gamma", "ANNUAL", 0, 0, 0, 0),
    ],
    columns=["account_id", "name", "program_id", "basis", "revenue", "ly_to_date", "ly_basis"],
)
TABLE = payout_table(BASES, PROGRAMS, date(2025, 12, 31))


def test_payout_bars_stack_each_programme_and_mark_the_projection():
    fig = payout_bars(TABLE)

    bars = {t.name: dict(zip(t.y, t.x, strict=True)) for t in fig.data if t.type == "bar"}
    assert bars["ANNUAL owed"]["Alpha (A1)"] == pytest.approx(6_000)
    assert bars["BANDS owed"]["Alpha (A1)"] == pytest.approx(3_000)
    projected = next(t for t in fig.data if t.type == "scatter")
    assert (projected.y[0], projected.x[0]) == ("Alpha (A1)", pytest.approx(9_000))
    assert fig.layout.title.text.startswith("Rebate owed")
    assert fig.layout.xaxis.title.text


def test_closest_bars_show_the_share_of_the_next_tier_still_to_buy():
    fig = closest_bars(closest_to_next_tier(TABLE))

    bar = fig.data[0]
    assert list(bar.y) == ["Beta · ANNUAL"]
    assert list(bar.x) == [pytest.approx(0.1)]  # 45,000 of 50,000
    assert list(bar.text) == ["5,000 to go"]


def test_the_tier_ladder_jumps_at_a_retroactive_threshold_and_marks_the_projection():
    fig = tier_ladder(PROGRAMS["ANNUAL"], Position(20_000, 20_000), Position(40_000, 40_000))

    curve, projected = fig.data[0], fig.data[1]
    below = max(y for x, y in zip(curve.x, curve.y, strict=True) if x < 50_000)
    above = min(y for x, y in zip(curve.x, curve.y, strict=True) if x >= 50_000)
    assert below < 2_500 and above >= 5_000
    assert (projected.x[0], projected.y[0]) == (40_000, pytest.approx(2_000))
    assert fig.layout.xaxis.title.text == "Basis this year (revenue)"


def test_money_axes_and_hovers_carry_the_currency_never_money_in_words() -> None:
    fig = go.Figure(layout={"xaxis": {"title": {"text": "Rebate (¤)"}}})
    fig.add_bar(x=[1_234_567.0], y=["A"], hovertemplate="owed: ¤%{x:,.0f}")

    dollars = in_currency(fig, Style("X", "USD", "en_US")).to_dict()
    euros = in_currency(fig, Style("X", "EUR", "de_DE")).to_dict()

    assert dollars["layout"]["xaxis"]["title"]["text"] == "Rebate ($)"
    assert dollars["data"][0]["hovertemplate"] == "owed: $%{x:,.0f}"
    assert dollars["layout"]["separators"] == ".,"
    assert euros["data"][0]["hovertemplate"] == "owed: %{x:,.0f}\xa0€"
    assert euros["layout"]["separators"] == ",."
    assert "¤" in fig.to_dict()["data"][0]["hovertemplate"]  # the input is unchanged
