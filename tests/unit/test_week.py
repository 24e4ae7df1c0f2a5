"""My week's reasons and ranking, and the planned visits' calendar file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pandas as pd

from kam_core.reports.calendar import visits_ics
from kam_core.visits import week

TODAY = date(2026, 12, 7)
NONE = pd.DataFrame(columns=["account_id"])


def _signals(**frames: pd.DataFrame) -> week.Signals:
    empty = {
        "risk": pd.DataFrame(
            columns=[
                "account_id",
                "sku",
                "forecast_demand",
                "risk",
                "stockout_date",
                "days_of_cover",
            ]
        ),
        "payouts": pd.DataFrame(
            columns=[
                "account_id",
                "program_id",
                "gap_share",
                "gap_to_next_tier",
                "extra_payout_at_next_tier",
            ]
        ),  # fmt: skip
        "totals": pd.DataFrame(columns=["account_id", "revenue_3m", "revenue_3m_ly"]),
        "events": pd.DataFrame(columns=["account_id", "date", "kind", "note"]),
        "promotion_flags": pd.DataFrame(
            columns=["account_id", "promo_id", "stockout", "stockout_skus"]
        ),
    }
    return week.Signals(**(empty | frames))


def test_an_occasion_counts_from_today_to_the_14th_day_ahead():
    events = pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D"],
            "date": pd.to_datetime(["2026-12-06", "2026-12-07", "2026-12-21", "2026-12-22"]),
            "kind": "Anniversary",
            "note": "",
        }
    )

    found = week.signal_reasons(_signals(events=events), TODAY)

    assert list(found["account_id"]) == ["B", "C"]


def test_revenue_falling_fires_at_ten_percent_down_and_not_just_above():
    totals = pd.DataFrame(
        {"account_id": ["A", "B"], "revenue_3m": [90.0, 90.01], "revenue_3m_ly": [100.0, 100.0]}
    )

    found = week.signal_reasons(_signals(totals=totals), TODAY)

    assert list(found["account_id"]) == ["A"]
    assert "90 against 100" in found["detail"].iloc[0]


def test_stock_counts_only_the_accounts_largest_positions():
    risk = pd.DataFrame(
        {
            "account_id": "A",
            "sku": ["big1", "big2", "big3", "small"],
            "forecast_demand": [400.0, 300.0, 200.0, 1.0],
            "risk": ["low", "low", "low", "high"],
            "stockout_date": pd.to_datetime(["2026-12-20"] * 4),
            "days_of_cover": 3.0,
        }
    )

    assert week.signal_reasons(_signals(risk=risk), TODAY).empty
    hot = risk.assign(risk=["low", "high", "low", "high"])
    assert "first big2" in week.signal_reasons(_signals(risk=hot), TODAY)["detail"].iloc[0]


def test_accounts_rank_by_the_sum_of_their_weights_then_their_most_urgent_reason():
    reasons = pd.DataFrame(
        [
            ("A", "Occasion soon", "", 1),
            ("A", "Revenue falling", "", 2),
            ("B", "Visit overdue", "", 3),
            ("C", "Occasion soon", "", 1),
            ("X", "Visit overdue", "", 3),  # not this manager's account
        ],
        columns=week.COLUMNS,
    )
    accounts = pd.DataFrame({"account_id": ["A", "B", "C"], "name": ["Alpha", "Beta", "Gamma"]})

    plan = week.ranked(reasons, accounts)

    assert list(plan["account_id"]) == ["B", "A", "C"]  # B and A tie on 3: B's reason is a 3
    assert plan.set_index("account_id").loc["A", "reasons"] == "Revenue falling; Occasion soon"


def test_equal_accounts_rank_by_id_and_reasons_of_one_weight_read_alphabetically():
    reasons = pd.DataFrame(
        [
            ("D", "Visit overdue", "", 3),
            ("D", "Complaint beyond SLA", "", 3),
            ("D", "Complaint beyond SLA", "", 3),  # two complaints: named once
            ("C", "Stock running dry", "", 3),
            ("C", "Visit overdue", "", 3),
        ],
        columns=week.COLUMNS,
    )
    accounts = pd.DataFrame({"account_id": ["C", "D"], "name": ["Gamma", "Delta"]})

    plan = week.ranked(reasons, accounts)

    assert plan.to_dict("list") == {
        "account_id": ["D", "C"],  # 9 before 6
        "name": ["Delta", "Gamma"],
        "score": [9, 6],
        "reasons": ["Complaint beyond SLA; Visit overdue", "Stock running dry; Visit overdue"],
    }
    both = week.ranked(
        pd.concat([reasons[reasons.account_id == "C"].assign(account_id=a) for a in "FE"]),
        pd.DataFrame({"account_id": ["E", "F"], "name": ["Eps", "Phi"]}),
    )
    assert list(both.account_id) == ["E", "F"]  # a tie on score and urgency: by id


def test_the_calendar_has_one_all_day_event_per_planned_visit_with_its_text_intact():
    planned = pd.DataFrame(
        {
            "id": [7, 8],
            "account_id": ["A", "B"],
            "name": ["Mega, Mart; <b>", "Beta"],
            "date": pd.to_datetime(["2026-12-09", "2026-12-10"]),
            "kind": ["store check", None],
            "notes": ["bring the\nplanogram, and samples", None],
        }
    )

    events = icalendar.Calendar.from_ical(visits_ics(planned, datetime(2026, 12, 7, tzinfo=UTC)))
    found = list(events.walk("VEVENT"))

    assert [str(e["uid"]) for e in found] == ["visit-7@kam-dashboard", "visit-8@kam-dashboard"]
    assert found[0]["summary"] == "Mega, Mart; <b> (A): store check"
    assert found[0]["description"] == "bring the\nplanogram, and samples"
    assert found[0].decoded("dtstart") == date(2026, 12, 9)
    assert found[0].decoded("dtend") == date(2026, 12, 10)
    assert found[1]["summary"] == "Beta (B): visit"


def test_the_journal_reasons_say_what_is_overdue_and_by_how_much():
    coverage = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3"],
            "overdue": [True, True, False],
            "last_visit": [pd.Timestamp("2026-09-01"), pd.NaT, pd.Timestamp("2026-11-30")],
            "days_since_last_visit": pd.array([96, None, 6], dtype="Int64"),
            "tier": ["A", "B", "A"],
            "cadence_days": [30, 60, 30],
        }
    )
    late = pd.DataFrame(
        {"account_id": ["A4"], "text": ["Send the price list"],
         "due_date": [date(2026, 12, 1)], "days_overdue": [5]}
    )  # fmt: skip
    complaints = pd.DataFrame(
        {"account_id": ["A5", "A6"], "beyond_sla": [True, False],
         "category": ["late delivery", "x"], "days_open": [20, 3],
         "opened_date": [date(2026, 11, 16), date(2026, 12, 3)]}
    )  # fmt: skip

    found = week.journal_reasons(coverage, late, complaints)

    assert list(found.columns) == ["account_id", "reason", "detail", "weight"]
    assert found.values.tolist() == [
        ["A1", "Visit overdue",
         "Last visit 1 Sep 2026, 96 days ago; tier A is visited every 30 days.", 3],
        ["A2", "Visit overdue", "No visit on record; tier B is visited every 60 days.", 3],
        ["A4", "Next step overdue", "'Send the price list' was due 1 Dec 2026 (5 days ago).", 2],
        ["A5", "Complaint beyond SLA", "Late delivery complaint open 20 days (since 16 Nov 2026).",
         3],
    ]  # fmt: skip


def test_key_accounts_without_a_decision_maker_met_are_a_reason_and_birthdays_an_occasion():
    coverage = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3", "C1"],
            "decision_makers": [2, 0, 1, 0],
            "last_decision_maker_meeting": pd.to_datetime(["2026-08-01", None, None, None]),
            "covered": [False, False, True, False],
        }
    )
    tiers = pd.DataFrame({"account_id": ["A1", "A2", "A3", "C1"], "tier": ["A", "A", "A", "C"]})
    birthdays = pd.DataFrame(
        {
            "account_id": ["A3", "A3"],
            "date": pd.to_datetime(["2026-12-21", "2026-12-22"]),  # 14 and 15 days ahead
            "kind": ["birthday", "birthday"],
            "note": ["Ann Lee, Buyer", "Bo Kim, Buyer"],
        }
    )

    reasons = week.relationship_reasons(coverage, tiers, birthdays, TODAY)

    assert reasons[["account_id", "reason", "weight"]].values.tolist() == [
        ["A1", "Decision makers not met", 2],
        ["A2", "Decision makers not met", 2],
        ["A3", "Occasion soon", 1],
    ]
    assert reasons["detail"].tolist() == [
        "No decision maker met in 90 days; last on 1 Aug 2026.",
        "No decision maker on record: who decides at this key account?",
        "birthday on 21 Dec 2026: Ann Lee, Buyer.",
    ]


def test_a_managers_accounts_are_those_written_with_exactly_their_name():
    accounts = pd.DataFrame(
        {"account_id": ["A1", "A2", "A3", "A4"], "manager": ["Ben", "ben", "Ben Okafor", None]}
    )

    assert week.managed_by(accounts, "Ben")["account_id"].tolist() == ["A1"]
    assert week.managed_by(accounts, None).empty
    assert accounts["account_id"].tolist() == ["A1", "A2", "A3", "A4"]  # the input is kept


def test_each_signal_gives_its_reason_detail_and_weight():
    risk = pd.DataFrame(
        {
            "account_id": ["A", "A", "B"],
            "sku": ["S2", "S1", "S9"],
            "forecast_demand": [300.0, 400.0, 50.0],
            "risk": ["high", "high", "high"],
            "stockout_date": [pd.Timestamp("2026-12-20"), pd.Timestamp("2026-12-15"), pd.NaT],
            "days_of_cover": [12.6, 7.6, 0.0],
        }
    )
    payouts = pd.DataFrame(
        {
            "account_id": ["C", "D", "E", "F"],
            "program_id": ["P1", "P2", "P3", "P4"],
            "gap_share": [0.25, 0.2501, 0.1, 0.1],  # on and just above the reach
            "gap_to_next_tier": [2500.0, 2501.0, 100.0, 100.0],
            "extra_payout_at_next_tier": [1200.0, 1200.0, 100.0, 99.99],  # on, just below
        }
    )
    events = pd.DataFrame(
        {
            "account_id": ["G", "H"],
            "date": pd.to_datetime(["2026-12-08", "2026-12-09"]),
            "kind": ["Anniversary", "Opening"],
            "note": ["10 years", None],
        }
    )
    flags = pd.DataFrame(
        {
            "account_id": ["I", "J"],
            "promo_id": ["PR1", "PR2"],
            "stockout": [True, False],
            "stockout_skus": ["S1, S2", ""],
        }
    )
    signals = _signals(risk=risk, payouts=payouts, events=events, promotion_flags=flags)

    found = week.signal_reasons(signals, TODAY)

    assert list(found.itertuples(index=False, name=None)) == [
        (
            "A",
            "Stock running dry",
            "2 of the 3 largest positions run dry within lead time; first S1 on 15 Dec 2026 "
            "(8 days of cover).",
            3,
        ),
        (
            "B",
            "Stock running dry",
            "1 of the 3 largest positions run dry within lead time; first S9 (0 days of cover).",
            3,
        ),
        ("C", "Rebate tier within reach", "P1: 2,500 more basis reaches the next tier, "
         "worth 1,200 more.", 2),
        ("E", "Rebate tier within reach", "P3: 100 more basis reaches the next tier, "
         "worth 100 more.", 2),
        ("G", "Occasion soon", "Anniversary on 8 Dec 2026: 10 years.", 1),
        ("H", "Occasion soon", "Opening on 9 Dec 2026.", 1),
        ("I", "Promotion at stock-out risk", "Promotion PR1 is flagged: S1, S2 may run out.", 2),
    ]  # fmt: skip


def test_revenue_falling_says_both_amounts_and_the_change():
    totals = pd.DataFrame({"account_id": ["A"], "revenue_3m": [80.0], "revenue_3m_ly": [100.0]})

    found = week.signal_reasons(_signals(totals=totals), TODAY)

    assert list(found.itertuples(index=False, name=None)) == [
        ("A", "Revenue falling", "Last 3 months 80 against 100 a year earlier (-20%).", 2)
    ]
