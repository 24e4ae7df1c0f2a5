"""The portfolio filters every page shares: a period and the accounts' region, channel, manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kam_core.data.access import EVERYTHING, Scope


@dataclass(frozen=True)
class Filters:
    start: date  # first day of the period, inclusive
    end: date  # last day of the period, inclusive
    regions: tuple[str, ...] = ()  # empty: every region
    channels: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()
    scope: Scope = EVERYTHING  # whom the signed-in person may see: the filters only narrow it

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def account_params(self) -> dict[str, Any]:
        """Query parameters for `store.ACCOUNT_FILTER`; None means no restriction.

        The managers are those chosen within the scope: choosing none means all of the scope,
        and a manager outside it matches nothing (an empty list, not None).
        """
        managers: list[str] | None = list(self.managers) or None
        if self.scope.managers is not None:
            managers = [m for m in (self.managers or self.scope.managers) if self.scope.covers(m)]
        return {
            "regions": list(self.regions) or None,
            "channels": list(self.channels) or None,
            "managers": managers,
        }

    def keep_everyone(self) -> bool:
        """Whether every account is kept: no region, channel or manager chosen, nor a scope."""
        return not (self.regions or self.channels or self.managers) and self.scope.managers is None

    def params(self) -> dict[str, Any]:
        """Parameters for the period (`$start`, `$end`) and the account filter together."""
        return {"start": self.start, "end": self.end, **self.account_params()}
