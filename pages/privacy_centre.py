import streamlit as st

from ui.i18n import t

st.title(t("core.page.privacy_centre"))
st.info(t("core.page.not_available_yet"))
