"""The PDF base: what is drawn can be read back, on A4, with the as-of stamp on every page."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
from pypdf import PdfReader

from kam_core.data.context import context
from kam_core.data.filters import Filters
from kam_core.data.formats import change, money
from kam_core.reports.drawing import _runs, latin1
from kam_core.reports.pdf import LY_COLOURS, Kpi, Report


def _text(report: Report) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(report.to_bytes()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_a_report_prints_its_kpis_table_and_stamp_on_a4() -> None:
    report = Report("Account brief", date(2026, 10, 31), "last sale 31 Oct 2026")
    report.title_block("MegaMart Ashford", "Retail chain")
    report.kpi_row([Kpi("Revenue", "$1.2M", "+12.3% vs LY", True)])
    report.data_table(pd.DataFrame({"SKU": ["KE-1001"], "Propose": ["1,200"]}))

    reader, text = _text(report)

    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    for expected in (
        "MegaMart Ashford",
        "$1.2M",
        "+12.3% vs LY",
        "KE-1001",
        "1,200",
        "As of 31 Oct 2026",
        "last sale 31 Oct 2026",
        "Page 1 of 1",
    ):
        assert expected in text


def test_the_stamp_is_repeated_on_every_page() -> None:
    report = Report("Long", date(2026, 10, 31), "data to 31 Oct 2026")
    report.bullets([f"point {i}" for i in range(150)])

    reader, _ = _text(report)

    assert len(reader.pages) > 1
    assert all("As of 31 Oct 2026" in page.extract_text() for page in reader.pages)


def test_a_long_context_line_prints_whole_under_the_header_of_every_page() -> None:
    line = context(
        Filters(date(2026, 1, 1), date(2026, 10, 31), ("North", "South", "East"), ("Retail",),
                ("Ann Lee", "Bo Chen", "Carla Diaz", "Dev Patel")),
        date(2026, 10, 30),
        date(2026, 11, 7),
    ).text  # fmt: skip
    report = Report("Long", date(2026, 10, 31), line)
    report.bullets([f"point {i}" for i in range(150)])

    reader, _ = _text(report)

    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) > 1
    assert all("Managers: Ann Lee, Bo Chen, Carla Diaz, Dev Patel" in p for p in pages)
    assert all("last sale 30 Oct 2026, 8 days ago" in p for p in pages)


def test_charts_draw_from_a_frame_with_gaps() -> None:
    months = pd.DataFrame(
        {
            "month": ["Jan", "Feb", "Mar"],
            "This year": [1.0, None, 3.0],
            "Last year": [2.0, 2.5, 2.0],
        }
    )
    report = Report("Chart", date(2026, 10, 31))

    report.line_chart(months, "month", LY_COLOURS, "Monthly revenue")
    report.bar_chart(months, "month", LY_COLOURS, "Monthly revenue")
    _, text = _text(report)

    assert text.count("Monthly revenue") == 2
    assert "This year" in text and "Jan" in text


def test_a_line_breaks_where_data_is_missing() -> None:
    assert _runs([1.0, float("nan"), 2.0, 3.0]) == [[0], [2, 3]]


def test_any_name_prints_in_the_builtin_font() -> None:
    assert latin1("Łódź – “Maison”") == '?ód? - "Maison"'


def test_numbers_read_the_same_everywhere() -> None:
    assert money(1_234_567) == "$1.2M"
    assert money(45_000) == "$45K"
    assert money(float("nan")) == "–"
    assert change(0.123) == "+12.3%"
    assert change(None) == "–"


def _tree(levels: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(1, levels + 1),
            "manager": pd.array([None, *range(1, levels)], dtype="Int64"),
            "x": [0.0] * levels,
            "depth": range(levels),
            "label": [f"Person {i}\nBuyer, never met" for i in range(1, levels + 1)],
            "colour": ["#2e7d32"] * levels,
            "radius": [2.0] * levels,
        }
    )


def test_an_org_chart_prints_every_label_and_its_legend() -> None:
    report = Report("Brief", date(2026, 10, 31))
    report.tree(_tree(3), "Who decides", {"strong": "#2e7d32", "weak": "#ef6c00"})

    reader, text = _text(report)

    assert len(reader.pages) == 1
    for expected in ("Who decides", "strong", "weak", "Person 1", "Person 3", "Buyer, never met"):
        assert expected in text


def test_an_org_chart_that_does_not_fit_starts_a_page_instead_of_running_off_it() -> None:
    report = Report("Brief", date(2026, 10, 31))
    report.bullets([f"point {i}" for i in range(45)])  # most of the first page

    report.tree(_tree(5), "Who decides", {"strong": "#2e7d32"})

    reader, _ = _text(report)
    assert len(reader.pages) == 2
    second = reader.pages[1].extract_text()
    assert "Who decides" in second and "Person 1" in second and "Person 5" in second


def _level(labels: list[str]) -> pd.DataFrame:
    """One level of the map: everyone side by side, with no manager."""
    count = len(labels)
    return pd.DataFrame(
        {
            "id": range(1, count + 1),
            "manager": pd.array([None] * count, dtype="Int64"),
            "x": [float(i) for i in range(count)],
            "depth": [0] * count,
            "label": labels,
            "colour": ["#2e7d32"] * count,
            "radius": [2.0] * count,
        }
    )


def test_a_name_longer_than_the_room_under_its_circle_is_cut_with_an_ellipsis() -> None:
    long = "Alexandra " * 12
    report = Report("Brief", date(2026, 10, 31))
    report.tree(_level(["Ann", long.strip(), "Bo", "Cy", "Di", "Ed"]), "Who decides", {})

    _, text = _text(report)

    # One line, the long name cut short (an ellipsis; three dots in the built-in font).
    assert re.search(r"Ann (Alexandra ?)+\w*(…|\.\.\.) Bo Cy Di Ed", text)
    assert long.strip() not in text


def test_a_name_that_fits_prints_whole_beside_its_neighbours() -> None:
    names = ["Ann Lee", "Bo Chen", "Cy Roe"]
    report = Report("Brief", date(2026, 10, 31))
    report.tree(_level(names), "Who decides", {})

    _, text = _text(report)

    assert all(name in text for name in names)
