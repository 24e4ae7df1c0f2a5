"""Account totals and twelve-month windows, read from the weekly rows, match the lines exactly.

The dates are mid-week on purpose: every window then starts and ends inside a week, so the
partial weeks of sales_weeks(lo, hi) are exercised as well as the whole ones.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from kam_core.accounts.windows import Windows, years_before
from kam_core.data.filters import Filters
from kam_core.store import trends as store

AS_OF = date(2026, 7, 15)  # a Wednesday: the twelve-month windows start on Thursdays
SHORT = Filters(date(2026, 3, 18), date(2026, 4, 9))  # shorter than three months, mid-week


@pytest.fixture(scope="module")
def sales(con) -> pd.DataFrame:
    lines = con.execute("select date, account_id, revenue, cost from sales").df()
    return lines.assign(date=pd.to_datetime(lines["date"]))


def _between(sales: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    return sales[(sales["date"] >= pd.Timestamp(first)) & (sales["date"] <= pd.Timestamp(last))]


def _per_account(lines: pd.DataFrame) -> pd.DataFrame:
    """Revenue, margin (NaN when any line lacks a cost) and margin and revenue of costed lines."""
    costed = lines.assign(
        margin=lines["revenue"] - lines["cost"],
        revenue_with_cost=lines["revenue"].where(lines["cost"].notna()),
    )
    grouped = costed.groupby("account_id")
    all_costed = grouped["cost"].count() == grouped.size()
    return pd.DataFrame(
        {
            "revenue": grouped["revenue"].sum(),
            "gross_margin": grouped["margin"].sum().where(all_costed),
            "known_margin": grouped["margin"].sum(min_count=1),
            "revenue_with_cost": grouped["revenue_with_cost"].sum(min_count=1),
        }
    )


def test_twelve_month_windows_match_the_lines_with_unknown_margins_kept_unknown(con, sales):
    windows = store.account_windows(con, Filters(AS_OF, AS_OF))

    for years_ago in (0, 1, 2):
        first = years_before(AS_OF, years_ago + 1)  # exclusive
        lines = _between(sales, first, years_before(AS_OF, years_ago))
        lines = lines[lines["date"] > pd.Timestamp(first)]
        expected = _per_account(lines).fillna({"known_margin": 0, "revenue_with_cost": 0})
        got = windows[windows["years_ago"] == years_ago].set_index("account_id")
        assert got.index.tolist() == expected.index.tolist()
        for column in expected.columns:
            np.testing.assert_allclose(got[column], expected[column], rtol=1e-9, err_msg=column)
    this_year = windows[windows["years_ago"] == 0]
    assert this_year["gross_margin"].isna().any()  # the 2026 launches have no cost yet
    assert this_year["gross_margin"].notna().any()  # accounts that bought none of them


def test_account_totals_of_a_short_mid_week_period_match_the_lines(con, sales):
    totals = store.account_totals(con, SHORT).set_index("account_id")

    period = _per_account(_between(sales, SHORT.start, SHORT.end))
    ly = _per_account(_between(sales, years_before(SHORT.start), years_before(SHORT.end)))
    for column, expected in (
        ("known_margin", period["known_margin"]),
        ("revenue_with_cost", period["revenue_with_cost"]),
        ("known_margin_ly", ly["known_margin"]),
        ("revenue_with_cost_ly", ly["revenue_with_cost"]),
        ("revenue", period["revenue"].reindex(totals.index, fill_value=0)),
    ):
        got = totals[column].reindex(expected.index)
        np.testing.assert_allclose(got, expected, rtol=1e-9, err_msg=column)


def test_every_account_with_a_sale_since_last_years_first_window_day_has_a_row(con, sales):
    params = Windows(SHORT.start, SHORT.end).params()
    first = min(params["start_ly"], params["m3_after_ly"])

    totals = store.account_totals(con, SHORT)

    sold = set(_between(sales, first, SHORT.end)["account_id"])
    assert set(totals["account_id"]) == sold
    assert len(sold) > len(set(_between(sales, SHORT.start, SHORT.end)["account_id"]))
