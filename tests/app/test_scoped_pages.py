"""Pages a manager or a viewer may open run and show nothing of another manager's account."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.data.access import EVERYTHING, Person, Scope, scope_of
from kam_core.store import journal, people
from tests.app.conftest import ROOT

MANAGER = "Ben Okafor"
PAGES = sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py") if p.name != "data.py"
)
SHOWN = ("markdown", "title", "subheader", "caption", "metric", "dataframe", "table", "text",
         "error", "warning", "info", "success")  # fmt: skip


def _canary(db: Path) -> tuple[str, str]:
    """Another manager's biggest account: (id, name)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.sql(
            "select a.account_id, a.name from accounts a join sales s using (account_id) "
            "where a.manager <> $m group by all order by sum(s.revenue) desc limit 1",
            params={"m": MANAGER},
        ).fetchall()
    finally:
        con.close()
    return str(found[0][0]), str(found[0][1])


def _everything_shown(at: AppTest) -> str:
    texts = [repr(e.value) for kind in SHOWN for e in at.get(kind)]
    texts += [repr(e.options) for kind in ("selectbox", "multiselect") for e in at.get(kind)]
    return " ".join(texts)


def _as(scope: Scope, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KAM_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["scope"] = scope
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_a_manager_sees_no_other_managers_account(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    account, name = _canary(demo_db)
    at = _as(scope_of(Person("ben@example.com", "manager", MANAGER)), demo_db, monkeypatch)

    at.switch_page(page).run()

    assert not at.exception, [e.value for e in at.exception]
    shown = _everything_shown(at)
    assert name not in shown
    assert f"'{account}'" not in shown


def test_my_week_offers_a_manager_only_themself_and_a_director_everyone(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = _as(scope_of(Person("ben@example.com", "manager", MANAGER)), demo_db, monkeypatch)
    director = _as(EVERYTHING, demo_db, monkeypatch)

    manager.switch_page("pages/my_week.py").run()
    director.switch_page("pages/my_week.py").run()

    assert manager.selectbox(key="week-manager").options == [MANAGER]
    assert len(director.selectbox(key="week-manager").options) > 1
    assert MANAGER in director.selectbox(key="week-manager").options


def test_a_deep_link_to_another_managers_account_is_refused(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    account, name = _canary(demo_db)
    at = _as(scope_of(Person("ben@example.com", "manager", MANAGER)), demo_db, monkeypatch)
    at.query_params["account"] = account

    at.switch_page("pages/brief.py").run()

    assert [e.value for e in at.error] == [f"{account} is not one of your accounts"]
    assert name not in _everything_shown(at)


def test_a_viewer_sees_the_overview_without_accounts_or_margins(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        names = [str(n) for (n,) in con.sql("select name from accounts").fetchall()]
    finally:
        con.close()

    at = _as(Scope(accounts=False), demo_db, monkeypatch)  # the viewer's only page opens

    shown = _everything_shown(at)
    assert at.title[0].value == "Portfolio totals"
    assert [n for n in names if n in shown] == []
    assert "margin" not in shown.replace("margins are not shown", "").lower()
    assert at.metric[0].label == "Revenue"
    assert at.metric[0].value not in ("–", "0")


def test_the_open_app_says_so_in_the_sidebar(app: AppTest) -> None:
    assert any("Open mode" in c.value for c in app.sidebar.caption)


def test_the_data_page_lists_the_people_and_the_audit(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = pd.DataFrame({"email": ["dora@example.com"], "role": ["director"], "manager": [None]})
    people.save_users(fresh_db, users, "test")
    people.record(fresh_db, "dora@example.com", "download", "accounts.csv")
    at = _as(EVERYTHING, fresh_db, monkeypatch)

    at.switch_page("pages/data.py").run()

    assert not at.exception, [e.value for e in at.exception]
    assert {"People who may sign in", "Audit"} <= {s.value for s in at.subheader}
    shown = _everything_shown(at)
    assert "dora@example.com" in shown and "accounts.csv" in shown


def test_a_manager_has_no_data_page_in_the_navigation(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _as(scope_of(Person("ben@example.com", "manager", MANAGER)), demo_db, monkeypatch)

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/data.py")


def test_the_journal_records_the_signed_in_person_as_visitor_and_author(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ben = Person("ben@example.com", "manager", MANAGER)
    con = duckdb.connect(str(fresh_db), read_only=True)
    try:
        mine = con.sql("select min(account_id) from accounts where manager = $m",
                       params={"m": MANAGER}).fetchall()[0][0]  # fmt: skip
    finally:
        con.close()
    at = _as(scope_of(ben), fresh_db, monkeypatch)
    at.session_state["person"] = ben
    at.query_params["account"] = mine
    at.switch_page("pages/brief.py").run()

    at.text_area(key="brief-visit-notes").input("Met the buyer")
    next(b for b in at.button if b.label == "Save visit").click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert not [t for t in at.text_input if t.label == "Your name"]  # nobody types a name
    visits = journal.records(fresh_db, "visits", mine)
    assert visits.iloc[-1]["visitor"] == "ben@example.com"
    latest = journal.history(fresh_db, "visits", limit=1)
    assert latest.iloc[0]["who"] == "ben@example.com"


def test_a_users_file_imported_on_the_data_page_lands_in_the_list(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.app.test_data import click_import, open_data, upload

    at = open_data(fresh_db, monkeypatch)
    upload(at, "users", "people.csv", b"Email,Role,Manager\nBen@Example.com,manager,Ben Okafor\n")

    click_import(at)

    assert at.success[0].value.startswith("Imported 1 row into users from people\\.csv")
    assert people.users(fresh_db).values.tolist() == [["ben@example.com", "manager", "Ben Okafor"]]
