"""Reading an import file's cells: CSV delimiters and encodings, Excel, Parquet, bad files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kam_core.data.importing import WIDE_FILE, BadFile, first_row, read_table


def problem(file: Path) -> str:
    with pytest.raises(BadFile) as failed:
        read_table(file)
    [found] = failed.value.problems
    return str(found)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_csv_delimiter_is_the_one_the_header_uses_most(tmp_path, delimiter):
    file = tmp_path / "sales.csv"
    file.write_text(f'account_id{delimiter}note\nA1{delimiter}"1,5; x"\n', encoding="utf-8")

    cells = read_table(file).cells

    assert cells.to_dict("records") == [{"account_id": "A1", "note": "1,5; x"}]


def test_csv_cells_stay_text_with_a_byte_order_mark_and_spaces_after_the_delimiter(tmp_path):
    file = tmp_path / "sales.CSV"
    file.write_bytes("\ufeffsku, quantity\n007, 12\nNA,\n".encode())

    cells = read_table(file).cells

    assert list(cells.columns) == ["sku", "quantity"]
    assert cells.to_dict("records") == [
        {"sku": "007", "quantity": "12"},
        {"sku": "NA", "quantity": ""},
    ]


def test_a_western_excel_csv_reads_as_windows_1252_and_says_so(tmp_path):
    file = tmp_path / "sales.csv"
    file.write_bytes(b"name\nok\nM\xfcller\n")

    read = read_table(file)

    assert read.cells["name"].tolist() == ["ok", "Müller"]
    assert read.encoding == "Windows-1252 (Latin-1)"


def test_a_blank_csv_is_empty(tmp_path):
    file = tmp_path / "sales.csv"
    file.write_text(" \n\n", encoding="utf-8")

    assert problem(file) == "sales.csv: the file is empty"


def test_a_header_without_rows_has_no_data_rows(tmp_path):
    file = tmp_path / "sales.csv"
    file.write_text("account_id,sku\n", encoding="utf-8")

    assert problem(file) == "sales.csv: the file has no data rows"


def test_excel_cells_keep_their_types_as_objects(tmp_path):
    file = tmp_path / "sales.xlsx"
    pd.DataFrame({"sku": ["007"], "quantity": [12]}).to_excel(file, index=False)

    cells = read_table(file).cells

    assert cells.to_dict("records") == [{"sku": "007", "quantity": 12}]
    assert cells["quantity"].dtype == object


def test_parquet_is_read_typed(tmp_path):
    file = tmp_path / "sales.parquet"
    pd.DataFrame({"sku": ["007"], "quantity": [12.5]}).to_parquet(file)

    cells = read_table(file).cells

    assert cells.to_dict("records") == [{"sku": "007", "quantity": 12.5}]


def test_an_unknown_suffix_is_refused_with_the_formats_we_read(tmp_path):
    file = tmp_path / "sales.ods"
    file.write_text("x", encoding="utf-8")

    assert problem(file) == (
        "sales.ods: cannot read '.ods' files; use CSV, Excel (.xlsx) or Parquet"
    )


def test_a_damaged_file_is_one_problem_not_a_traceback(tmp_path):
    file = tmp_path / "sales.xlsx"
    file.write_bytes(b"not a zip")

    assert problem(file).startswith("sales.xlsx: cannot read the file: ")


@pytest.mark.parametrize(("name", "row"), [("a.csv", 2), ("a.xlsx", 2), ("a.PARQUET", 1)])
def test_the_first_data_row_is_numbered_as_a_spreadsheet_shows_it(name, row):
    assert first_row(Path(name)) == row


def test_the_delimiter_comes_from_the_header_not_from_the_rows(tmp_path):
    file = tmp_path / "sales.csv"
    file.write_text('sku;note\nKE-1;"1,2,3,4"\nKE-2;"5,6,7,8"\n', encoding="utf-8")

    cells = read_table(file).cells

    assert list(cells.columns) == ["sku", "note"]


def test_csv_codes_that_look_like_numbers_keep_their_leading_zeros(tmp_path):
    file = tmp_path / "products.csv"
    file.write_text("sku,case_pack\n007,6\n010,12\n", encoding="utf-8")

    cells = read_table(file).cells

    assert cells.to_dict("list") == {"sku": ["007", "010"], "case_pack": ["6", "12"]}


@pytest.mark.parametrize("columns", [WIDE_FILE, WIDE_FILE + 1])  # 999 and 1,000 delimiters
def test_a_wide_csv_is_read_cell_by_cell_as_pandas_reads_a_narrow_one(tmp_path, columns):
    names = [f"c{i}" for i in range(columns - 2)] + ["c0", "c0"]  # one name three times
    file = tmp_path / "wide.csv"
    file.write_text(
        ";".join(names) + "\n" + "; ".join(str(i) for i in range(columns)) + "\n\n"
        + ";".join(["x"] * columns) + "\n"
    )  # fmt: skip

    cells = read_table(file).cells

    assert cells.shape == (2, columns)
    assert list(cells.columns[-2:]) == ["c0.1", "c0.2"]
    assert cells.iloc[0, :3].tolist() == ["0", "1", "2"]  # spaces after the delimiter dropped
    assert cells.iloc[1].eq("x").all()


def test_a_wide_csv_with_a_ragged_row_names_the_row_and_counts(tmp_path):
    file = tmp_path / "wide.csv"
    header = ",".join(f"c{i}" for i in range(WIDE_FILE + 1))
    file.write_text(f"{header}\n{','.join(['1'] * (WIDE_FILE + 1))}\n{','.join(['1'] * 3)}\n")

    assert problem(file) == "wide.csv: cannot read the file: row 3 has 3 cells, the header 1,001"
