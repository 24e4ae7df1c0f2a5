"""Writing tables for download: formula-looking text made harmless, three formats, stdout."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kam_core.data.exports import neutralise, to_bytes, write

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
