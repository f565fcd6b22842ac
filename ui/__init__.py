"""Streamlit glue: navigation, session, authentication widgets, translations for pages."""
