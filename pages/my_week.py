import streamlit as st

st.title("My week")
