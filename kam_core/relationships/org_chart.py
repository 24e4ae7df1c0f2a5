"""The account's organisation chart from `reports_to`: refused when it goes round in a circle.

A contact whose `reports_to` is empty, or names someone not in the chart (another account's
contact, one erased), stands at the top. Depth 0 is the top; x places each contact under its
manager, leaves one unit apart, managers centred over their reports.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


class CycleError(ValueError):
    """reports_to goes round in a circle; the message names the contacts on it."""


def cycle(reports_to: Mapping[int, int | None]) -> list[int] | None:
    """The ids on a circle of `reports_to` (contact id -> manager id), first id repeated at the
    end, or None when every chain reaches the top."""
    done: set[int] = set()
    for start in sorted(reports_to):
        path: list[int] = []
        node: int | None = start
        while node is not None and node in reports_to and node not in done:
            if node in path:
                return path[path.index(node) :] + [node]
            path.append(node)
            node = reports_to[node]
        done |= set(path)
    return None


def _managers(contacts: pd.DataFrame) -> dict[int, int | None]:
    ids = set(contacts["id"].astype(int))
    return {
        int(i): (int(m) if pd.notna(m) and int(m) in ids else None)
        for i, m in zip(contacts["id"], contacts["reports_to"], strict=True)
    }


def check(contacts: pd.DataFrame) -> None:
    """CycleError naming the circle when `contacts` (id, name, reports_to) is no tree."""
    found = cycle(_managers(contacts))
    if found:
        names = contacts.set_index("id")["name"]
        circle = " -> ".join(f"{names[i]} ({i})" for i in found)
        raise CycleError(f"reports_to goes round in a circle: {circle}")


def layout(contacts: pd.DataFrame) -> pd.DataFrame:
    """`contacts` with manager (id or <NA>), depth and x: a tidy tree, tops side by side,
    siblings in id order. CycleError when reports_to goes round in a circle."""
    check(contacts)
    managers = _managers(contacts)
    reports: dict[int | None, list[int]] = {}
    for i in sorted(managers):
        reports.setdefault(managers[i], []).append(i)
    depth: dict[int, int] = {}
    x: dict[int, float] = {}
    next_leaf = 0.0

    def place(node: int, level: int) -> float:
        nonlocal next_leaf
        depth[node] = level
        below = [place(child, level + 1) for child in reports.get(node, [])]
        if below:
            x[node] = (below[0] + below[-1]) / 2
        else:
            x[node], next_leaf = next_leaf, next_leaf + 1
        return x[node]

    for top in reports.get(None, []):
        place(top, 0)
    return contacts.assign(
        manager=pd.array([managers[int(i)] for i in contacts["id"]], dtype="Int64"),
        depth=[depth[int(i)] for i in contacts["id"]],
        x=[x[int(i)] for i in contacts["id"]],
    )
