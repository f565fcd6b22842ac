"""DPO: the consent log (proof of consent, GDPR Art. 7(1)), searched by consent id or account, CSV export."""
import streamlit as st

from privacy import consent
from ui.language import t
from ui.session import require_role

user = require_role("dpo")
st.title(t("core.page.consent_log"))
st.caption(t("privacy.log.intro"))

with st.form("consent_search"):
    left, right = st.columns(2)
    consent_id = left.text_input(t("privacy.log.consent_id"), key="log_consent_id", max_chars=64)
    account = right.text_input(t("privacy.log.account"), key="log_account", max_chars=254)
    st.form_submit_button(t("privacy.log.search"), icon=":material/search:", key="log_search")

frame = consent.search_log(user, consent_id=consent_id, account=account)
st.caption(t("privacy.log.count", n=len(frame)))
st.dataframe(frame, hide_index=True, width="stretch")
st.download_button(t("privacy.log.export"), data=consent.log_csv(frame), file_name="consent-log.csv",
                   mime="text/csv", icon=":material/download:", key="log_export", on_click="ignore")
