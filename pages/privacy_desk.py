import pandas as pd
import streamlit as st

import mail
from config.organisation import get_organisation
from privacy import audit, fulfilment, identity_docs, requests
from privacy.fulfilment import RECTIFIABLE
from ui.language import date, lang, t
from ui.markdown import escape
from ui.session import require_role

user = require_role("dpo")
st.title(t("dsr.desk.title"))


def act(fn, *args, **kwargs) -> None:
    try:
        fn(*args, **kwargs)
    except (ValueError, KeyError, requests.InvalidTransition, requests.TooManyRequests) as exc:
        st.error(t("dsr.desk.error", error=escape(exc)))
    else:
        st.session_state["dsr_desk_flash"] = t("dsr.desk.done")
        st.rerun()


if msg := st.session_state.pop("dsr_desk_flash", None):
    st.success(msg)

with st.expander(t("dsr.desk.register")), st.form("dsr_register"):
    c1, c2, c3 = st.columns(3)
    last = c1.text_input(t("dsr.form.last_name"))
    first = c2.text_input(t("dsr.form.first_name"))
    email = c3.text_input(t("dsr.form.email"))
    channel = st.selectbox(t("dsr.desk.channel"), ["mail", "post", "phone"],
                           format_func=lambda c: t(f"dsr.desk.channel.{c}"))
    received = st.date_input(t("dsr.desk.received_on"), format="DD/MM/YYYY")
    actions = st.multiselect(t("dsr.form.actions"), requests.ACTIONS, format_func=lambda a: t(f"dsr.action.{a}"))
    message = st.text_area(t("dsr.form.message"))
    checked = st.checkbox(t("dsr.desk.identity_checked"))
    if st.form_submit_button(t("dsr.form.submit")):
        try:
            new = requests.submit(first_name=first, last_name=last, email=email, actions=actions,
                                  message=message, language=lang(), channel=channel, actor=user,
                                  received_at=pd.Timestamp(received, tz=get_organisation().timezone).to_pydatetime(),
                                  identity_checked=checked)
            st.success(t("dsr.desk.registered", reference=new.reference))
        except ValueError:
            st.error(t("dsr.form.missing"))

open_only = st.toggle(t("dsr.desk.open_only"), value=True)
queue = requests.list_requests(user, open_only=open_only)
if not queue:
    st.info(t("dsr.desk.empty"))
    st.stop()

frame = pd.DataFrame([{
    t("dsr.desk.col.reference"): r.reference, t("dsr.desk.col.state"): t(f"dsr.state.{r.state}"),
    t("dsr.desk.col.actions"): ", ".join(t(f"dsr.action.{a}") for a in r.actions),
    t("dsr.desk.col.channel"): r.channel, t("dsr.desk.col.received"): date(r.received_at),
    t("dsr.desk.col.deadline"): "⏸" if r.paused else date(r.deadline()),
    t("dsr.desk.col.days_left"): None if r.state in requests.CLOSED else r.days_left()} for r in queue])
overdue = [r.overdue() for r in queue]
if any(overdue):
    st.error(t("dsr.desk.overdue", n=sum(overdue)))
st.dataframe(frame.style.apply(lambda row: ["color: #c62828; font-weight: bold" if overdue[row.name] else ""
                                             for _ in row], axis=1), hide_index=True, width="stretch")

by_ref = {r.reference: r for r in queue}
ref = st.selectbox(t("dsr.desk.select"), list(by_ref))
req = by_ref[ref]
account = t("dsr.desk.yes") if req.user_id else t("dsr.desk.no")
st.text(t("dsr.desk.requester", name=f"{req.first_name or ''} {req.last_name or ''}".strip() or "-",
           email=req.requester_email or "-", account=account))
if req.message:
    st.text(t("dsr.desk.message", message=req.message))
if req.paused:
    st.caption(t("dsr.desk.paused"))
elif req.state not in requests.CLOSED:
    days = req.days_left()
    if days < 0:
        st.error(t("dsr.desk.deadline_overdue", deadline=date(req.deadline()), days=-days))
    else:
        st.write(t("dsr.desk.deadline", deadline=date(req.deadline()), days=days))

if req.state in ("received", "identity_pending") and st.button(t("dsr.desk.resend")):
    act(requests.send_challenge, req)
if req.state == "proof_requested":
    for n, (doc_id, media) in enumerate(identity_docs.list_for_request(user, req.id), start=1):
        st.download_button(t("dsr.desk.download_proof", n=n), identity_docs.read(user, doc_id), mime=media,
                           key=f"proof_{doc_id}")
    if st.button(t("dsr.desk.confirm_identity")):
        act(requests.confirm_identity, user, req.id)
if req.state == "verified" and st.button(t("dsr.desk.review")):
    act(requests.start_review, user, req.id)
if req.state in fulfilment.READY:
    fields = {}
    if "rectification" in req.actions:
        st.caption(t("dsr.desk.rectify"))
        cols = st.columns(len(RECTIFIABLE))
        fields = {f: cols[i].text_input(t(f"dsr.field.{f}"), key=f"rect_{f}") for i, f in enumerate(RECTIFIABLE)}
    if st.button(t("dsr.desk.fulfil"), type="primary"):
        try:
            fulfilment.fulfil(user, req.id, rectification={k: v for k, v in fields.items() if v.strip()})
        except (ValueError, PermissionError) as exc:
            st.error(t("dsr.desk.error", error=escape(exc)))
        except mail.MailError:
            st.error(t("core.error.mail_failed_saved"))
        else:
            st.session_state["dsr_desk_flash"] = t("dsr.desk.fulfilled")
            st.rerun()
if req.state not in requests.CLOSED:
    c1, c2, c3 = st.columns(3)
    with c1.popover(t("dsr.desk.extend")):
        months = st.number_input(t("dsr.desk.extend_months"), 1, 2, 1)
        reason = st.text_area(t("dsr.desk.extend_reason"), key="extend_reason")
        if st.button(t("dsr.desk.extend"), key="extend_go"):
            act(requests.extend, user, req.id, int(months), reason)
    with c2.popover(t("dsr.desk.refuse")):
        reason = st.text_area(t("dsr.desk.refuse_reason"), key="refuse_reason")
        if st.button(t("dsr.desk.refuse"), key="refuse_go"):
            act(requests.refuse, user, req.id, reason)
    if req.state in ("identity_pending", "verified"):
        with c3.popover(t("dsr.desk.proof")):
            note = st.text_area(t("dsr.desk.proof_note"), key="proof_note")
            if st.button(t("dsr.desk.proof"), key="proof_go"):
                act(requests.request_proof, user, req.id, note)

with st.expander(t("dsr.desk.audit")):
    st.dataframe(pd.DataFrame(audit.list_events(user, request_ref=req.reference)), hide_index=True)
