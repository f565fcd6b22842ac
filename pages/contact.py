import streamlit as st

from accounts.validation import ValidationError
from contact import TOPICS, submit_request
from ui import context
from ui.language import show_error, t
from ui.session import current_user

user = current_user()
st.title(t("core.page.contact"))
st.caption(t("core.contact.lead"))
with st.form("contact_form", clear_on_submit=True):
    name = st.text_input(t("core.field.name"), value=user.display_name if user else "", max_chars=100)
    email = st.text_input(t("core.field.email"), value=user.email if user else "", max_chars=254)
    company = st.text_input(t("core.field.company"), value=user.company if user else "", max_chars=200)
    topic = st.selectbox(t("core.contact.topic"), TOPICS, format_func=lambda k: t(f"core.contact.topic.{k}"))
    message = st.text_area(t("core.contact.message"), max_chars=5000)
    st.caption(t("core.contact.privacy_note"))
    sent = st.form_submit_button(t("core.contact.send"), type="primary")
if sent:
    try:
        submit_request(name=name, email=email, company=company, topic=topic, message=message,
                       client_ip=context.client_ip())
    except ValidationError as exc:
        show_error(exc)
    else:
        st.success(t("core.contact.sent"))
