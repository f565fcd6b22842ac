import pandas as pd
import streamlit as st

from accounts import ROLES
from accounts.users import list_users, set_disabled, set_roles
from accounts.validation import ValidationError
from ui.language import date, show_error, t
from ui.session import require_role

admin = require_role("admin")
st.title(t("core.page.admin_users"))
users = list_users(admin)
st.dataframe(pd.DataFrame([{
    t("core.field.email"): u.email, t("core.field.name"): f"{u.first_name} {u.last_name}".strip(),
    t("core.admin.roles"): ", ".join(u.roles), t("core.admin.confirmed"): u.confirmed,
    t("core.admin.disabled"): u.disabled, t("core.admin.last_active"): date(u.last_active_at),
} for u in users]), hide_index=True, width="stretch")

st.subheader(t("core.admin.edit"))
by_email = {u.email: u for u in users}
email = st.selectbox(t("core.field.email"), list(by_email), key="admin_pick")
if email:
    target = by_email[email]
    roles = st.multiselect(t("core.admin.roles"), ROLES, default=list(target.roles), key=f"roles_{target.id}")
    c1, c2 = st.columns(2)
    if c1.button(t("core.admin.save_roles"), type="primary"):
        try:
            set_roles(admin, target.id, roles)
        except ValidationError as exc:
            show_error(exc)
        else:
            st.success(t("core.admin.saved"))
            st.rerun()
    label = t("core.admin.enable") if target.disabled else t("core.admin.disable")
    if c2.button(label):
        try:
            set_disabled(admin, target.id, not target.disabled)
        except ValidationError as exc:
            show_error(exc)
        else:
            st.rerun()
