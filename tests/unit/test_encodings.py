"""Which encoding a file's bytes are in: a named encoding, the detector's threshold, the refusals
and the line they name, and the characters that are not plain text."""

from __future__ import annotations

import codecs

import pytest

from kam_core.data import encodings
from kam_core.data.encodings import (
    Decoded,
    UnknownEncoding,
    decode,
    is_plausible,
    odd_character,
)

# cp1252 'ÉlÉa' is GBK '蒷蒩': plausible text in both.
AMBIGUOUS = "ÉlÉa".encode("cp1252")


def test_a_named_encoding_is_read_strictly_and_shown_by_its_codec_name():
    assert decode("Café".encode("cp1252"), "cp1252") == Decoded("Café", "CP1252")
    assert decode(AMBIGUOUS, "gbk") == Decoded("蒷蒩", "GBK")


@pytest.mark.parametrize("named", ["utf-8", "utf-16", "utf-32"])
def test_a_utf8_byte_order_mark_is_dropped_whichever_unicode_encoding_is_named(named):
    raw = "\ufeffid,name\n".encode() if named == "utf-8" else b"\xef\xbb\xbfid,name\n"

    assert decode(raw, named) == Decoded("id,name\n", "UTF-8-SIG")


def test_a_utf8_mark_is_kept_for_an_encoding_that_is_not_unicode():
    assert decode(b"\xef\xbb\xbfid", "cp1252").text == "ï»¿id"


def test_an_unknown_encoding_name_says_which_to_try():
    with pytest.raises(UnknownEncoding) as refused:
        decode(b"id", "klingon")

    assert str(refused.value) == (
        "unknown encoding 'klingon'; try utf-8, gb18030, cp1252, latin-1 or utf-16"
    )
    assert refused.value.line is None


def test_bytes_the_named_encoding_cannot_read_name_the_byte_and_line():
    with pytest.raises(UnknownEncoding) as refused:
        decode(b"id,name\nN1,Caf\xe9\n", "utf-8")

    assert str(refused.value).startswith("the file is not UTF-8 text (byte 14 cannot be read); ")
    assert refused.value.line == 2


def test_a_file_no_encoding_reads_is_refused_naming_its_first_bad_line():
    with pytest.raises(UnknownEncoding) as refused:
        decode(b"account_id,name\nN1,Alpha\nN2,\x81\xff\n")

    assert str(refused.value) == (
        "the file is not text in UTF-8, GB18030 or Windows-1252; save it as 'CSV UTF-8' "
        "or name its encoding (--encoding, or 'Text encoding' on the Data page)"
    )
    assert refused.value.line == 3


def test_a_file_garbled_in_every_encoding_read_lists_them():
    # Not UTF-8; GB18030 and Windows-1252 read it as mojibake.
    raw = b"id,name\nN1,\xa1\x80\xa1\x80\n"

    with pytest.raises(UnknownEncoding) as refused:
        decode(raw)

    assert str(refused.value).startswith(
        "the file's text looks garbled in every encoding tried "
        "(GB18030 (GBK), Windows-1252 (Latin-1)); save it as 'CSV UTF-8' or name its encoding"
    )
    assert refused.value.line == 2


def test_a_short_file_plausible_in_two_encodings_asks_which():
    with pytest.raises(UnknownEncoding) as refused:
        decode(b"id,name\nN1," + AMBIGUOUS + b"\n")

    assert str(refused.value) == (
        "the file reads as plausible text in GB18030 (GBK) or Windows-1252 (Latin-1), with "
        "different characters; name its encoding (--encoding, or 'Text encoding' on the Data page)"
    )


@pytest.mark.parametrize(
    ("word", "plausible"),
    [
        ("é”", True),  # an accent, then a closing quote
        ("X©", True),  # a plain letter is no UTF-8 lead
        ("Ã©", False),  # UTF-8 'é' read as Windows-1252
        ("Â©", False),
        ("ä¸", False),  # a lead byte's letter before a continuation byte's, then a symbol
        ("Müller", True),
    ],
)
def test_utf8_read_as_windows_1252_is_not_plausible(word, plausible):
    assert is_plausible(word) == plausible


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("Alpha", None),
        ("tab\tnew\nline\r", None),
        ("\tA\x07", "has a control character U+0007 at position 3"),  # after a tab
        ("A\x07", "has a control character U+0007 at position 2"),
        ("\u0378x", "has an unassigned character U+0378 at position 1"),
        ("ab\ud800", "has a lone surrogate U+D800 at position 3"),
        (
            "Caf\ufffd",
            "has the replacement character (text damaged by an earlier save) U+FFFD at position 4",
        ),
    ],
)
def test_a_cell_that_is_not_plain_text_is_named_by_its_character_and_position(cell, said):
    assert odd_character(cell) == said


@pytest.mark.parametrize(
    ("word", "plausible"),
    [
        ("e\u0301te", True),  # an accent combined with the letter before it
        ("\u0301a", False),  # an accent on nothing
        ("a\u00a9\u0301", False),  # an accent on a symbol
        ("a\u00b1", True),  # a symbol after a letter
        ("\u00b1b", True),  # a symbol before a letter
        ("a\u00b1b", False),  # a symbol between letters: GBK bytes read as Latin
        ("a\u00bd\u00bd", False),  # two symbols
        ("\u00c9", True),  # one accented capital
        ("\u00c9A", True),  # accented and plain capitals
        ("\u00c9\u00d5", False),  # only accented Latin letters, no plain one
        ("N\u00ba5", True),  # the ordinal indicator is Latin
        ("\u041c\u043e\u0441\u043a\u0432\u0430", True),  # Cyrillic
        ("\u6771\u4eac\u30b9\u30c8\u30a2", True),  # kanji with katakana: one script
        ("\u041c\u03b1", False),  # Cyrillic with Greek
        ("M\u00fcller\u5317", False),  # Latin with Chinese
        ("\u024fa", True),  # the last letter of Latin Extended-B
        ("\u0250\u0254", False),  # phonetic letters (from U+0250): not in names
        ("\u1e00a", True),  # Latin Extended Additional, first letter
        ("\u1effa", True),  # and last
        ("\u1f00a", False),  # Greek Extended after it
        ("x\u00c3\u2013y", False),  # UTF-8 lead 'Ã' before a continuation read as a dash
    ],
)
def test_a_word_is_mojibake_when_it_mixes_scripts_or_letters_and_symbols(word, plausible):
    assert is_plausible(word) == plausible


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        (b"id,name\n", Decoded("id,name\n", "UTF-8")),  # ASCII
        (codecs.BOM_UTF16_LE + "Müller".encode("utf-16-le"), Decoded("Müller", "UTF-16")),
        ("Müller".encode(), Decoded("Müller", "UTF-8")),  # also Windows-1252 'MÃ¼ller'
        ("𠀀北京".encode("gb18030"), Decoded("𠀀北京", "GB18030 (GBK)")),  # read by it alone
    ],
)
def test_the_encoding_read_is_named_as_the_user_knows_it(raw, decoded):
    assert decode(raw) == decoded


# The detector (charset-normalizer) breaks a tie between two plausible readings, given text
# enough: DETECTOR_MINIMUM bytes beyond ASCII. The readings' texts do not matter to it.
TIED = {
    "GB18030 text": ("gb18030", "GB18030 (GBK)"),
    "cp1252 text": ("cp1252", "Windows-1252 (Latin-1)"),
}
FRENCH = "Le café de la société générale à Genève présente ses élèves très doués. "
CHINESE = "北京华联商贸有限公司上海百货深圳顺通贸易，我们的客户在全国各地。"


def _french_with_bytes_beyond_ascii(count: int) -> bytes:
    """French prose in Windows-1252 holding exactly `count` bytes beyond ASCII, the last a '€'
    (byte 0x80, the first beyond ASCII)."""
    text, held = "", 0
    for char in FRENCH * 20:
        if held == count - 1:
            break
        text += char
        held += not char.isascii()
    return (text + " 12 €").encode("cp1252")


@pytest.mark.parametrize(
    ("raw", "chosen"),
    [
        ((FRENCH * 20).encode("cp1252"), Decoded((FRENCH * 20), "Windows-1252 (Latin-1)")),
        ((CHINESE * 8).encode("gbk"), Decoded(CHINESE * 8, "GB18030 (GBK)")),
    ],
)
def test_the_detector_chooses_the_encoding_of_long_prose(raw, chosen):
    assert encodings._detected(raw, TIED) == chosen


def test_the_detector_judges_from_exactly_its_minimum_of_bytes_beyond_ascii():
    on = _french_with_bytes_beyond_ascii(encodings.DETECTOR_MINIMUM)
    below = _french_with_bytes_beyond_ascii(encodings.DETECTOR_MINIMUM - 1)
    assert sum(byte >= 0x80 for byte in on) == encodings.DETECTOR_MINIMUM

    assert encodings._detected(on, TIED) == Decoded(on.decode("cp1252"), "Windows-1252 (Latin-1)")
    assert encodings._detected(below, TIED) is None


def test_the_detector_abstains_when_it_finds_no_reading_it_trusts():
    # 'ÉlÉa' words: plausible in both encodings, and the detector trusts neither.
    raw = " ".join(["ÉlÉa", "ÀbÈc", "ÏrÔs"] * 80).encode("cp1252")

    assert encodings._detected(raw, TIED) is None
    with pytest.raises(UnknownEncoding, match="plausible text in GB18030 .GBK. or Windows-1252"):
        decode(raw)


def test_the_detector_chooses_only_among_the_plausible_readings():
    # Long French prose, but only GB18030 is offered: the detector's Windows-1252 is not taken.
    only_gb = {"GB18030 text": ("gb18030", "GB18030 (GBK)")}

    assert encodings._detected((FRENCH * 20).encode("cp1252"), only_gb) is None
