import streamlit as st

from contact import list_requests, mark_handled
from ui.language import date, t
from ui.session import require_role

user = require_role("staff")
st.title(t("core.page.contact_inbox"))
show_all = st.toggle(t("core.inbox.show_handled"))
requests = list_requests(user, include_handled=show_all)
if not requests:
    st.info(t("core.inbox.empty"))
for req in requests:
    # The label is Markdown: only our own text goes there; what the visitor typed is shown with st.text.
    label = f"{date(req['created_at'], with_time=True)} · {t('core.contact.topic.' + req['topic'])}"
    with st.expander(label):
        st.text(f"{req['name']} · {req['email']} · {req['company']}")
        st.text(req["message"])  # st.text: never interpreted as Markdown/HTML
        if req["handled_at"] is None and st.button(t("core.inbox.mark_handled"), key=f"h_{req['id']}"):
            mark_handled(user, req["id"])
            st.rerun()
