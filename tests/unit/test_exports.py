"""Writing tables for download: formula-looking text made harmless, three formats, stdout."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kam_core.data.exports import for_machines, for_people, neutralise, to_bytes, write
from kam_core.data.formats import Column

TABLE = pd.DataFrame(
    {
        "account": ["=HYPERLINK()", "+1", "-2", "@SUM", "\tx", "\ry", "Shop - North", "a=b"],
        "revenue": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        "day": pd.to_datetime(["2025-01-01"] * 8),
    }
)


def test_text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote():
    safe = neutralise(TABLE)

    assert safe.account.tolist() == [
        "'=HYPERLINK()",
        "'+1",
        "'-2",
        "'@SUM",
        "'\tx",
        "'\ry",
        "Shop - North",
        "a=b",
    ]


def test_numbers_and_dates_are_left_as_they_are_and_the_input_is_not_changed():
    before = TABLE.copy()

    safe = neutralise(TABLE)

    pd.testing.assert_frame_equal(safe[["revenue", "day"]], TABLE[["revenue", "day"]])
    pd.testing.assert_frame_equal(TABLE, before)


def test_csv_bytes_are_utf8_and_neutralised():
    data = to_bytes(pd.DataFrame({"name": ["=1+1", "Café"], "n": [1, 2]}), ".csv")

    assert data.decode("utf-8") == "name,n\n'=1+1,1\nCafé,2\n"


def test_excel_bytes_read_back_neutralised_without_an_index():
    data = to_bytes(pd.DataFrame({"name": ["=1+1"], "n": [1]}), ".xlsx")

    back = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    assert back.to_dict("records") == [{"name": "'=1+1", "n": 1}]


def test_parquet_keeps_the_cells_exactly_without_an_index():
    table = pd.DataFrame({"name": ["=1+1"], "n": [1]}, index=[7])

    back = pd.read_parquet(io.BytesIO(to_bytes(table, ".parquet")))

    assert back.to_dict("records") == [{"name": "=1+1", "n": 1}]
    assert list(back.index) == [0]


def test_an_unknown_format_is_refused_with_the_choices():
    with pytest.raises(
        ValueError, match=r"cannot write '.ods'; choose one of .csv, .xlsx, .parquet"
    ):
        to_bytes(TABLE, ".ods")


def test_write_picks_the_format_from_the_suffix_in_any_case(tmp_path):
    out = tmp_path / "table.CSV"

    write(pd.DataFrame({"name": ["=x"]}), out)

    assert out.read_text(encoding="utf-8") == "name\n'=x\n"


def test_write_without_a_file_prints_neutralised_csv(capsys):
    write(pd.DataFrame({"name": ["=x"], "n": [1]}), None)

    assert capsys.readouterr().out == "name,n\n'=x,1\n"


def test_excel_for_people_reads_back_with_headers_formats_and_a_title():
    from openpyxl import load_workbook

    table = pd.DataFrame(
        {"sku": ["KE-1", "=cmd"], "revenue": [6208911.749999997, None],
         "growth": [0.1335, -0.0164], "shift": [-0.0164, 0.02],
         "stockout_date": [pd.Timestamp("2026-11-05"), pd.NaT], "on_hand": [300000, 1158]}
    )  # fmt: skip
    columns = {
        "sku": Column("SKU"), "revenue": Column("Revenue", "money"),
        "growth": Column("Growth", "change"), "shift": Column("Shift", "points"),
        "stockout_date": Column("Runs out", "day"),
    }  # fmt: skip

    book = load_workbook(io.BytesIO(for_people(table, columns, "Stock · as of 31 Oct 2026")))
    sheet = book.active

    assert sheet["A1"].value == "Stock · as of 31 Oct 2026"
    assert [c.value for c in sheet[2]] == [
        "SKU",
        "Revenue",
        "Growth",
        "Shift",
        "Runs out",
        "On hand",
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet["A4"].value == "'=cmd"
    assert sheet["B3"].value == 6208911.75 and sheet["B3"].number_format == '"$"#,##0'
    assert sheet["B4"].value is None
    assert sheet["C3"].number_format == "+0.0%;-0.0%;0.0%"
    assert sheet["D3"].value == pytest.approx(-1.64) and "pts" in sheet["D3"].number_format
    assert sheet["E3"].value.date() == pd.Timestamp("2026-11-05").date()
    assert sheet["E3"].number_format == "d mmm yyyy"
    assert sheet["F3"].number_format == "#,##0"
    assert sheet.column_dimensions["B"].width >= len("$6,208,912")


def test_csv_for_machines_keeps_names_and_rounds_money_to_cents():
    table = pd.DataFrame({"account_id": ["AC1"], "revenue": [6208911.749999997], "qty": [1 / 3]})

    text = for_machines(table, {"revenue": Column("Revenue", "money")}).decode()

    assert text.splitlines() == ["account_id,revenue,qty", f"AC1,6208911.75,{1 / 3}"]


def test_an_excel_price_column_has_cents_in_the_currency():
    from openpyxl import load_workbook

    table = pd.DataFrame({"sku": ["S1"], "shelf_price": [12.994]})
    book = for_people(table, {"shelf_price": Column("Shelf price", "price")}, "Shelf")
    sheet = load_workbook(io.BytesIO(book)).active

    assert sheet["B3"].value == 12.99
    assert sheet["B3"].number_format == '"$"#,##0.00'


def test_excel_for_people_in_a_locale_that_writes_the_currency_after():
    from openpyxl import load_workbook

    from kam_core.data.formats import Style

    table = pd.DataFrame(
        {
            "name": ["Müller", "x" * 80],
            "revenue": [1234.0, None],
            "unit_price": [9.5, 1.0],
            "share": [0.25, 0.5],
            "units": [1200.0, 3.0],
            "level": [1.25, 2.0],
            "orders": [12, 3],
        }
    )
    columns = {
        "revenue": Column("Revenue", "money"),
        "unit_price": Column("Price", "price"),
        "share": Column("Share", "pct"),
        "units": Column("Units", "units"),
        "level": Column("Level", "number"),
    }

    book = for_people(table, columns, "Title", Style("Acme", "EUR", "de_DE"))
    sheet = load_workbook(io.BytesIO(book)).active

    assert sheet["A1"].font.bold and all(cell.font.bold for cell in sheet[2])
    assert not sheet["A3"].font.bold
    assert [sheet.cell(3, i).number_format for i in range(2, 8)] == [
        '#,##0 "€"',
        '#,##0.00 "€"',
        "0.0%",
        "#,##0",
        "#,##0.0",
        "#,##0",
    ]
    assert sheet["A2"].number_format == "General"  # headers and title keep their text
    assert sheet["B4"].value is None and sheet["B3"].value == 1234
    # Wide enough for the longest of the first 200 cells as shown, capped at 60.
    assert sheet.column_dimensions["A"].width == 60
    assert sheet.column_dimensions["B"].width == len("1.234\xa0€") + 2
    assert sheet.column_dimensions["G"].width == len("Orders") + 2


def test_csv_for_machines_rounds_prices_to_cents_and_leaves_other_numbers():
    table = pd.DataFrame({"shelf_price": [12.994999], "share": [0.123456]})
    columns = {"shelf_price": Column("Price", "price"), "share": Column("Share", "pct")}

    assert for_machines(table, columns).decode().splitlines() == [
        "shelf_price,share",
        "12.99,0.123456",
    ]


def test_excel_column_widths_read_only_the_first_200_rows():
    from openpyxl import load_workbook

    table = pd.DataFrame({"name": ["ab"] * 200 + ["a much longer name"]})
    sheet = load_workbook(io.BytesIO(for_people(table, {}, "Title"))).active

    assert sheet.max_row == 203  # title, headers, 201 rows
    assert sheet.column_dimensions["A"].width == len("Name") + 2
