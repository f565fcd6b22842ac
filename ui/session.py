"""Who is asking, for pages: the navigation script loads the user once per run."""
from __future__ import annotations

import streamlit as st

from accounts import User, get_user_by_email
from ui.language import t

USER_KEY = "_current_user"


def load_user() -> User | None:
    """Called by the navigation script at the start of every run."""
    user = None
    if st.session_state.get("authentication_status") and st.session_state.get("username"):
        user = get_user_by_email(st.session_state["username"])
        if user is not None and user.disabled:
            user = None
    st.session_state[USER_KEY] = user
    return user


def current_user() -> User | None:
    """The logged-in user, or None. A page run outside the navigation script sees None."""
    return st.session_state.get(USER_KEY)


def require_role(role: str) -> User:
    """Stop the page unless the current user holds `role` (pages re-check, after the navigation)."""
    user = current_user()
    if user is None or not user.has(role):
        st.warning(t("core.page.not_allowed"))
        st.stop()
    return user


def page_ref(name: str) -> str:
    """What st.page_link / st.switch_page need for one of our pages (a path relative to ui/)."""
    return f"../pages/{name}.py"
