"""The contract's rules on typed import rows: required cells, bounds, choices, date order, keys."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.data.contract import HAPPENED_GRACE, Table
from kam_core.data.parsing import SHOWN_PER_COLUMN, Problem, problems_at, shown_value


def _bound(value: float) -> str:
    return f"{value:g}"


def rule_problems(
    rows: pd.DataFrame, table: Table, file: str, today: date | None = None
) -> list[Problem]:
    """Values outside a column's bounds or choices, date pairs out of order, and (given `today`)
    dates of things that happened after today plus HAPPENED_GRACE."""
    problems: list[Problem] = []
    for name in table.happened:
        if today is not None and name in rows:
            latest = pd.Timestamp(today + HAPPENED_GRACE)
            ahead = (rows[name] > latest).fillna(False).astype(bool)
            rule = (
                f"is after today ({today}): a {table.name} row is imported once it has happened "
                "(one day's grace for time zones)"
            )
            problems += problems_at(rows["_row"], ahead, file, name, rule, rows[name])
    for column in table.columns:
        if column.name not in rows:
            continue
        values = rows[column.name]
        if column.minimum is not None:
            low = (values < column.minimum).fillna(False).astype(bool)
            rule = (
                "must not be negative"
                if column.minimum == 0
                else (f"is below the minimum {_bound(column.minimum)}")
            )
            problems += problems_at(rows["_row"], low, file, column.name, rule, values)
        if column.maximum is not None:
            high = (values > column.maximum).fillna(False).astype(bool)
            rule = f"is above the maximum {_bound(column.maximum)}"
            if column.maximum == 1:
                rule += " (rates are fractions: 15% is 0.15)"
            problems += problems_at(rows["_row"], high, file, column.name, rule, values)
        if column.choices:
            wrong = (values.notna() & ~values.isin(column.choices)).astype(bool)
            rule = f"is not one of {', '.join(column.choices)}"
            problems += problems_at(rows["_row"], wrong, file, column.name, rule, values)
    for earlier, later in table.ordered:
        if earlier in rows and later in rows:
            backwards = (rows[later] < rows[earlier]).fillna(False).astype(bool)
            rule = f"is before {earlier}"
            problems += problems_at(rows["_row"], backwards, file, later, rule, rows[later])
    return problems


def whole_and_part_problems(rows: pd.DataFrame, table: Table, file: str) -> list[Problem]:
    """Rows covering the whole of `table.whole` beside rows naming its values, same rest of key.

    Each problem names both rows: the whole row and the first row naming a value.
    """
    part = table.whole
    rest = [k for k in table.key if k != part]
    if part is None or part not in rows or not all(k in rows for k in rest):
        return []
    whole = rows[rows[part].isna()]
    parts = rows[rows[part].notna()].sort_values("_row").drop_duplicates(rest)
    both = whole.merge(parts, on=rest, suffixes=("", "_part")).sort_values("_row")
    return [
        Problem(
            file,
            int(clash["_row"]),
            part,
            f"row {int(clash['_row'])} ({part} empty) and row {int(clash['_row_part'])} "
            f"({part} {shown_value(clash[part + '_part'])}) both cover "
            f"{_key_text(clash[rest])}; give one row with {part} empty or rows per {part}, "
            "not both",
        )
        for _, clash in both.iloc[:SHOWN_PER_COLUMN].iterrows()
    ]


def with_choices_lowercase(rows: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Closed-choice text compared without case: 'Revenue' is 'revenue'."""
    closed = [c.name for c in table.columns if c.choices and c.name in rows]
    return rows.assign(**{c: rows[c].str.lower() for c in closed})


def deduplicate(
    rows: pd.DataFrame, table: Table, file: str, keep_first: bool = False
) -> tuple[pd.DataFrame, int, int, list[Problem]]:
    """(rows, identical duplicates collapsed, conflicts skipped, problems) for a keyed table.

    Rows repeated whole are kept once. Rows sharing a key but differing elsewhere are problems,
    unless `keep_first`: then the first row of each key wins and the others are skipped.
    """
    key = [k for k in table.key if k in rows]
    # Without its `whole` column every row covers the whole: the rest of the key decides.
    if not table.key or any(k not in rows and k != table.whole for k in table.key):
        return rows, 0, 0, []
    values = [c for c in rows if c != "_row"]
    identical = rows.duplicated(subset=values)
    rows = rows[~identical]
    again = rows.duplicated(subset=key)
    if keep_first or not again.any():
        return rows[~again], int(identical.sum()), int(again.sum()), []
    first = rows.groupby(key, dropna=False)["_row"].transform("min")
    repeated = rows.loc[again, "_row"]
    shown = " + ".join(key)
    problems = [
        Problem(
            file,
            int(row),
            shown,
            f"duplicate key {_key_text(rows.loc[i, key])}: row {int(first.loc[i])} has the same "
            f"key with another {_differences(rows, i, first.loc[i], key)}",
        )
        for i, row in repeated.iloc[:SHOWN_PER_COLUMN].items()
    ]
    if len(repeated) > SHOWN_PER_COLUMN:
        rest = len(repeated) - SHOWN_PER_COLUMN
        problems.append(Problem(file, None, shown, f"... and {rest:,} more duplicate keys", rest))
    hint = (
        "Correct the file, or keep the first row of each key (--on-duplicate-key first, "
        "or 'Keep the first row of a repeated key' on the Data page)"
    )
    return rows, int(identical.sum()), 0, [*problems, Problem(file, None, shown, hint, 0)]


def _differences(rows: pd.DataFrame, index: object, first_row: int, key: list[str]) -> str:
    first = rows[rows["_row"] == first_row].iloc[0]
    other = rows.loc[index]
    differ = [
        c
        for c in rows.columns
        if c not in (*key, "_row")
        and not (pd.isna(first[c]) and pd.isna(other[c]))
        and (pd.isna(first[c]) or pd.isna(other[c]) or first[c] != other[c])
    ]
    return " / ".join(f"{c} ({shown_value(other[c])} vs {shown_value(first[c])})" for c in differ)


def _key_text(key: pd.Series) -> str:
    shown = {k: v.date() if isinstance(v, pd.Timestamp) else v for k, v in key.items()}
    return ", ".join(f"{name}={value}" for name, value in shown.items())
