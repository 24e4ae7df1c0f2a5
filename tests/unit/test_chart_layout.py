"""Every chart's shared layout: the legend under the plot, titles whole on a phone, and the
user's text in titles and legends shown as typed, never read as Plotly's tags."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from kam_core import charts


def titled(title: str, name: str = "This year") -> go.Figure:
    fig = go.Figure(go.Bar(x=[1], y=[1], name=name))
    return fig.update_layout(template=charts.TEMPLATE, title=title)


def test_the_legend_sits_at_the_foot_of_every_chart_clear_of_the_title():
    legend = go.Figure(layout={"template": charts.TEMPLATE}).layout.template.layout.legend

    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == (
        "h",
        "container",
        0,
        "bottom",
    )


def test_a_title_of_42_characters_stays_on_one_line_and_43_wrap_at_a_word():
    on_one = "x" * 37 + " abcd"
    wrapped = "x" * 37 + " abcde"

    assert charts.for_screen(titled(on_one)).layout.title.text == on_one
    shown = charts.for_screen(titled(wrapped)).layout.title
    assert shown.text == "x" * 37 + "<br>abcde"
    assert (shown.yref, shown.yanchor, shown.automargin) == ("paper", "bottom", True)


def test_a_projectors_title_stays_on_one_line():
    title = "Risk map: SKUs run dry by week, top 15 accounts by revenue at risk"

    assert charts.for_screen(titled(title), wrap=False).layout.title.text == title


@pytest.mark.parametrize(
    "typed", ["<b>Acme</b>", "<a href='https://evil.example'>x</a>", "Fish & Chips"]
)
def test_a_name_in_a_title_or_legend_is_shown_as_typed(typed: str):
    shown = charts.for_screen(titled(f"Projected stock: {typed}", name=typed))

    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "<b>" not in shown.layout.title.text and "<a " not in shown.layout.title.text
    assert escaped.replace("'", "&#x27;") in shown.layout.title.text.replace("<br>", " ")
    assert shown.data[0].name == escaped.replace("'", "&#x27;")


def test_the_figure_given_is_kept():
    fig = titled("y" * 60)

    charts.for_screen(fig)

    assert fig.layout.title.text == "y" * 60
