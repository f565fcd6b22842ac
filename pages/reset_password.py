import streamlit as st

from accounts.registration import request_password_reset, reset_password
from accounts.tokens import TokenError
from accounts.validation import ValidationError
from ui.language import lang, show_error, t
from ui.session import page_ref

st.title(t("core.page.reset_password"))
token = st.query_params.get("token")
if token:
    with st.form("new_password_form"):
        pw = st.text_input(t("core.field.new_password"), type="password", help=t("core.register.password_help"))
        pw2 = st.text_input(t("core.field.password_again"), type="password")
        done = st.form_submit_button(t("core.reset.set"), type="primary")
    if done:
        if pw != pw2:
            st.error(t("core.error.password_mismatch"))
        else:
            try:
                reset_password(token, pw)
            except ValidationError as exc:
                show_error(exc)
            except TokenError:
                st.error(t("core.error.token_invalid"))
            else:
                del st.query_params["token"]
                st.success(t("core.reset.done"))
                st.page_link(page_ref("login"), label=t("core.page.login"), icon=":material/login:")
else:
    with st.form("reset_request_form"):
        email = st.text_input(t("core.field.email"), max_chars=254)
        sent = st.form_submit_button(t("core.reset.send"), type="primary")
    if sent:
        request_password_reset(email, lang())
        st.success(t("core.reset.sent"))
