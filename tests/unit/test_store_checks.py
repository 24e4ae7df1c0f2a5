"""What the shelf says: a gap with ample stock is merchandising, at risk it is supply; competitor
price cuts from two weeks before a promotion to two weeks after it, at 5% below our price."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from kam_core.visits import store_checks

OBSERVED = ["id", "account_id", "sku", "date", "on_shelf", "shelf_price", "competitor",
            "competitor_price", "note"]  # fmt: skip


def seen(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=OBSERVED)
    return frame.assign(date=pd.to_datetime(frame["date"]))


def check(i: int, sku: str, day: str, on_shelf: bool = True, price: float = 100.0,
          rival: float | None = None) -> tuple:  # fmt: skip
    return (i, "A1", sku, day, on_shelf, price, "Rival" if rival else None, rival, None)


RISK = pd.DataFrame(
    {
        "account_id": ["A1", "A1"],
        "sku": ["S1", "S2"],
        "risk": ["low", "high"],
        "days_of_cover": [80.0, 3.0],
        "stockout_date": [pd.NaT, pd.Timestamp("2026-07-01")],
    }
)


def test_a_gap_with_ample_stock_is_merchandising_and_one_at_risk_is_supply():
    observations = seen(
        check(1, "S1", "2026-06-01", on_shelf=False),
        check(2, "S2", "2026-06-01", on_shelf=False),
        check(3, "S3", "2026-06-01", on_shelf=False),
    )

    gaps = store_checks.shelf_gaps(observations, RISK).set_index("sku")

    assert gaps["cause"].to_dict() == {"S1": "merchandising", "S2": "supply", "S3": "unknown"}
    assert gaps.loc["S2", "days_of_cover"] == 3.0


def test_only_the_latest_check_of_a_sku_counts():
    observations = seen(
        check(1, "S1", "2026-06-01", on_shelf=False),
        check(2, "S1", "2026-06-08", on_shelf=True),
        check(3, "S2", "2026-06-08", on_shelf=True),
        check(4, "S2", "2026-06-15", on_shelf=False),
    )

    assert store_checks.shelf_gaps(observations, None)["sku"].tolist() == ["S2"]


PROMOTION = pd.DataFrame(
    {
        "promo_id": ["P1"],
        "account_id": ["A1"],
        "sku": ["S1"],
        "start_date": [pd.Timestamp("2026-06-15")],
        "end_date": [pd.Timestamp("2026-06-21")],
    }
)


@pytest.mark.parametrize(
    ("day", "when"),
    [
        ("2026-05-31", None),  # 15 days before the start
        ("2026-06-01", "before"),  # 14 days before: the first day of the window
        ("2026-06-18", "during"),
        ("2026-07-05", "after"),  # 14 days after the end: the last day of the window
        ("2026-07-06", None),
    ],
)
def test_price_cuts_are_shown_two_weeks_either_side_of_a_promotion(day, when):
    cuts = store_checks.price_cuts(seen(check(1, "S1", day, rival=90.0)), PROMOTION)

    assert cuts["when"].tolist() == ([when] if when else [])


@pytest.mark.parametrize(("rival", "shown"), [(95.0, True), (95.01, False), (None, False)])
def test_a_cut_is_at_least_5_percent_below_our_shelf_price(rival, shown):
    cuts = store_checks.price_cuts(seen(check(1, "S1", "2026-06-18", rival=rival)), PROMOTION)

    assert len(cuts) == int(shown)
    if shown:
        assert cuts["cut"].iloc[0] == pytest.approx(0.05)


def test_a_cut_on_another_sku_belongs_only_to_a_promotion_of_every_sku():
    observations = seen(check(1, "S2", "2026-06-18", rival=50.0))

    assert store_checks.price_cuts(observations, PROMOTION).empty
    assert len(store_checks.price_cuts(observations, PROMOTION.assign(sku=None))) == 1


def test_the_sheet_has_one_row_per_sku_of_the_range_prefilled_from_the_latest_check():
    skus = pd.DataFrame({"sku": ["S1", "S2"], "product": ["Kettle", "Toaster"]})
    observations = seen(
        check(1, "S1", "2026-06-01", price=90.0, rival=80.0),
        check(2, "S1", "2026-06-08", on_shelf=False, price=95.0, rival=85.0),
    ).assign(facings=[3, 0])

    rows = store_checks.sheet(skus, observations).set_index("sku")

    assert rows["on_shelf"].tolist() == [True, True]
    assert rows.loc["S1", ["facings", "shelf_price", "competitor"]].tolist() == [0, 95.0, "Rival"]
    assert pd.isna(rows.loc["S1", "competitor_price"])  # a rival's price is seen, not carried
    assert pd.isna(rows.loc["S2", "shelf_price"])


def typed(**columns: list) -> pd.DataFrame:
    rows = pd.DataFrame(columns)
    return rows.assign(_row=range(1, len(rows) + 1))


CHECKED = date(2026, 10, 31)


def test_a_store_check_is_dated_today_at_the_latest():
    rows = typed(oldest_production_date=[pd.NaT])

    assert store_checks.check_problems(rows, CHECKED, today=CHECKED) == []
    (refused,) = store_checks.check_problems(rows, CHECKED, today=CHECKED - timedelta(days=1))
    assert (
        refused.message == "the store check is dated 2026-10-31, after today: record it once made"
    )


def test_nothing_on_the_shelf_was_made_after_the_check():
    made = pd.to_datetime(["2026-10-31", "2026-11-01", None])

    problems = store_checks.check_problems(typed(oldest_production_date=made), CHECKED, CHECKED)

    assert [(p.row, p.column) for p in problems] == [(2, "oldest_production_date")]
    assert "'2026-11-01' is after the check's day (2026-10-31)" in problems[0].message


def test_the_sheet_has_the_types_the_editor_needs_and_blanks_to_type_afresh():
    skus = pd.DataFrame({"sku": ["S1", "S2"], "product": ["Kettle", "Toaster"]})
    observations = seen(check(1, "S1", "2026-06-01", price=90.0)).assign(facings=[3])

    rows = store_checks.sheet(skus, observations)

    assert rows.dtypes.astype(str).to_dict() == {
        "sku": "str",
        "on_shelf": "bool",
        "facings": "Int64",
        "shelf_price": "Float64",
        "competitor": "object",
        "competitor_price": "Float64",
        "oldest_production_date": "datetime64[us]",
        "note": "object",
        "product": "str",
    }
    assert rows[["competitor_price", "oldest_production_date", "note"]].isna().all().all()


def test_a_gap_at_medium_risk_is_supply_and_a_sku_never_seen_off_the_shelf_is_no_gap():
    observations = seen(
        check(1, "S1", "2026-06-01", on_shelf=False),
        check(2, "S2", "2026-06-02", on_shelf=False),
        check(3, "S3", "2026-06-03", on_shelf=None),  # not recorded: no gap
    )
    risk = RISK.assign(risk=["medium", "low"])

    gaps = store_checks.shelf_gaps(observations, risk)

    assert gaps[["sku", "cause"]].values.tolist() == [["S2", "merchandising"], ["S1", "supply"]]
    assert list(gaps.index) == [0, 1]
