"""Privacy: consent, data-subject requests, the personal-data map, erasure, retention, breaches.

No Streamlit here: pages call these functions, tests call them directly.
"""
