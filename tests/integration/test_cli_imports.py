"""The command line imports only what a command uses: pandas and the store for every command,
the PDF, slide and chart libraries only for `brief` and `deck`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kam_core.data.exports import FORMATS
from kam_core.store.demo import DEFAULT_SALES_ROWS, MIN_SALES_ROWS

HEAVY = ("fpdf", "pptx", "plotly")

# Runs a command in a fresh interpreter and reports which heavy libraries it had imported.
PROBE = f"""
import json, sys
from kam_core.__main__ import main
code = main(sys.argv[1:])
print(json.dumps({{"code": code, "loaded": sorted(m for m in {HEAVY!r} if m in sys.modules)}}))
"""


def _loaded(*args: object) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True, check=False
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "command", [("export", "accounts", "--out", "{tmp}/a.parquet"), ("check",)]
)
def test_export_and_check_load_no_report_library(demo_db: Path, tmp_path: Path, command):
    args = [a.format(tmp=tmp_path) for a in command]

    probe = _loaded(args[0], "--db", demo_db, *args[1:])

    assert probe["code"] in (0, 1)  # check exits 1 on a broken contract; the demo's is fine
    assert probe["loaded"] == []


def test_the_deck_loads_the_slide_library(demo_db: Path, tmp_path: Path):
    probe = _loaded("deck", "--db", demo_db, "--out", tmp_path / "d.pptx")

    assert probe["code"] == 0
    assert "pptx" in probe["loaded"]


def test_help_states_the_real_defaults():
    done = subprocess.run(
        [sys.executable, "-m", "kam_core", "demo", "--help"], capture_output=True, text=True
    )
    export = subprocess.run(
        [sys.executable, "-m", "kam_core", "export", "--help"], capture_output=True, text=True
    )

    assert f"at least {MIN_SALES_ROWS:,}; default {DEFAULT_SALES_ROWS:,}" in done.stdout
    assert all(suffix in export.stdout for suffix in FORMATS)
