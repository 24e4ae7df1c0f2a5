"""The Targets page: the year's grid, its totals, and edits saved all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kam_core.store import db
from tests.app.conftest import ROOT
from tests.app.sales_frame import metric, money
from tests.integration.test_import import content

PAGE = "pages/targets.py"
NO_EDITS = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


def open_targets(path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KAM_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def saved_target(path: Path, account: str, year: int = 2026) -> list[tuple]:
    con = db.connect(path)
    try:
        return con.execute(
            "select month, revenue_target from targets where account_id = $a and year = $y "
            "order by month nulls first",
            {"a": account, "y": year},
        ).fetchall()
    finally:
        con.close()


def edit(at: AppTest, **changes: object) -> AppTest:
    """Seed the grid's edit state as a user's typing would, then press Save."""
    at.session_state["targets-2026"] = NO_EDITS | changes
    at.run()
    save = next(b for b in at.button if b.label == "Save targets")
    return save.click().run()


def test_the_grid_shows_the_year_and_totals_add_up(demo_db: Path, monkeypatch):
    at = open_targets(demo_db, monkeypatch)

    grid = at.data_editor[0].value
    per_manager, per_region = at.dataframe[1].value, at.dataframe[2].value
    assert at.selectbox[-1].value == 2026
    assert len(grid) > 100 and grid["month"].notna().any() and grid["month"].isna().any()
    assert per_manager["revenue_target"].sum() == pytest.approx(grid["revenue_target"].sum())
    assert per_region["revenue_target"].sum() == pytest.approx(grid["revenue_target"].sum())
    assert per_manager["accounts"].sum() == grid["account_id"].nunique()
    assert per_manager["attainment"].between(50, 150).all()  # in percent, as the grid shows it
    assert next(b for b in at.button if b.label == "Save targets").disabled  # nothing edited


def test_an_edit_is_saved_and_read_back(fresh_db: Path, monkeypatch):
    at = open_targets(fresh_db, monkeypatch)
    account = at.data_editor[0].value["account_id"].iloc[0]

    at = edit(at, edited_rows={0: {"revenue_target": 777_000}})

    assert not at.exception
    assert [s.value for s in at.success] == [f"Saved {len(at.data_editor[0].value):,} target "
                                              "rows for 2026."]  # fmt: skip
    assert saved_target(fresh_db, account)[0][1] == 777_000
    assert at.data_editor[0].value["revenue_target"].iloc[0] == 777_000
    assert metric(at, "Revenue target 2026") == money(at.data_editor[0].value.revenue_target.sum())


def test_a_bad_edit_is_refused_with_one_message_and_nothing_saved(fresh_db: Path, monkeypatch):
    at = open_targets(fresh_db, monkeypatch)
    before = content(fresh_db)

    at = edit(at, added_rows=[{"account_id": "NOBODY", "revenue_target": 5}])

    assert not at.exception
    assert len(at.error) == 1
    assert "Nothing saved" in at.error[0].value and "NOBODY" in at.error[0].value
    assert content(fresh_db) == before


def test_a_negative_target_is_refused(fresh_db: Path, monkeypatch):
    at = open_targets(fresh_db, monkeypatch)
    before = content(fresh_db)

    at = edit(at, edited_rows={2: {"revenue_target": -1}})

    assert "must not be negative" in at.error[0].value
    assert content(fresh_db) == before
