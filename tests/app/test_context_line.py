"""Every page shows the context line: the period, the filters in force, the data's freshness."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from kam_core.store import db, query
from tests.app.conftest import ROOT, first_run
from ui import plain

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def serve(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """app.py on `db` run as `streamlit run` runs it, around every page it switches to.

    AppTest forgets before each run that st.navigation is in use, so after switch_page it would
    run the page file alone (Streamlit's old pages/-folder mode); ui.py turns that mode off only
    once per process, as a server needs.
    """
    made = PagesManager.__init__

    def navigation_only(self: PagesManager, *args: object, **kwargs: object) -> None:
        made(self, *args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", navigation_only)
    return first_run(db, monkeypatch)


@pytest.fixture
def served(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return serve(demo_db, monkeypatch)


def context_captions(at: AppTest) -> list[str]:
    period = at.session_state["context"].period
    return [c.value for c in at.caption if c.value.startswith(period + " · ")]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_context_line_once(served: AppTest, page: str) -> None:
    served.switch_page(page).run()

    shown = context_captions(served)

    assert not served.exception, [e.value for e in served.exception]
    assert len(shown) == 1, f"{page} shows no context line"
    assert "All accounts" in shown[0]
    # The demo's sales end on 30 Oct 2026, more than a week ago: the warning colour.
    assert ":orange[:material/warning: **last sale 30 Oct 2026," in shown[0]


def test_the_context_line_names_the_filters_in_force(served: AppTest) -> None:
    served.multiselect(key="region").set_value(["North", "South"]).run()

    # Region names are the user's words: escaped, so Markdown shows them as typed.
    assert "Regions\\: North, South" in context_captions(served)[0]


def test_the_data_page_gives_no_all_clear_on_stale_data(served: AppTest) -> None:
    served.switch_page("pages/data.py").run()

    assert not [s.value for s in served.success if "Contract" in s.value]
    assert served.warning[0].value.startswith("Contract OK")
    assert "but the data is stale: last sale 30 Oct 2026" in served.warning[0].value


def test_a_filter_value_is_shown_as_typed_never_as_markdown(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = "**North** <b>x</b> [go](http://e.example) :red[y]"
    with db.writing(fresh_db) as con:
        query(
            con, "update accounts set region = $region where region = 'North'", {"region": region}
        )
    at = serve(fresh_db, monkeypatch)

    at.multiselect(key="region").set_value([region]).run()

    shown = context_captions(at)[0]
    assert plain(region) in shown  # every Markdown character escaped
    assert "**North**" not in shown and "[go](" not in shown and ":red[" not in shown
