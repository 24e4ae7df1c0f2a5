"""Tried as a new user would: an accounts file saved from Excel as GBK imports with its exact
Chinese names, which then read right in the PDF brief and the meeting deck; names in other
scripts too. Without the Unicode font the PDF falls back to Latin-1 and says so.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from kam_core.reports import fonts
from kam_core.store import db
from tests.app.conftest import ROOT

NAMES = {
    "AC0001": "隆泰实业",  # GBK bytes that are valid UTF-8 too
    "AC0002": "北京华联商贸有限公司",
    "AC0003": "盛源实业",
}
WORLD = {"AC0004": "Łódź Société Müller", "AC0005": "東京ストア 서울상사"}
needs_font = pytest.mark.skipif(
    fonts.unicode_font() is None, reason="the Unicode PDF font is not installed (make fonts)"
)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kam_core", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )


@pytest.fixture
def gbk_db(fresh_db: Path, tmp_path: Path) -> Path:
    """The demo's accounts saved from 'Excel' as GBK with Chinese names, imported by the CLI."""
    con = db.connect(fresh_db)
    accounts = con.execute("select * from accounts order by account_id").df()
    con.close()
    renamed = accounts.assign(name=accounts["account_id"].map(NAMES).fillna(accounts["name"]))
    file = tmp_path / "客户.csv"
    file.write_bytes(renamed.to_csv(index=False).encode("gbk"))

    done = cli("import", "--db", str(fresh_db), "--table", "accounts", "--replace", str(file))

    assert done.returncode == 0, done.stderr
    assert "text read as GB18030 (GBK)" in done.stdout
    return fresh_db


def test_a_gbk_accounts_file_is_stored_with_its_exact_names(gbk_db: Path) -> None:
    con = db.connect(gbk_db)
    stored = dict(con.execute("select account_id, name from accounts").fetchall())
    con.close()

    assert {k: stored[k] for k in NAMES} == NAMES


@needs_font
def test_the_brief_prints_the_chinese_name(gbk_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"

    done = cli("brief", "--db", str(gbk_db), "--account", "AC0001", "--out", str(out))

    assert done.returncode == 0, done.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert NAMES["AC0001"] in text
    assert "????" not in text
    assert "note:" not in done.stderr


def test_the_deck_shows_the_chinese_names(gbk_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    argv = ["deck", "--db", str(gbk_db), "--out", str(out)]

    done = cli(*argv, "--account", "AC0001", "--account", "AC0002")

    assert done.returncode == 0, done.stderr
    deck = Presentation(io.BytesIO(out.read_bytes()))
    text = " ".join(
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    )
    assert NAMES["AC0001"] in text and NAMES["AC0002"] in text


@needs_font
def test_names_in_any_script_print_in_the_brief(fresh_db: Path, tmp_path: Path) -> None:
    file = tmp_path / "accounts.csv"
    con = db.connect(fresh_db)
    accounts = con.execute("select * from accounts order by account_id").df()
    con.close()
    accounts.assign(name=accounts["account_id"].map(WORLD).fillna(accounts["name"])).to_csv(
        file, index=False
    )
    done = cli("import", "--db", str(fresh_db), "--table", "accounts", "--replace", str(file))
    assert done.returncode == 0, done.stderr

    for account, name in WORLD.items():
        out = tmp_path / f"{account}.pdf"
        cli("brief", "--db", str(fresh_db), "--account", account, "--out", str(out))
        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert name in text, (name, text[:200])


def test_without_the_font_the_brief_falls_back_to_latin1_and_says_so(
    gbk_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.pdf"
    env = {"PATH": "/usr/bin:/bin", "KAM_PDF_FONT": str(tmp_path / "no-such-font.ttf")}

    done = cli("brief", "--db", str(gbk_db), "--account", "AC0001", "--out", str(out), env=env)

    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"note: {fonts.MISSING}"
    assert "????" in "".join(page.extract_text() for page in PdfReader(out).pages)


def test_the_project_set_up_installs_the_font() -> None:
    # .ci/run and `make fonts` install the Debian package that fonts.FONT_FILES names.
    assert "fonts-wqy-microhei" in (ROOT / ".ci" / "run").read_text()
    assert "fonts-wqy-microhei" in (ROOT / "Makefile").read_text()
