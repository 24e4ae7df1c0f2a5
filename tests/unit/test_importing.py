"""Import rules: columns matched to the contract, cells typed, the contract's rules enforced."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_core.data import parsing
from kam_core.data.contract import TABLES
from kam_core.data.importing import BadFile, closest_column, match_columns, normalise, prepare


def cells(**columns: list[object]) -> pd.DataFrame:
    return pd.DataFrame({k.replace("__", " "): v for k, v in columns.items()}, dtype=object)


def sales(**overrides: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "date": ["2024-01-05", "2024-01-06"],
        "account_id": ["AC1", "AC2"],
        "sku": ["KE-1", "KE-2"],
        "quantity": ["2", "3"],
        "revenue": ["20.5", "30"],
    }
    return cells(**(base | overrides))


def problems(frame: pd.DataFrame, table: str = "sales", **options: object) -> list[str]:
    with pytest.raises(BadFile) as failed:
        prepare(frame, table, "f.csv", **options)  # type: ignore[arg-type]
    return [str(p) for p in failed.value.problems]


def test_names_match_ignoring_case_spaces_hyphens_and_underscores():
    names = ["ACCOUNT ID", "sku", "Date", "Quantity", "Revenue "]

    match = match_columns(names, "sales")

    assert match.targets == {
        "ACCOUNT ID": "account_id",
        "sku": "sku",
        "Date": "date",
        "Quantity": "quantity",
        "Revenue ": "revenue",
    }
    assert match.missing == ()


def test_contract_aliases_match_common_export_names():
    match = match_columns(["Order Date", "Customer ID", "Product ID", "Qty", "Sales"], "sales")

    assert set(match.targets.values()) == {"date", "account_id", "sku", "quantity", "revenue"}


def test_unknown_columns_are_ignored_and_reported():
    match = match_columns(["account_id", "name", "Favourite colour"], "accounts")

    assert match.ignored == ("Favourite colour",)


def test_a_mapping_by_hand_overrides_the_name_match():
    match = match_columns(
        ["Client", "name", "Client name"],
        "accounts",
        {"Client": "account_id", "Client name": "name"},
    )

    assert match.targets == {"Client": "account_id", "Client name": "name"}
    assert match.ignored == ("name",)


def test_a_column_mapped_to_nothing_is_ignored():
    match = match_columns(["account_id", "name", "region"], "accounts", {"region": ""})

    assert "region" in match.ignored


def test_mapping_to_a_column_the_table_lacks_is_an_error():
    with pytest.raises(ValueError, match="colour is not a column of accounts"):
        match_columns(["x"], "accounts", {"x": "colour"})


def test_missing_required_columns_are_listed_with_the_unknown_ones():
    found = problems(cells(account__id=["A"], colour=["red"]), "accounts")

    assert "missing required column(s): name" in found[0]
    assert "unknown column(s): colour" in found[0]
    assert found[0].startswith("f.csv, row 1")


def test_two_columns_matching_one_contract_column_must_be_mapped():
    found = problems(cells(account_id=["A"], Customer__ID=["B"], name=["x"]), "accounts")

    assert "more than one column matches account_id" in found[0]


@pytest.mark.parametrize(
    "written",
    [["2024-03-04", "2024-12-31"], ["3/4/2024", "12/31/2024"], ["4.3.2024", "31.12.2024"]],
)
def test_dates_are_read_in_iso_us_and_german_order(written):
    values, bad, _ = parsing.parse(pd.Series(written, dtype=object), "date")

    assert [d.date() for d in values] == [date(2024, 3, 4), date(2024, 12, 31)]
    assert not bad.any()


def test_a_slashed_column_with_a_day_above_12_is_read_day_first():
    values, _, _ = parsing.parse(pd.Series(["3/4/2024", "25/12/2024"], dtype=object), "date")

    assert values[0].date() == date(2024, 4, 3)


def test_excel_dates_and_times_keep_the_day():
    values, bad, _ = parsing.parse(pd.Series([pd.Timestamp("2024-05-01 13:45")]), "date")

    assert values[0] == pd.Timestamp("2024-05-01")
    assert not bad.any()


def test_a_cell_that_is_not_a_date_is_reported_with_row_and_column():
    found = problems(sales(date=["2024-01-05", "soon"]))

    assert found == [
        "f.csv, row 3, column date: 'soon' is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)"
    ]


def test_numbers_accept_thousands_separators_and_decimal_commas():
    values, bad, _ = parsing.parse(pd.Series(["1,234.5", "12,5", "1.234,5", "7"]), "float")

    assert list(values) == [1234.5, 12.5, 1234.5, 7.0]
    assert not bad.any()


def test_a_cell_that_is_not_a_number_is_reported():
    found = problems(sales(revenue=["20", "lots"]))

    assert found == ["f.csv, row 3, column revenue: 'lots' is not a number"]


def test_whole_number_columns_refuse_fractions():
    frame = cells(sku=["A"], name=["x"], lead_time_days=["2.5"])

    assert problems(frame, "products") == [
        "f.csv, row 2, column lead_time_days: '2.5' is not a whole number"
    ]


def test_required_cells_must_not_be_empty():
    found = problems(sales(account_id=["AC1", "  "]))

    assert found == ["f.csv, row 3, column account_id: is required but empty"]


def test_amounts_must_not_be_negative():
    found = problems(sales(quantity=["-1", "3"]))

    assert found == ["f.csv, row 2, column quantity: -1 must not be negative"]


def test_rates_above_one_are_refused_with_the_convention():
    frame = cells(program_id=["P"], threshold=["100"], rate=["15"])

    assert problems(frame, "rebate_tiers") == [
        "f.csv, row 2, column rate: 15 is above the maximum 1 (rates are fractions: 15% is 0.15)"
    ]


def test_closed_choices_ignore_case_and_refuse_others():
    frame = cells(
        program_id=["A", "B"],
        name=["x", "y"],
        basis=["Revenue", "turnover"],
        period=["year", "YEAR"],
        method=["growth", "growth"],
    )

    found = problems(frame, "rebate_programs")

    assert found == ["f.csv, row 3, column basis: 'turnover' is not one of revenue, quantity"]


def test_a_promotion_may_not_end_before_it_starts():
    frame = cells(
        promo_id=["P1"], account_id=["A"], start_date=["2024-05-10"], end_date=["2024-05-01"]
    )

    found = problems(frame, "promotions")

    assert len(found) == 1
    assert found[0].startswith("f.csv, row 2, column end_date:")
    assert "is before start_date" in found[0]


@pytest.mark.parametrize("end", ["2024-05-10", "2024-05-11"])
def test_a_promotion_may_end_on_the_day_it_starts_or_later(end):
    frame = cells(promo_id=["P1"], account_id=["A"], start_date=["2024-05-10"], end_date=[end])

    prepared = prepare(frame, "promotions", "f.csv")

    assert list(prepared.rows["end_date"].dt.date) == [date.fromisoformat(end)]


def test_a_promotion_ending_the_day_before_it_starts_is_refused():
    frame = cells(
        promo_id=["P1"], account_id=["A"], start_date=["2024-05-10"], end_date=["2024-05-09"]
    )

    [found] = problems(frame, "promotions")
    assert found.startswith("f.csv, row 2, column end_date: 2024-05-09")
    assert found.endswith("is before start_date")


@pytest.mark.parametrize(
    ("rate", "refused"), [("0", False), ("-0.01", True), ("1", False), ("1.01", True)]
)
def test_a_rate_is_a_fraction_from_0_to_1_both_included(rate, refused):
    frame = cells(program_id=["P"], threshold=["100"], rate=[rate])

    if refused:
        assert len(problems(frame, "rebate_tiers")) == 1
    else:
        assert prepare(frame, "rebate_tiers", "f.csv").rows["rate"].tolist() == [float(rate)]


@pytest.mark.parametrize(("pack", "refused"), [("0", True), ("1", False), ("2", False)])
def test_a_case_pack_holds_at_least_one_unit(pack, refused):
    frame = cells(sku=["KE-1"], name=["Kettle"], case_pack=[pack])

    if refused:
        assert problems(frame, "products") == [
            "f.csv, row 2, column case_pack: 0 is below the minimum 1"
        ]
    else:
        assert prepare(frame, "products", "f.csv").rows["case_pack"].tolist() == [int(pack)]


def test_an_amount_of_zero_is_accepted():
    prepared = prepare(sales(quantity=["0", "3"]), "sales", "f.csv")

    assert prepared.rows["quantity"].tolist() == [0, 3]


def test_identical_rows_of_a_keyed_table_are_imported_once():
    frame = cells(account_id=["A", "A", "B"], name=["x", "x", "y"])

    prepared = prepare(frame, "accounts", "f.csv")

    assert list(prepared.rows["account_id"]) == ["A", "B"]
    assert prepared.collapsed == 1


def test_a_key_repeated_with_other_values_is_an_error_naming_both_rows():
    frame = cells(account_id=["A", "B", "A"], name=["x", "y", "z"])

    found = problems(frame, "accounts")

    assert found[0] == (
        "f.csv, row 4, column account_id: duplicate key account_id=A: row 2 has the same key "
        "with another name ('z' vs 'x')"
    )
    assert "--on-duplicate-key first" in found[-1]


def test_keep_first_takes_the_first_row_of_a_repeated_key():
    frame = cells(account_id=["A", "B", "A"], name=["x", "y", "z"])

    prepared = prepare(frame, "accounts", "f.csv", on_duplicate_key="first")

    assert dict(zip(prepared.rows.account_id, prepared.rows.name, strict=True)) == {
        "A": "x",
        "B": "y",
    }
    assert prepared.skipped == 1


def test_sales_have_no_key_so_repeated_lines_are_kept():
    prepared = prepare(sales(account_id=["AC1", "AC1"], sku=["KE-1", "KE-1"]), "sales", "f.csv")

    assert len(prepared.rows) == 2


def test_cost_is_derived_from_profit_when_the_file_has_no_cost():
    prepared = prepare(sales(Profit=["5.5", "10"]), "sales", "f.csv")

    assert list(prepared.rows["cost"]) == [15.0, 20.0]
    assert prepared.derived == ("cost = revenue - profit",)
    assert "profit" not in prepared.rows


def test_a_profit_above_revenue_gives_a_negative_cost_that_is_refused():
    found = problems(sales(Profit=["25", "10"]))

    assert found == [
        "f.csv, row 2, column cost (derived: cost = revenue - profit): -4.5 must not be negative"
    ]


def test_problems_name_the_files_column_when_it_was_renamed():
    found = problems(sales().rename(columns={"revenue": "Sales"}).assign(Sales=["x", "1"]))

    assert found == ["f.csv, row 2, column revenue ('Sales' in the file): 'x' is not a number"]


def test_rows_are_numbered_from_the_first_data_row_given():
    with pytest.raises(BadFile) as failed:
        prepare(sales(revenue=["1", "x"]), "sales", "f.parquet", first=1)

    assert failed.value.problems[0].row == 2


def test_many_bad_cells_are_listed_up_to_a_limit_and_counted():
    frame = sales(
        revenue=["bad"] * 250,
        date=["2024-01-01"] * 250,
        account_id=["A"] * 250,
        sku=["S"] * 250,
        quantity=["1"] * 250,
    )

    with pytest.raises(BadFile) as failed:
        prepare(frame, "sales", "f.csv")

    assert sum(p.count for p in failed.value.problems) == 250
    assert "250 problem(s)" in str(failed.value)
    assert "... and 230 more" in str(failed.value)


def test_preparing_does_not_change_the_files_cells():
    frame = sales(Profit=["1", "2"])
    before = frame.copy()

    prepare(frame, "sales", "f.csv")

    pd.testing.assert_frame_equal(frame, before)


@given(st.text(alphabet=" _-", min_size=1, max_size=3), st.sampled_from(["account_id", "on_hand"]))
def test_separators_between_words_never_change_the_match(separator, name):
    written = name.replace("_", separator).upper()

    assert normalise(written) == name


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
@settings(deadline=None)  # a shared machine's pauses are not what this test is about
def test_a_number_written_as_text_reads_back_exactly(value):
    values, bad, _ = parsing.parse(pd.Series([repr(value)], dtype=object), "float")

    assert values[0] == value
    assert not bad.any()


@given(
    st.lists(st.dates(date(1990, 1, 1), date(2099, 12, 31)), min_size=1, max_size=20),
    st.sampled_from(["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"]),
)
@settings(deadline=None)  # a shared machine's pauses are not what this test is about
def test_a_column_of_dates_in_one_format_reads_back_unless_ambiguous(days, fmt):
    written = pd.Series([d.strftime(fmt) for d in days], dtype=object)

    values, bad, _ = parsing.parse(written, "date")

    assert not bad.any()
    if fmt != "%m/%d/%Y" or any(d.day > 12 for d in days):
        assert [v.date() for v in values] == days


def test_csv_text_cells_are_stripped_and_blank_cells_are_empty():
    values, bad, _ = parsing.parse(
        pd.Series([" 12,5 ", "", "  ", "x", "1,000"], dtype="str"), "float"
    )

    assert list(values.astype(object).where(values.notna(), None)) == [
        12.5,
        None,
        None,
        None,
        1000.0,
    ]
    assert list(bad) == [False, False, False, True, False]


@pytest.mark.parametrize(
    "table", [t.name for t in TABLES.values() if "account_id" in t.column_names]
)
def test_customer_id_means_account_id_in_every_table_that_has_one(table: str):
    assert dict(match_columns(["Customer ID"], table).matched) == {"Customer ID": "account_id"}


@pytest.mark.parametrize("table", [t.name for t in TABLES.values() if "sku" in t.column_names])
def test_product_id_means_sku_in_every_table_that_has_one(table: str):
    assert dict(match_columns(["Product ID"], table).matched) == {"Product ID": "sku"}


def test_a_missing_column_error_ends_with_the_map_option_for_the_closest_column():
    found = problems(cells(customer_id=["A"], company_name=["x"], contact_name=["y"]), "accounts")

    assert found[0].endswith("""to use 'company_name' as name: --map "company_name=name\"""")


def test_with_no_close_column_the_error_shows_the_map_option_to_fill_in():
    found = problems(cells(account_id=["A"], colour=["red"]), "accounts")

    assert found[0].endswith("""to choose a file column by hand: --map "Source column=name\"""")


@pytest.mark.parametrize(
    ("target", "columns", "closest"),
    [
        ("revenue", ["Revenu", "colour"], "Revenu"),  # a misspelling
        ("quantity", ["qty_sold", "Quantities"], "Quantities"),
        ("name", ["company_name", "contact_name"], "company_name"),  # first that holds the word
        ("name", ["surname", "colour"], None),  # 'name' inside a word is not the word
        ("date", ["colour"], None),
    ],
)
def test_the_closest_file_column(target: str, columns: list[str], closest: str | None):
    assert closest_column(target, columns) == closest


def test_a_repeated_key_names_every_differing_column_and_ends_with_the_way_out():
    frame = cells(
        account_id=["A", "A"], name=["x", "x"], region=["North", None], channel=[None, None]
    )

    found = problems(frame, "accounts")

    assert found == [
        "f.csv, row 3, column account_id: duplicate key account_id=A: row 2 has the same key "
        "with another region (<NA> vs 'North')",
        "f.csv, column account_id: Correct the file, or keep the first row of each key "
        "(--on-duplicate-key first, or 'Keep the first row of a repeated key' on the Data page)",
    ]


def test_a_composite_key_is_named_in_full_with_dates_as_days():
    frame = cells(
        promo_id=["P1", "P1"],
        account_id=["A", "A"],
        start_date=["2024-05-01", "2024-05-01"],
        end_date=["2024-05-02", "2024-05-03"],
    )

    found = problems(frame, "promotions")

    assert found[0].startswith("f.csv, row 3, column promo_id: duplicate key promo_id=P1:")


@pytest.mark.parametrize(("repeats", "counted"), [(100, None), (101, "... and 1 more")])
def test_up_to_100_repeated_keys_are_listed_and_the_rest_counted(repeats, counted):
    ids = [f"A{i}" for i in range(repeats)]
    frame = cells(account_id=ids + ids, name=["x"] * repeats + ["y"] * repeats)

    found = problems(frame, "accounts")

    listed = [p for p in found if "duplicate key" in p and "row" in p.split(":")[0]]
    assert len(listed) == 100
    more = [p for p in found if "more duplicate keys" in p]
    if counted is None:
        assert more == []
    else:
        assert more == [f"f.csv, column account_id: {counted} duplicate keys"]


def test_the_first_row_of_each_key_wins_and_the_others_are_counted_as_skipped():
    frame = cells(account_id=["A", "A", "A", "B"], name=["x", "x", "y", "z"])

    prepared = prepare(frame, "accounts", "f.csv", on_duplicate_key="first")

    assert (prepared.collapsed, prepared.skipped) == (1, 1)
    assert list(prepared.rows.index) == [0, 1]
    assert prepared.ignored == ()


def test_two_columns_out_of_bounds_are_both_reported():
    frame = cells(program_id=["P"], threshold=["-1"], rate=["2"])

    assert problems(frame, "rebate_tiers") == [
        "f.csv, row 2, column rate: 2 is above the maximum 1 (rates are fractions: 15% is 0.15)",
        "f.csv, row 2, column threshold: -1 must not be negative",
    ]


def test_a_column_missing_from_the_file_does_not_stop_the_checks_of_the_next():
    frame = cells(sku=["KE-1"], name=["Kettle"], case_pack=["0"])  # no unit_price column

    assert problems(frame, "products") == [
        "f.csv, row 2, column case_pack: 0 is below the minimum 1"
    ]


def test_an_unknown_duplicate_key_choice_is_refused():
    with pytest.raises(ValueError, match="^on_duplicate_key must be one of error, first$"):
        prepare(sales(), "sales", "f.csv", on_duplicate_key="last")


def test_a_hand_mapping_is_used_when_preparing():
    frame = cells(Client=["A"], name=["x"])

    prepared = prepare(frame, "accounts", "f.csv", mapping={"Client": "account_id"})

    assert prepared.rows.account_id.tolist() == ["A"]


def test_a_file_missing_columns_is_one_problem_naming_all_of_them_and_the_choices():
    frame = cells(Date=["2024-01-05"], Colour=["red"], Shade=["dark"])

    assert problems(frame) == [
        "f.csv, row 1: missing required column(s): account_id, sku, quantity, revenue; "
        "unknown column(s): Colour, Shade "
        "(sales columns are date, account_id, sku, quantity, revenue, cost, order_id, promo_id, "
        'profit); to choose a file column by hand: --map "Source column=account_id"'
    ]


def test_two_columns_for_one_are_named_with_the_way_out():
    frame = sales(**{"Account ID": ["A", "B"]})

    [found] = problems(frame)

    assert found.startswith("f.csv, row 1: more than one column matches account_id; map them (")


def test_mapping_to_several_unknown_columns_names_them_all():
    with pytest.raises(
        ValueError, match="^colour, shade is not a column of accounts; choose from "
    ):
        match_columns(["a", "b"], "accounts", {"a": "colour", "b": "shade"})


@pytest.mark.parametrize("name", ["_sku_", "  SKU  ", "-sku-"])
def test_separators_around_a_name_do_not_count(name):
    assert normalise(name) == "sku"
