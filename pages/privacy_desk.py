import streamlit as st

from ui.i18n import t
from ui.session import require_role

require_role("dpo")
st.title(t("core.page.privacy_desk"))
st.info(t("core.page.not_available_yet"))
