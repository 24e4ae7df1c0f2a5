"""AppTest on the real app.py against the session's demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def first_run(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """app.py on `db` after its first run (sidebar filters drawn, landing page shown)."""
    monkeypatch.setenv("KAM_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """app.py after its first run on the session's demo database."""
    return first_run(demo_db, monkeypatch)


@pytest.fixture(scope="session")
def newcomer_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A company's first import, as a newcomer makes it from Northwind: ids that are not the
    demo's, five months of sales without a cost, stock snapshots, nothing else."""
    import pandas as pd

    from kam_core.store import db, insert_frame

    path = tmp_path_factory.mktemp("newcomer") / "first.duckdb"
    days = pd.date_range("1998-01-01", "1998-05-06", freq="D")
    sales = pd.DataFrame(
        {
            "date": days.repeat(2),
            "account_id": ["BONAP", "ALFKI"] * len(days),
            "sku": "11",
            "quantity": 3.0,
            "revenue": 42.0,
        }
    )
    tables = {
        "accounts": pd.DataFrame(
            {"account_id": ["ALFKI", "BONAP"], "name": ["Alfreds Futterkiste", "Bon app'"]}
        ),
        "products": pd.DataFrame({"sku": ["11"], "name": ["Queso Cabrales"]}),
        "sales": sales,
        "inventory": pd.DataFrame(
            {"date": [days[-1]] * 2, "account_id": ["ALFKI", "BONAP"], "sku": "11", "on_hand": 9.0}
        ),
    }
    with db.writing(path, fresh=True) as con:
        for name, rows in tables.items():
            insert_frame(con, name, rows)
    return path


@pytest.fixture
def newcomer(newcomer_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """app.py after its first run on the newcomer's database."""
    return first_run(newcomer_db, monkeypatch)
