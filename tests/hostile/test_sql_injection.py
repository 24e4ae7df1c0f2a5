"""Filter values and URL parameters carrying SQL change nothing and leak nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.accounts.screening import DEFAULT_WEIGHTS
from kam_core.data.filters import Filters
from kam_core.store import brief, contests, db, portfolio, stock, trends
from kam_core.store import promotions as promotion_store
from kam_core.store import rebates as rebate_store
from kam_core.store import stock_plan as plans
from tests.app.conftest import ROOT
from tests.robustness import digest

INJECTIONS = (
    "' or 1=1 --",
    "x'); drop table sales; --",
    "North' or region is not null or '",
    '" or ""="',
    "%",
    "\\' union select * from accounts --",
)


def _account_ids(result: Any) -> set[str]:
    """Every account_id in the frames of a result."""
    if isinstance(result, pd.DataFrame):
        return set(result["account_id"].dropna()) if "account_id" in result else set()
    if isinstance(result, tuple | list):
        return set().union(*map(_account_ids, result)) if result else set()
    return set()


def _portfolio_queries(con: Any, f: Filters) -> dict[str, Any]:
    as_of = stock.snapshot_dates(con)[-1]
    return {
        "accounts": portfolio.accounts(con, *f.account_params().values()),
        "account_totals": trends.account_totals(con, f),
        "monthly": trends.monthly(con, f),
        "ranking": trends.ranking(con, f, 0.8, 0.95),
        "screening": trends.screening(con, f, DEFAULT_WEIGHTS),
        "payouts": rebate_store.payouts(con, f.end, None, f),
        "contest": contests.contest_sales(con, f),
        "promotions": promotion_store.promotion_analysis(con, f),
        "stock_plan": plans.stock_plan(con, as_of, None, 0.95, f).risk,
    }


@pytest.mark.parametrize(
    ("field", "injection"),
    [(("regions", "channels", "managers")[i], text) for i, text in enumerate(INJECTIONS[:3])],
)
def test_sql_in_a_filter_matches_no_account_and_changes_nothing(
    demo_db: Path, field: str, injection: str
) -> None:
    before = digest(demo_db)
    con = db.connect(demo_db)
    cursor = db.cursor(con)
    last = portfolio.sales_dates(cursor)[1]  # type: ignore[index]
    f = Filters(last.replace(month=1, day=1), last, **{field: (injection,)})

    found = _portfolio_queries(cursor, f)

    leaked = {name: _account_ids(result) for name, result in found.items()}
    assert not any(leaked.values()), leaked
    assert trends.monthly(cursor, f)["revenue"].sum() == 0
    con.close()
    assert digest(demo_db) == before


def test_sql_in_an_account_id_finds_nothing(demo_db: Path) -> None:
    con = db.connect(demo_db)
    cursor = db.cursor(con)
    last = portfolio.sales_dates(cursor)[1]  # type: ignore[index]
    f = Filters(last.replace(month=1, day=1), last)

    for injection in INJECTIONS:
        with pytest.raises(ValueError, match="no account"):
            brief.account_brief(cursor, injection, f.start, f.end)
        assert trends.monthly(cursor, f, injection)["revenue"].sum() == 0
        assert trends.sku_changes(cursor, f, injection)["revenue"].sum() == 0
        assert trends.promotions(cursor, injection, f.start, f.end).empty
        assert trends.events(cursor, injection, f.start, f.end).empty
        assert stock.stock_history(cursor, injection, injection, last).empty
    con.close()


ACCOUNT_PAGES = ["pages/account_trend.py", "pages/brief.py"]


def _open_with_account(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, page: str, account: str
) -> AppTest:
    monkeypatch.setenv("KAM_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["account"] = account
    return at.switch_page(page).run()


@pytest.mark.parametrize("page", ACCOUNT_PAGES)
def test_the_account_url_parameter_opens_the_account(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    at = _open_with_account(demo_db, monkeypatch, page, "AC0001")

    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="account").value == "AC0001"
    assert at.metric


@pytest.mark.parametrize("page", ACCOUNT_PAGES)
@pytest.mark.parametrize("injection", INJECTIONS[:2])
def test_sql_in_the_account_url_parameter_opens_no_account(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, page: str, injection: str
) -> None:
    at = _open_with_account(demo_db, monkeypatch, page, injection)

    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="account").value is None
    assert any("Choose an account" in i.value for i in at.info), [i.value for i in at.info]
    assert not at.metric, "account figures were shown for an injected account id"
