"""CSV files as Excel and older systems save them: the text is imported exactly or refused.

Never stored altered: a GBK file whose bytes happen to be valid UTF-8 must not become mojibake,
and a file that reads as plausible text in two encodings is refused, asking which one it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kam_core.__main__ import main
from kam_core.store import db
from kam_core.store.imports import ImportFailed, import_file
from tests.robustness import digest

NAMES = {
    "GBK": ("gbk", ["北京华联商贸有限公司", "上海百货", "深圳顺通贸易"]),
    "GB18030": (
        "gb18030",
        ["𠀀北京商贸", "䶮龑科技", "上海百货 €"],
    ),  # beyond GBK: 4-byte characters
    "cp1252": ("cp1252", ["Müller “Café” – Société", "Señor Œuvre"]),
    "Latin-1": ("latin-1", ["Müller Café", "Ångström Ørsted"]),
    "UTF-16": ("utf-16", ["Müller 北京", "東京ストア"]),
    "GBK valid as UTF-8": ("gbk", ["隆泰实业", "盛源实业", "顺通贸"]),
}
READ_AS = {
    "GBK": "GB18030 (GBK)",
    "GB18030": "GB18030 (GBK)",
    "cp1252": "Windows-1252 (Latin-1)",
    "Latin-1": "Windows-1252 (Latin-1)",
    "UTF-16": "UTF-16",
    "GBK valid as UTF-8": "GB18030 (GBK)",
}


def accounts_csv(folder: Path, names: list[str], encoding: str) -> Path:
    rows = "".join(f"N{i},{name}\n" for i, name in enumerate(names))
    file = folder / "accounts.csv"
    file.write_bytes(f"account_id,name\n{rows}".encode(encoding))
    return file


def stored_names(path: Path) -> list[str]:
    con = db.connect(path)
    try:
        found = con.execute(
            "select name from accounts where account_id like 'N%' order by account_id"
        )
        return [row[0] for row in found.fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("case", list(NAMES))
def test_names_are_imported_exactly_in_the_encoding_excel_saved(
    fresh_db: Path, tmp_path: Path, case: str
) -> None:
    encoding, names = NAMES[case]
    file = accounts_csv(tmp_path, names, encoding)

    result = import_file(fresh_db, "accounts", file)

    assert stored_names(fresh_db) == names
    assert f"text read as {READ_AS[case]}" in result.summary


def test_the_gbk_names_that_are_valid_utf8_are_not_read_as_utf8(tmp_path: Path) -> None:
    raw = "account_id,name\nC1,隆泰实业\nC2,盛源实业\nC3,顺通贸\n".encode("gbk")
    raw.decode("utf-8")  # the trap: these bytes are valid UTF-8
    file = tmp_path / "accounts.csv"
    file.write_bytes(raw)

    import_file(tmp_path / "kam.duckdb", "accounts", file)

    con = db.connect(tmp_path / "kam.duckdb")
    names = [r[0] for r in con.execute("select name from accounts order by 1").fetchall()]
    con.close()
    assert names == sorted(["隆泰实业", "盛源实业", "顺通贸"])


@pytest.mark.parametrize("text", ["ÉlÉa", "éAéB"])
def test_a_file_plausible_in_two_encodings_is_refused_asking_which(
    fresh_db: Path, tmp_path: Path, text: str
) -> None:
    # cp1252 'ÉlÉa' is GBK '蒷蒩': both are names someone could have.
    file = tmp_path / "accounts.csv"
    file.write_bytes(f"account_id,name\nN1,{text}\n".encode("cp1252"))
    before = digest(fresh_db)

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "accounts", file)

    message = str(refused.value)
    assert "GB18030 (GBK) or Windows-1252 (Latin-1)" in message
    assert "--encoding" in message
    assert digest(fresh_db) == before


@pytest.mark.parametrize(("encoding", "name"), [("cp1252", "ÉlÉa"), ("gbk", "蒷蒩")])
def test_naming_the_encoding_imports_the_ambiguous_file(
    fresh_db: Path, tmp_path: Path, encoding: str, name: str
) -> None:
    file = tmp_path / "accounts.csv"
    file.write_bytes("account_id,name\nN1,ÉlÉa\n".encode("cp1252"))

    code = main(
        ["import", "--db", str(fresh_db), "--table", "accounts", str(file), "--encoding", encoding]
    )

    assert code == 0
    assert stored_names(fresh_db) == [name]


def test_an_unknown_encoding_name_is_one_line(
    fresh_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = accounts_csv(tmp_path, ["Alpha"], "utf-8")

    code = main(
        ["import", "--db", str(fresh_db), "--table", "accounts", str(file), "--encoding", "klingon"]
    )

    err = capsys.readouterr().err
    assert code == 1
    assert "unknown encoding 'klingon'" in err
    assert "Traceback" not in err


def test_a_file_no_encoding_reads_is_refused_naming_its_line(fresh_db: Path, tmp_path: Path):
    file = tmp_path / "accounts.csv"
    file.write_bytes(b"account_id,name\nN1,Alpha\nN2,\x81\xff\n")

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "accounts", file)

    assert "accounts.csv, row 3: the file is not text in UTF-8, GB18030 or Windows-1252" in str(
        refused.value
    )


@pytest.mark.parametrize(
    ("cell", "found"),
    [
        ("Al\x01pha", "a control character U+0001 at position 3"),
        ("Alpha\x85", "a control character U+0085 at position 6"),  # Latin-1's C1 'NEL'
        ("Al\U000e0080pha", "an unassigned character U+E0080 at position 3"),
        ("Caf\ufffd", "the replacement character"),
    ],
)
def test_a_control_or_unassigned_character_is_an_error_naming_row_and_column(
    fresh_db: Path, tmp_path: Path, cell: str, found: str
) -> None:
    file = tmp_path / "accounts.csv"
    file.write_bytes(f"account_id,name\nN1,Beta\nN2,{cell}\n".encode())
    before = digest(fresh_db)

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "accounts", file)

    lines = str(refused.value).splitlines()
    assert any(
        line.startswith("  accounts.csv, row 3, column name:") and found in line for line in lines
    ), lines
    assert digest(fresh_db) == before


def test_tab_and_newline_inside_a_quoted_cell_are_text(fresh_db: Path, tmp_path: Path) -> None:
    file = tmp_path / "accounts.csv"
    file.write_bytes(b'account_id,name\nN1,"Alpha\tand\nBeta"\n')

    import_file(fresh_db, "accounts", file)

    assert stored_names(fresh_db) == ["Alpha\tand\nBeta"]


WORLD_NAMES = [
    "Müller GmbH",
    "Société Générale",
    "北京华联",
    "東京ストア",
    "서울상사",
    "Москва Торг",
    "Αθήνα ΑΕ",
    "Đồng Nai",
    "İstanbul Ticaret",
    "Łódź Sp. z o.o.",
    "ºÀ Café",
]


@pytest.mark.parametrize("name", WORLD_NAMES)
def test_a_one_row_utf8_file_without_a_bom_is_read_as_utf8(
    fresh_db: Path, tmp_path: Path, name: str
) -> None:
    file = accounts_csv(tmp_path, [name], "utf-8")

    result = import_file(fresh_db, "accounts", file)

    assert stored_names(fresh_db) == [name]
    assert result.summary.endswith("text read as UTF-8)")
