"""Turning an import file's cells into typed values: text, numbers, whole numbers and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import pandas as pd

from kam_core.data.contract import FIRST_DATE, LAST_DATE, NUMBER_CEILING, WHOLE_NUMBERS
from kam_core.data.encodings import odd_character

# Tried in this order; a column takes the one format that reads most of its cells, so
# 03/04/2024 is 4 March in a column that also holds 12/31/2024 (Superstore's M/D/YYYY).
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
EXPECTED = {
    "text": "text",
    "float": "a number",
    "int": "a whole number",
    "date": "a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)",
    "bool": "yes or no (yes/no, true/false, 1/0)",
}
BEYOND = {
    "int": f"is beyond the whole numbers the column holds ({WHOLE_NUMBERS[0]:,} to "
    f"{WHOLE_NUMBERS[1]:,})",
    "float": f"is not a number below {NUMBER_CEILING:,.0f} in size (the ceiling for amounts)",
    "date": f"is outside the dates accepted ({FIRST_DATE} to {LAST_DATE})",
}
SHOWN_PER_COLUMN = 100  # problems listed one by one per column and check; the rest are counted
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"  # 1,234.50
_DECIMAL_COMMA = r"^-?(\d{1,3}(\.\d{3})+|\d+),\d+$"  # 1.234,50 or 12,5


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # as a spreadsheet shows it; None for the file as a whole
    column: str | None
    message: str
    count: int = 1  # problems this entry stands for: a "... and N more" line counts N

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


def _cell_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores codes such as 1001 as numbers
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip() or None


def text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; empty cells are missing (<NA>)."""
    if isinstance(values.dtype, pd.StringDtype):  # CSV cells: vectorised, no per-cell Python
        cells = values.astype("string").str.strip()
        return cells.mask(cells == "")
    return values.map(_cell_text).astype("string")


def _numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64"), pd.Series(False, index=values.index)
    cells = text(values)
    numbers = pd.to_numeric(cells, errors="coerce").astype("float64")
    odd = cells[cells.notna() & numbers.isna()]  # only these need the slower readings
    if not odd.empty:
        thousands = odd[odd.str.match(_THOUSANDS)]
        numbers.loc[thousands.index] = pd.to_numeric(thousands.str.replace(",", ""))
        # 1,000 reads as a thousand (thousands first); 12,5 as twelve and a half.
        comma = odd[odd.str.match(_DECIMAL_COMMA) & ~odd.index.isin(thousands.index)]
        european = comma.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        numbers.loc[comma.index] = pd.to_numeric(european)
    bad = cells.notna() & numbers.isna()
    return numbers, bad.astype(bool)


def _dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_localize(None).dt.normalize(), pd.Series(False, index=values.index)
    cells = text(values).str.replace(r"^(\d{4}-\d{2}-\d{2})[ T].*$", r"\1", regex=True)
    # Rank the formats on a sample, then read the whole column with those that fit it at all.
    sample = cells.dropna().iloc[:1000]
    fitting = [
        f for f in DATE_FORMATS if pd.to_datetime(sample, format=f, errors="coerce").notna().any()
    ]
    tries = [pd.to_datetime(cells, format=f, errors="coerce") for f in fitting or DATE_FORMATS[:1]]
    dates = max(tries, key=lambda parsed: int(parsed.notna().sum()))
    return dates, (cells.notna() & dates.isna()).astype(bool)


class Parsed(NamedTuple):
    values: pd.Series  # typed; bad, out-of-bounds and empty cells are missing
    bad: pd.Series  # cells that are not of the kind
    beyond: pd.Series  # cells of the kind outside its bounds (BEYOND says which)


def parse(values: pd.Series, kind: str) -> Parsed:
    """The cells as `kind`, with the masks of cells that are not `kind` or beyond its bounds."""
    if kind == "date":
        dates, bad = _dates(values)
        first, last = pd.Timestamp(FIRST_DATE), pd.Timestamp(LAST_DATE)
        beyond = (dates.notna() & ((dates < first) | (dates > last))).astype(bool)
        return Parsed(dates.mask(beyond), bad, beyond)
    if kind in ("float", "int"):
        numbers, bad = _numbers(values)
        if kind == "int":
            low, high = WHOLE_NUMBERS
            beyond = (numbers.notna() & ~numbers.between(low, high)).astype(bool)
            fraction = numbers.notna() & (numbers % 1 != 0) & ~beyond
            whole = numbers.mask(fraction | beyond).astype("Int64")
            return Parsed(whole, bad | fraction, beyond)
        beyond = (numbers.abs() >= NUMBER_CEILING).fillna(False).astype(bool)  # inf included
        return Parsed(numbers.mask(beyond).astype("Float64"), bad, beyond)
    nothing = pd.Series(False, index=values.index)
    if kind == "bool":
        cells = text(values).str.lower()
        truth = cells.map(
            {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False},
            na_action="ignore",
        )
        return Parsed(truth.astype("boolean"), (cells.notna() & truth.isna()).astype(bool), nothing)
    return Parsed(text(values), nothing, nothing)


# Cells worth a closer look: a control character or anything beyond ASCII.
_SUSPECT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[^\x00-\x7f]"


def odd_text(values: pd.Series, rows: pd.Series, file: str, column: str) -> list[Problem]:
    """A Problem per cell holding a control, unassigned or replacement character (not text)."""
    cells = values[values.map(lambda v: isinstance(v, str))].astype("string")
    suspect = cells[cells.str.contains(_SUSPECT, regex=True, na=False)]
    found = suspect.map(odd_character).dropna()
    problems = [
        Problem(
            file,
            int(rows.loc[index]),
            column,
            f"{shown_value(values.loc[index])} {odd}: it would be stored altered; check the "
            "file's encoding or remove the character",
        )
        for index, odd in found.iloc[:SHOWN_PER_COLUMN].items()
    ]
    rest = len(found) - len(problems)
    if rest > 0:
        message = f"... and {rest:,} more rows with a control or unassigned character"
        problems.append(Problem(file, None, column, message, rest))
    return problems


def problems_at(
    rows: pd.Series, bad: pd.Series, file: str, column: str, message: str, raw: pd.Series | None
) -> list[Problem]:
    """One Problem per flagged row (first SHOWN_PER_COLUMN), then one counting the rest."""
    flagged = rows[bad]
    shown = []
    for index, row in flagged.iloc[:SHOWN_PER_COLUMN].items():
        cell = "" if raw is None else f"{shown_value(raw.loc[index])} "
        shown.append(Problem(file, int(row), column, f"{cell}{message}".strip()))
    rest = len(flagged) - len(shown)
    if rest > 0:
        shown.append(Problem(file, None, column, f"... and {rest:,} more rows: {message}", rest))
    return shown


def shown_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    shown = str(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return repr(shown) if isinstance(value, str) else shown


def describe(problems: list[Problem], shown: int = 20) -> str:
    """'N problem(s):' then the first `shown` problems, how many more, and any hints."""
    counted = [p for p in problems if p.count]
    listed = counted[:shown]
    rest = sum(p.count for p in counted) - sum(p.count for p in listed)
    lines = [f"  {p}" for p in listed] + ([f"  ... and {rest:,} more"] if rest > 0 else [])
    lines += [f"  {p}" for p in problems if not p.count]
    return f"{sum(p.count for p in counted):,} problem(s):\n" + "\n".join(lines)
