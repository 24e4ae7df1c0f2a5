"""The benchmark's own arithmetic: percentiles, time windows, recomputations, import times."""

import pytest

from benchmarks.exports import top_imports
from benchmarks.report import verdict
from benchmarks.sessions import Click, by_page, computations, latencies, percentile

TWENTY = [float(s) for s in range(1, 21)]


def test_p95_of_twenty_clicks_is_the_nineteenth():
    assert percentile(TWENTY, 0.95) == 19.0


def test_p95_of_twenty_one_clicks_is_the_twentieth():
    assert percentile([*TWENTY, 21.0], 0.95) == 20.0


def test_a_single_click_is_every_percentile():
    assert percentile([3.0], 0.5) == percentile([3.0], 0.95) == 3.0


def test_percentile_ignores_the_order_clicks_came_in():
    assert percentile(list(reversed(TWENTY)), 0.5) == 10.0


def test_a_window_holds_clicks_made_from_its_start_up_to_not_including_its_end():
    clicks = [Click(0, "/a", start, seconds) for start, seconds in ((9.9, 5), (10, 1), (19.9, 3))]
    clicks.append(Click(1, "/b", 20.0, 7))

    window = latencies(clicks, 10, 20)

    assert window == {"n": 2, "unfinished": 0, "p50": 2.0, "p95": 3.0, "max": 3.0}


def test_a_click_never_drawn_counts_with_the_time_it_was_waited_for():
    clicks = [Click(0, "/a", 10, 1.0), Click(1, "/b", 11, 60.0, finished=False)]

    window = latencies(clicks, 10, 20)

    assert (window["unfinished"], window["max"]) == (1, 60.0)


def test_a_window_without_clicks_says_so():
    assert latencies([Click(0, "/a", 5, 1)], 10, 20) == {"n": 0}


def test_pages_are_listed_by_their_median_click_slowest_first():
    clicks = [Click(0, "/a", 0, 1.0), Click(0, "/b", 1, 2.0), Click(1, "/a", 2, 9.0)]
    clicks.append(Click(1, "/a", 3, 4.0))

    assert list(by_page(clicks).items()) == [("/a", 4.0), ("/b", 2.0)]


def test_a_result_computed_by_two_sessions_is_reported_with_its_count():
    lines = [
        [10.0, "v2", "sales_dates", "()"],
        [10.5, "v2", "sales_dates", "()"],
        [11.0, "v2", "ranking", "(1,)"],
    ]

    found = computations(lines, 10, 20)

    assert found == {"calls": 3, "results": 2, "repeated": {"sales_dates()": 2}}


def test_the_same_query_on_two_file_versions_is_two_results():
    lines = [[10.0, "v1", "sales_dates", "()"], [11.0, "v2", "sales_dates", "()"]]

    assert computations(lines, 10, 20) == {"calls": 2, "results": 2, "repeated": {}}


def test_computations_outside_the_window_are_not_counted():
    lines = [[9.99, "v2", "sales_dates", "()"], [20.0, "v2", "sales_dates", "()"]]

    assert computations(lines, 10, 20)["calls"] == 0


IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       436 |      55968 |     duckdb
import time:       823 |      66443 |       numpy
import time:      3186 |      69047 |           pyarrow.lib
import time:       274 |     319869 |     pandas
import time:       500 |     400000 |   kam_core.store.files
"""


def test_top_imports_lists_packages_slowest_first_in_seconds():
    assert top_imports(IMPORTTIME) == [
        ("pandas", pytest.approx(0.319869)),
        ("numpy", pytest.approx(0.066443)),
        ("duckdb", pytest.approx(0.055968)),
    ]


def test_an_export_ratio_of_exactly_twice_meets_the_target():
    assert verdict("10M", "export_ratio", 2.0) == "met"


def test_an_export_ratio_just_over_twice_misses_it():
    assert verdict("10M", "export_ratio", 2.01).startswith("**MISSED**: 2.01x")


def test_twenty_sessions_at_two_seconds_p95_miss_the_target():
    assert verdict("10M", "sessions_p95", 2.0).startswith("**MISSED**")


def test_a_session_count_whose_sessions_did_not_all_open_is_not_judged():
    from benchmarks.report import _unopened

    assert _unopened({"sessions": 20, "ready": 20}) == ""
    assert _unopened({"sessions": 20, "ready": 19}).startswith("**not measured**: 1 of 20")
