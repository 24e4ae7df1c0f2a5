"""Writing a table to CSV, Excel or Parquet, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from kam_core.data import formats

FORMATS = (".csv", ".xlsx", ".parquet")
# A text cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """`value`, prefixed with a quote if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise(cells: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot act as spreadsheet formulas (prefixed with a quote)."""
    text_columns = [
        c
        for c in cells.columns
        if not pd.api.types.is_numeric_dtype(cells[c])
        and not pd.api.types.is_datetime64_any_dtype(cells[c])
    ]
    return cells.assign(**{c: cells[c].map(inert) for c in text_columns})


def to_bytes(table: pd.DataFrame, suffix: str) -> bytes:
    """The table encoded as `suffix` (.csv, .xlsx or .parquet), for downloads and files."""
    if suffix not in FORMATS:
        raise ValueError(f"cannot write {suffix!r}; choose one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    if suffix == ".parquet":
        table.to_parquet(buffer, index=False)
    elif suffix == ".xlsx":
        neutralise(table).to_excel(buffer, index=False, engine="openpyxl")
    else:
        buffer.write(neutralise(table).to_csv(index=False).encode("utf-8"))
    return buffer.getvalue()


def write(table: pd.DataFrame, out: Path | None) -> None:
    """Write to `out` in the format its suffix names, or as CSV to standard output."""
    if out is None:
        sys.stdout.write(neutralise(table).to_csv(index=False))
    else:
        out.write_bytes(to_bytes(table, out.suffix.lower()))


def for_machines(table: pd.DataFrame, columns: Mapping[str, formats.Column]) -> bytes:
    """CSV with the contract's column names, money rounded to cents (no float noise)."""
    money = [c for c in table.columns if c in columns and columns[c].kind in ("money", "price")]
    rounded = table.assign(**{c: table[c].astype("float64").round(2) for c in money})
    return to_bytes(rounded, ".csv")


def _excel_format(kind: formats.Kind, style: formats.Style) -> str | None:
    if kind == "money":
        sign = formats.symbol(style)
        return f'#,##0 "{sign}"' if formats.currency_after(style) else f'"{sign}"#,##0'
    if kind == "price":
        sign = formats.symbol(style)
        return f'#,##0.00 "{sign}"' if formats.currency_after(style) else f'"{sign}"#,##0.00'
    return {
        "pct": "0.0%",
        "change": "+0.0%;-0.0%;0.0%",
        "points": '+0.0" pts";-0.0" pts";0.0" pts"',
        "units": "#,##0",
        "int": "#,##0",
        "number": "#,##0.0",
        "day": "d mmm yyyy",
    }.get(kind)


def for_people(
    table: pd.DataFrame,
    columns: Mapping[str, formats.Column],
    title: str,
    style: formats.Style = formats.DEFAULT,
) -> bytes:
    """An Excel workbook to read: a title line (what, as of when, which filters), human headers,
    a number format per column, the header row frozen and columns wide enough to read."""
    # Imported here: openpyxl would add to every page's first run, and only a click needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its sheet
    sheet.append([inert(title)])  # it starts with the company's name, typed by a user
    sheet["A1"].font = Font(bold=True)
    sheet.append([formats.label(c, dict(columns)) for c in table.columns])
    for header in sheet[2]:
        header.font = Font(bold=True)
    safe = neutralise(table)
    kinds = [formats.kind_of(c, table[c], dict(columns)) for c in table.columns]
    for row in safe.itertuples(index=False):
        sheet.append([_excel_value(v, k) for v, k in zip(row, kinds, strict=True)])
    for i, (name, kind) in enumerate(zip(table.columns, kinds, strict=True), start=1):
        pattern = _excel_format(kind, style)
        letter = get_column_letter(i)
        for (cell,) in sheet.iter_rows(min_row=3, min_col=i, max_col=i):
            if pattern:
                cell.number_format = pattern
        shown = [formats.cell(v, kind, style) for v in table[name].head(200)]
        width = max([len(formats.label(name, dict(columns))), *map(len, shown)], default=8)
        sheet.column_dimensions[letter].width = min(width + 2, 60)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_value(value: object, kind: formats.Kind) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if kind == "points":
        return float(value) * 100  # type: ignore[arg-type]
    if kind in ("money", "price"):
        return round(float(value), 2)  # type: ignore[arg-type]
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value
