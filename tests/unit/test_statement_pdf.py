"""The PDF rebate statement reads back with the arithmetic, the projection and the next step."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from kam_core.incentives.rebates import Position, Program, Tier
from kam_core.reports.statement import statement_pdf

BANDS = Program(
    "QUARTER", "Quarterly unit incentive", "quantity", "quarter", "incremental",
    (Tier(10_000, 0.05), Tier(50_000, 0.10)),
)  # fmt: skip


def test_the_statement_prints_every_band_and_the_payout_they_add_up_to():
    pdf = statement_pdf(
        BANDS, "Shop & Co (A1)", "2025-Q3", date(2025, 8, 15), Position(60_000, 120_000),
        Position(120_000, 240_000),
    )  # fmt: skip

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Quarterly unit incentive: Shop & Co (A1)",
        "Band from 10,000 units to 50,000 units 40,000 80,000.00 5.00% 4,000.00",
        "Band from 50,000 units and above 10,000 20,000.00 10.00% 2,000.00",
        "Payout 6,000.00",
        "As of 15 Aug 2025",
        "You are on the top 10% tier: 6,000 earned this quarter.",
    ):
        assert expected in text, expected
