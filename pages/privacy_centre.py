"""Public privacy centre: the versioned policy, the Art. 30 register, cookie choices, rights requests.

Unsubscribe links (?unsubscribe=) are handled by ui.consent on every page, this one included.
"""
import streamlit as st

from privacy import policy
from ui import consent as consent_ui
from ui.components import request_form
from ui.language import date, lang, t
from ui.session import current_user

user = current_user()
st.title(t("core.page.privacy_centre"))
if st.session_state.pop("_account_deleted", False):
    st.success(t("privacy.account.deleted"))
if request_form.handle_verification_query(st.query_params):
    st.stop()  # a mailed verification or download link: its outcome only

tab_policy, tab_register, tab_cookies, tab_rights = st.tabs(
    [t("privacy.policy.tab"), t("privacy.register.tab"), t("privacy.cookies.tab"), t("privacy.requests.tab")])

with tab_policy:
    current = policy.current_version()
    versions = policy.list_versions()

    def _label(item: policy.PolicyVersion) -> str:
        text = t("privacy.policy.version_label", version=item.version, date=date(item.applicable_from))
        if item.version == current:
            return f"{text} · {t('privacy.policy.current')}"
        return f"{text} · {t('privacy.policy.future')}" if item.version > current else text

    chosen = st.selectbox(t("privacy.policy.version"), versions, format_func=_label, key="policy_version",
                          index=[v.version for v in versions].index(current))
    st.markdown(policy.render(chosen.version, lang()))  # trusted template, no unsafe HTML

with tab_register:
    st.caption(t("privacy.register.intro"))
    st.dataframe(policy.processing_register(lang()), hide_index=True, width="stretch")

with tab_cookies:
    choice = st.session_state.get(consent_ui.CHOICE_KEY)
    if choice is None:
        st.info(t("privacy.cookies.none"))
    else:
        st.write(t("privacy.cookies.current", date=date(choice.decided_at, with_time=True),
                   consent_id=choice.consent_id))
        for category, granted in choice.choices.items():
            state = t("privacy.cookies.on") if granted else t("privacy.cookies.off")
            st.write(f"- {t(f'privacy.category.{category}')} : {state}")
        st.caption(t("privacy.cookies.expires", date=date(choice.expires_at)))
    st.button(t("privacy.cookies.change"), key="privacy_change_choice", on_click=consent_ui.open_choices)

with tab_rights:
    if user is not None:
        st.info(t("privacy.requests.account_hint"))
    request_form.render_request_form(user)
    request_form.render_request_status()
