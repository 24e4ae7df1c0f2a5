"""Typing an import's cells: typed columns from Excel or Parquet, limits of what is shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kam_core.data.parsing import Problem, describe, parse, problems_at, shown_value


def test_a_typed_number_column_is_kept_and_infinity_is_beyond_its_bounds():
    values, bad, beyond = parse(pd.Series([1.5, np.inf, 2.0], index=[5, 6, 7]), "float")

    assert values.tolist()[0::2] == [1.5, 2.0]
    assert pd.isna(values.iloc[1])
    assert (bad.tolist(), beyond.tolist()) == ([False] * 3, [False, True, False])
    assert list(beyond.index) == [5, 6, 7]


def test_a_typed_whole_number_column_reads_as_whole_numbers():
    values, bad, _ = parse(pd.Series([3, 4]), "int")

    assert values.tolist() == [3, 4]
    assert str(values.dtype) == "Int64"
    assert not bad.any()


def test_true_and_false_are_not_numbers():
    values, bad, _ = parse(pd.Series([True, False]), "float")

    assert bad.tolist() == [True, True]
    assert values.isna().all()


def test_text_numbers_with_separators_and_blanks():
    values, bad, _ = parse(pd.Series(["1,234.5", "12,5", "1.234,5", "", None, "x"]), "float")

    assert values.tolist()[:3] == [1234.5, 12.5, 1234.5]
    assert values.iloc[3:].isna().all()
    assert bad.tolist() == [False, False, False, False, False, True]


def test_text_saying_infinity_is_refused_as_beyond_any_amount():
    _, bad, beyond = parse(pd.Series(["inf", "-inf", "0"]), "float")

    assert (bad.tolist(), beyond.tolist()) == ([False] * 3, [True, True, False])


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("x" * 40, repr("x" * 40)),
        ("x" * 41, repr("x" * 37 + "...")),
        (1.5, "1.5"),
        (12, "12"),
    ],
)
def test_a_value_is_shown_up_to_40_characters_and_text_in_quotes(value, shown):
    assert shown_value(value) == shown


def test_one_row_past_the_limit_is_counted_not_listed():
    rows = pd.Series(range(2, 103))
    bad = pd.Series(True, index=rows.index)

    found = problems_at(rows, bad, "f.csv", "quantity", "is not a number", None)

    assert len(found) == 101
    assert found[-1] == Problem(
        "f.csv", None, "quantity", "... and 1 more rows: is not a number", 1
    )


def test_a_description_lists_problems_counts_the_rest_and_keeps_hints_last():
    problems = [Problem("f.csv", r, "x", "bad") for r in (2, 3, 4)]
    hint = Problem("f.csv", None, None, "Correct the file", 0)

    text = describe([*problems, hint], shown=2)

    assert text == (
        "3 problem(s):\n  f.csv, row 2, column x: bad\n  f.csv, row 3, column x: bad\n"
        "  ... and 1 more\n  f.csv: Correct the file"
    )
    assert describe(problems, shown=3) == (
        "3 problem(s):\n  f.csv, row 2, column x: bad\n  f.csv, row 3, column x: bad\n"
        "  f.csv, row 4, column x: bad"
    )
