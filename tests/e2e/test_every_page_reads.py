"""Every page read as people read it, at 1440x900 and on a phone (390x844): the context line,
human table headers, no 'None' or 'nan' in a cell, separators in large amounts, no '(money)'
axis. Screenshots of each page and size go to tests/e2e/screenshots/ (layout_*.png)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import SCREENSHOTS, wait_until_idle

pytestmark = pytest.mark.e2e

SIZES = [(1440, 900), (390, 844)]
ACCOUNT = "AC0004"  # pages about one account open on it, so their tables show
# st.dataframe paints its cells on a canvas; record every string painted, per canvas.
RECORD_CANVAS_TEXT = """
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  (this.canvas.__painted ||= new Set()).add(String(text));
  return fillText.call(this, text, ...rest);
};"""
# Shown: laid out, not in a closed expander or a hidden tab.
SHOWN = "const shown = e => e.checkVisibility() && e.getBoundingClientRect().height > 0;"
# Column headers from the grid's accessibility table (the columns in view), cells as painted.
READ_PAGE = (
    "() => {"
    + SHOWN
    + """
  const main = document.querySelector('[data-testid=stMain]');
  const all = selector => [...main.querySelectorAll(selector)].filter(shown);
  const texts = elements => elements.map(e => e.textContent.trim());
  const grids = all('[data-testid=stDataFrame]');
  const tables = all('[data-testid=stTable]');
  return {
    headers: texts(grids.flatMap(g => [...g.querySelectorAll('th[role=columnheader]')]))
      .concat(texts(tables.flatMap(t => [...t.querySelectorAll('th')]))),
    cells: grids.flatMap(g => [...g.querySelectorAll('canvas')])
      .flatMap(c => [...(c.__painted || [])])
      .concat(texts(tables.flatMap(t => [...t.querySelectorAll('td')]))),
    metrics: texts(all('[data-testid=stMetricValue]')),
    chart_text: texts(all('.js-plotly-plot').flatMap(c => [...c.querySelectorAll('text')])),
    axis_titles: texts(all('.js-plotly-plot')
      .flatMap(c => [...c.querySelectorAll('.g-xtitle, .g-ytitle')])),
    context: all('.st-key-context').map(c => c.innerText.trim()),
  };
}"""
)
# The grid builds its accessibility table a moment after it has its width, and paints its
# headers and cells on a canvas (recorded above) in a frame after that.
GRIDS_READABLE = (
    "() => {"
    + SHOWN
    + """
  return [...document.querySelectorAll('[data-testid=stMain] [data-testid=stDataFrame]')]
    .filter(shown).every(g => g.querySelector('table[role=grid]')
      && [...g.querySelectorAll('canvas')].some(c => c.__painted && c.__painted.size));
}"""
)
# On a busy machine the browser may still show placeholders where elements are due.
DRAWN = "() => !document.querySelector('[data-testid=stMain] [data-testid^=stSkeleton]')"
MISSING = {"None", "nan", "NaN", "<NA>", "NaT"}
BARE_AMOUNT = re.compile(r"(?<![\w.,])\d{5,}")  # 10000 or more, no thousands separator
# The period, the filters, the freshness (after the warning icon, whose name is its text).
CONTEXT = re.compile(
    r"^\d{1,2} \w{3} \d{4} – \d{1,2} \w{3} \d{4} · .+ · (warning )?(last sale|no sales)"
)


def problems(seen: dict[str, list[str]]) -> list[str]:
    """What a reader would stumble on in one page's text, in words."""
    found = [f"header {h!r} has '_'" for h in seen["headers"] if "_" in h]
    found += [f"cell reads {c!r}" for c in seen["cells"] if c in MISSING]
    for where, what in (("cells", "cell"), ("metrics", "KPI"), ("chart_text", "chart text")):
        found += [f"{what} {t!r} has no separator" for t in seen[where] if BARE_AMOUNT.search(t)]
    found += [f"axis titled {t!r}" for t in seen["axis_titles"] if "(money)" in t]
    if len(seen["context"]) != 1 or not CONTEXT.match(seen["context"][0]):
        found.append(f"no context line (found {seen['context']!r})")
    return found


def test_problems_are_named_in_words() -> None:
    seen = {
        "headers": ["Account", "on_hand"],
        "cells": ["None", "12345", "12,345", "AC00012", "1.0106774560144376"],
        "metrics": ["29.64M"],
        "chart_text": ["300000"],
        "axis_titles": ["Rebate (money)"],
        "context": [],
    }

    assert problems(seen) == [
        "header 'on_hand' has '_'",
        "cell reads 'None'",
        "cell '12345' has no separator",
        "chart text '300000' has no separator",
        "axis titled 'Rebate (money)'",
        "no context line (found [])",
    ]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["desktop", "phone"])
def test_every_page_reads_cleanly(browser: object, app_url: str, width: int, height: int) -> None:
    home = browser.new_page(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    home.goto(app_url)
    wait_until_idle(home)
    links = home.locator("[data-testid=stSidebarNav] a").evaluate_all("a => a.map(l => l.href)")
    home.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    found: list[str] = []
    for link in links:
        name = urlparse(link).path.strip("/") or "portfolio"  # the landing page is the root
        page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        page.add_init_script(RECORD_CANVAS_TEXT)
        page.goto(f"{link}?account={ACCOUNT}")
        wait_until_idle(page)
        page.wait_for_function(GRIDS_READABLE, timeout=20_000)
        page.wait_for_function(DRAWN, timeout=20_000)
        page.screenshot(path=str(SCREENSHOTS / f"layout_{name}_{width}.png"))
        found += [
            f"{name} at {width}: {p}" for p in dict.fromkeys(problems(page.evaluate(READ_PAGE)))
        ]
        # The whole page, for reading by eye: as tall as its content.
        tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(tall, 16_000)})
        wait_until_idle(page)
        page.screenshot(path=str(SCREENSHOTS / f"layout_{name}_{width}_full.png"))
        page.close()

    assert len(links) >= 13
    assert not found, "\n".join(found)
