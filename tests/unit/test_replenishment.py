"""Order proposals: safety factor from the service level, whole cases."""

from __future__ import annotations

import pytest

from kam_core.stock.replenishment import round_to_pack, service_z, suggested_order


def test_a_95_percent_service_level_needs_z_of_1_645():
    assert service_z(0.95) == pytest.approx(1.6449, abs=1e-4)


def test_orders_are_rounded_up_to_whole_cases():
    assert round_to_pack(13, 6) == 18


def test_an_exact_number_of_cases_is_not_rounded_further():
    assert round_to_pack(12.0, 6) == 12


def test_unknown_case_pack_rounds_to_whole_units():
    assert round_to_pack(12.2, None) == 13


def test_no_order_when_stock_covers_need_and_safety_stock():
    assert suggested_order(100, 500, sigma=2, lead_time=14, service_level=0.95, case_pack=6) == 0


def test_a_service_level_outside_the_usual_range_is_refused():
    with pytest.raises(ValueError, match="service level"):
        service_z(1.0)
