"""KAM Dashboard: navigation over pages/ and the shared sidebar filters."""

import streamlit as st

import ui
from kam_core.store import db
from kam_core.store.demo import build_demo

# isort: split
# After ui: on a fresh server ui's import reruns the script, and a session arriving meanwhile
# must not find signin half-imported ("module 'signin' has no attribute 'gate'").
import signin

st.set_page_config(page_title="KAM Dashboard", page_icon=":material/handshake:", layout="wide")

# Every file in pages/ is listed here (tests/app/test_pages.py checks it).
PAGES = {
    "Portfolio": [
        # The landing page answers at the root URL; the hidden twin below answers /overview, a
        # path people type or bookmark, which the root page alone would meet with "Page not found".
        st.Page(
            "pages/overview.py",
            title="Portfolio overview",
            icon=":material/dashboard:",
            url_path="portfolio",
            default=True,
        ),
        st.Page(
            "pages/overview.py",
            title="Portfolio overview",
            icon=":material/dashboard:",
            url_path="overview",
            visibility="hidden",
        ),
        st.Page(  # everyone's totals at a link; a viewer's whole navigation (VIEWER below)
            "pages/portfolio_totals.py", title="Portfolio totals", visibility="hidden"
        ),
        st.Page("pages/ranking.py", title="Accounts ranking", icon=":material/leaderboard:"),
        st.Page("pages/account_trend.py", title="Account trend", icon=":material/trending_up:"),
        st.Page("pages/screening.py", title="Key account screening", icon=":material/star:"),
        st.Page("pages/targets.py", title="Targets", icon=":material/flag:"),
    ],
    "Operations": [
        st.Page("pages/stock_risk.py", title="Peak-season stock risk", icon=":material/inventory:"),
        st.Page("pages/promotions.py", title="Promotions", icon=":material/campaign:"),
        st.Page(
            "pages/service.py", title="Service and cost to serve", icon=":material/local_shipping:"
        ),
    ],
    "Incentives": [
        st.Page("pages/payouts.py", title="Incentive payouts", icon=":material/redeem:"),
    ],
    "Visits": [
        st.Page("pages/brief.py", title="Account brief", icon=":material/assignment:"),
        st.Page("pages/my_week.py", title="My week", icon=":material/event:"),
        st.Page("pages/journal.py", title="Account journal", icon=":material/edit_note:"),
        st.Page("pages/store_check.py", title="Store check", icon=":material/storefront:"),
    ],
    "Data": [
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
    ],
}

# A viewer's only page (signin.pages): the portfolio's totals, no account, no margin.
VIEWER = st.Page(
    "pages/portfolio_totals.py", title="Portfolio totals", icon=":material/functions:", default=True
)


def _without_database(message: str) -> None:
    """Say what is wrong; offer the demo, or the Data page's import, when the file is missing."""
    st.error(message)
    path = ui.db_path()
    if path.exists():
        st.stop()  # damaged or foreign file: nothing here can use it
    if st.button("Build the demo database", type="primary"):
        with st.spinner(f"Building a demo company in {path}…"):
            build_demo(path)
        st.rerun()
    st.navigation({"Data": PAGES["Data"]}).run()
    st.stop()


signin.gate()  # stops here with a sign-in page unless someone may see data
try:
    ui.sidebar_filters()
except db.StoreError as exc:
    _without_database(str(exc))

st.sidebar.toggle(
    "Presentation mode",
    key="presentation",
    help="For a projector: bigger type everywhere, the sidebar folded away, the context line "
    "stamped on every chart, margin and credit data hidden.",
)
ui.stylesheets()
ui.context_line()

# Every page in view, no "View more"; only those this person may use.
page = st.navigation(signin.pages(PAGES, VIEWER), expanded=True)
try:
    page.run()
except db.StoreError as exc:  # e.g. a file damaged only in the blocks this page reads
    st.error(str(exc))
