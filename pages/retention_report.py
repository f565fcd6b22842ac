import pandas as pd
import streamlit as st

from privacy import audit, backup, legal_archive, retention, scheduler
from ui.language import t
from ui.session import require_role

user = require_role("dpo")
st.title(t("dsr.retention.title"))

c1, c2 = st.columns(2)
if c1.button(t("dsr.retention.run_now"), type="primary"):
    results = scheduler.run_now(user)
    st.success(t("dsr.retention.ran", rows=sum(r.rows_deleted for r in results)))
if c2.button(t("dsr.retention.backup")):
    st.success(t("dsr.retention.backup_done", folder=backup.backup_now(user).name))

st.subheader(t("dsr.retention.periods"))
st.dataframe(pd.DataFrame(list(retention.periods().items()), columns=["setting", "value"]), hide_index=True)

st.subheader(t("dsr.retention.due"))
st.dataframe(pd.DataFrame(retention.due_next(user)), hide_index=True)

st.subheader(t("dsr.retention.runs"))
runs = retention.runs(user)
if runs:
    st.dataframe(pd.DataFrame(runs), hide_index=True, width="stretch")
else:
    st.info(t("dsr.retention.none"))

st.subheader(t("dsr.retention.erasures"))
erasures = [e for e in audit.list_events(user, limit=2000) if e["action"] in ("erasure", "erasure.replay")]
st.dataframe(pd.DataFrame(erasures, columns=["occurred_at", "actor_kind", "action", "details"]), hide_index=True,
             width="stretch")

st.subheader(t("dsr.retention.archive"))
st.dataframe(pd.DataFrame(legal_archive.list_archive(user)), hide_index=True, width="stretch")
