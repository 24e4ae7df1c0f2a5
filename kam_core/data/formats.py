"""How numbers and dates read, on the pages, on paper and on slides: one vocabulary.

Built on Babel (the Unicode CLDR data) so a company's currency and locale decide the symbols,
separators and month names. Missing values (None, NaN, NaT) read as an en dash "–".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import pandas as pd
from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from kam_core.data.encodings import odd_character

MISSING = "–"

# What a column holds, and so how it reads: money in the company's currency, a fraction as a
# percentage (change: signed), a difference of two fractions in points, a count of units, a
# plain number with one decimal, a whole number, a date, or text as it is.
Kind = Literal["money", "price", "pct", "change", "points", "units", "number", "int", "day", "text"]


@dataclass(frozen=True)
class Style:
    """The company's name, currency (ISO 4217 code) and locale (CLDR, e.g. en_GB): settings."""

    company: str = "KAM Dashboard"
    currency: str = "USD"
    locale: str = "en_US"


DEFAULT = Style()
# The name heads every Excel download's title line: 80 characters fit an A4 line and any legal
# name; a longer one is refused, not cut, because a shortened name is a different name.
COMPANY_CHARACTERS = 80


class FormatError(ValueError):
    """A company name, currency or locale that cannot be used (one line, saying why)."""


def checked(company: str, currency: str, locale: str) -> Style:
    """A Style from what a user typed, or FormatError naming what cannot be used: a company name
    over COMPANY_CHARACTERS or holding a control character, an unknown currency or locale.
    The name is kept as typed (HTML or Markdown included): it is only ever shown as text."""
    company, currency, locale = company.strip(), currency.strip().upper(), locale.strip()
    locale = locale.replace("-", "_")
    if len(company) > COMPANY_CHARACTERS:
        raise FormatError(
            f"the company name has {len(company):,} characters; use at most {COMPANY_CHARACTERS}"
        )
    if any(c in company for c in "\t\n\r"):
        raise FormatError("the company name has a tab or line break; type it on one line")
    odd = odd_character(company)
    if odd:
        raise FormatError(f"the company name {odd}; type it without that character")
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError) as err:
        raise FormatError(
            f"unknown locale {locale!r}: use a code such as en_US, en_GB, de_DE or zh_CN"
        ) from err
    if not babel_numbers.is_currency(currency):
        raise FormatError(
            f"unknown currency {currency!r}: use an ISO 4217 code such as USD, EUR or CNY"
        )
    return Style(company or DEFAULT.company, currency, locale)


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str  # already formatted, as the page shows it
    change: str | None = None  # e.g. "+12.3% vs LY"
    good: bool | None = None  # colours the change: True green, False red, None grey


@dataclass(frozen=True)
class Column:
    """How one column of a table reads: its label for people and its kind of value."""

    label: str
    kind: Kind = "text"


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value) or math.isinf(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def money(value: float | None, style: Style = DEFAULT, compact: bool = True) -> str:
    """Money in the company's currency, compact for a KPI or a sentence ('$1.2M'; a locale with
    no short form for the size gets whole units), else whole units ('$1,234,568')."""
    if value is None or _missing(value):
        return MISSING
    amount = float(value)
    if compact:
        text = babel_numbers.format_compact_currency(
            amount, style.currency, locale=style.locale, fraction_digits=1
        )
        # Kept only if it shortened the number: de_DE, say, has no short form for thousands.
        if len(re.sub(r"\D", "", text)) < len(str(round(abs(amount)))):
            return text
    pattern = Locale.parse(style.locale).currency_formats["standard"].pattern
    whole = re.sub(r"\.0+", "", pattern.split(";")[0])
    return babel_numbers.format_currency(
        round(amount), style.currency, format=whole, locale=style.locale, currency_digits=False
    )


def price(value: float | None, style: Style = DEFAULT) -> str:
    """A unit price in the company's currency, to the cent: 12.99 -> '$12.99' ('12,99 €')."""
    if value is None or _missing(value):
        return MISSING
    return babel_numbers.format_currency(float(value), style.currency, locale=style.locale)


def pct(value: float | None, style: Style = DEFAULT) -> str:
    """A fraction as a percentage with one decimal: 0.873 -> '87.3%'."""
    if value is None or _missing(value):
        return MISSING
    return babel_numbers.format_percent(value, "#,##0.0%", locale=style.locale)


def change(value: float | None, style: Style = DEFAULT) -> str:
    """A growth fraction as a signed percentage with one decimal: 0.123 -> '+12.3%'."""
    if value is None or _missing(value):
        return MISSING
    return babel_numbers.format_percent(value, "+#,##0.0%;-#,##0.0%", locale=style.locale)


def points(value: float | None, style: Style = DEFAULT) -> str:
    """A difference of two rates (fractions) in percentage points: -0.0164 -> '-1.6 pts'."""
    if value is None or _missing(value):
        return MISSING
    number = babel_numbers.format_decimal(
        float(value) * 100,
        "+#,##0.0;-#,##0.0",
        locale=style.locale,
    )
    return f"{number} pts"


def units(value: float | None, style: Style = DEFAULT) -> str:
    """A count of units, whole, with separators: 300000 -> '300,000'."""
    if value is None or _missing(value):
        return MISSING
    return babel_numbers.format_decimal(round(float(value)), "#,##0", locale=style.locale)


def number(value: float | None, style: Style = DEFAULT) -> str:
    """A plain measure with one decimal and separators: 12.345 -> '12.3'."""
    if value is None or _missing(value):
        return MISSING
    return babel_numbers.format_decimal(value, "#,##0.0", locale=style.locale)


def day(value: date | datetime | None, style: Style = DEFAULT) -> str:
    """A date, day month year with the locale's month name: '5 Nov 2026'."""
    if value is None or _missing(value):
        return MISSING
    return babel_dates.format_date(pd.Timestamp(value).date(), "d MMM y", locale=style.locale)


def input_date_format(style: Style = DEFAULT) -> str:
    """How a date field reads in the locale, as Streamlit's date_input can show it: its short
    date's order of day, month and year and its separator ('/', '.' or '-'), with a four-digit
    year: 'MM/DD/YYYY' in en_US, 'DD.MM.YYYY' in de_DE, 'YYYY/MM/DD' in zh_CN."""
    pattern = babel_dates.get_date_format("short", locale=style.locale).pattern
    # A field the pattern lacks (find gives -1) goes last.
    order = sorted("yMd", key=lambda field: pattern.find(field) % (len(pattern) + 1))
    separator = next((c for c in pattern if c in "/.-"), "/")
    return separator.join({"y": "YYYY", "M": "MM", "d": "DD"}[field] for field in order)


def cell(value: object, kind: Kind, style: Style = DEFAULT) -> str:
    """One value of a column of `kind` as text, for PDFs and slides; missing reads '–'."""
    if kind == "text":
        return "" if _missing(value) else str(value)
    if kind == "int":
        return units(value, style)  # type: ignore[arg-type]
    if kind == "money":
        return money(value, style, compact=False)  # type: ignore[arg-type]
    return _FORMATS[kind](value, style)  # type: ignore[operator]


_FORMATS = {
    "money": money,
    "price": price,
    "pct": pct,
    "change": change,
    "points": points,
    "units": units,
    "number": number,
    "day": day,
}


def label(name: str, columns: dict[str, Column] | None = None) -> str:
    """A column's label for people: its declared label, else the name in words ('on_hand' ->
    'On hand')."""
    if columns and name in columns:
        return columns[name].label
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def symbol(style: Style = DEFAULT) -> str:
    """The currency's symbol in the company's locale ('$', '€', 'CN¥'), for axis titles."""
    return babel_numbers.get_currency_symbol(style.currency, locale=style.locale)


def currency_after(style: Style = DEFAULT) -> bool:
    """Whether the locale writes the currency after the amount ('1.234 €', de_DE)."""
    pattern = Locale.parse(style.locale).currency_formats["standard"].pattern.split(";")[0]
    return pattern.strip().endswith("¤")


def separators(style: Style = DEFAULT) -> str:
    """The decimal then the group separator of the locale, as Plotly's layout.separators wants."""
    return babel_numbers.get_decimal_symbol(style.locale) + babel_numbers.get_group_symbol(
        style.locale
    )


def printf(kind: Kind, style: Style = DEFAULT) -> str | None:
    """A printf pattern for a grid's number column of `kind` (percentages already x100).

    A grid draws numbers in the browser: it gets the currency symbol on the locale's side and
    thousands separators; its separators are always ',' and '.' (a limit of the grid).
    """
    if kind == "money":
        sign = symbol(style).replace("%", "%%")
        return f"%,.0f\u00a0{sign}" if currency_after(style) else f"{sign}%,.0f"
    if kind == "price":
        sign = symbol(style).replace("%", "%%")
        return f"%,.2f\u00a0{sign}" if currency_after(style) else f"{sign}%,.2f"
    return {
        "pct": "%.1f%%",
        "change": "%+.1f%%",
        "points": "%+.1f pts",
        "units": "%,.0f",
        "int": "%,d",
        "number": "%,.1f",
    }.get(kind)


def kind_of(name: str, values: pd.Series, columns: dict[str, Column]) -> Kind:
    """A column's declared kind, else one read from its values (dates, whole or decimal numbers)."""
    if name in columns:
        return columns[name].kind
    if pd.api.types.is_datetime64_any_dtype(values) or (
        values.dtype == object and values.map(lambda v: isinstance(v, date)).any()
    ):  # a column of dates, some perhaps missing
        return "day"
    if pd.api.types.is_bool_dtype(values):
        return "text"
    if pd.api.types.is_integer_dtype(values):
        return "int"
    if pd.api.types.is_float_dtype(values):
        return "number"
    return "text"


def for_display(
    frame: pd.DataFrame, columns: dict[str, Column], style: Style = DEFAULT
) -> pd.DataFrame:
    """A table as a grid shows it: rates x100 (its printf patterns show them), money to the cent,
    missing text blank.

    Missing numbers and dates stay missing: the grid draws its placeholder ('–') for them.
    """
    shown = {}
    for name in frame.columns:
        values, kind = frame[name], kind_of(name, frame[name], columns)
        if kind == "text" and (values.dtype == object or values.isna().any()):
            values = values.map(lambda v: "" if _missing(v) else v)
        elif kind in ("pct", "change", "points"):
            values = (values.astype("float64") * 100).round(3)
        elif kind in (
            "money",
            "price",
        ):  # copied from the grid, an amount reads to the cent, no float noise
            values = values.astype("float64").round(2)
        shown[name] = values
    return pd.DataFrame(shown, index=frame.index)


def printed(
    frame: pd.DataFrame, columns: dict[str, Column], style: Style = DEFAULT
) -> pd.DataFrame:
    """A table as text for paper and slides: labels for headers, every cell as the page shows
    it (`cell`), in the frame's column order."""
    return pd.DataFrame(
        {
            label(name, columns): [
                cell(v, kind_of(name, frame[name], columns), style) for v in frame[name]
            ]
            for name in frame.columns
        },
        index=frame.index,
    )
