import streamlit as st

from accounts.registration import register
from accounts.validation import ValidationError, normalise_email
from ui import context
from ui.language import lang, show_error, t
from ui.markdown import escape

st.title(t("core.page.register"))
st.caption(t("core.register.lead"))
with st.form("register_form", clear_on_submit=False):
    email = st.text_input(t("core.field.email"), max_chars=254)
    password = st.text_input(t("core.field.password"), type="password", help=t("core.register.password_help"))
    password2 = st.text_input(t("core.field.password_again"), type="password")
    c1, c2 = st.columns(2)
    first = c1.text_input(t("core.field.first_name"), max_chars=100)
    last = c2.text_input(t("core.field.last_name"), max_chars=100)
    company = st.text_input(t("core.field.company"), max_chars=200)
    siren = st.text_input(t("core.field.siren"), max_chars=11, help=t("core.register.siren_help"))
    accepted = st.checkbox(t("core.register.accept_policy"))
    submitted = st.form_submit_button(t("core.register.submit"), type="primary")

if submitted:
    if not accepted:
        st.error(t("core.error.accept_policy"))
    elif password != password2:
        st.error(t("core.error.password_mismatch"))
    else:
        try:
            register(email=email, password=password, first_name=first, last_name=last,
                     company=company, siren=siren, lang=lang(), client_ip=context.client_ip())
        except ValidationError as exc:
            show_error(exc)
        else:  # the same answer whether the address had an account (it was mailed) or not
            st.success(t("core.register.done", email=escape(normalise_email(email))))
