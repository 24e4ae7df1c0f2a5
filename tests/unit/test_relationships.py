"""Who decides: coverage at the 90-day edge, contacts who left, circles in reports_to, birthdays
across New Year and 29 February, and the talking points on the account's people."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.relationships import birthdays, coverage, org_chart, talking_points

AS_OF = date(2026, 6, 30)
COLUMNS = ["id", "account_id", "name", "title", "role", "influence", "relationship", "birthday",
           "reports_to", "active"]  # fmt: skip


def people(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    return frame.assign(
        birthday=pd.to_datetime(frame["birthday"]),
        reports_to=frame["reports_to"].astype("Int64"),
        active=frame["active"].astype("boolean"),
    )


DEFAULT = {
    "account_id": "A1",
    "title": None,
    "influence": "medium",
    "relationship": "neutral",
    "birthday": None,
    "reports_to": None,
    "active": True,
}


def contact(i: int, role: str = "decision maker", **given: object) -> tuple:
    values = {**DEFAULT, "id": i, "name": f"P{i}", "role": role, **given}
    return tuple(values[c] for c in COLUMNS)


def met(*pairs: tuple[int, int]) -> pd.DataFrame:
    """(contact id, days before AS_OF) -> meetings."""
    return pd.DataFrame(
        [(c, pd.Timestamp(AS_OF - timedelta(days=d))) for c, d in pairs],
        columns=["contact_id", "date"],
    )


@pytest.mark.parametrize(("days", "covered"), [(89, True), (90, True), (91, False)])
def test_a_decision_maker_met_up_to_exactly_90_days_ago_covers_the_account(days, covered):
    result = coverage.coverage(pd.Series(["A1"]), people(contact(1)), met((1, days)), AS_OF)

    assert bool(result["covered"].iloc[0]) is covered
    assert result["decision_makers_met_90d"].iloc[0] == int(covered)
    assert result["last_decision_maker_meeting"].iloc[0] == pd.Timestamp(AS_OF - timedelta(days))


def test_a_contact_who_left_does_not_count():
    left = people(contact(1, active=False), contact(2, role="buyer"))

    result = coverage.coverage(pd.Series(["A1"]), left, met((1, 10), (2, 10)), AS_OF)

    assert result.iloc[0][["contacts", "decision_makers", "decision_makers_met_90d"]].tolist() == [
        1, 0, 0]  # fmt: skip
    assert not result["covered"].iloc[0]


def test_meeting_a_buyer_or_a_visit_after_the_as_of_date_does_not_cover():
    team = people(contact(1), contact(2, role="buyer"))

    result = coverage.coverage(pd.Series(["A1", "A2"]), team, met((2, 1), (1, -1)), AS_OF)

    assert result["covered"].tolist() == [False, False]
    assert result.set_index("account_id").loc["A2", "contacts"] == 0


def test_a_circle_in_reports_to_is_refused_with_the_names_on_it():
    chart = people(contact(1, reports_to=3), contact(2, reports_to=1), contact(3, reports_to=2))

    with pytest.raises(
        org_chart.CycleError, match=r"circle: P1 \(1\) -> P3 \(3\) -> P2 \(2\) -> P1"
    ):
        org_chart.layout(chart)


def test_someone_reporting_to_themselves_is_a_circle():
    assert org_chart.cycle({1: 1}) == [1, 1]


def test_the_chart_puts_reports_under_their_manager_and_managers_over_their_reports():
    chart = people(contact(1), contact(2, reports_to=1), contact(3, reports_to=1),
                   contact(4, reports_to=99))  # fmt: skip

    placed = org_chart.layout(chart).set_index("id")

    assert placed["depth"].to_dict() == {1: 0, 2: 1, 3: 1, 4: 0}
    assert placed.loc[1, "x"] == (placed.loc[2, "x"] + placed.loc[3, "x"]) / 2
    assert pd.isna(placed.loc[4, "manager"])  # a manager outside the chart: a top


@given(st.dictionaries(st.integers(1, 8), st.one_of(st.none(), st.integers(1, 8)), max_size=8))
def test_a_chart_is_refused_exactly_when_some_chain_never_reaches_the_top(managers):
    def reaches_top(node: int) -> bool:
        seen: set[int] = set()
        current: int | None = node
        while current is not None and current in managers:
            if current in seen:
                return False
            seen.add(current)
            current = managers[current]
        return True

    assert (org_chart.cycle(managers) is None) == all(map(reaches_top, managers))


@pytest.mark.parametrize(
    ("today", "birthday", "shown"),
    [
        (date(2026, 6, 1), date(1980, 6, 15), True),  # in 14 days
        (date(2026, 6, 1), date(1980, 6, 16), False),  # in 15 days
        (date(2026, 6, 1), date(1980, 6, 1), True),  # today
        (date(2026, 6, 1), date(1980, 5, 31), False),  # yesterday: next year's is far
        (date(2026, 12, 25), date(1975, 1, 8), True),  # across New Year, 14 days
        (date(2026, 12, 25), date(1975, 1, 9), False),  # across New Year, 15 days
        (date(2027, 2, 14), date(1984, 2, 29), True),  # 28 Feb 2027: 14 days
        (date(2027, 2, 15), date(1984, 2, 29), True),
        (date(2027, 2, 13), date(1984, 2, 29), False),  # 28 Feb is 15 days ahead
        (date(2028, 2, 15), date(1984, 2, 29), True),  # a leap year: 29 Feb itself, 14 days
        (date(2028, 2, 14), date(1984, 2, 29), False),
    ],
)
def test_birthdays_in_the_next_14_days_are_shown(today, birthday, shown):
    who = people(contact(1, birthday=birthday, title="Head of purchasing"))

    ahead = birthdays.birthdays_ahead(who, today)

    assert (len(ahead) == 1) is shown
    if shown:
        assert ahead["note"].iloc[0] == "P1, Head of purchasing"


def test_a_birthday_on_29_february_falls_on_28_february_without_one():
    assert birthdays.next_birthday(date(1984, 2, 29), date(2027, 1, 1)) == date(2027, 2, 28)
    assert birthdays.next_birthday(date(1984, 2, 29), date(2028, 1, 1)) == date(2028, 2, 29)


def test_no_birthday_for_a_contact_who_left():
    who = people(contact(1, birthday=date(1980, 6, 2), active=False))

    assert birthdays.birthdays_ahead(who, date(2026, 6, 1)).empty


def _texts(team: pd.DataFrame, meetings: pd.DataFrame) -> list[str]:
    return [p.text for p in talking_points.points(team, meetings, AS_OF)]


def test_no_decision_maker_met_in_120_days_is_a_talking_point():
    team = people(contact(1, name="Ann", title="Purchasing director"))

    assert _texts(team, met((1, 120))) == [
        "No decision maker met in 120 days (last on 2 Mar 2026)."
    ]
    assert _texts(team, met((1, 90))) == []


def test_strong_with_the_buyer_only_and_the_new_director_never_met():
    team = people(
        contact(1, name="Bob", role="buyer", relationship="strong"),
        contact(2, name="Cleo", title="Purchasing director", relationship="weak"),
    )

    texts = _texts(team, met((1, 5)))

    assert texts == [
        "No decision maker has been met yet (1 on record).",
        "Strong with the buyer only: Bob (buyer); Cleo (Purchasing director) weak.",
        "Cleo (Purchasing director) has not been met.",
    ]


def test_no_decision_maker_on_record_is_said_once():
    assert _texts(people(contact(1, role="buyer")), met()) == [
        "No decision maker on record for this account."
    ]


def test_the_briefs_people_are_the_active_ones_charted_with_their_last_meeting():
    from kam_core.relationships.brief import account_people

    team = people(
        contact(1, name="Ann"),
        contact(2, name="Bo", role="buyer", reports_to=1, active=None),  # not said: still there
        contact(3, name="Cy", role="user", reports_to=1, active=False),  # left
    )

    found = account_people(team, met((1, 10), (2, 0), (3, 5)), AS_OF)

    assert found.problem is None
    assert found.chart.set_index("id")["last_met"].to_dict() == {
        1: pd.Timestamp(AS_OF - timedelta(days=10)),
        2: pd.Timestamp(AS_OF),  # a meeting on the as-of day counts
    }
    assert found.chart.set_index("id")["depth"].to_dict() == {1: 0, 2: 1}
    assert found.points == talking_points.points(team, met((1, 10), (2, 0), (3, 5)), AS_OF)


def test_a_brief_whose_reports_to_goes_round_has_no_chart_and_says_why():
    from kam_core.relationships.brief import account_people

    team = people(contact(1, name="Ann", reports_to=2), contact(2, name="Bo", reports_to=1))

    found = account_people(team, met((1, 200)), AS_OF)

    assert found.chart.empty and list(found.chart.columns)[:2] == ["id", "account_id"]
    assert found.problem is not None and "Ann" in found.problem and "Bo" in found.problem
    assert [p.text for p in found.points] == [
        "No decision maker met in 200 days (last on 12 Dec 2025).",
        "Bo (decision maker) has not been met.",
    ]


def test_each_relationship_point_names_its_topic_rule_and_figures():
    never = talking_points.points(people(contact(1, role="buyer")), met(), AS_OF)
    long_ago = talking_points.points(people(contact(1, name="Ann")), met((1, 120)), AS_OF)
    none_met = talking_points.points(people(contact(1), contact(2)), met(), AS_OF)

    assert [(p.topic, p.rule, p.numbers) for p in never] == [
        ("Relationships", "No active decision maker met in the 90 days to today.", {})
    ]
    assert [(p.topic, p.rule, p.numbers) for p in long_ago] == [
        (
            "Relationships",
            "No active decision maker met in the 90 days to today.",
            {"days_since": 120, "last_met": date(2026, 3, 2)},
        )
    ]
    assert (none_met[0].topic, none_met[0].numbers) == ("Relationships", {"decision_makers": 2})


def test_strong_with_the_buyer_only_names_an_influencer_and_an_unknown_relationship():
    team = people(
        contact(1, name="Bob", role="buyer", relationship="strong"),
        contact(2, name="Ivy", role="influencer", relationship=None),
        contact(3, name="Uma", role="user", relationship="weak"),  # a user does not count
    )

    found = [p for p in talking_points.points(team, met((1, 5), (2, 5)), AS_OF)]

    buyer_only = [p for p in found if p.text.startswith("Strong with the buyer only")]
    assert [(p.topic, p.text, p.rule) for p in buyer_only] == [
        (
            "Relationships",
            "Strong with the buyer only: Bob (buyer); Ivy (influencer) unknown.",
            "Every strong relationship is with a buyer while the account has decision makers "
            "or influencers.",
        )
    ]


def test_a_contact_of_high_influence_never_met_is_named_with_the_newest_first():
    team = people(
        contact(1, name="Ann"),
        contact(2, name="Hal", role="user", influence="high"),
        contact(3, name="Zed", role="user", influence="high"),
        contact(4, name="Low", role="user", influence="low"),
    )

    found = [p for p in talking_points.points(team, met((1, 5)), AS_OF) if "not been met" in p.text]

    assert [(p.topic, p.text, p.rule) for p in found] == [
        (
            "Relationships",
            "Zed (user) has not been met.",
            "A decision maker or a contact of high influence with no visit recording them as met.",
        ),
        (
            "Relationships",
            "Hal (user) has not been met.",
            "A decision maker or a contact of high influence with no visit recording them as met.",
        ),
    ]


def test_a_contact_without_title_or_role_is_named_as_having_no_role():
    team = people(
        contact(1, name="Ann"),
        contact(2, name="Nia", role=None, influence="high"),
    )

    texts = _texts(team, met((1, 5)))

    assert "Nia (no role) has not been met." in texts


def test_birthdays_ahead_are_dated_occasions_with_name_and_title():
    who = people(
        contact(1, name="Ann", birthday=date(1980, 6, 10), title="Director"),
        contact(2, name="Bo", birthday=date(1981, 6, 12), title=""),
        contact(3, name="Cy", birthday=date(1982, 6, 11), active=None),  # not said: still there
    )

    ahead = birthdays.birthdays_ahead(who, date(2026, 6, 1))

    assert ahead.to_dict("list") == {
        "account_id": ["A1", "A1", "A1"],
        "date": [
            pd.Timestamp("2026-06-10"),
            pd.Timestamp("2026-06-12"),
            pd.Timestamp("2026-06-11"),
        ],  # in the contacts' order: My week sorts its reasons
        "kind": ["birthday", "birthday", "birthday"],
        "note": ["Ann, Director", "Bo", "Cy"],
    }


def test_leaves_of_the_chart_are_one_apart_from_zero_and_a_manager_over_its_first_and_last():
    chart = people(
        contact(1), contact(2, reports_to=1), contact(3, reports_to=1), contact(4, reports_to=1),
        contact(5),
    )  # fmt: skip

    placed = org_chart.layout(chart).set_index("id")

    assert placed["x"].to_dict() == {1: 1.0, 2: 0.0, 3: 1.0, 4: 2.0, 5: 3.0}
    assert placed["manager"].dtype == "Int64"
    assert placed["manager"].to_dict()[2] == 1
