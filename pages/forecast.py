import streamlit as st

from ui.language import t
from ui.session import require_role

require_role("user")
st.title(t("core.page.forecast"))
st.info(t("core.page.not_available_yet"))
