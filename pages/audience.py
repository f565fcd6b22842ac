import streamlit as st

from ui.i18n import t
from ui.session import require_role

require_role("staff")
st.title(t("core.page.audience"))
st.info(t("core.page.not_available_yet"))
