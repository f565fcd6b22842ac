"""My account: details (rectification), my data (access/portability), subscriptions (objection), deletion."""
import streamlit as st

import i18n
import mail
from accounts.registration import change_password
from accounts.validation import ValidationError
from mail import subscriptions as mailing
from privacy import self_service
from privacy.export import build_export_zip
from ui.language import lang, show_error, t
from ui.markdown import escape
from ui.session import page_ref, require_role

user = require_role("user")
st.title(t("core.page.account"))

# -- rectification ------------------------------------------------------------------------------
st.subheader(t("privacy.account.details"))
st.caption(t("privacy.account.email", email=escape(user.email)))
with st.form("account_details"):
    first_name = st.text_input(t("privacy.account.first_name"), value=user.first_name, key="acc_first")
    last_name = st.text_input(t("privacy.account.last_name"), value=user.last_name, key="acc_last")
    company = st.text_input(t("privacy.account.company"), value=user.company, key="acc_company")
    siren = st.text_input(t("privacy.account.siren"), value=user.siren, key="acc_siren")
    codes = list(i18n.LANGUAGES)
    language = st.selectbox(t("privacy.account.language"), codes,
                            index=codes.index(i18n.normalise_lang(user.language)),
                            format_func=lambda c: {"fr": "Français", "en": "English"}[c], key="acc_lang")
    if st.form_submit_button(t("privacy.account.save"), key="acc_save"):
        try:
            changed = self_service.rectify(user, first_name=first_name, last_name=last_name, company=company,
                                           siren=siren, language=language)
        except ValidationError as exc:
            show_error(exc)
        else:
            if changed:
                st.session_state["_account_saved"] = True
                if "language" in changed:
                    st.session_state["lang"] = language
                st.rerun()  # the navigation reloads the user with the new details
            st.info(t("privacy.account.unchanged"))
if st.session_state.pop("_account_saved", False):
    st.success(t("privacy.account.saved"))

# -- password -----------------------------------------------------------------------------------
st.subheader(t("account.password.title"))
with st.form("account_password", clear_on_submit=True):
    current = st.text_input(t("account.password.current"), type="password", key="pw_current")
    new = st.text_input(t("core.field.new_password"), type="password", key="pw_new")
    again = st.text_input(t("core.field.password_again"), type="password", key="pw_again")
    if st.form_submit_button(t("account.password.save"), key="pw_save"):
        try:
            if new != again:
                raise ValidationError("core.error.password_mismatch")
            change_password(user, current, new)
        except ValidationError as exc:
            show_error(exc)
        else:
            st.success(t("account.password.changed"))

# -- access and portability: built on click, in the download's own thread -------------------------
st.subheader(t("privacy.account.export"))
st.caption(t("privacy.account.export_help"))
st.download_button(t("privacy.account.export"), data=lambda: build_export_zip(user, user.id),
                   file_name="mes-donnees.zip" if lang() == "fr" else "my-data.zip", mime="application/zip",
                   icon=":material/download:", key="account_export", on_click="ignore")

# -- objection to mailings ----------------------------------------------------------------------
st.subheader(t("privacy.account.mailings"))
subscribed = mailing.subscriptions(user.email)
for kind in mailing.OPTIONAL_KINDS:
    wanted = st.toggle(t(f"privacy.account.mailing.{kind}"), value=subscribed[kind], key=f"mailing_{kind}")
    if wanted != subscribed[kind]:
        mailing.set_subscription(user, kind, wanted)
        st.toast(t("privacy.account.mailing_saved"))

# -- erasure ------------------------------------------------------------------------------------
st.subheader(t("privacy.account.delete"))
with st.expander(t("privacy.account.delete"), icon=":material/delete_forever:"):
    st.warning(t("privacy.account.delete_warning"))
    method = st.radio(t("privacy.account.delete_method"), ["password", "code"], horizontal=True,
                      format_func=lambda m: t(f"privacy.account.method.{m}"), key="delete_method")
    password = code = ""
    if method == "password":
        password = st.text_input(t("privacy.account.password"), type="password", key="delete_password")
    else:
        if st.button(t("privacy.account.send_code"), key="delete_send_code"):
            try:
                self_service.send_deletion_code(user, lang())
            except mail.MailError:
                st.error(t("core.error.mail_failed"))
            st.info(t("privacy.account.code_sent", minutes=self_service.DELETION_CODE_MINUTES))
        code = st.text_input(t("privacy.account.code"), key="delete_code")
    sure = st.checkbox(t("privacy.account.delete_confirm"), key="delete_sure")
    if st.button(t("privacy.account.delete_button"), type="primary", disabled=not sure, key="delete_go"):
        try:  # the password or code is checked again in self_service, not only here
            self_service.delete_own_account(user, password=password or None, code=code or None)
        except self_service.ConfirmationError:
            st.error(t("privacy.account.delete_refused"))
        else:
            from ui.auth import logout

            logout()
            st.session_state["_account_deleted"] = True  # shown by the privacy centre
            st.switch_page(page_ref("privacy_centre"))
