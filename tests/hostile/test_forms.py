"""The app's forms under hostile input: the company settings, the people who may sign in and the
store-check sheet. Each refusal is one line and saves nothing; what is kept is kept exactly and
printed as text on every paper (Excel title, PDF brief and statement, meeting deck).
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from kam_core.__main__ import main
from kam_core.data import exports, formats
from kam_core.reports import fonts
from kam_core.reports.pdf import Report
from kam_core.store import journal, people
from tests.app.conftest import first_run

TODAY = date(2026, 10, 31)
NAMES = {
    "markup": "<b>Acme</b> **bold** <script>alert(1)</script>",
    "formula": '=HYPERLINK("http://evil.example","Acme")',
    "right to left": "שלום עולם",
    "CJK": "北京华联商贸有限公司",
    "emoji": "Zoë's Café 😀",
}


def _saved(path: Path) -> tuple[int, int]:
    return len(journal.records(path, "visits")), len(journal.records(path, "shelf_observations"))


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_company_name_is_kept_exactly_and_heads_the_excel_title_as_text(
    fresh_db: Path, name: str
):
    journal.save_style(fresh_db, name, "USD", "en_US", "ann")
    kept = journal.style(fresh_db).company

    book = exports.for_people(pd.DataFrame({"a": [1]}), {}, f"{kept}: Ranking")
    title = openpyxl.load_workbook(io.BytesIO(book)).active["A1"]

    assert kept == name
    assert title.data_type == "s"  # text, never a formula a spreadsheet would run
    assert title.value == ("'" if name.startswith("=") else "") + f"{name}: Ranking"


@pytest.mark.parametrize("name", ["x" * 81, "x" * 10_000, "Acme\nLtd", "Ac\x01me"])
def test_a_company_name_too_long_or_with_control_characters_saves_nothing(
    fresh_db: Path, name: str
):
    journal.save_style(fresh_db, "Acme", "EUR", "de_DE", "ann")
    before = journal.style(fresh_db)

    with pytest.raises(formats.FormatError, match="the company name has"):
        journal.save_style(fresh_db, name, "USD", "en_US", "ann")

    assert journal.style(fresh_db) == before


def test_the_company_form_caps_the_name_and_shows_a_refusal_as_plain_text(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
):
    at = first_run(fresh_db, monkeypatch)
    at.switch_page("pages/data.py").run()
    name = next(t for t in at.text_input if t.label == "Company name")
    next(t for t in at.text_input if t.label == "Locale").input("**de**")
    next(b for b in at.button if b.label == "Save company settings").click().run()

    assert name.max_chars == formats.COMPANY_CHARACTERS  # the same cap as the core's
    assert not at.exception
    assert [e.value for e in at.error] == [
        "unknown locale '\\*\\*de\\*\\*'\\: use a code such as en\\_US, en\\_GB, de\\_DE or zh\\_CN"
    ]
    assert journal.style(fresh_db) == formats.DEFAULT


needs_font = pytest.mark.skipif(
    fonts.unicode_font() is None, reason="the Unicode PDF font is not installed (make fonts)"
)


@needs_font
def test_the_pdf_header_prints_the_company_name_exactly_in_any_script():
    name = "שלום <b>Acme</b> **x** 北京华联"
    report = Report("Account brief - Acme", TODAY, "", company=name)

    text = PdfReader(io.BytesIO(report.to_bytes())).pages[0].extract_text()

    # pypdf reads right-to-left letters in visual order (the Hebrew word comes back reversed)
    # and guesses spaces where the font changes: compared without spaces.
    assert "םולש<b>Acme</b>**x**北京华联" in text.replace(" ", "")


def test_the_meeting_deck_opens_with_the_company_name_as_text(fresh_db: Path, tmp_path: Path):
    journal.save_style(fresh_db, NAMES["markup"], "USD", "en_US", "ann")
    out = tmp_path / "meeting.pptx"

    assert main(["deck", "--db", str(fresh_db), "--as-of", "2026-10-31", "--out", str(out)]) == 0

    first = Presentation(str(out)).slides[0]
    said = [s.text_frame.text for s in first.shapes if s.has_text_frame]
    assert said[1] == f"{NAMES['markup']}: portfolio review as of 31 October 2026"


def _cells(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["email", "role", "manager"])


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        (_cells(("Ann@X.org", "viewer", ""), (" ann@x.ORG ", "director", "")),
         "email: ann@x.org is listed twice"),
        (_cells(("ann@x.org", "boss", ""),),
         "the list, row 1, column role: 'boss' is not one of director, manager, viewer"),
        (_cells(("<b>ann</b>@x.org", "viewer", ""),),
         "email: '<b>ann</b>@x.org' is not an email address"),
        (_cells(("ann@x.org", "manager", "<script>" * 30),),
         "manager: ann@x.org's manager name is longer than 200 characters"),
    ],
)  # fmt: skip
def test_a_bad_users_list_is_refused_in_one_line_and_nothing_saved(
    fresh_db: Path, rows: pd.DataFrame, line: str
):
    people.save_users(fresh_db, people.checked(_cells(("dora@x.org", "director", "")), "t"), "t")

    with pytest.raises(people.JournalError) as refused:
        people.save_users(fresh_db, people.checked(rows, "the list"), "ann")

    assert str(refused.value) == line
    assert people.users(fresh_db)["email"].tolist() == ["dora@x.org"]


def test_a_pasted_list_of_thousands_is_saved_or_refused_with_the_first_five_problems(
    fresh_db: Path,
):
    many = _cells(*((f"User{i}@X.org ", "viewer", "") for i in range(3_000)))
    bad = _cells(*((f"user{i}", "viewer", "") for i in range(3_000)))

    assert people.save_users(fresh_db, people.checked(many, "the list"), "ann") == 3_000
    with pytest.raises(people.JournalError) as refused:
        people.checked(bad, "the list")

    assert str(refused.value).endswith("; and 2,995 more problems")
    assert str(refused.value).count("is not an email address") == 5
    assert set(people.users(fresh_db)["email"]) == {f"user{i}@x.org" for i in range(3_000)}


def _check(path: Path, accounts: set[str], day: date, **row: object) -> None:
    visit = {"account_id": sorted(accounts)[0], "date": day, "kind": "store check"}
    sheet = pd.DataFrame([{"sku": "AC-1001", "on_shelf": True} | row])
    journal.record_visit(path, visit, None, "ann", accounts, TODAY, (), sheet)


@pytest.mark.parametrize(
    ("day", "row", "line"),
    [
        (TODAY + timedelta(days=1), {},
         "date: the store check is dated 2026-11-01, after today: record it once made"),
        (TODAY, {"oldest_production_date": "2026-11-01"},
         "AC-1001 oldest_production_date: '2026-11-01' is after the check's day (2026-10-31)"),
        (TODAY, {"note": "<b>x</b> 😀 " * 30}, "AC-1001 note: is longer than 200 characters"),
        (TODAY, {"facings": -1}, "AC-1001 facings: -1 must not be negative"),
        (TODAY, {"shelf_price": 1e30},
         "AC-1001 shelf_price: '1e+30' is not a number below 1,000,000,000,000,000 in size "
         "(the ceiling for amounts)"),
    ],
)  # fmt: skip
def test_a_bad_store_check_names_the_sku_and_saves_nothing(
    fresh_db: Path, accounts: set[str], day: date, row: dict[str, object], line: str
):
    before = _saved(fresh_db)

    with pytest.raises(journal.JournalError) as refused:
        _check(fresh_db, accounts, day, **row)

    assert str(refused.value) == line
    assert _saved(fresh_db) == before


def test_a_store_check_keeps_markup_emoji_and_other_scripts_as_typed(
    fresh_db: Path, accounts: set[str]
):
    note = "<script>alert(1)</script> **x** שלום 北京 😀"

    _check(fresh_db, accounts, TODAY, note=note, oldest_production_date="2026-10-31")

    saved = journal.records(fresh_db, "shelf_observations")
    assert saved["note"].tolist() == [note]
