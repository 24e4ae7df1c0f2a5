"""Who sees what: roles to scopes, emails matched, filters that narrow a scope, never widen it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.data.access import (
    EVERYTHING,
    NOTHING,
    Person,
    Scope,
    directors,
    find,
    scope_of,
    user_problems,
    verified_email,
)
from kam_core.data.filters import Filters

USERS = pd.DataFrame(
    {
        "email": ["dora@example.com", "Ben@Example.com", "vic@example.com"],
        "role": ["director", "manager", "viewer"],
        "manager": [None, "Ben Okafor", None],
    }
)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_a_director_sees_every_account():
    assert scope_of(Person("dora@example.com", "director")) == EVERYTHING


def test_a_manager_sees_the_accounts_of_their_manager_name_only():
    scope = scope_of(Person("ben@example.com", "manager", "Ben Okafor"))

    assert scope.covers("Ben Okafor")
    assert not scope.covers("Ana Costa")
    assert not scope.covers(None)


def test_a_viewer_sees_aggregates_and_no_account():
    scope = scope_of(Person("vic@example.com", "viewer"))

    assert scope.managers is None
    assert not scope.accounts


def test_a_manager_without_a_manager_name_and_a_stranger_see_nothing():
    assert scope_of(Person("x@example.com", "manager")) == NOTHING
    assert scope_of(None) == NOTHING


def test_emails_match_without_case_or_spaces():
    found = find(USERS, "  BEN@example.COM ")

    assert found == Person("ben@example.com", "manager", "Ben Okafor")
    assert find(USERS, "ben@example.org") is None
    assert find(USERS, "") is None


def test_directors_are_whom_a_stranger_asks():
    assert directors(USERS) == ["dora@example.com"]


def test_a_users_list_needs_emails_manager_names_and_no_repeats():
    rows = pd.DataFrame(
        {
            "email": ["ben", "ana@example.com", "ANA@example.com"],
            "role": ["viewer", "manager", "director"],
            "manager": [None, "", None],
        }
    )

    assert user_problems(rows) == [
        "email: 'ben' is not an email address",
        "manager: ana@example.com is a manager but names no manager",
        "email: ana@example.com is listed twice",
    ]
    assert user_problems(USERS) == []


@pytest.mark.parametrize(
    "email", ["@", "ben@", "@example.com", "b en@example.com", "<b>ben</b>@example.com", "a@b@c"]
)
def test_an_address_no_provider_signs_in_is_refused(email: str):
    rows = pd.DataFrame({"email": [email], "role": ["viewer"], "manager": [None]})

    assert user_problems(rows) == [f"email: {email!r} is not an email address"]


def test_an_email_of_254_characters_is_kept_and_255_refused():
    longest = "b" * 242 + "@example.com"
    rows = pd.DataFrame({"email": [longest, "c" + longest], "role": "viewer", "manager": None})

    assert len(longest) == 254
    assert user_problems(rows) == [
        f"email: {'c' + longest[:39]!r}... is longer than 254 characters"
    ]


def test_a_manager_name_of_200_characters_is_kept_and_201_refused():
    rows = pd.DataFrame(
        {"email": ["a@x.org", "b@x.org"], "role": "manager", "manager": ["m" * 200, "m" * 201]}
    )

    assert user_problems(rows) == ["manager: b@x.org's manager name is longer than 200 characters"]


def test_odd_scripts_and_emoji_are_addresses_and_names_like_any_other():
    rows = pd.DataFrame({"email": ["zoë@例え.jp"], "role": ["manager"], "manager": ["שלום 😀"]})

    assert user_problems(rows) == []


def test_a_manager_may_pick_only_themself_a_director_anyone_a_viewer_nobody():
    everyone = ["Ana Ruiz", "Ben Okafor", "Chen Wei"]

    assert Scope(managers=("Ben Okafor",)).colleagues(everyone) == ["Ben Okafor"]
    assert EVERYTHING.colleagues(everyone) == everyone
    assert Scope(accounts=False).colleagues(everyone) == []
    assert NOTHING.colleagues(everyone) == []


def test_no_manager_chosen_means_the_whole_scope():
    f = Filters(*YEAR, scope=Scope(managers=("Ben Okafor",)))

    assert f.account_params()["managers"] == ["Ben Okafor"]


def test_choosing_a_manager_outside_the_scope_matches_nothing():
    f = Filters(*YEAR, managers=("Ana Costa",), scope=Scope(managers=("Ben Okafor",)))

    assert f.account_params()["managers"] == []  # an empty list: no account, not "all"


def test_a_scope_keeps_fewer_than_every_account_even_with_no_filter_chosen():
    assert Filters(*YEAR).keep_everyone()
    assert not Filters(*YEAR, scope=Scope(managers=("Ben Okafor",))).keep_everyone()
    assert Filters(*YEAR, scope=Scope(accounts=False)).keep_everyone()  # a viewer's totals
    assert not Filters(*YEAR, regions=("North",)).keep_everyone()


def test_without_a_scope_the_filters_are_as_chosen():
    assert Filters(*YEAR).account_params()["managers"] is None
    assert Filters(*YEAR, managers=("Ana Costa",)).account_params()["managers"] == ["Ana Costa"]


NAMES = st.sampled_from(["Ana", "Ben", "Chloe", "David"])


@given(st.lists(NAMES, unique=True), st.lists(NAMES, unique=True, min_size=1))
def test_filters_never_widen_a_scope(chosen, allowed):
    f = Filters(*YEAR, managers=tuple(chosen), scope=Scope(managers=tuple(allowed)))

    assert set(f.account_params()["managers"]) <= set(allowed)


@pytest.mark.parametrize(
    ("email", "verified", "vouched"),
    [
        ("ana@example.com", True, "ana@example.com"),
        ("ana@example.com", "true", "ana@example.com"),
        ("ana@example.com", None, "ana@example.com"),  # no claim: the directory vouches
        ("ana@example.com", False, None),
        ("ana@example.com", "false", None),  # as Cognito sends it
        ("ana@example.com", "False", None),
        ("", True, None),
        ("   ", True, None),
        (None, True, None),
    ],
)
def test_only_an_email_the_provider_has_not_disowned_signs_in(email, verified, vouched):
    assert verified_email(email, verified) == vouched
