from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

import mail
from config.organisation import get_organisation
from privacy import breaches
from ui.language import date, lang, t
from ui.markdown import escape
from ui.session import require_role

user = require_role("staff")
st.title(t("dsr.breach.title"))
TZ = ZoneInfo(get_organisation().timezone)


def moment(label: str, key: str) -> datetime:
    c1, c2 = st.columns(2)
    day = c1.date_input(t(label), key=f"{key}_d", format="DD/MM/YYYY")
    at = c2.time_input(t("dsr.breach.f.time"), key=f"{key}_t")
    return datetime.combine(day, at, tzinfo=TZ)


with st.expander(t("dsr.breach.new")), st.form("breach_new"):
    title = st.text_input(t("dsr.breach.f.title"))
    occurred = moment("dsr.breach.f.occurred", "occ")
    aware = moment("dsr.breach.f.aware", "aware")
    nature = st.text_area(t("dsr.breach.f.nature"))
    c1, c2 = st.columns(2)
    cat_people = c1.text_input(t("dsr.breach.f.categories_people"))
    n_people = c2.number_input(t("dsr.breach.f.approx_people"), 0, step=1)
    cat_records = c1.text_input(t("dsr.breach.f.categories_records"))
    n_records = c2.number_input(t("dsr.breach.f.approx_records"), 0, step=1)
    consequences = st.text_area(t("dsr.breach.f.consequences"))
    measures = st.text_area(t("dsr.breach.f.measures"))
    if st.form_submit_button(t("dsr.breach.save"), type="primary"):
        try:
            breaches.record(user, title=title, occurred_at=occurred, aware_at=aware, nature=nature,
                            categories_people=cat_people, approx_people=int(n_people),
                            categories_records=cat_records, approx_records=int(n_records),
                            consequences=consequences, measures=measures)
            st.success(t("dsr.breach.saved"))
        except ValueError as exc:
            st.error(t("dsr.desk.error", error=escape(exc)))

found = breaches.list_breaches(user)
if not found:
    st.info(t("dsr.breach.empty"))
    st.stop()

for b in found:
    with st.container(border=True):
        st.subheader(t("dsr.breach.risk." + b.risk_level))
        st.text(b.title)   # staff free text: shown as text, never markdown
        st.caption(f"{date(b.occurred_at, True)} / {date(b.aware_at, True)}")
        st.text(b.nature)
        if b.cnil_required and not b.cnil_notified_at:
            hours = b.hours_left()
            (st.warning if hours > 0 else st.error)(
                t("dsr.breach.countdown", hours=int(hours)) if hours > 0 else t("dsr.breach.late", hours=int(-hours)))
        if b.cnil_notified_at:
            st.success(t("dsr.breach.cnil_notified", when=date(b.cnil_notified_at, True), ref=escape(b.cnil_reference)))
        if b.persons_notified_at:
            st.success(t("dsr.breach.persons_notified", when=date(b.persons_notified_at, True),
                         n=b.persons_notified))
        if not user.has("dpo"):
            st.caption(t("dsr.breach.dpo_only"))
            continue
        with st.form(f"assess_{b.id}"):
            levels = list(breaches.RISK_LEVELS[1:])
            level = st.radio(t("dsr.breach.assess"), levels, format_func=lambda v: t(f"dsr.breach.risk.{v}"),
                             index=levels.index(b.risk_level) if b.risk_level in levels else 0, horizontal=True)
            reasoning = st.text_area(t("dsr.breach.reasoning"), value=b.risk_reasoning)
            if st.form_submit_button(t("dsr.breach.assess_save")):
                try:
                    breaches.assess(user, b.id, level, reasoning)
                    st.rerun()
                except ValueError as exc:
                    st.error(t("dsr.desk.error", error=escape(exc)))
        if b.cnil_required and not b.cnil_notified_at:
            st.text_area(t("dsr.breach.cnil_draft"), breaches.cnil_notification(b, lang()), height=260,
                         key=f"draft_{b.id}")
            with st.form(f"cnil_{b.id}"):
                ref = st.text_input(t("dsr.breach.cnil_reference"))
                late = st.text_area(t("dsr.breach.late_reason")) if b.hours_left() < 0 else ""
                if st.form_submit_button(t("dsr.breach.cnil_done")):
                    try:
                        breaches.mark_cnil_notified(user, b.id, ref, late)
                        st.rerun()
                    except ValueError as exc:
                        st.error(t("dsr.desk.error", error=escape(exc)))
        if b.persons_required and not b.persons_notified_at:
            subject, body = breaches.person_mail(b, lang())
            st.text_area(t("dsr.breach.persons_draft"), f"{subject}\n\n{body}", height=220, key=f"pm_{b.id}")
            with st.form(f"persons_{b.id}"):
                emails = st.text_area(t("dsr.breach.persons_emails"))
                everyone = st.checkbox(t("dsr.breach.persons_everyone"))  # never by leaving the box empty
                if st.form_submit_button(t("dsr.breach.persons_send")):
                    if not everyone and not emails.strip():
                        st.error(t("dsr.breach.persons_none"))
                    else:
                        try:
                            n = breaches.notify_persons(
                                user, b.id, None if everyone else breaches.user_ids_for(emails.splitlines()))
                        except ValueError:
                            st.error(t("dsr.breach.persons_none"))
                        except mail.MailError:
                            st.error(t("core.error.mail_failed_saved"))
                        else:
                            st.success(t("dsr.breach.persons_sent", n=n))
