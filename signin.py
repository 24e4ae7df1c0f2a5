"""Streamlit glue for signing in: who is at the screen, what they may see, what they did.

With an [auth] section in .streamlit/secrets.toml the app asks for an OpenID Connect sign-in
(st.login) and shows each person their scope (kam_core.data.access, docs/access.md); without
one it runs open, for one person on their own machine, and the sidebar says so.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import urlsplit

import streamlit as st

import ui
from kam_core.data import access
from kam_core.data.formats import Column
from kam_core.store import people

PROVIDER_SECONDS = 5  # how long the sign-in page waits for the provider's discovery document

AUDIT = {  # "at" is a UTC time of day, text: the vocabulary's dates have no time
    "at": Column("When (UTC)"),
    "who": Column("Who"),
    "what": Column("What"),
    "detail": Column("Detail"),
}


def person() -> access.Person | None:
    """The signed-in person as `users` lists them (None in open mode and for strangers)."""
    return st.session_state.get("person")


def _provider_problem() -> str | None:
    """Why the provider cannot be used now, in one line; None when its discovery answers."""
    url = str(st.secrets["auth"].get("server_metadata_url", ""))
    host = urlsplit(url).netloc or url
    try:
        with urllib.request.urlopen(url, timeout=PROVIDER_SECONDS) as answer:  # noqa: S310
            answer.read(1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"The sign-in service ({host}) does not answer: {reason}."
    return None


def _sign_in_page() -> None:
    st.title("KAM Dashboard")
    problem = _provider_problem()
    if problem:
        st.error(problem, icon=":material/cloud_off:")
        st.write(
            "Nothing is wrong with your account. Try again in a few minutes; if it lasts, "
            "tell your IT service desk that the company sign-in cannot be reached."
        )
        st.button("Try again", type="primary")
        return
    st.write("Sign in with your company account to see your accounts.")
    if st.button("Sign in", type="primary", icon=":material/login:"):
        st.login()
    st.caption(
        "If the sign-in service refused you, you come back here: ask your IT service desk "
        "to give you access to the KAM Dashboard application."
    )


def _stranger_page(email: str, verified: bool, users: Any) -> None:
    st.title("KAM Dashboard")
    if not verified:  # anyone could have typed it: an unverified email is nobody's
        st.warning(f"Your sign-in service has not verified the email {ui.plain(email)}: ask "
                   "your IT service desk to verify it, then sign in again.",
                   icon=":material/lock:")  # fmt: skip
    else:
        st.warning(f"You are signed in as {ui.plain(email)}, but you are not on the list of "
                   "people who may see the data.", icon=":material/lock:")  # fmt: skip
        asked = access.directors(users)
        st.write(
            "Ask a director to add you on the Data page"
            + (f": {', '.join(ui.plain(d) for d in asked)}." if asked else ".")
        )
    if st.button("Sign out"):
        st.logout()


def _alone(page: Callable[[], None], title: str) -> NoReturn:
    """Show `page` as the app's only page, with no navigation, and stop: no other page runs."""
    only = st.Page(page, title=title, url_path="access", default=True)
    st.navigation([only], position="hidden").run()
    st.stop()


def gate() -> None:
    """Stop the script with the right page unless someone may see data; say who in the sidebar."""
    if not ui.sign_in_configured():
        st.sidebar.caption(
            ":material/lock_open: Open mode: no sign-in is configured, so whoever reaches this "
            "page sees every account."
        )
        return
    if not st.user.is_logged_in:
        st.session_state.pop("person", None)
        st.session_state.pop("scope", None)
        _alone(_sign_in_page, "Sign in")
    claimed = str(st.user.get("email") or "")
    email = access.verified_email(claimed, st.user.get("email_verified"))
    users = people.users(ui.db_path())
    found = access.find(users, email)
    if found is None:
        st.session_state["scope"] = access.NOTHING
        _alone(lambda: _stranger_page(claimed, email is not None, users), "No access")
    if st.session_state.get("person") != found:
        people.record(ui.db_path(), found.email, "sign in", found.role)
    st.session_state["person"] = found
    st.session_state["scope"] = access.scope_of(found)
    with st.sidebar:
        st.caption(f":material/person: {ui.plain(found.email)} · {found.role}")
        if st.button("Sign out", icon=":material/logout:"):
            people.record(ui.db_path(), found.email, "sign out")
            st.logout()


def pages(everything: dict[str, list[Any]], viewer: Any) -> dict[str, list[Any]]:
    """The navigation this session may use: all of it for everyone's scope (open mode, a
    director); a manager's has no Data page (imports, raw tables, people, audit); a viewer's is
    the `viewer` page only (docs/access.md)."""
    chosen = ui.scope()
    if chosen == access.EVERYTHING:
        return everything
    if not chosen.accounts:
        return {"Portfolio": [viewer]}
    return {group: listed for group, listed in everything.items() if group != "Data"}


ROLE_COLUMNS = {
    "email": st.column_config.TextColumn("Email", required=True),
    "role": st.column_config.SelectboxColumn("Role", options=access.ROLES, required=True),
    "manager": st.column_config.TextColumn(
        "Manager", help="A manager's name exactly as in the accounts' manager column"
    ),
}


def people_section() -> None:
    """The Data page's people: who may sign in (edited here) and the audit; a director's."""
    found = person()
    if found is not None and found.role != "director":
        return
    path = ui.db_path()
    st.subheader("People who may sign in")
    st.caption(
        "A director sees every account, a manager the accounts whose manager is theirs, a "
        "viewer the portfolio without account names or margins (docs/access.md)."
        + ("" if ui.sign_in_configured() else " Sign-in is off: the list applies once it is on.")
    )
    edited = st.data_editor(
        people.users(path), num_rows="dynamic", hide_index=True, column_config=ROLE_COLUMNS,
        key="users-editor", width="stretch",
    )  # fmt: skip
    if st.button("Save the people", key="users-save"):
        try:
            cells = edited.astype(object).where(edited.notna(), "").astype(str)
            saved = people.save_users(path, people.checked(cells, "the list"), ui.who())
        except people.JournalError as exc:
            st.error(ui.plain(exc))
        else:
            st.success(f"Saved: {saved} people may sign in.")
    st.subheader("Audit")
    st.caption("Sign-ins, sign-outs, downloads and journal changes, newest first (UTC).")
    lines = people.audit(path)
    # Downloads are titled with the period, which needs sales: none before the first import.
    name = "audit" if path.exists() else None
    ui.table(lines.assign(at=lines["at"].str.replace("T", " ")), name, AUDIT, width="stretch")
