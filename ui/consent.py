"""The consent banner, run by the navigation on every run before any page.

    choices = consent_gate()   # {"audience": bool, "remember": bool}; all False until a choice
    consent_link()             # in the sidebar: reopens the choices (withdrawing = giving)

The choice lives in session state for this session and in a signed first-party cookie for the
next ones; every choice is logged on the server as proof (privacy.consent). With `Sec-GPC: 1`
and no earlier choice, optional categories are refused and logged with method "gpc".
Reads of the request (cookie, headers, IP) go through small functions that tests monkeypatch.
"""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from mail import subscriptions as mailing
from privacy import consent, gpc, policy
from ui import auth, context
from ui.language import t
from ui.session import current_user

CHOICE_KEY = "_consent_choice"      # ConsentChoice of this session (or None)
OPEN_KEY = "_consent_open"          # the banner was reopened from the sidebar link
CUSTOMISE_KEY = "_consent_customise"
COOKIE_KEY = "_consent_cookie"      # signed value still to be written in the browser
FORGET_KEY = "_consent_forget"      # "remember me" was withdrawn: drop login cookie and saved inputs
SAVED_INPUT_PREFIX = "saved:"       # session keys of inputs kept only with the "remember" consent
_WIDGET = "_consent_w_"


# -- request reads (monkeypatched in AppTest, which cannot seed headers or cookies) ---------------

def read_cookie() -> str:
    return context.cookie(consent.COOKIE_NAME)


def gpc_signal() -> bool:
    """`Sec-GPC: 1` on the WebSocket request, or the cookie privacy.gpc sets from page requests."""
    return context.header("Sec-GPC").strip() == "1" or context.cookie(gpc.COOKIE_NAME) == "1"


def client_ip() -> str | None:
    return context.client_ip()


def user_agent() -> str:
    return context.header("User-Agent")


def secure_cookie() -> bool:
    return context.page_url().startswith("https://")


# -- the gate ---------------------------------------------------------------------------------

def banner_text() -> str:
    """The text whose hash is logged with each choice (what the person was shown)."""
    return "\n".join([t("privacy.banner.title"), t("privacy.banner.body"), t("privacy.category.necessary"),
                      t("privacy.category.audience"), t("privacy.category.remember")])


def consent_gate() -> dict[str, bool]:
    """Show the banner while no valid choice exists; return the optional categories granted."""
    version = policy.current_version()
    choice = st.session_state.get(CHOICE_KEY)
    if choice is None or choice.policy_version != version or _expired(choice):
        choice = consent.current_choice(read_cookie(), version)
        if choice is None and gpc_signal():
            choice = _decide(consent.all_refused(), "gpc", version)
        st.session_state[CHOICE_KEY] = choice
    _apply_side_effects()
    _handle_unsubscribe_link()
    if choice is None or st.session_state.get(OPEN_KEY):
        _banner(choice, version)
    return dict(choice.choices) if choice is not None else consent.all_refused()


def consent_link() -> None:
    """The permanent "Manage cookies" link (to be called inside `with st.sidebar:`)."""
    st.button(t("privacy.banner.manage"), key=f"{_WIDGET}link", type="tertiary",
              icon=":material/cookie:", on_click=open_choices)


def _expired(choice: consent.ConsentChoice) -> bool:
    return datetime.now(choice.decided_at.tzinfo) >= choice.expires_at


def open_choices() -> None:
    """Reopen the banner with the detailed choices (button callback, also used by the privacy centre)."""
    st.session_state[OPEN_KEY] = True
    st.session_state[CUSTOMISE_KEY] = True


def _decide(choices: dict[str, bool], button: str, version: str) -> consent.ConsentChoice:
    """Log the choice as proof, keep it for this session and queue the cookie."""
    previous = st.session_state.get(CHOICE_KEY)
    new = consent.normalise(choices)
    method = consent.method_for(button, previous.choices if previous else None, new)
    user = current_user()
    consent_id = previous.consent_id if previous is not None else consent.new_consent_id()
    choice = consent.record_consent(consent_id, new, method, version, banner_text(), client_ip(),
                                    user_agent(), user.id if user else None)
    st.session_state[CHOICE_KEY] = choice
    st.session_state[COOKIE_KEY] = consent.cookie_value(choice)
    if previous is not None and previous.choices.get("remember") and not new["remember"]:
        st.session_state[FORGET_KEY] = True
    st.session_state[OPEN_KEY] = False
    st.session_state[CUSTOMISE_KEY] = False
    return choice


def _on_button(button: str, version: str) -> None:
    if button == "accept_all":
        choices = consent.all_accepted()
    elif button == "refuse_all":
        choices = consent.all_refused()
    else:
        choices = {c: bool(st.session_state.get(f"{_WIDGET}{c}")) for c in consent.OPTIONAL}
    _decide(choices, button, version)


def _apply_side_effects() -> None:
    """Write the queued cookie; after a withdrawal of "remember", forget the login and saved inputs."""
    value = st.session_state.get(COOKIE_KEY)
    if value:
        _write_cookie(value)
    if st.session_state.pop(FORGET_KEY, False):
        for key in [k for k in st.session_state if str(k).startswith(SAVED_INPUT_PREFIX)]:
            del st.session_state[key]
        auth.forget_login()


def _write_cookie(value: str) -> None:
    """Through the cookie component of extra_streamlit_components (the one the authenticator uses).

    Called directly rather than through CookieManager, whose constructor would also draw a
    "getAll" iframe on every run; the key differs from the authenticator's ("init", "set").
    The component answers True once the browser stored the cookie: then it is no longer drawn.
    """
    from extra_streamlit_components.CookieManager import _component_func

    choice = st.session_state.get(CHOICE_KEY)
    options = {"path": "/", "sameSite": "lax",
               "expires": (choice.expires_at if choice else datetime.now()).isoformat()}
    if secure_cookie():
        options["secure"] = True
    done = _component_func(method="set", cookie=consent.COOKIE_NAME, value=value, options=options,
                           key=f"consent_set_{value[-12:]}", default=False)
    if done is True:
        st.session_state.pop(COOKIE_KEY, None)


def _banner(choice: consent.ConsentChoice | None, version: str) -> None:
    with st.container(border=True, key=f"{_WIDGET}banner"):
        st.markdown(f"**{t('privacy.banner.title')}**")
        st.markdown(t("privacy.banner.body"))
        accept, refuse, custom = st.columns(3)
        # Accept and refuse: same type, same size, side by side (equal prominence).
        accept.button(t("privacy.banner.accept_all"), key=f"{_WIDGET}accept", type="primary",
                      width="stretch", on_click=_on_button, args=("accept_all", version))
        refuse.button(t("privacy.banner.refuse_all"), key=f"{_WIDGET}refuse", type="primary",
                      width="stretch", on_click=_on_button, args=("refuse_all", version))
        custom.button(t("privacy.banner.customise"), key=f"{_WIDGET}customise", width="stretch",
                      on_click=lambda: st.session_state.update({CUSTOMISE_KEY: True}))
        if st.session_state.get(CUSTOMISE_KEY):
            _customise(choice, version)
        st.caption(t("privacy.banner.policy_hint"))


def _customise(choice: consent.ConsentChoice | None, version: str) -> None:
    current = choice.choices if choice is not None else consent.all_refused()
    st.checkbox(t("privacy.category.necessary"), value=True, disabled=True, key=f"{_WIDGET}necessary")
    for category in consent.OPTIONAL:
        st.toggle(t(f"privacy.category.{category}"), value=current[category], key=f"{_WIDGET}{category}")
    st.button(t("privacy.banner.save"), key=f"{_WIDGET}save", on_click=_on_button, args=("custom", version))


def _handle_unsubscribe_link() -> None:
    """`?unsubscribe=<token>` on any page (mail footers): one click, no login needed."""
    token = st.query_params.get("unsubscribe")
    if not token:
        return
    try:
        mailing.unsubscribe(token)
    except mailing.UnsubscribeError:
        st.error(t("privacy.unsubscribe.invalid"))
    else:
        st.success(t("privacy.unsubscribe.done"))
    del st.query_params["unsubscribe"]
