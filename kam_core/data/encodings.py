"""Which encoding a text file's bytes are in, so its text is imported exactly or not at all.

A byte-order mark decides. Otherwise the file is decoded strictly as UTF-8, GB18030 (a superset
of GBK, what Excel saves on Chinese Windows) and Windows-1252 (a superset of Latin-1's
printable characters, what Excel saves in Western Europe). One distinct text: that one. Several:
a reading whose words mix scripts, or letters with symbols, or start with a combining mark, is
mojibake and dropped. Of the readings left, UTF-8 wins (valid, plausible UTF-8 by accident is
rare); between GB18030 and Windows-1252 charset-normalizer decides when the file has text enough
for its statistics, and otherwise the file is refused with a request to name its encoding.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

# (codec, name shown to the user); tried in this order when the file has no byte-order mark.
CANDIDATES = (
    ("utf_8", "UTF-8"),
    ("gb18030", "GB18030 (GBK)"),
    ("cp1252", "Windows-1252 (Latin-1)"),
)
BOMS = (  # UTF-32's marks first: UTF-32-LE's starts with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "utf_32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf_32", "UTF-32"),
    (codecs.BOM_UTF8, "utf_8_sig", "UTF-8 (with BOM)"),
    (codecs.BOM_UTF16_LE, "utf_16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf_16", "UTF-16"),
)
DETECTOR_MINIMUM = 200  # bytes beyond ASCII before charset-normalizer may choose an encoding
# Offered on the Data page; the command line takes any Python codec name.
CHOICES = ("utf-8", "gb18030", "cp1252", "latin-1", "utf-16", "big5", "shift_jis", "euc-kr")
# Words with a character beyond ASCII, split at ASCII spaces and punctuation only: a no-break
# space is byte A0, which a wrong reading may hold in the middle of a word.
_WORDS = re.compile(r"[^\t-\r !-/:-@\[-`{-~]*[^\x00-\x7f][^\t-\r !-/:-@\[-`{-~]*")
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "FULLWIDTH": "CJK", "HALFWIDTH": "CJK"}
_BETWEEN_LETTERS = {"Sc", "Sk", "Sm", "So", "No"}  # '±', '©', '¾': GBK bytes read as Latin
# UTF-8 read as Windows-1252: a lead byte's letter ('Ã', 'â') before a continuation byte's ('©').
_UTF8_LEADS = set(bytes(range(0xC2, 0xF5)).decode("cp1252"))
_UTF8_CONTINUATIONS = set(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # as shown to the user, e.g. 'GB18030 (GBK)'


class UnknownEncoding(ValueError):
    """The bytes cannot be read as text with confidence; the message says what to do (one line)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line  # the file's line where reading failed, when one is to blame
        super().__init__(message)


def decode(raw: bytes, encoding: str | None = None) -> Decoded:
    """The file's text and the encoding it was read in; `encoding` overrides the detection."""
    if encoding:
        return _decode_as(raw, encoding)
    for mark, codec, shown in BOMS:
        if raw.startswith(mark):
            return _strict(raw, codec, shown)
    if raw.isascii():
        return Decoded(raw.decode("ascii"), "UTF-8")
    readings: dict[str, tuple[str, str]] = {}  # text -> (codec, shown); one entry per text
    for codec, shown in CANDIDATES:
        try:
            readings.setdefault(raw.decode(codec), (codec, shown))
        except UnicodeDecodeError:
            continue
    if len(readings) == 1:
        text, (_, shown) = next(iter(readings.items()))
        return Decoded(text, shown)
    plausible = {text: found for text, found in readings.items() if is_plausible(text)}
    utf8 = next((text for text, (codec, _) in plausible.items() if codec == "utf_8"), None)
    if utf8 is not None:
        return Decoded(utf8, "UTF-8")
    if len(plausible) == 1:
        text, (_, shown) = next(iter(plausible.items()))
        return Decoded(text, shown)
    if not plausible:
        if any(codec == "utf_8" for codec, _ in readings.values()):
            # UTF-8 read it: its odd characters are reported by row and column.
            return Decoded(raw.decode("utf_8"), "UTF-8")
        raise UnknownEncoding(_unreadable(readings), _first_bad_line(raw))
    chosen = _detected(raw, plausible)
    if chosen is None:
        names = " or ".join(shown for _, shown in plausible.values())
        raise UnknownEncoding(
            f"the file reads as plausible text in {names}, with different characters; "
            "name its encoding (--encoding, or 'Text encoding' on the Data page)"
        )
    return chosen


def is_plausible(text: str) -> bool:
    """False when a word reads like mojibake: mixed scripts, letter-symbol-letter, stray marks."""
    return all(_plausible_word(word) for word in set(_WORDS.findall(text)))


def _plausible_word(word: str) -> bool:
    scripts = set()
    previous, letters, symbols = "", 0, 0
    categories = [unicodedata.category(c) for c in word]
    for i, (char, category) in enumerate(zip(word, categories, strict=True)):
        if category == "Co":
            return False  # private use: GB18030's reading of bytes that are not GBK text
        if category.startswith("M") and not previous.startswith("L"):
            return False  # a combining accent on nothing, or on a symbol
        following = categories[i + 1] if i + 1 < len(word) else ""
        if category in _BETWEEN_LETTERS and previous[:1] == following[:1] == "L":
            return False
        if char in _UTF8_CONTINUATIONS and i and _utf8_lead(word[i - 1], category):
            return False
        if category.startswith("L"):
            scripts.add(_script(char))
            letters += 1
        symbols += category in _BETWEEN_LETTERS
        previous = category
    if symbols > 1 or "IPA" in scripts:
        return False  # '·¢´å', 'ɼ˵': GBK read as Windows-1252 or as UTF-8
    if scripts == {"LATIN"} and letters > 1 and not re.search("[A-Za-z]", word):
        return False  # 'ÉÕÄÖ': Latin words hold plain letters; GBK read as Windows-1252 does not
    return len(scripts) <= 1


def _script(letter: str) -> str:
    """The script a letter is written in, near enough: 'LATIN', 'CJK', 'CYRILLIC', 'GREEK'..."""
    code = ord(letter)
    if 0x250 <= code < 0x300:  # phonetic letters and modifiers: not in names
        return "IPA"
    if code < 0x250 or 0x1E00 <= code < 0x1F00:  # Latin-1, Latin Extended, 'º' and 'ª'
        return "LATIN"
    script = unicodedata.name(letter, "?").split(" ")[0]
    return _SCRIPT_GROUPS.get(script, script)


def _utf8_lead(char: str, following: str) -> bool:
    """Whether `char` before a continuation byte's character of category `following` is UTF-8.

    'Ã' and 'Â' lead every accented Latin-1 letter ('Ã©' is 'é'); other leads count before a
    non-punctuation character only, so 'é”' (an accent, then a closing quote) stays plausible.
    """
    return char in "ÂÃ" or (char in _UTF8_LEADS and not following.startswith("P"))


def _detected(raw: bytes, plausible: dict[str, tuple[str, str]]) -> Decoded | None:
    """charset-normalizer's one reading, when the file has text enough to judge; else None.

    On a few words it is no better than a coin: it reads Windows-1252 'ÀÁ ÈÉ' as Chinese.
    """
    if sum(byte >= 0x80 for byte in raw) < DETECTOR_MINIMUM:
        return None
    shown = {codec: name for codec, name in plausible.values()}
    found = {m.encoding for m in from_bytes(raw, cp_isolation=list(shown))} & set(shown)
    if len(found) != 1:
        return None
    codec = found.pop()
    return Decoded(raw.decode(codec), shown[codec])


def _decode_as(raw: bytes, encoding: str) -> Decoded:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise UnknownEncoding(
            f"unknown encoding {encoding!r}; try utf-8, gb18030, cp1252, latin-1 or utf-16"
        ) from None
    if codec.name in ("utf-8", "utf-16", "utf-32") and raw.startswith(codecs.BOM_UTF8):
        codec = codecs.lookup("utf_8_sig")
    return _strict(raw, codec.name, codec.name.upper())


def _strict(raw: bytes, codec: str, shown: str) -> Decoded:
    try:
        return Decoded(raw.decode(codec), shown)
    except UnicodeDecodeError as exc:
        raise UnknownEncoding(
            f"the file is not {shown} text (byte {exc.start:,} cannot be read); "
            "name its encoding (--encoding, or 'Text encoding' on the Data page)",
            raw[: exc.start].count(b"\n") + 1,
        ) from exc


def _unreadable(readings: dict[str, tuple[str, str]]) -> str:
    if not readings:
        return (
            "the file is not text in UTF-8, GB18030 or Windows-1252; save it as 'CSV UTF-8' "
            "or name its encoding (--encoding, or 'Text encoding' on the Data page)"
        )
    return (
        "the file's text looks garbled in every encoding tried "
        f"({', '.join(shown for _, shown in readings.values())}); save it as 'CSV UTF-8' "
        "or name its encoding (--encoding, or 'Text encoding' on the Data page)"
    )


def _first_bad_line(raw: bytes) -> int | None:
    try:
        raw.decode("utf_8")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return None


def odd_character(cell: str) -> str | None:
    """Why `cell` is not plain text (a control, unassigned or replacement character), or None."""
    for position, char in enumerate(cell, start=1):
        category = unicodedata.category(char)
        if char in "\t\n\r":
            continue
        if category in ("Cc", "Cn", "Cs") or char == "\ufffd":
            kind = {
                "Cc": "a control character",
                "Cn": "an unassigned character",
                "Cs": "a lone surrogate",
            }.get(category, "the replacement character (text damaged by an earlier save)")
            return f"has {kind} U+{ord(char):04X} at position {position}"
    return None
