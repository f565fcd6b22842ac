import streamlit as st

from ui.i18n import t
from ui.session import require_role

require_role("user")
st.title(t("core.page.analysis"))
st.info(t("core.page.not_available_yet"))
