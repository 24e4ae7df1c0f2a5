import streamlit as st

import ui
from kam_core.store import portfolio

st.title("Data")
st.dataframe(ui.load(portfolio.table_rows), hide_index=True)
