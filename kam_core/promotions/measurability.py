"""Which promotions can be measured, and why not: the rules that keep a result out of rankings.

A promotion is measurable when its days and the days after it are all in the data, its scope
sold before it, enough clean days and enough sales on them give a baseline, that baseline
expects sales on its days,
and other promotions on the same goods run on at most half of its days. The others are listed
apart, each with the reasons in its note.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.promotions.baseline import DIP_DAYS, MIN_BASELINE_DAYS

MOST_DAYS = 0.5  # other promotions on more than this share of its days: not measurable
# Fewer sales lines than this on the clean days: a baseline of a few orders is noise (one order
# of 5 units in 12 weeks once gave a 3-unit promotion a 348% uplift at the top of the ranking).
MIN_BASELINE_LINES = 10


def reasons(
    promotions: pd.DataFrame, sums: pd.DataFrame, first_date: date, as_of: date
) -> pd.DataFrame:
    """One column per rule: the note saying why a promotion is not measurable, None where the
    rule does not stop it. A promotion is measurable when its row is all None.

    `promotions`: start_date, end_date, status, first_sale (the first day its account and SKUs
    sold, NaT if never); `sums` (same index): clean_days, clean_lines (sales lines on them),
    baseline_qty, promo_days,
    overlapped_days (its days on which another promotion runs), overlapping (their ids).
    """
    start, end = pd.to_datetime(promotions["start_date"]), pd.to_datetime(promotions["end_date"])
    planned = promotions["status"] == "planned"
    cut = ~planned & (
        (start < pd.Timestamp(first_date))
        | (end + pd.Timedelta(days=DIP_DAYS) > pd.Timestamp(as_of))
    )
    no_sales_before = ~planned & ~cut & ~(pd.to_datetime(promotions["first_sale"]) < start)
    clean_days = sums["clean_days"].fillna(0).astype(int)
    too_few = ~planned & ~cut & ~no_sales_before & (clean_days < MIN_BASELINE_DAYS)
    clean_lines = sums["clean_lines"].fillna(0).astype(int)
    few_sales = ~planned & ~cut & ~no_sales_before & ~too_few & (clean_lines < MIN_BASELINE_LINES)
    nothing_usual = (
        ~planned & ~cut & ~no_sales_before & ~too_few & ~few_sales & ~(sums["baseline_qty"] > 0)
    )
    days = sums["promo_days"].fillna(0).astype(int)
    overlapped = sums["overlapped_days"].fillna(0).astype(int)
    crowded = ~planned & (overlapped > MOST_DAYS * days)

    def said(when: pd.Series, text: str | pd.Series) -> pd.Series:
        return pd.Series(text, index=promotions.index, dtype=object).where(when.astype(bool))

    return pd.DataFrame(
        {
            "planned": said(planned, "planned: no result yet"),
            "cut": said(
                cut,
                f"cut by the edge of the data: its days and the {DIP_DAYS} after are not all "
                "in the sales",
            ),
            "no_sales_before": said(no_sales_before, "no sales before it to compare with"),
            "too_few": said(
                too_few,
                "too few clean baseline days: "
                + clean_days.astype(str)
                + f" of the {MIN_BASELINE_DAYS} needed",
            ),
            "few_sales": said(
                few_sales,
                "too few sales on the clean baseline days: "
                + clean_lines.astype(str)
                + f" lines of the {MIN_BASELINE_LINES} needed",
            ),
            "nothing_usual": said(nothing_usual, "its days usually sell nothing: uplift undefined"),
            "crowded": said(
                crowded,
                "overlapped by "
                + sums["overlapping"].astype(object).fillna("").astype(str)
                + " on "
                + overlapped.astype(str)
                + " of its "
                + days.astype(str)
                + " days",
            ),
        },
        index=promotions.index,
    )
