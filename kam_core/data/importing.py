"""Reading an import file and checking it against the data contract (pure: no database).

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first data row of a
CSV or Excel file is row 2; Parquet has no header row, so its first row is row 1.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from kam_core.data import encodings, parsing, validation
from kam_core.data.contract import ON_DUPLICATE_KEY, TABLES, Table
from kam_core.data.parsing import Problem, describe

READERS = (".csv", ".txt", ".tsv", ".xlsx", ".parquet")
DELIMITERS = (",", ";", "\t", "|")
WIDE_FILE = 1_000  # columns from which a CSV is read cell by cell (see _wide_cells)
# A source column that is not in the contract but from which a contract column is derived:
# (table, source name, derived column, formula shown to the user).
PROFIT = "profit"
DERIVED = {("sales", PROFIT): ("cost", "cost = revenue - profit")}


class BadFile(ValueError):
    """The file cannot be imported; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(describe(problems))


def first_row(file: Path) -> int:
    """The row number a spreadsheet shows for the first data row of `file`."""
    return 1 if file.suffix.lower() == ".parquet" else 2


@dataclass(frozen=True)
class FileCells:
    cells: pd.DataFrame
    encoding: str | None = None  # the text encoding a CSV was read in; None for Excel, Parquet


def read_table(file: Path, encoding: str | None = None) -> FileCells:
    """The file's cells: CSV as text (delimiter sniffed, encoding detected), else typed."""
    file = Path(file)
    suffix = file.suffix.lower()
    if suffix not in READERS:
        raise BadFile(
            [
                Problem(
                    file.name,
                    None,
                    None,
                    f"cannot read {suffix!r} files; use CSV, Excel (.xlsx) or Parquet",
                )
            ]
        )
    read_as = None
    try:
        if suffix == ".parquet":
            cells = pd.read_parquet(file)
        elif suffix == ".xlsx":
            cells = pd.read_excel(file, engine="openpyxl", dtype=object)
        else:
            cells, read_as = _read_csv(file, encoding)
    except BadFile:
        raise
    except Exception as exc:  # the reading libraries raise many types for a damaged file
        raise BadFile([Problem(file.name, None, None, f"cannot read the file: {exc}")]) from exc
    if cells.empty:
        raise BadFile([Problem(file.name, None, None, "the file has no data rows")])
    return FileCells(cells, read_as)


def _read_csv(file: Path, encoding: str | None) -> tuple[pd.DataFrame, str]:
    try:
        decoded = encodings.decode(file.read_bytes(), encoding)
    except encodings.UnknownEncoding as exc:
        raise BadFile([Problem(file.name, exc.line, None, str(exc))]) from exc
    text = decoded.text
    if not text.strip():
        raise BadFile([Problem(file.name, None, None, "the file is empty")])
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count)
    if header.count(delimiter) >= WIDE_FILE:
        return _wide_cells(text, delimiter), decoded.encoding
    cells = pd.read_csv(
        io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skipinitialspace=True
    )
    return cells, decoded.encoding


def _wide_cells(text: str, delimiter: str) -> pd.DataFrame:
    """A file of thousands of columns, cell by cell: pandas' reader takes seconds per 10,000."""
    header, *lines = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    rows = [row for row in lines if row]  # blank lines are skipped, as pandas does
    ragged = next((i for i, row in enumerate(rows) if len(row) != len(header)), None)
    if ragged is not None:
        raise ValueError(
            f"row {ragged + 2} has {len(rows[ragged]):,} cells, the header {len(header):,}"
        )
    seen: dict[str, int] = {}
    names = []
    for name in header:  # repeated names get .1, .2 as pandas gives them
        names.append(f"{name}.{seen[name]}" if name in seen else name)
        seen[name] = seen.get(name, 0) + 1
    return pd.DataFrame(rows, columns=names, dtype=object)


def normalise(name: object) -> str:
    """A column name compared loosely: case, spaces, hyphens and underscores do not matter."""
    return re.sub(r"[\s\-_]+", "_", str(name).strip().lower()).strip("_")


@dataclass(frozen=True)
class ColumnMatch:
    matched: tuple[tuple[str, str], ...]  # (source column, contract or derived column)
    ignored: tuple[str, ...]  # source columns that match nothing: not imported
    missing: tuple[str, ...]  # required contract columns no source column matches
    clashes: tuple[str, ...] = ()  # contract columns more than one source column matches

    @property
    def targets(self) -> dict[str, str]:
        return dict(self.matched)


def contract_table(table: str | Table) -> Table:
    """A contract table by name, or a contract-like table itself (the journal's records)."""
    return table if isinstance(table, Table) else TABLES[table]


def targets_for(table: str | Table) -> tuple[str, ...]:
    """The names a source column may be mapped to: the contract columns, then derived sources."""
    contract = contract_table(table)
    return contract.column_names + tuple(s for t, s in DERIVED if t == contract.name)


def match_columns(
    columns: list[str] | tuple[str, ...] | pd.Index,
    table: str | Table,
    mapping: Mapping[str, str] | None = None,
) -> ColumnMatch:
    """Match source columns to `table`; `mapping` (source -> contract name) overrides the match."""
    contract = contract_table(table)
    known = {normalise(n): n for n in targets_for(table)}
    known |= {normalise(a): c for a, c in contract.all_aliases}
    mapping = {str(k): v for k, v in (mapping or {}).items()}
    unknown_targets = [v for v in mapping.values() if v and v not in targets_for(table)]
    if unknown_targets:
        raise ValueError(
            f"{', '.join(unknown_targets)} is not a column of {table}; "
            f"choose from {', '.join(targets_for(table))}"
        )
    sources: dict[str, list[str]] = {}
    for column in map(str, columns):
        # A column mapped by hand to "" is ignored; one mapped to a name wins over name matches.
        target = mapping[column] if column in mapping else known.get(normalise(column))
        if target:
            sources.setdefault(target, []).append(column)
    for target, names in sources.items():
        sources[target] = [n for n in names if n in mapping] or names
    matched = tuple((s, t) for t, names in sources.items() for s in names)
    used = {s for s, _ in matched}
    return ColumnMatch(
        matched=matched,
        ignored=tuple(c for c in map(str, columns) if c not in used),
        missing=tuple(c for c in contract.required if c not in sources),
        clashes=tuple(t for t, names in sources.items() if len(names) > 1),
    )


@dataclass(frozen=True)
class Prepared:
    rows: pd.DataFrame  # contract columns present in the file, typed, plus `_row` (file row)
    ignored: tuple[str, ...]
    collapsed: int = 0  # identical duplicate rows of a keyed table kept once
    skipped: int = 0  # conflicting duplicates dropped by on_duplicate_key='first'
    derived: tuple[str, ...] = ()  # formulas applied, e.g. 'cost = revenue - profit'


def prepare(
    cells: pd.DataFrame,
    table: str | Table,
    file_name: str,
    first: int = 2,
    mapping: Mapping[str, str] | None = None,
    on_duplicate_key: str = "error",
    today: date | None = None,
) -> Prepared:
    """Typed, checked rows for `table`, or BadFile listing every problem found in the file.

    `today` bounds the dates of things that have happened (Table.happened); None: no bound.
    """
    if on_duplicate_key not in ON_DUPLICATE_KEY:
        raise ValueError(f"on_duplicate_key must be one of {', '.join(ON_DUPLICATE_KEY)}")
    contract = contract_table(table)
    match = match_columns(cells.columns, contract, mapping)
    _check_columns(match, contract, file_name)
    rows = pd.DataFrame({"_row": range(first, first + len(cells))}, index=cells.index)
    problems: list[Problem] = []
    kinds = {c.name: c.kind for c in contract.columns} | {s: "float" for t, s in DERIVED}
    for source, target in match.matched:
        values, bad, beyond = parsing.parse(cells[source], kinds[target])
        expected = f"is not {parsing.EXPECTED[kinds[target]]}"
        problems += parsing.problems_at(
            rows["_row"], bad, file_name, target, expected, cells[source]
        )
        if beyond.any():
            rule = parsing.BEYOND[kinds[target]]
            problems += parsing.problems_at(
                rows["_row"], beyond, file_name, target, rule, cells[source]
            )
        if target in contract.required:
            empty = values.isna() & ~bad & ~beyond
            problems += parsing.problems_at(
                rows["_row"], empty, file_name, target, "is required but empty", None
            )
        if kinds[target] == "text":
            problems += parsing.odd_text(cells[source], rows["_row"], file_name, target)
        rows[target] = values
    rows, derived = _derive(rows, contract.name)
    rows = validation.with_choices_lowercase(rows, contract)
    problems += validation.rule_problems(rows, contract, file_name, today)
    rows, collapsed, skipped, duplicates = validation.deduplicate(
        rows, contract, file_name, keep_first=on_duplicate_key == "first"
    )
    problems += duplicates
    problems += validation.whole_and_part_problems(rows, contract, file_name)
    if problems:
        labels = {t: f"{t} ({s!r} in the file)" for s, t in match.matched if normalise(s) != t}
        labels |= {f.split(" = ")[0]: f"{f.split(' = ')[0]} (derived: {f})" for f in derived}
        raise BadFile(
            sorted(
                (replace(p, column=labels.get(p.column or "", p.column)) for p in problems),
                key=lambda p: (p.row is None, p.row or 0, p.column or ""),
            )
        )
    return Prepared(rows.reset_index(drop=True), match.ignored, collapsed, skipped, derived)


def closest_column(target: str, columns: Sequence[str]) -> str | None:
    """The file column most likely meant for contract column `target`: a close spelling, else
    the first whose name contains it (`company_name` for `name`); None when nothing is close."""
    names = {normalise(c): c for c in columns}
    close = difflib.get_close_matches(target, list(names), n=1, cutoff=0.75)
    if close:
        return names[close[0]]
    return next((c for n, c in names.items() if target in n.split("_")), None)


def _mapping_hint(match: ColumnMatch) -> str:
    """The --map option that would fix the first missing column, with a real file column."""
    for target in match.missing:
        source = closest_column(target, match.ignored)
        if source:
            return f'to use {source!r} as {target}: --map "{source}={target}"'
    target = match.missing[0] if match.missing else (match.clashes or ("column",))[0]
    return f'to choose a file column by hand: --map "Source column={target}"'


def _check_columns(match: ColumnMatch, table: Table, file_name: str) -> None:
    messages = []
    if match.missing:
        messages.append(f"missing required column(s): {', '.join(match.missing)}")
    if match.clashes:
        messages.append(f"more than one column matches {', '.join(match.clashes)}; map them")
    if messages:
        if match.ignored:
            more = len(match.ignored) - 10
            tail = f" and {more:,} more" if more > 0 else ""
            messages.append(f"unknown column(s): {', '.join(match.ignored[:10])}{tail}")
        names = f"{table.name} columns are {', '.join(targets_for(table))}"
        text = "; ".join(messages) + f" ({names}); {_mapping_hint(match)}"
        raise BadFile([Problem(file_name, 1, None, text)])


def _derive(rows: pd.DataFrame, table: str) -> tuple[pd.DataFrame, tuple[str, ...]]:
    formulas = []
    for (t, source), (target, formula) in DERIVED.items():
        if t == table and source in rows:
            if target not in rows:
                # Exports such as Superstore carry profit, not cost: cost = revenue - profit.
                rows = rows.assign(**{target: rows["revenue"] - rows[source]})
                formulas.append(formula)
            rows = rows.drop(columns=[source])
    return rows, tuple(formulas)
