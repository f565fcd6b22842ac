"""The market study: official datasets (import, demo data), competition in an area, market sizing,
saved studies and their exports. No Streamlit here: pages/market.py is the page."""
