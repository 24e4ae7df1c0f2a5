"""The two service KPIs of key-account work: OTIF and the cost saving rate of the key accounts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from kam_core.service import cost_to_serve, delivery


@dataclass(frozen=True)
class ServiceKpis:
    otif: float | None  # OTIF of the key accounts' lines (fraction); None without lines
    cost_saving_rate: float | None  # pooled over the key accounts; None without last year's share


def key_accounts(tiers: pd.DataFrame) -> tuple[str, ...]:
    """The key accounts (tier A, as kam_core.accounts.trends counts them) of a screening table."""
    return tuple(tiers.loc[tiers["proposed_tier"] == "A", "account_id"])


def key_account_service(
    counts: pd.DataFrame, inputs: pd.DataFrame | None, key_accounts: Collection[str]
) -> ServiceKpis:
    """The KPIs over `key_accounts` from delivery COUNTS rows (with account_id) and cost inputs
    (None: unknown, e.g. an invalid rebate programme)."""
    lines = counts[counts["account_id"].isin(list(key_accounts))]
    otif = delivery.rates(lines).iloc[0]["otif_rate"]
    saving = None
    if inputs is not None:
        key_inputs = inputs[inputs["account_id"].isin(list(key_accounts))]
        saving = cost_to_serve.portfolio_saving_rate(key_inputs)
    return ServiceKpis(None if pd.isna(otif) else float(otif), saving)
