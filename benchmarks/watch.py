"""What "the page is drawn" and "the rerun has finished" mean in the browser, as JavaScript
predicates for Playwright: shared by the single-user timings (browser.py) and the concurrent
sessions (sessions.py), so both clocks stop at the same moment.
"""

# True once the script has run and every chart has painted: the page as the user sees it.
DRAWN = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid=stMain] h1')) return false;
  if (document.querySelector('[data-testid=stMain] [data-testid=stSkeleton]')) return false;
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  return charts.every(c => c.querySelector('.main-svg'));
}"""

# Records the next rerun: set before an interaction, 'done' once it has run and finished. The
# records' old values, not the current state: a fast rerun can go running -> notRunning
# between two callbacks. A rerun so fast that React never renders 'running' leaves no record
# at all; then the main area's last change, 250 ms quiet while not running, ends it (at most
# 250 ms late: pessimistic).
WATCH = """() => {
  window.__rerun = 'waiting';
  window.__changed = 0;
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName !== 'data-test-script-state') continue;
      if (r.oldValue === 'running') window.__rerun = 'done';
    }
  }).observe(app, {attributes: true, attributeOldValue: true});
  new MutationObserver(() => { window.__changed = performance.now(); })
    .observe(document.querySelector('[data-testid=stMain]'),
             {childList: true, subtree: true, characterData: true});
}"""

RERUN_DONE = """() => {
  if (window.__rerun === 'done') return true;
  const app = document.querySelector('[data-testid=stApp]');
  return window.__changed > 0
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && performance.now() - window.__changed > 250;
}"""
