"""What every run does around the page: database, language, consent, login, sidebar."""
from __future__ import annotations

import streamlit as st

import i18n
from accounts.users import touch_activity
from audience.app_views import record_app_pageview
from storage import get_db
from ui import auth, context
from ui.consent import CHOICE_KEY, COOKIE_KEY, consent_gate, consent_link, gpc_signal
from ui.language import lang, t
from ui.locale import translate_chrome
from ui.markdown import escape
from ui.session import load_user

_CONSENT_KEY = "_consent"


def start_run():
    get_db()  # opens and migrates on first use in this process
    lang()
    choices = consent_gate()
    st.session_state[_CONSENT_KEY] = choices
    auth.build_authenticator(remember_allowed=bool(choices.get("remember")))
    auth.restore_login()
    auth.draw_pending_handoff(hold=bool(st.session_state.get(COOKIE_KEY)))  # the consent cookie first
    user = load_user()
    if user is not None:
        if "_lang_from_profile" not in st.session_state:
            st.session_state["lang"] = i18n.normalise_lang(user.language)
            st.session_state["_lang_from_profile"] = True
        touch_activity(user)
    return user


def sidebar(user) -> None:
    with st.sidebar:
        translate_chrome()
        codes = list(i18n.LANGUAGES)
        choice = st.selectbox(t("core.language"), codes, index=codes.index(lang()),
                              format_func=lambda c: {"fr": "Français", "en": "English"}[c], key="_lang_select")
        if choice != lang():
            st.session_state["lang"] = choice
            st.rerun()
        if user is not None:
            st.caption(t("core.signed_in_as", email=escape(user.email)))
            if st.button(t("core.logout"), key="_logout", icon=":material/logout:"):
                auth.logout()
                st.rerun()
        consent_link()


def record_view(path: str) -> None:
    """The app's own page views, measured only as the visitor's consent allows."""
    if st.session_state.get("_last_view") == path:
        return  # a rerun of the same page (a widget changed) is not a new page view
    st.session_state["_last_view"] = path
    choices = st.session_state.get(_CONSENT_KEY) or {}
    record_app_pageview(
        "/" + path, ip=context.client_ip(), user_agent=context.header("User-Agent"),
        accept_language=context.header("Accept-Language"), referrer=context.header("Referer") or None,
        consent_granted=bool(choices.get("audience")), gpc=gpc_signal(), dnt=context.header("DNT") == "1",
        # a refusal the visitor made (not merely "not asked yet"): exempt mode must honour it
        opted_out=choices.get("audience") is False and st.session_state.get(CHOICE_KEY) is not None)
