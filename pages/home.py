import streamlit as st

from ui.language import t
from ui.markdown import escape
from ui.session import current_user, page_ref

user = current_user()
st.title(t("core.home.title"))
st.write(t("core.home.lead"))
cols = st.columns(3)
for col, area in zip(cols, ("analysis", "forecast", "privacy"), strict=True):
    with col.container(border=True):
        st.subheader(t(f"core.home.{area}.title"))
        st.write(t(f"core.home.{area}.text"))
if user is None:
    st.info(t("core.home.sign_in_hint"))
    c1, c2 = st.columns(2)
    c1.page_link(page_ref("login"), label=t("core.page.login"), icon=":material/login:")
    c2.page_link(page_ref("register"), label=t("core.page.register"), icon=":material/person_add:")
else:
    st.success(t("core.home.welcome", name=escape(user.display_name)))
    if not user.confirmed:
        st.warning(t("core.account.confirm_first"))
