import streamlit as st

import mail
from config.settings import get_settings
from ui.language import date, t
from ui.markdown import escape
from ui.session import require_role

admin = require_role("admin")
st.title(t("core.page.admin_outbox"))
if get_settings().SMTP_HOST:
    st.info(t("core.outbox.smtp_configured", host=get_settings().SMTP_HOST))
rows = mail.outbox(admin)
if not rows:
    st.info(t("core.outbox.empty"))
for created, to_addr, subject, kind, body in rows:
    with st.expander(f"{date(created, with_time=True)} · {escape(to_addr)} · {escape(subject)}"):
        st.caption(kind)
        st.text(body)
