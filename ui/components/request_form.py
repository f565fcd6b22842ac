"""The data-subject request form and status box, used by pages/privacy_centre.py.

    render_request_form(user)          the form (no account needed; a logged-in user is verified at once)
    render_request_status()            follow a request by its reference: code, new mail, proof upload
    handle_verification_query(params) the mailed links: ?verify=<token>&ref=<ref> and ?download=<token>&ref=<ref>
"""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

import mail
from accounts import User
from accounts.validation import ValidationError
from privacy import export, identity_docs, requests
from ui import context
from ui.language import date, lang, show_error, t
from ui.locale import file_uploader
from ui.markdown import escape

_DONE = "_dsr_link_results"


def render_request_form(user: User | None) -> None:
    st.subheader(t("dsr.form.title"))
    st.caption(t("dsr.form.intro"))
    with st.form("dsr_request_form", clear_on_submit=False):
        c1, c2 = st.columns(2)
        last = c1.text_input(t("dsr.form.last_name"), value=user.last_name if user else "")
        first = c2.text_input(t("dsr.form.first_name"), value=user.first_name if user else "")
        email = st.text_input(t("dsr.form.email"), value=user.email if user else "")
        actions = [a for a in requests.ACTIONS if st.checkbox(t(f"dsr.action.{a}"), key=f"dsr_action_{a}")]
        message = st.text_area(t("dsr.form.message"), max_chars=4000)
        sent = st.form_submit_button(t("dsr.form.submit"), type="primary")
    if not sent:
        return
    try:
        req = requests.submit(first_name=first, last_name=last, email=email, actions=actions, message=message,
                              language=lang(), user=user, client_ip=context.client_ip())
    except requests.TooManyRequests as exc:
        st.error(t(exc.message_key))
        return
    except mail.MailError:
        st.error(t("core.error.mail_failed_saved"))
        return
    except ValidationError as exc:
        show_error(exc)
        return
    st.session_state["dsr_reference"] = req.reference
    if req.state == "verified":
        st.success(t("dsr.form.sent_verified", reference=req.reference, deadline=date(req.deadline())))
    else:
        st.success(t("dsr.form.sent", reference=req.reference, email=escape(req.requester_email)))


def render_request_status() -> None:
    st.subheader(t("dsr.status.title"))
    # No key: a new reference (just submitted, or from a mailed link) makes a new widget showing it.
    reference = st.text_input(t("dsr.status.reference"),
                              value=st.session_state.get("dsr_reference", "")).strip().upper()
    if not reference:
        return
    status = requests.public_status(reference)
    if status is None:
        st.warning(t("dsr.status.unknown"))
        return
    st.write(t("dsr.status.state", state=t(f"dsr.state.{status['state']}")))
    if status["paused"]:
        st.caption(t("dsr.status.paused"))
    elif status["state"] not in requests.CLOSED:
        st.caption(t("dsr.status.deadline", deadline=date(status["deadline"])))
    if status["refusal_reason"]:
        st.text(t("dsr.status.refused", reason=status["refusal_reason"]))   # free text: never as markdown
    if status["state"] in ("received", "identity_pending"):
        _code_box(reference)
    if status["state"] == "proof_requested":
        _upload_box(reference)


def _code_box(reference: str) -> None:
    with st.form("dsr_code_form"):
        code = st.text_input(t("dsr.status.code"), max_chars=6)
        ok = st.form_submit_button(t("dsr.status.verify"))
    if ok:
        if requests.verify(reference, code=code.strip()):
            st.success(t("dsr.verify.ok", reference=reference))
        else:
            st.error(t("dsr.verify.failed"))
    if st.button(t("dsr.status.resend"), key="dsr_resend"):
        try:
            requests.send_challenge(requests.by_reference(reference))
            st.info(t("dsr.status.resent"))
        except requests.TooManyRequests:
            st.error(t("dsr.form.too_many"))


def _upload_box(reference: str) -> None:
    upload = file_uploader(t("dsr.status.upload"), type=["pdf", "png", "jpg", "jpeg"], key="dsr_proof")
    if upload is not None and st.button(t("dsr.status.upload_send"), key="dsr_proof_send"):
        req = requests.by_reference(reference)
        try:
            identity_docs.store(req.id, upload.getvalue(), upload.type or "application/octet-stream")
        except ValueError:  # too large or not a document we accept
            st.error(t("dsr.status.upload_refused"))
        else:
            st.success(t("dsr.status.uploaded"))


def handle_verification_query(params: Mapping[str, str]) -> bool:
    """Handle a mailed link; True when the query was one of ours (the page then shows nothing else).

    The outcome is remembered for the session: the token is single use, a rerun must not report
    the second (refused) attempt.
    """
    ref = (params.get("ref") or "").strip().upper()
    token = params.get("verify") or params.get("download")
    if not ref or not token:
        return False
    done = st.session_state.setdefault(_DONE, {})
    if "verify" in params:
        if token not in done:
            done[token] = requests.verify(ref, token=token) is not None
        if done[token]:
            st.success(t("dsr.verify.ok", reference=ref))
            st.session_state["dsr_reference"] = ref
        else:
            st.error(t("dsr.verify.failed"))
        return True
    if token not in done:
        done[token] = export.open_package(ref, token)
    if done[token] is None:
        st.error(t("dsr.download.invalid"))
    else:
        st.success(t("dsr.download.ready"))
        st.download_button(t("dsr.download.button"), data=done[token], file_name=f"{ref.lower()}-data.zip",
                           mime="application/zip", type="primary")
    return True
