"""A file with 100,000 columns: the Data page asks one question per contract column (which file
column feeds it), not one per file column, so the page is drawn and the import goes through.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kam_core.data import importing
from tests.app.conftest import ROOT
from tests.integration.test_import import count

WIDE = 100_000


def wide_accounts() -> bytes:
    header = ",".join(["account_id", *(f"extra_{i}" for i in range(WIDE)), "name"])
    row = ",".join(["W1", *("x" for _ in range(WIDE)), "Wide Account"])
    return f"{header}\n{row}\n".encode()


def test_a_100000_column_upload_gets_one_select_per_contract_column(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAM_DB", str(fresh_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("pages/data.py").run()
    at.selectbox(key="import_table").set_value("accounts").run()

    at.file_uploader[0].set_value(("wide.csv", wide_accounts(), "text/csv")).run()

    assert not at.exception, [e.value for e in at.exception]
    mapping = {s.key: s.value for s in at.selectbox if s.key and s.key.startswith("map-")}
    assert len(mapping) == len(importing.targets_for("accounts"))
    assert mapping["map-accounts-account_id"] == "account_id"
    assert mapping["map-accounts-name"] == "name"
    assert "the first 50 of 100,002 columns" in " ".join(c.value for c in at.caption)

    next(b for b in at.button if b.label == "Import").click().run()

    assert not at.exception, [e.value for e in at.exception]
    summary = at.success[0].value
    assert summary.startswith("Imported 1 row into accounts from wide\\.csv")
    assert "and 99,990 more" in summary  # the ignored columns are counted, not listed
    assert count(fresh_db, "accounts") == 151
