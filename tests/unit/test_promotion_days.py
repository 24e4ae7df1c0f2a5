"""A promotion's days: its status, the promotions it overlaps, its window and how the window is
cut into whole weeks and single days, each on its first and last day."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from kam_core.promotions.baseline import (
    AFTER,
    BEFORE,
    DIP_DAYS,
    chunks,
    daily_baseline,
    overlaps,
    status,
    windows,
)

START, END = date(2025, 6, 4), date(2025, 6, 10)  # a Wednesday to the Tuesday after
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def promotion(promo_id: str, start: date, end: date, **extra: object) -> dict[str, object]:
    return {"promo_id": promo_id, "account_id": "A", "sku": "S", "start_date": start,
            "end_date": end} | extra  # fmt: skip


def days_of(*rows: dict[str, object], first: date = YEAR[0], as_of: date = YEAR[1]) -> pd.DataFrame:
    return windows(pd.DataFrame(list(rows)), first, as_of).set_index(["promo_id", "day"])


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (START - timedelta(days=1), "planned"),
        (START, "running"),
        (END - timedelta(days=1), "running"),
        (END, "past"),
    ],
)
def test_a_promotion_is_planned_before_its_first_day_and_past_from_its_last(as_of, expected):
    promotions = pd.DataFrame([promotion("P1", START, END)], index=[7])

    assert status(promotions, as_of).to_dict() == {7: expected}


def test_promotions_overlap_from_one_shared_day_on_the_same_goods():
    rows = [
        promotion("P1", START, END),
        promotion("P2", END, END + timedelta(days=3)),  # shares P1's last day
        promotion("P3", END + timedelta(days=4), END + timedelta(days=9)),  # the day after P2
        promotion("P4", START, END, sku=None),  # the whole account
        promotion("P5", START, END, sku="T"),  # other goods
        promotion("P6", START, END, account_id="B"),  # another account
    ]

    shared = overlaps(pd.DataFrame(rows))

    assert shared.to_dict() == {
        "P1": "P2, P4",
        "P2": "P1, P4",
        "P4": "P1, P2, P5",
        "P5": "P4",
    }


def test_the_window_runs_from_eight_weeks_before_the_start_week_to_four_after_the_dip_week():
    days = days_of(promotion("P1", START, END)).loc["P1"]

    assert (BEFORE, AFTER, DIP_DAYS) == (8, 4, 14)
    assert days.index[0] == pd.Timestamp("2025-04-07")  # the Monday 8 weeks before 2 June
    assert days.index[-1] == pd.Timestamp("2025-07-27")  # the Sunday 4 weeks after 24 June
    assert len(days) == 16 * 7


def test_each_day_has_its_role_on_the_edges_of_the_promotion_and_its_dip():
    role = days_of(promotion("P1", START, END)).loc["P1", "role"]

    assert role[pd.Timestamp(START) - pd.Timedelta(days=1)] == "base"
    assert role[pd.Timestamp(START)] == "promo"
    assert role[pd.Timestamp(END)] == "promo"
    assert role[pd.Timestamp(END) + pd.Timedelta(days=1)] == "dip"
    assert role[pd.Timestamp(END) + pd.Timedelta(days=DIP_DAYS)] == "dip"
    assert role[pd.Timestamp(END) + pd.Timedelta(days=DIP_DAYS + 1)] == "base"
    assert role.value_counts().to_dict() == {"base": 91, "dip": 14, "promo": 7}


def test_a_window_is_cut_by_the_first_and_last_day_of_the_data():
    first, as_of = date(2025, 5, 1), date(2025, 6, 30)

    days = days_of(promotion("P1", START, END), first=first, as_of=as_of).loc["P1"]

    assert days.index[0] == pd.Timestamp(first)
    assert days.index[-1] == pd.Timestamp(as_of)
    assert days.index.is_unique and len(days) == (as_of - first).days + 1


def test_a_window_wholly_outside_the_data_has_no_days():
    later = date(2026, 6, 3)

    days = windows(pd.DataFrame([promotion("P1", later, later)]), *YEAR)

    assert days.empty


def test_other_promotions_are_counted_on_their_own_days_and_dip_days():
    other_start, other_end = END, END + timedelta(days=2)
    rows = [promotion("P1", START, END), promotion("P2", other_start, other_end)]

    counts = days_of(*rows).loc["P1"]

    promo_days = counts.index[counts["others_promo"] > 0]
    dip_days = counts.index[counts["others_dip"] > 0]
    assert (promo_days.min(), promo_days.max()) == (
        pd.Timestamp(other_start),
        pd.Timestamp(other_end),
    )
    assert (dip_days.min(), dip_days.max()) == (
        pd.Timestamp(other_end) + pd.Timedelta(days=1),
        pd.Timestamp(other_end) + pd.Timedelta(days=DIP_DAYS),
    )
    assert counts["others_promo"].max() == 1
    assert counts.loc[pd.Timestamp(END), ["role", "others_promo", "others_dip"]].tolist() == [
        "promo", 1, 0
    ]  # fmt: skip


def test_two_others_on_the_same_day_count_two():
    rows = [promotion(p, START, END) for p in ("P1", "P2", "P3")]

    counts = days_of(*rows).loc["P1"]

    assert counts.loc[pd.Timestamp(START), "others_promo"] == 2
    assert counts.loc[pd.Timestamp(END) + pd.Timedelta(days=1), "others_dip"] == 2


def test_whole_alike_weeks_are_one_chunk_and_any_other_week_is_cut_into_days():
    cut = chunks(windows(pd.DataFrame([promotion("P1", START, END)]), *YEAR))

    weeks = cut[cut["days"] == 7]
    single = cut[cut["days"] == 1]
    assert list(cut.columns) == [
        "promo_id", "account_id", "sku", "first", "days", "role", "others_promo", "others_dip"
    ]  # fmt: skip
    assert cut["days"].sum() == 16 * 7
    # The weeks of 2 June (base, promo), 9 June (promo, dip) and 23 June (dip, base).
    mondays = single["first"] - pd.to_timedelta(single["first"].dt.day_of_week, unit="D")
    assert mondays.value_counts().to_dict() == {
        pd.Timestamp("2025-06-02"): 7,
        pd.Timestamp("2025-06-09"): 7,
        pd.Timestamp("2025-06-23"): 7,
    }
    assert (weeks["first"].dt.day_of_week == 0).all()
    assert weeks["role"].value_counts().to_dict() == {"base": 12, "dip": 1}
    assert list(cut.index) == list(range(len(cut)))


def test_a_week_with_another_promotion_on_one_day_is_cut_into_days():
    wednesday = date(2025, 4, 16)  # a base week of P1's window
    rows = [promotion("P1", START, END), promotion("P2", wednesday, wednesday)]

    cut = chunks(windows(pd.DataFrame(rows), *YEAR))

    days = cut[cut["promo_id"] == "P1"].set_index("first")["days"]
    assert days[pd.Timestamp("2025-04-07")] == 7  # no other promotion that week
    assert days[pd.Timestamp("2025-04-14")] == 1  # P2 on the 16th, its dip from the 17th
    assert days[pd.Timestamp("2025-04-21")] == 7  # all seven days in P2's dip
    assert days[pd.Timestamp("2025-04-28")] == 1  # P2's dip ends on the 30th
    assert days[pd.Timestamp("2025-05-05")] == 7


def test_a_part_week_at_the_edge_of_the_data_is_cut_into_days():
    cut = chunks(windows(pd.DataFrame([promotion("P1", START, END)]), date(2025, 4, 9), YEAR[1]))

    assert cut["first"].iloc[0] == pd.Timestamp("2025-04-09")
    assert cut["days"].iloc[:5].tolist() == [1, 1, 1, 1, 1]
    assert cut["first"].iloc[5] == pd.Timestamp("2025-04-14") and cut["days"].iloc[5] == 7


def chunk(first: str, days: int, role: str = "base", promo: int = 0, dip: int = 0) -> dict:
    return {"promo_id": "P1", "account_id": "A", "sku": "S", "first": pd.Timestamp(first),
            "days": days, "role": role, "others_promo": promo, "others_dip": dip}  # fmt: skip


def sold(first: str, quantity: float, lines: int, costed: bool = True) -> dict:
    return {"promo_id": "P1", "first": first, "quantity": quantity, "revenue": 10 * quantity,
            "cost": 6 * quantity, "costed": costed, "lines": lines}  # fmt: skip


# Weeks 10 and 11 of 2025 are whole clean weeks; week 12 is the third, seasonal week (index 2.0).
# Then Monday 24 March is a base day another promotion dips, Tuesday a promotion day shared with
# one other promotion, Wednesday a dip day. An account selling double on Tuesdays.
CHUNKS = pd.DataFrame(
    [
        chunk("2025-03-03", 7),
        chunk("2025-03-10", 7),
        chunk("2025-03-17", 7),
        chunk("2025-03-24", 1, dip=1),
        chunk("2025-03-25", 1, "promo", promo=1),
        chunk("2025-03-26", 1, "dip"),
    ]
)
SALES = pd.DataFrame(
    [
        sold("2025-03-03", 70, 7),
        sold("2025-03-17", 140, 7),
        sold("2025-03-24", 50, 1),
        sold("2025-03-25", 60, 2, costed=False),
    ]
)
SEASON = pd.Series({12: 2.0, 13: 1.0})  # other weeks of the year: not in the index, 1.0
PROFILE = pd.DataFrame([[0.875, 2.0, 0.875, 0.875, 0.875, 0.875, 0.875]], index=["A"])


def test_the_daily_baseline_is_the_clean_days_units_over_their_expected_shares():
    cells = daily_baseline(CHUNKS, SALES, SEASON, PROFILE).set_index("first")

    # Clean: 21 days expecting 7 + 7 + 14 = 28 average days, 210 units sold: 7.5 a day.
    assert cells["clean"].tolist() == [True, True, True, False, False, False]
    assert cells["baseline"].tolist() == pytest.approx([52.5, 52.5, 105, 6.5625, 15, 6.5625])
    assert cells["share"].tolist() == [1, 1, 1, 1, 0.5, 1]
    assert cells["quantity"].tolist() == [70, 0, 140, 50, 60, 0]
    assert cells["lines"].tolist() == [7, 0, 7, 1, 2, 0]
    assert cells["costed"].tolist() == [True, True, True, True, False, True]
    assert list(cells.columns) == [
        "promo_id", "days", "role", "others_promo", "quantity", "revenue", "cost", "costed",
        "lines", "clean", "baseline", "share",
    ]  # fmt: skip


@pytest.mark.parametrize(("weeks", "known"), [(2, False), (3, True)])
def test_the_daily_baseline_needs_21_clean_days(weeks, known):
    cells = daily_baseline(CHUNKS.iloc[3 - weeks :], SALES, SEASON, PROFILE)

    assert cells["baseline"].notna().all() == known


def test_clean_days_that_expect_nothing_give_no_baseline():
    never = pd.Series({w: 0.0 for w in range(1, 54)})

    cells = daily_baseline(CHUNKS, SALES, never, PROFILE)

    assert cells["baseline"].isna().all()
