"""Deliveries judged in DuckDB, constructed line by line, and a worked account's cost to serve
through the store; both export views against an independent pandas computation on the demo."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.accounts.windows import years_before
from kam_core.data.contract import SCHEMA_VERSION
from kam_core.data.filters import Filters
from kam_core.service import delivery
from kam_core.store import db, insert_frame, views
from kam_core.store import service as store

AS_OF = date(2026, 6, 30)
FIRST = date(2025, 7, 1)  # the twelve months to AS_OF start the day after 30 Jun 2025
D = timedelta(days=1)


def _database(path: Path, **tables: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    base = {
        "accounts": pd.DataFrame({"account_id": ["A"], "name": ["Alpha"]}),
        "products": pd.DataFrame({"sku": ["S", "T"], "name": ["Kettle", "Toaster"]}),
    }
    with db.writing(path, fresh=True) as con:
        for name, rows in (base | tables).items():
            insert_frame(con, name, rows)
    return db.connect(path)


def _line(promised: date, delivered: date | None, ordered: float, got: float | None) -> dict:
    return {
        "account_id": "A",
        "sku": "S",
        "promised_date": promised,
        "quantity_ordered": ordered,
        "delivered_date": delivered,
        "quantity_delivered": got,
    }


def _rates(tmp_path: Path, *lines: dict, as_of: date = AS_OF) -> pd.Series:
    con = _database(tmp_path / "kam.duckdb", deliveries=pd.DataFrame(list(lines)))
    first = years_before(as_of) + D
    counts = store.delivery_counts(con, Filters(first, as_of), first)
    con.close()
    return delivery.rates(counts).iloc[0]


PROMISED = date(2026, 3, 10)


def test_four_lines_on_time_late_full_short(tmp_path):
    rates = _rates(
        tmp_path,
        _line(PROMISED, PROMISED, 10, 10),  # on time, in full
        _line(PROMISED, PROMISED + 3 * D, 10, 10),  # late, in full
        _line(PROMISED, PROMISED, 10, 8),  # on time, short
        _line(PROMISED, PROMISED + 5 * D, 10, 8),  # late, short
    )

    assert rates["lines"] == 4
    assert rates["otif_rate"] == pytest.approx(0.25)
    assert rates["on_time_rate"] == pytest.approx(0.50)
    assert rates["in_full_rate"] == pytest.approx(0.50)
    assert rates["fill_rate"] == pytest.approx(36 / 40)
    assert rates["avg_days_late"] == pytest.approx(4.0)


def test_a_line_undelivered_past_its_promise_is_late_and_short(tmp_path):
    rates = _rates(tmp_path, _line(AS_OF - 4 * D, None, 10, None))

    assert rates["lines"] == 1
    assert (rates["on_time_rate"], rates["in_full_rate"], rates["fill_rate"]) == (0, 0, 0)
    assert rates["avg_days_late"] == pytest.approx(4.0)  # late so far, as of AS_OF


def test_a_line_undelivered_and_not_yet_due_is_not_counted(tmp_path):
    # Promised for the as-of day itself (it may still arrive today) or later: still open.
    rates = _rates(
        tmp_path,
        _line(AS_OF - 1 * D, AS_OF - 1 * D, 10, 10),
        _line(AS_OF, None, 10, None),
        _line(AS_OF + 2 * D, None, 10, None),
    )

    assert rates["lines"] == 1
    assert rates["on_time_rate"] == 1.0


def test_a_delivery_after_the_as_of_date_has_not_happened_as_of_it(tmp_path):
    rates = _rates(tmp_path, _line(AS_OF - 2 * D, AS_OF + 1 * D, 10, 10))

    assert (rates["on_time_rate"], rates["fill_rate"], rates["avg_days_late"]) == (0, 0, 2)


def test_a_line_delivered_on_its_promised_day_before_it_is_due_counts(tmp_path):
    rates = _rates(tmp_path, _line(AS_OF, AS_OF, 10, 10))

    assert (rates["lines"], rates["otif_rate"]) == (1, 1.0)


@pytest.mark.parametrize(
    ("delivered", "on_time"),
    [(PROMISED - D, True), (PROMISED, True), (PROMISED + D, False)],
)
def test_on_time_means_delivered_on_or_before_the_promised_day(tmp_path, delivered, on_time):
    rates = _rates(tmp_path, _line(PROMISED, delivered, 10, 10))

    assert rates["on_time_rate"] == float(on_time)


@pytest.mark.parametrize(("got", "in_full"), [(11, True), (10, True), (9, False)])
def test_in_full_means_delivered_at_least_the_ordered_units(tmp_path, got, in_full):
    rates = _rates(tmp_path, _line(PROMISED, PROMISED, 10, got))

    assert rates["in_full_rate"] == float(in_full)


def test_a_delivered_line_without_a_quantity_counts_as_delivered_in_full(tmp_path):
    rates = _rates(tmp_path, _line(PROMISED, PROMISED, 10, None))

    assert (rates["in_full_rate"], rates["fill_rate"]) == (1.0, 1.0)


def test_the_window_runs_from_its_first_day_to_the_as_of_date(tmp_path):
    rates = _rates(
        tmp_path,
        _line(FIRST - D, FIRST - D, 10, 0),  # the day before the window: out
        _line(FIRST, FIRST, 10, 10),  # first day: in
        _line(AS_OF, AS_OF, 10, 10),  # last day: in
    )

    assert (rates["lines"], rates["in_full_rate"]) == (2, 1.0)


def test_delivery_counts_split_by_month_week_and_sku(tmp_path):
    con = _database(
        tmp_path / "kam.duckdb",
        deliveries=pd.DataFrame(
            [
                _line(date(2026, 3, 31), date(2026, 3, 31), 10, 10),  # Tuesday
                _line(date(2026, 4, 1), date(2026, 4, 3), 10, 10) | {"sku": "T"},  # Wednesday
            ]
        ),
    )
    f = Filters(FIRST, AS_OF)

    months = store.delivery_counts(con, f, FIRST)
    history = store.delivery_history(con, f)
    skus = store.delivery_counts(con, f, FIRST, by="sku").set_index("sku")
    con.close()

    assert list(months["month"]) == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-04-01")]
    # one week across two months: two rows, one week
    assert list(history["week"]) == [pd.Timestamp("2026-03-30")] * 2
    assert delivery.rates(history, ["week"])["lines"].tolist() == [2]
    assert (skus.loc["S", "on_time"], skus.loc["T", "late"]) == (1, 1)


def test_the_history_marks_the_last_twelve_months_and_reaches_back_two_years(tmp_path):
    con = _database(
        tmp_path / "kam.duckdb",
        deliveries=pd.DataFrame(
            [
                _line(years_before(AS_OF, 2) + D, None, 10, None),  # first day of 24 months
                _line(years_before(AS_OF, 2), None, 10, None),  # the day before: out
                _line(FIRST - D, FIRST - D, 10, 10),  # last day before the window
                _line(FIRST, FIRST, 10, 10),  # the window's first day
            ]
        ),
    )

    history = store.delivery_history(con, Filters(FIRST, AS_OF))
    con.close()

    assert history["lines"].sum() == 3
    assert history.groupby("recent")["lines"].sum().to_dict() == {False: 2, True: 1}


# The worked account over the twelve months to AS_OF (and the twelve before, "last year"):
# - sales this window: 100 units for 10,000 at a cost of 6,000 (margin 4,000), 2,000 of which
#   sold under a 20% promotion (discount given 2,000 x 0.2 / 0.8 = 500, fixed cost 300);
# - sales last year: 8,000, cost 5,000; a promotion with fixed cost 200, no sales under it;
# - service costs: 700 + 100 this window (a line on its first day), 400 last year (on its last);
# - a yearly retroactive rebate of 2% from 5,000 sold: 2026 to 30 Jun sold 4,000 (none owed);
#   2025 sold 11,000 -> 220, of which its 184 days from 1 Jul fall inside the window;
#   last year's window: 2024 sold 5,000 -> 100, 184 of its 366 days inside; 2025 had accrued
#   nothing by 30 Jun 2025 (3,000 sold), the end of last year's window.
def _worked(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    sales = pd.DataFrame(
        [
            (date(2025, 8, 1), "A", "S", 30.0, 5_000.0, 3_000.0),  # 2,000 under the promotion
            (date(2025, 12, 1), "A", "S", 10.0, 1_000.0, 600.0),
            (date(2026, 2, 1), "A", "S", 60.0, 4_000.0, 2_400.0),
            (date(2025, 3, 1), "A", "S", 80.0, 3_000.0, 2_000.0),  # last year, 2025 H1
            (date(2024, 9, 1), "A", "S", 50.0, 5_000.0, 3_000.0),  # last year, 2024
        ],
        columns=["date", "account_id", "sku", "quantity", "revenue", "cost"],
    )
    promoted = pd.DataFrame(
        [(date(2025, 8, 1), "A", "T", 10.0, 2_000.0, 1_200.0)],
        columns=["date", "account_id", "sku", "quantity", "revenue", "cost"],
    )
    return _database(
        tmp_path / "kam.duckdb",
        sales=pd.concat([sales, promoted], ignore_index=True),
        promotions=pd.DataFrame(
            {
                "promo_id": ["P1", "P0"],
                "account_id": "A",
                "sku": ["T", None],
                "start_date": [date(2025, 7, 28), date(2024, 11, 1)],
                "end_date": [date(2025, 8, 3), date(2024, 11, 7)],
                "discount_pct": [0.2, 0.1],
                "cost": [300.0, 200.0],
            }
        ),
        service_costs=pd.DataFrame(
            {
                "account_id": "A",
                "date": [date(2026, 1, 31), FIRST, FIRST - D],
                "kind": ["freight", "samples", "freight"],
                "amount": [700.0, 100.0, 400.0],
            }
        ),
        rebate_programs=pd.DataFrame(
            [("Y", "Yearly", "revenue", "year", "retroactive")],
            columns=["program_id", "name", "basis", "period", "method"],
        ),
        rebate_tiers=pd.DataFrame({"program_id": ["Y"], "threshold": [5_000.0], "rate": [0.02]}),
    )


def test_a_worked_account_cost_to_serve_through_the_store(tmp_path):
    con = _worked(tmp_path)

    row = views.build(con, "cost_to_serve", AS_OF).iloc[0]
    inputs = store.cost_inputs(con, Filters(AS_OF, AS_OF)).iloc[0]
    con.close()

    rebates = 220 * 184 / 365
    assert row["revenue"] == 12_000  # 5,000 + 2,000 promoted + 1,000 + 4,000
    assert row["gross_margin"] == pytest.approx(12_000 - 7_200)
    assert row["promotion_costs"] == pytest.approx(300 + 500)
    assert row["service_costs"] == pytest.approx(800)
    assert row["rebates"] == pytest.approx(rebates, abs=0.01)
    assert row["cost_to_serve"] == pytest.approx(800 + 800 + rebates, abs=0.01)
    assert row["cost_to_serve_share"] == pytest.approx((1_600 + rebates) / 12_000, abs=1e-4)
    # Last year: 8,000 sold; promotion fixed cost 200 (no discount given), service 400.
    rebates_ly = 100 * 184 / 366
    assert inputs["revenue_ly"] == 8_000
    assert inputs["rebates_ly"] == pytest.approx(rebates_ly)
    share_ly = (600 + rebates_ly) / 8_000
    assert row["cost_to_serve_share_ly"] == pytest.approx(share_ly, abs=1e-4)
    assert row["cost_saving_rate"] == pytest.approx(
        (share_ly - (1_600 + rebates) / 12_000) / share_ly, abs=1e-4
    )
    assert row["net_contribution"] == pytest.approx(4_800 - 1_600 - rebates, abs=0.01)


def _last_sale(con: duckdb.DuckDBPyConnection) -> date:
    return pd.Timestamp(con.execute("select max(date) from sales").fetchall()[0][0]).date()


def test_the_stored_cost_inputs_equal_a_fresh_computation(con):
    as_of = _last_sale(con)

    stored = store.cost_inputs(con, Filters(as_of, as_of))
    fresh = store._cost_inputs(con, as_of)

    pd.testing.assert_frame_equal(stored, fresh[stored.columns], check_dtype=False)


DEMO_AS_OF = date(2026, 8, 15)  # inside the typhoon season, mid-month


def _pandas_delivery_performance(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    lines = con.execute("select * from deliveries").df()
    first, as_of_ts = pd.Timestamp(years_before(as_of)), pd.Timestamp(as_of)
    arrived = lines["delivered_date"].notna() & (lines["delivered_date"] <= as_of_ts)
    lines = lines[
        (lines["promised_date"] > first)
        & (lines["promised_date"] <= as_of_ts)
        & ((lines["promised_date"] < as_of_ts) | arrived)
    ].assign(arrived=arrived)
    got = lines["quantity_delivered"].fillna(lines["quantity_ordered"]).where(lines["arrived"], 0)
    on_time = lines["arrived"] & (lines["delivered_date"] <= lines["promised_date"])
    in_full = got >= lines["quantity_ordered"]
    end = lines["delivered_date"].where(lines["arrived"], as_of_ts)
    days = (end - lines["promised_date"]).dt.days.where(~on_time)
    judged = lines.assign(on_time=on_time, in_full=in_full, otif=on_time & in_full, got=got,
                          days=days)  # fmt: skip
    groups = judged.groupby("account_id")
    return pd.DataFrame(
        {
            "lines": groups.size(),
            "on_time_rate": groups["on_time"].mean(),
            "in_full_rate": groups["in_full"].mean(),
            "otif_rate": groups["otif"].mean(),
            "fill_rate": groups["got"].sum() / groups["quantity_ordered"].sum(),
            "avg_days_late": groups["days"].mean(),
        }
    ).reset_index()


@pytest.mark.parametrize("as_of", [DEMO_AS_OF, None])
def test_delivery_performance_equals_pandas_on_the_demo(con, as_of):
    view = views.build(con, "delivery_performance", as_of)

    expected = _pandas_delivery_performance(con, as_of or _last_sale(con))
    assert list(view.columns) == [
        "account_id", "lines", "on_time_rate", "in_full_rate", "otif_rate", "fill_rate",
        "avg_days_late",
    ]  # fmt: skip
    assert len(view) > 100
    pd.testing.assert_frame_equal(
        view.reset_index(drop=True), expected.round(4), check_dtype=False, atol=1e-4
    )


def _pandas_cost_inputs(con: duckdb.DuckDBPyConnection, first: date, last: date) -> pd.DataFrame:
    """Revenue, margin, promotion and service costs per account from `first` to `last`."""
    sales = con.execute("select * from sales").df()
    sales = sales[(sales["date"] >= pd.Timestamp(first)) & (sales["date"] <= pd.Timestamp(last))]
    promotions = con.execute("select * from promotions").df()
    served = con.execute("select * from service_costs").df()
    paired = sales.merge(promotions, on="account_id", suffixes=("", "_promo"))
    under = paired[
        (paired["date"] >= paired["start_date"])
        & (paired["date"] <= paired["end_date"])
        & (paired["sku_promo"].isna() | (paired["sku_promo"] == paired["sku"]))
    ]
    d = under["discount_pct"]
    discount = (under["revenue"] * d / (1 - d)).groupby(under["account_id"]).sum()
    starting = promotions["start_date"].between(pd.Timestamp(first), pd.Timestamp(last))
    fixed = promotions[starting].groupby("account_id")["cost"].sum()
    dated = served["date"].between(pd.Timestamp(first), pd.Timestamp(last))
    accounts = con.execute("select account_id from accounts").df()["account_id"]
    return (
        pd.DataFrame(
            {
                "revenue": sales.groupby("account_id")["revenue"].sum(),
                "gross_margin": (sales["revenue"] - sales["cost"])
                .groupby(sales["account_id"])
                .sum(),
                "promotion_costs": discount.add(fixed, fill_value=0),
                "service_costs": served[dated].groupby("account_id")["amount"].sum(),
            }
        )
        .reindex(accounts)
        .fillna(0.0)
    )


def _pandas_rebates(con: duckdb.DuckDBPyConnection, first: date, last: date) -> pd.Series:
    """Every demo programme's periods overlapping the window, by days inside the window."""
    from kam_core.incentives.periods import periods_between
    from kam_core.store import rebates as rebate_store

    earned: dict[str, float] = {}
    for kind in ("quarter", "year"):
        for period in periods_between(kind, first, last):
            accrued_to = min(period.end, last)
            inside = (accrued_to - max(period.start, first)).days + 1
            share = inside / ((accrued_to - period.start).days + 1)
            for row in rebate_store.payouts(con, accrued_to, kind).itertuples():
                earned[row.account_id] = earned.get(row.account_id, 0.0) + row.payout * share
    return pd.Series(earned)


@pytest.mark.parametrize("as_of", [DEMO_AS_OF, None])
def test_cost_to_serve_equals_pandas_on_the_demo(con, as_of):
    as_of = as_of or _last_sale(con)
    first, first_ly = years_before(as_of) + D, years_before(as_of, 2) + D
    now = _pandas_cost_inputs(con, first, as_of)
    ly = _pandas_cost_inputs(con, first_ly, years_before(as_of))
    now["rebates"] = _pandas_rebates(con, first, as_of).reindex(now.index).fillna(0.0)
    ly["rebates"] = _pandas_rebates(con, first_ly, years_before(as_of)).reindex(ly.index).fillna(0)

    view = views.build(con, "cost_to_serve", as_of).set_index("account_id")

    cost = now[["rebates", "promotion_costs", "service_costs"]].sum(axis=1)
    cost_ly = ly[["rebates", "promotion_costs", "service_costs"]].sum(axis=1)
    share = cost / now["revenue"].where(now["revenue"] > 0)
    share_ly = cost_ly / ly["revenue"].where(ly["revenue"] > 0)
    expected = now.assign(
        cost_to_serve=cost,
        cost_to_serve_share=share,
        cost_to_serve_share_ly=share_ly,
        cost_saving_rate=(share_ly - share) / share_ly,
        net_contribution=now["gross_margin"] - cost,
    )[list(view.columns)].loc[view.index]
    assert list(view.reset_index().columns) == [
        "account_id", "revenue", "gross_margin", "rebates", "promotion_costs", "service_costs",
        "cost_to_serve", "cost_to_serve_share", "cost_to_serve_share_ly", "cost_saving_rate",
        "net_contribution",
    ]  # fmt: skip
    assert len(view) == 150 and (view["promotion_costs"] > 0).sum() > 20
    pd.testing.assert_frame_equal(view, expected, check_dtype=False, atol=0.01, rtol=1e-6)
    assert view["net_contribution"].is_monotonic_decreasing


def test_a_file_from_before_the_service_tables_gains_them_when_opened(fresh_db):
    old = duckdb.connect(str(fresh_db))
    old.execute("drop table deliveries; drop table service_costs")
    old.execute("update meta set value = '3' where key = 'schema_version'")
    old.close()

    con = db.connect(fresh_db)

    assert db.schema_version(con) == SCHEMA_VERSION
    assert con.execute("select count(*) from deliveries").fetchall() == [(0,)]
    assert views.build(con, "cost_to_serve")["service_costs"].eq(0).all()
    con.close()
