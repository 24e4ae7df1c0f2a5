"""The order to propose now: cover the lead time and the peak, plus safety stock, in cases."""

from __future__ import annotations

import math
from statistics import NormalDist

DEFAULT_SERVICE_LEVEL = 0.95  # chance of not running out before the order arrives


def service_z(service_level: float) -> float:
    """Safety factor z with Phi(z) = service level (0.95 -> 1.645)."""
    if not 0.5 <= service_level < 1:
        raise ValueError(f"service level must be in [0.5, 1), got {service_level}")
    return NormalDist().inv_cdf(service_level)


def safety_stock(sigma: float, lead_time: float, service_level: float) -> float:
    """Units held against forecast error until an order arrives: z * sigma * sqrt(LT)."""
    return service_z(service_level) * sigma * math.sqrt(lead_time)


def round_to_pack(quantity: float, case_pack: int | None) -> int:
    """Units rounded up to whole cases (to whole units when the case pack is unknown)."""
    units = math.ceil(max(quantity, 0.0) - 1e-9)
    pack = int(case_pack) if case_pack and case_pack > 1 else 1
    return -(-units // pack) * pack


def suggested_order(
    need: float,
    stock: float,
    sigma: float,
    lead_time: float,
    service_level: float,
    case_pack: int | None,
) -> int:
    """Units to order now: need (demand over the lead time and the peak) + safety stock - stock,
    never negative, rounded up to the case pack.
    """
    gap = need + safety_stock(sigma, lead_time, service_level) - stock
    return round_to_pack(gap, case_pack)
