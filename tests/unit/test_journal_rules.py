"""The journal's rules: complaint KPIs, visit cadence, overdue actions and the checks on records."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core.data import importing
from kam_core.visits.journal import (
    FUTURE_DAYS,
    LONG_TEXT,
    RECORDS,
    Settings,
    complaint_kpis,
    form_message,
    open_complaints,
    overdue_actions,
    record_problems,
    visit_coverage,
)

AS_OF = date(2026, 10, 31)
OPENED = date(2026, 6, 1)


def _complaints(days_to_resolve: list[int | None], account: str = "AC1") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": account,
            "opened_date": pd.Timestamp(OPENED),
            "resolved_date": [
                pd.NaT if d is None else pd.Timestamp(OPENED + timedelta(days=d))
                for d in days_to_resolve
            ],
        }
    )


def test_the_issue_example_three_of_four_resolved_after_2_5_and_40_days():
    kpis = complaint_kpis(_complaints([2, 5, 40, None]), AS_OF, sla_days=14).iloc[0]

    assert (kpis.complaints, kpis.resolved, kpis.open) == (4, 3, 1)
    assert kpis.resolution_rate == pytest.approx(0.75)
    assert kpis.resolved_in_time_rate == pytest.approx(0.50)
    assert kpis.median_days_to_resolve == 5


@pytest.mark.parametrize(("days", "in_time"), [(13, 1.0), (14, 1.0), (15, 0.0)])
def test_a_complaint_resolved_on_the_sla_day_is_in_time_and_one_day_later_is_not(days, in_time):
    kpis = complaint_kpis(_complaints([days]), AS_OF, sla_days=14).iloc[0]

    assert kpis.resolved_in_time_rate == in_time
    assert kpis.resolution_rate == 1.0


def test_a_resolution_after_the_as_of_date_is_still_open_then():
    resolved_later = (AS_OF - OPENED).days + 1

    kpis = complaint_kpis(_complaints([resolved_later]), AS_OF, sla_days=14).iloc[0]

    assert (kpis.resolved, kpis.open, kpis.resolution_rate) == (0, 1, 0.0)
    assert pd.isna(kpis.median_days_to_resolve)


def test_kpis_cover_complaints_opened_in_the_365_days_to_the_as_of_date():
    rows = pd.DataFrame(
        {
            "account_id": "AC1",
            "opened_date": pd.to_datetime(
                [
                    AS_OF - timedelta(days=365),
                    AS_OF - timedelta(days=364),
                    AS_OF,
                    AS_OF + timedelta(1),
                ]
            ),
            "resolved_date": pd.NaT,
        }
    )

    assert complaint_kpis(rows, AS_OF, 14).iloc[0].complaints == 2


def test_kpis_by_manager_group_on_the_column_given():
    rows = pd.concat([_complaints([1], "AC1"), _complaints([None], "AC2")]).assign(
        manager=["Ann", "Ann"]
    )

    kpis = complaint_kpis(rows, AS_OF, 14, by="manager")

    assert kpis.to_dict("records")[0]["resolution_rate"] == 0.5


@settings(max_examples=50, deadline=None)  # no timing: a loaded machine is not a failure
@given(st.lists(st.one_of(st.none(), st.integers(0, 120)), min_size=1, max_size=30))
def test_in_time_never_exceeds_resolved_and_rates_stay_fractions(days):
    kpis = complaint_kpis(_complaints(days), AS_OF, 14).iloc[0]

    assert 0 <= kpis.resolved_in_time_rate <= kpis.resolution_rate <= 1
    assert kpis.resolved + kpis.open == kpis.complaints


def test_an_open_complaint_beyond_the_sla_is_flagged_on_the_day_after_it():
    rows = pd.DataFrame(
        {
            "account_id": ["AC1", "AC2"],
            "opened_date": pd.to_datetime([AS_OF - timedelta(14), AS_OF - timedelta(15)]),
            "resolved_date": pd.NaT,
        }
    )

    flagged = open_complaints(rows, AS_OF, 14).set_index("account_id")["beyond_sla"]

    assert flagged.to_dict() == {"AC1": False, "AC2": True}


TIERS = pd.DataFrame({"account_id": ["A1", "A2", "A3", "B1", "C1"], "tier": list("AAABC")})


def _visits(days_ago: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": list(days_ago),
            "date": [pd.Timestamp(AS_OF - timedelta(days=d)) for d in days_ago.values()],
        }
    )


def test_a_visit_is_due_on_the_cadence_day_and_overdue_the_day_after():
    visits = _visits({"A1": 29, "A2": 30, "A3": 31, "B1": 60})

    coverage = visit_coverage(TIERS, visits, AS_OF, Settings()).set_index("account_id")

    assert coverage["overdue"].to_dict() == {
        "A1": False,
        "A2": False,
        "A3": True,
        "B1": False,
        "C1": True,  # never visited
    }
    assert coverage.loc["A2", "cadence_days"] == 30
    assert coverage.loc["B1", "days_since_last_visit"] == 60


def test_cadence_is_a_setting_per_tier():
    visits = _visits({"A1": 10})

    coverage = visit_coverage(TIERS, visits, AS_OF, Settings({"A": 7, "B": 60, "C": 90}))

    assert coverage.set_index("account_id").loc["A1", "overdue"]


def test_a_visit_planned_after_the_as_of_date_is_not_the_last_visit():
    visits = _visits({"A1": 40, "A2": -3})

    coverage = visit_coverage(TIERS, visits, AS_OF, Settings()).set_index("account_id")

    assert coverage.loc["A1", "days_since_last_visit"] == 40
    assert pd.isna(coverage.loc["A2", "last_visit"])


def test_an_open_action_is_overdue_the_day_after_its_due_date():
    actions = pd.DataFrame(
        {
            "text": ["due today", "due yesterday", "done late"],
            "due_date": pd.to_datetime([AS_OF, AS_OF - timedelta(1), AS_OF - timedelta(9)]),
            "status": ["open", "open", "done"],
        }
    )

    late = overdue_actions(actions, AS_OF)

    assert late[["text", "days_overdue"]].values.tolist() == [["due yesterday", 1]]


def _checked(record: str, **cells: str) -> list[str]:
    table = RECORDS[record]
    frame = pd.DataFrame({c: [cells.get(c, "")] for c in table.column_names})
    try:
        rows = importing.prepare(frame, table, "form", first=1).rows
    except importing.BadFile as exc:
        return [p.message for p in exc.problems]
    return [p.message for p in record_problems(rows, table, {"AC1"}, AS_OF, "form")]


def test_a_visit_needs_its_account_and_date():
    assert _checked("visits", date="2026-10-01") == ["is required but empty"]


def test_an_unknown_account_is_refused():
    assert _checked("visits", account_id="NOPE", date="2026-10-01") == [
        "'NOPE' is not an account of the database"
    ]


def test_a_date_a_year_ahead_is_a_plan_and_a_day_more_is_refused():
    last = AS_OF + timedelta(days=FUTURE_DAYS)

    assert _checked("visits", account_id="AC1", date=str(last)) == []
    assert (
        "days after today" in _checked("visits", account_id="AC1", date=str(last + timedelta(1)))[0]
    )


def test_notes_up_to_the_limit_are_kept_and_longer_are_refused():
    assert _checked("visits", account_id="AC1", date="2026-10-01", notes="x" * LONG_TEXT) == []
    assert _checked("visits", account_id="AC1", date="2026-10-01", notes="x" * (LONG_TEXT + 1)) == [
        f"is longer than {LONG_TEXT:,} characters"
    ]


def test_html_and_script_in_notes_are_plain_text_to_the_rules():
    assert (
        _checked("visits", account_id="AC1", date="2026-10-01", notes="<script>x()</script>") == []
    )


@pytest.mark.parametrize(("score", "ok"), [("0", False), ("1", True), ("5", True), ("6", False)])
def test_feedback_scores_run_from_1_to_5(score, ok):
    assert (_checked("feedback", account_id="AC1", date="2026-10-01", score=score) == []) is ok


def test_a_complaint_cannot_be_resolved_before_it_was_opened():
    problems = _checked(
        "complaints",
        account_id="AC1",
        opened_date="2026-10-02",
        category="delivery",
        resolved_date="2026-10-01",
    )

    assert len(problems) == 1
    assert problems[0].startswith("2026-10-01") and problems[0].endswith("is before opened_date")


def test_the_command_line_routes_exactly_the_journals_records_to_the_journal():
    from kam_core.__main__ import JOURNAL_TABLES

    assert set(JOURNAL_TABLES) == set(RECORDS)


def test_a_forms_problems_read_on_one_line_by_field():
    problems = [
        importing.Problem("form", None, "date", "is required but empty"),
        importing.Problem("form", None, None, "the visit is in the future"),
    ]

    assert form_message(problems) == "date: is required but empty; the visit is in the future"
