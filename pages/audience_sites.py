import streamlit as st

from audience import sites
from audience.event import Drop
from audience.logs import REFUSALS, ImportFailedError, import_upload, refusal
from config.settings import get_settings
from ui.language import number, t
from ui.locale import file_uploader
from ui.markdown import escape
from ui.session import require_role

user = require_role("staff")
st.title(t("core.page.audience_sites"))
st.caption(t("audience.sites.lead"))


def _hosts(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


known = sites.list_sites(user)
if not known:
    st.info(t("audience.sites.none"))
for site in known:
    with st.expander(escape(site.name)):
        st.text(", ".join(site.hosts))
        st.caption(t("audience.sites.snippet"))
        st.code(sites.snippet(site, get_settings().APP_BASE_URL), language="html")
        with st.form(f"hosts_{site.name}"):
            hosts = st.text_area(t("audience.sites.hosts"), value="\n".join(site.hosts), max_chars=2000)
            if st.form_submit_button(t("audience.sites.save")):
                try:
                    sites.update_hosts(user, site.name, _hosts(hosts))
                    st.success(t("audience.sites.updated"))
                except sites.SiteError as exc:
                    st.error(t(exc.key))
        if st.button(t("audience.sites.delete"), key=f"del_{site.name}"):
            sites.delete_site(user, site.name)
            st.success(t("audience.sites.deleted"))
            st.rerun()

with st.form("add_site", clear_on_submit=True):
    st.subheader(t("audience.sites.add"))
    name = st.text_input(t("audience.sites.name"), max_chars=40)
    hosts = st.text_area(t("audience.sites.hosts"), max_chars=2000)
    if st.form_submit_button(t("audience.sites.add"), type="primary"):
        try:
            added = sites.add_site(user, name, _hosts(hosts))
            st.success(t("audience.sites.added", name=escape(added.name)))
            st.rerun()
        except sites.SiteError as exc:
            st.error(t(exc.key))

st.subheader(t("audience.import.title"))
st.caption(t("audience.import.lead"))
st.caption(t("audience.import.cli", mb=number(st.get_option("server.maxUploadSize"))))
if not known:
    st.info(t("audience.import.need_site"))
else:
    target = st.selectbox(t("audience.import.site"), [s.name for s in known])
    upload = file_uploader(t("audience.import.file"), key="aud_import_upload")
    if upload is not None and st.button(t("audience.import.start"), type="primary"):
        bar = st.progress(0.0)

        def show(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0,
                         text=t("audience.import.progress", done=number(done), total=number(total)))

        try:
            summary = import_upload(user, upload.getvalue(), target, progress=show)
        except REFUSALS as exc:  # too large, a bomb, no known format... (the CLI's list too)
            code, values = refusal(exc)
            st.error(t(f"audience.import.{code}", **values))
        except ImportFailedError:
            st.error(t("audience.import.failed"))
        else:
            bar.progress(1.0)
            st.caption(t("audience.import.format", name=summary.format))
            st.success(t("audience.import.done", read=number(summary.lines_read),
                         stored=number(summary.events_stored), dropped=number(summary.lines_dropped)))
            rows = [{t("audience.import.reason"): t(f"audience.drop.{Drop(r).value}"),
                     t("audience.import.count"): n} for r, n in summary.dropped.most_common() if n]
            if rows:
                st.dataframe(rows, hide_index=True)
