"""Writing a table to CSV, Excel or Parquet, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

FORMATS = (".csv", ".xlsx", ".parquet")
# A text cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cells: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot act as spreadsheet formulas (prefixed with a quote)."""

    def guard(value: object) -> object:
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            return "'" + value
        return value

    text_columns = [
        c
        for c in cells.columns
        if not pd.api.types.is_numeric_dtype(cells[c])
        and not pd.api.types.is_datetime64_any_dtype(cells[c])
    ]
    return cells.assign(**{c: cells[c].map(guard) for c in text_columns})


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
