"""Who sees what: the people allowed in, their roles, and the accounts each one may see.

A director sees every account. A manager sees the accounts whose `accounts.manager` is their
`manager`, and portfolio figures over those accounts only. A viewer sees portfolio aggregates
and no account: no account's row, name or margin. An email not in `users` sees nothing.
Emails are compared without case and surrounding spaces (providers differ in both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kam_core.data.contract import Column, Table

ROLES = ("director", "manager", "viewer")
EMAIL_CHARACTERS = 254  # the longest address mail servers deliver to (RFC 5321)
MANAGER_CHARACTERS = 200  # as a name in the journal: longer is a paste gone wrong
# One @ between a local part and a domain, no spaces, no characters of markup or address lists:
# an identity provider never signs anyone in under such a string.
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"\\]+@[^\s@<>()\[\],;:\"\\]+")

USERS = Table(
    "users",
    (
        Column("email", "text", required=True),
        Column("role", "text", required=True, choices=ROLES),
        Column("manager", "text"),  # for a manager: the accounts.manager of their accounts
    ),
    key=("email",),
)


@dataclass(frozen=True)
class Person:
    email: str
    role: str  # one of ROLES
    manager: str | None = None  # a manager's name as in accounts.manager


@dataclass(frozen=True)
class Scope:
    """The accounts one person may see: `managers` None means every account."""

    managers: tuple[str, ...] | None = None
    accounts: bool = True  # False (a viewer): aggregates only, no account's row, name or margin

    def covers(self, manager: str | None) -> bool:
        """Whether an account managed by `manager` is in this scope."""
        return self.managers is None or manager in self.managers

    def colleagues(self, managers: list[str]) -> list[str]:
        """The managers of `managers` whose accounts this scope may open: every one for a
        director, only themself for a manager, none for a viewer (who opens no account)."""
        return [m for m in managers if self.accounts and self.covers(m)]


EVERYTHING = Scope()  # the open app, a director, and the command line
NOTHING = Scope(managers=())


def email_key(email: str) -> str:
    """An email as compared: trimmed and lower-case."""
    return email.strip().lower()


def verified_email(email: object, verified: object) -> str | None:
    """The email the identity provider vouches for, or None: no email, or one its
    `email_verified` claim says is unverified (False, or "false" as some providers send it).
    A provider that sends no such claim vouches for the emails it gives (company directories)."""
    if not isinstance(email, str) or not email.strip() or str(verified).lower() == "false":
        return None
    return email


def find(users: pd.DataFrame, email: str | None) -> Person | None:
    """The person `users` (columns email, role, manager) names with `email`; None if nobody."""
    if not email:
        return None
    found = users[users["email"].map(email_key) == email_key(email)]
    if found.empty:
        return None
    row = found.iloc[0]
    manager = row["manager"] if isinstance(row["manager"], str) and row["manager"] else None
    return Person(email_key(email), str(row["role"]), manager)


def scope_of(person: Person | None) -> Scope:
    """What `person` may see (module docstring); a manager without a manager name sees nothing."""
    if person is None:
        return NOTHING
    if person.role == "director":
        return EVERYTHING
    if person.role == "manager":
        return Scope(managers=(person.manager,)) if person.manager else NOTHING
    if person.role == "viewer":
        return Scope(accounts=False)
    return NOTHING


def directors(users: pd.DataFrame) -> list[str]:
    """The directors' emails, sorted: whom an unknown person should ask to be let in."""
    return sorted(users.loc[users["role"] == "director", "email"].map(email_key))


def user_problems(users: pd.DataFrame) -> list[str]:
    """What is wrong with a users list (typed by importing.prepare): one line per problem."""
    problems = []
    for row in users.itertuples(index=False):
        email = str(row.email)
        if len(email) > EMAIL_CHARACTERS:
            problems.append(
                f"email: {email[:40]!r}... is longer than {EMAIL_CHARACTERS} characters"
            )
        elif not _EMAIL.fullmatch(email):
            problems.append(f"email: {email!r} is not an email address")
        if row.role == "manager" and not (isinstance(row.manager, str) and row.manager.strip()):
            problems.append(f"manager: {email} is a manager but names no manager")
        if isinstance(row.manager, str) and len(row.manager) > MANAGER_CHARACTERS:
            problems.append(
                f"manager: {email}'s manager name is longer than {MANAGER_CHARACTERS} characters"
            )
    keys = users["email"].map(email_key)
    for email in sorted(set(keys[keys.duplicated()])):
        problems.append(f"email: {email} is listed twice")
    return problems
