"""How numbers read everywhere: one vocabulary on Babel's CLDR data, in four locales."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.data import formats
from kam_core.data.contract import TABLES
from kam_core.data.formats import (
    Column,
    FormatError,
    Style,
    change,
    checked,
    day,
    money,
    pct,
    points,
    units,
)

US, GB, DE, CN = (
    Style("X", "USD", "en_US"),
    Style("X", "GBP", "en_GB"),
    Style("X", "EUR", "de_DE"),
    Style("X", "CNY", "zh_CN"),
)


@pytest.mark.parametrize(
    ("value", "style", "shown"),
    [
        (999.0, US, "$999"),
        (29_640_000.0, US, "$29.6M"),
        (637_250.0, US, "$637.2K"),
        (-2_500.0, US, "-$2.5K"),
        (29_640_000.0, GB, "£29.6m"),
        (29_640_000.0, DE, "29,6\xa0Mio.\xa0€"),
        (637_250.0, DE, "637.250\xa0€"),  # CLDR has no German short form for thousands
        (29_640_000.0, CN, "¥2964万"),
        (None, US, "–"),
        (float("nan"), US, "–"),
    ],
)
def test_compact_money_carries_the_currency(value, style, shown):
    assert money(value, style) == shown


@pytest.mark.parametrize(
    ("style", "shown"),
    [(US, "$6,208,912"), (GB, "£6,208,912"), (DE, "6.208.912\xa0€"), (CN, "¥6,208,912")],
)
def test_full_money_is_whole_units_with_separators(style, shown):
    assert money(6208911.749999997, style, compact=False) == shown


@pytest.mark.parametrize(
    ("value", "style", "shown"),
    [
        (0.1335, US, "13.4%"),
        (0.069, US, "6.9%"),
        (0.1335, DE, "13,4%"),
        (1.0, CN, "100.0%"),
        (None, US, "–"),
    ],
)
def test_a_percentage_has_one_decimal(value, style, shown):
    assert pct(value, style) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.123, "+12.3%"), (-0.05, "-5.0%"), (0.0, "+0.0%"), (None, "–"), (float("nan"), "–"),
     (float("inf"), "–")],
)  # fmt: skip
def test_a_change_is_signed_or_missing(value, shown):
    assert change(value) == shown


def test_a_difference_of_rates_reads_in_points_never_percent():
    assert points(-0.0164) == "-1.6 pts"
    assert points(0.02, DE) == "+2,0 pts"
    assert "%" not in points(0.5)
    assert points(None) == "–"


@pytest.mark.parametrize(
    ("style", "shown"), [(US, "300,000"), (GB, "300,000"), (DE, "300.000"), (CN, "300,000")]
)
def test_units_have_separators(style, shown):
    assert units(299_999.6, style) == shown


@pytest.mark.parametrize(
    ("style", "shown"),
    [(US, "5 Nov 2026"), (GB, "5 Nov 2026"), (DE, "5 Nov. 2026"), (CN, "5 11月 2026")],
)
def test_a_day_reads_day_month_year(style, shown):
    assert day(date(2026, 11, 5), style) == shown
    assert day(pd.Timestamp("2026-11-05"), style) == shown
    assert day(pd.NaT, style) == day(None, style) == "–"


def test_an_unknown_currency_or_locale_is_refused_in_words():
    assert checked(" Acme ", "eur", "de-DE") == Style("Acme", "EUR", "de_DE")
    with pytest.raises(FormatError, match="unknown currency 'XYZ'"):
        checked("Acme", "XYZ", "en_US")
    with pytest.raises(FormatError, match="unknown locale 'xx_YY'"):
        checked("Acme", "USD", "xx_YY")


@pytest.mark.parametrize(
    "name", ["<b>x</b> **x** <script>alert(1)</script>", "שלום עולם", "北京华联", "Zoë 😀🇫🇷"]
)
def test_a_company_name_is_kept_exactly_as_typed(name: str):
    assert checked(f" {name} ", "USD", "en_US").company == name


def test_a_company_name_of_80_characters_is_kept_and_81_refused():
    assert checked("x" * 80, "USD", "en_US").company == "x" * 80
    with pytest.raises(FormatError, match="has 81 characters; use at most 80"):
        checked("x" * 81, "USD", "en_US")
    with pytest.raises(FormatError, match="has 10,000 characters"):
        checked("x" * 10_000, "USD", "en_US")


@pytest.mark.parametrize("name", ["Ac\nme", "Ac\tme", "Ac\x07me", "Ac\ufffdme"])
def test_a_company_name_with_a_control_character_or_line_break_is_refused(name: str):
    with pytest.raises(FormatError, match="the company name has"):
        checked(name, "USD", "en_US")


def test_an_empty_company_name_reads_as_the_default():
    assert checked("   ", "USD", "en_US").company == formats.DEFAULT.company


def test_a_label_is_declared_or_the_name_in_words():
    assert formats.label("on_hand", {"on_hand": Column("On hand", "units")}) == "On hand"
    assert formats.label("days_of_cover") == "Days of cover"


def test_a_grid_shows_rates_times_a_hundred_and_blank_text():
    table = pd.DataFrame(
        {"sku": ["A", None], "growth": [0.1, 0.2], "delivered": [pd.Timestamp("2026-11-05"), None],
         "qty": [1.0, float("nan")]}
    )  # fmt: skip
    columns = {"growth": Column("Growth", "change"), "qty": Column("Units", "units")}

    shown = formats.for_display(table, columns)

    assert shown["sku"].tolist() == ["A", ""]
    assert shown["growth"].tolist() == pytest.approx([10.0, 20.0])
    assert shown["delivered"].isna().tolist() == [False, True]  # the grid's placeholder: '–'
    assert shown["qty"].isna().tolist() == [False, True]
    assert table["growth"].tolist() == [0.1, 0.2]  # the input is unchanged


def test_printf_puts_the_symbol_on_the_locales_side():
    assert formats.printf("money", US) == "$%,.0f"
    assert formats.printf("money", DE) == "%,.0f\xa0€"
    assert formats.printf("change") == "%+.1f%%"


def test_a_tables_column_is_found_by_name():
    assert TABLES["products"].column("case_pack").minimum == 1


@pytest.mark.parametrize(
    ("value", "shown"), [(0.873, "87.3%"), (0.0, "0.0%"), (None, "–"), (float("nan"), "–")]
)
def test_a_share_is_a_percentage_with_one_decimal_or_a_dash(value, shown):
    assert pct(value) == shown


@pytest.mark.parametrize(
    ("value", "style", "shown"),
    [
        (12.99, US, "$12.99"),
        (1234.5, US, "$1,234.50"),
        (12.99, DE, "12,99\xa0€"),
        (0.0, GB, "£0.00"),
        (None, US, "–"),
    ],
)
def test_a_price_reads_to_the_cent(value, style, shown):
    assert formats.price(value, style) == shown
    assert formats.cell(value, "price", style) == shown


def test_a_price_column_keeps_its_cents_in_the_grid_and_in_excel():
    assert formats.printf("price", US) == "$%,.2f"
    assert formats.printf("price", DE) == "%,.2f\xa0€"
    shown = formats.for_display(
        pd.DataFrame({"shelf_price": [12.994, None]}), {"shelf_price": Column("Price", "price")}
    )
    assert shown["shelf_price"].iloc[0] == 12.99 and pd.isna(shown["shelf_price"].iloc[1])


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("en_US", "MM/DD/YYYY"),
        ("en_GB", "DD/MM/YYYY"),
        ("de_DE", "DD.MM.YYYY"),
        ("zh_CN", "YYYY/MM/DD"),
        ("sv_SE", "YYYY-MM-DD"),
        ("nl_NL", "DD-MM-YYYY"),
        ("ko_KR", "YYYY.MM.DD"),
    ],
)
def test_a_date_field_reads_in_the_locales_order_and_separator(locale: str, shown: str):
    assert formats.input_date_format(Style("Acme", "USD", locale)) == shown


def test_every_locale_gets_a_date_field_format_streamlit_can_show():
    from babel import localedata

    shown = {
        formats.input_date_format(Style("Acme", "USD", locale))
        for locale in localedata.locale_identifiers()
    }

    orders = {"YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY"}
    assert shown <= {o.replace("/", s) for o in orders for s in "/.-"}


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (1234567, "int", "1.234.567"),
        (1234.6, "units", "1.235"),
        (1234567.4, "money", "1.234.567\xa0€"),  # whole on paper, never compact
        (12.5, "price", "12,50\xa0€"),
        (12.345, "number", "12,3"),
        (0.123, "pct", "12,3%"),
        (0.123, "change", "+12,3%"),
        (-0.0164, "points", "-1,6 pts"),
        (date(2026, 11, 5), "day", "5 Nov. 2026"),
        ("Müller", "text", "Müller"),
        (5, "text", "5"),
    ],
)
def test_a_cell_on_paper_reads_in_the_companys_locale(value, kind, shown):
    assert formats.cell(value, kind, DE) == shown


@pytest.mark.parametrize(
    "kind", ["int", "units", "money", "price", "number", "pct", "change", "points", "day"]
)
@pytest.mark.parametrize("value", [None, float("nan"), float("inf"), pd.NaT])
def test_a_missing_cell_reads_as_a_dash_and_missing_text_as_nothing(kind, value):
    assert formats.cell(value, kind, DE) == formats.MISSING
    assert formats.cell(value, "text", DE) == ""


def test_a_columns_kind_is_declared_or_read_from_its_values():
    declared = {"share": formats.Column("Share", "pct")}

    assert formats.kind_of("share", pd.Series([1, 2]), declared) == "pct"
    assert formats.kind_of("seen", pd.Series([None, date(2026, 1, 5)], dtype=object), {}) == "day"
    assert formats.kind_of("seen", pd.to_datetime(pd.Series(["2026-01-05"])), {}) == "day"
    assert formats.kind_of("flag", pd.Series([True, False]), {}) == "text"
    assert formats.kind_of("count", pd.Series([1, 2]), {}) == "int"
    assert formats.kind_of("level", pd.Series([1.5, 2.0]), {}) == "number"
    assert formats.kind_of("name", pd.Series(["a", None], dtype=object), {}) == "text"


def test_a_grid_gets_rates_times_a_hundred_amounts_to_the_cent_and_blank_missing_text():
    frame = pd.DataFrame(
        {
            "name": ["Alpha", None],
            "share": [0.1234567, None],
            "growth": [-0.0500004, 0.25],
            "gap": [0.0012344, 0.0],
            "revenue": [1234.5678, None],
            "unit_price": [12.345, 1.0],
            "units": [3, 4],
        },
        index=[5, 7],
    )
    columns = {
        "share": formats.Column("Share", "pct"),
        "growth": formats.Column("Growth", "change"),
        "gap": formats.Column("Gap", "points"),
        "revenue": formats.Column("Revenue", "money"),
        "unit_price": formats.Column("Price", "price"),
    }

    shown = formats.for_display(frame, columns, US)

    assert list(shown.index) == [5, 7]
    assert list(shown["name"]) == ["Alpha", ""]
    assert shown["share"].iloc[0] == 12.346 and pd.isna(shown["share"].iloc[1])
    assert list(shown["growth"]) == [-5.0, 25.0]
    assert list(shown["gap"]) == [0.123, 0.0]
    assert shown["revenue"].iloc[0] == 1234.57 and pd.isna(shown["revenue"].iloc[1])
    assert list(shown["unit_price"]) == [12.34, 1.0]  # 12.345 is 12.3449999... in binary
    assert list(shown["units"]) == [3, 4]


def test_a_table_on_paper_has_labels_and_every_cell_in_the_locale():
    frame = pd.DataFrame(
        {"account_id": ["AC1", "AC2"], "revenue": [1234.0, None], "orders": [1200, 3]},
        index=[3, 9],
    )
    columns = {"revenue": formats.Column("Sales", "money")}  # a declared label wins

    printed = formats.printed(frame, columns, DE)

    assert list(printed.columns) == ["Account id", "Sales", "Orders"]
    assert list(printed.index) == [3, 9]
    assert printed.to_dict("list") == {
        "Account id": ["AC1", "AC2"],
        "Sales": ["1.234\xa0€", "–"],
        "Orders": ["1.200", "3"],
    }


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [
        ("pct", "%.1f%%"),
        ("change", "%+.1f%%"),
        ("points", "%+.1f pts"),
        ("units", "%,.0f"),
        ("int", "%,d"),
        ("number", "%,.1f"),
        ("day", None),
        ("text", None),
    ],
)
def test_a_grid_column_of_each_kind_has_its_printf_pattern(kind, pattern):
    assert formats.printf(kind, US) == pattern
