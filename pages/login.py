import streamlit as st

from accounts.registration import confirm_email
from accounts.tokens import TokenError
from ui import auth
from ui.language import t
from ui.session import current_user, page_ref

st.title(t("core.page.login"))

token = st.query_params.get("confirm")
if token:
    # The outcome is kept for this session: the token is single-use and the page reruns.
    outcome = st.session_state.setdefault(f"_confirm_{token}", None)
    if outcome is None:
        try:
            confirm_email(token)
            outcome = "ok"
        except TokenError:
            outcome = "invalid"
        st.session_state[f"_confirm_{token}"] = outcome
    if outcome == "ok":
        st.success(t("core.account.confirmed"))
    else:
        st.error(t("core.error.token_invalid"))

if current_user() is not None:
    st.success(t("core.login.already"))
    st.stop()

consent = st.session_state.get("_consent") or {}
if consent.get("remember"):
    st.checkbox(t("core.login.remember", days=auth.remember_days()), key=auth.REMEMBER_KEY,
                help=t("core.login.remember_help"))
else:
    st.caption(t("core.login.remember_needs_consent"))
auth.render_login_form()
if st.session_state.get("authentication_status"):
    st.rerun()  # rebuild the navigation with the user's pages
st.page_link(page_ref("reset_password"), label=t("core.login.forgot"), icon=":material/key:")
st.page_link(page_ref("register"), label=t("core.login.no_account"), icon=":material/person_add:")
