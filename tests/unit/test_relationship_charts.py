"""The relationship map as data: one marker per person, coloured by relationship and sized by
influence, a line from each manager, the last meeting in the label, names escaped."""

from __future__ import annotations

import pandas as pd

from kam_core.charts.relationships import INFLUENCE_SIZES, RELATIONSHIP_COLOURS, relationship_map
from kam_core.relationships import org_chart


def _chart() -> pd.DataFrame:
    people = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "name": ["Ann <b>Lee</b>", "Bo", "Cy"],
            "title": ["Director", None, "Buyer"],
            "role": ["decision maker", "influencer", "buyer"],
            "influence": ["high", "medium", "low"],
            "relationship": ["weak", None, "strong"],
            "reports_to": pd.array([None, 1, 1], dtype="Int64"),
            "last_met": pd.to_datetime([None, "2026-03-02", "2026-06-01"]),
        }
    )
    return org_chart.layout(people)


def test_markers_are_coloured_by_relationship_and_sized_by_influence():
    fig = relationship_map(_chart()).to_dict()

    markers = {t["name"]: t for t in fig["data"] if t["mode"] == "markers+text"}
    assert set(markers) == {"weak", "none", "strong"}
    assert markers["weak"]["marker"]["color"] == RELATIONSHIP_COLOURS["weak"]
    assert markers["weak"]["marker"]["size"] == [INFLUENCE_SIZES["high"]]
    assert markers["strong"]["marker"]["size"] == [INFLUENCE_SIZES["low"]]


def test_each_report_hangs_from_its_manager_and_labels_say_when_they_were_met():
    fig = relationship_map(_chart()).to_dict()

    lines = [t for t in fig["data"] if t["mode"] == "lines"]
    assert len(lines) == 2 and all(list(t["y"]) == [0, -1] for t in lines)
    labels = [t["text"][0] for t in fig["data"] if t["mode"] == "markers+text"]
    assert "Ann &lt;b&gt;Lee&lt;/b&gt;<br>Director<br>never met" in labels
    assert "Bo<br>influencer<br>met 2 Mar 2026" in labels
