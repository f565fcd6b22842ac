"""The forecast's guided form: one step at a time, each section's widgets built from forecast.form's columns.

The plan being edited lives in session state as its document (`DRAFT`), rewritten from the widgets on every
run, so a rerun or a change of step loses nothing. A table editor must keep the same base data while its
widget state holds the user's edits: the bases are rebuilt from the draft, under new widget keys, whenever
the step changes or another plan is opened (`reset_widgets`).
"""
from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from forecast import form
from forecast.messages import text
from ui.language import lang, number, t
from ui.markdown import escape

DRAFT, VERSION, STEP = "fc_draft", "fc_widgets", "fc_step"


def reset_widgets() -> None:
    """New widget keys: every widget and table editor is rebuilt from the draft on the next run."""
    old = st.session_state.get(VERSION, 0)
    for key in [k for k in st.session_state if str(k).startswith(f"fc_base_{old}_")]:
        del st.session_state[key]
    st.session_state[VERSION] = old + 1


def label(section: str, name: str) -> str:
    return form.field_label(section, name, lang())


def choice_label(name: str, value: Any) -> str:
    return form.choice_label(name, value, lang())


def column_config(section: str, column: form.Column):
    config = st.column_config
    if column.name.startswith("seasonality_"):
        return config.NumberColumn(label(section, column.name), min_value=0.0, max_value=12.0, step=0.05,
                                   format="localized")
    name = label(section, column.name)
    if column.kind == "text":
        return config.TextColumn(name, max_chars=200, required=not column.optional)
    if column.kind == "choice":
        return config.SelectboxColumn(name, options=list(column.choices), required=True,
                                      format_func=lambda v, n=column.name: choice_label(n, v))
    if column.kind == "bool":
        return config.CheckboxColumn(name)
    if column.kind in ("month", "date"):
        return config.DateColumn(name, format="MM/YYYY" if column.kind == "month" else "DD/MM/YYYY")
    if column.kind == "percent":
        return config.NumberColumn(f"{name} (%)", min_value=0.0, step=0.01, format="localized")
    if column.kind == "integer":
        return config.NumberColumn(name, min_value=column.minimum, max_value=column.maximum, step=1, format="%d")
    return config.NumberColumn(name, min_value=column.minimum, step=0.01, format="localized")


Slots = dict[tuple[str, str], Any]   # (section, field or "") -> an empty container under it


def issue_text(issue: form.Issue, *, with_field: bool) -> str:
    where = label(issue.section, issue.field) if issue.field and with_field else ""
    if issue.row is not None:
        where = t("forecast_ui.form.line", line=issue.row + 1) + (f" · {where}" if where else "")
    message = text(issue.key, lang(), **issue.values)
    return f"{escape(where)} : {message}" if where else message


def fill_issues(slots: Slots, issues: list[form.Issue]) -> list[form.Issue]:
    """Each issue under its field (or its table); returns those of sections not on screen."""
    shown: dict[tuple[str, str], list[str]] = {}
    elsewhere = []
    for issue in issues:
        if (issue.section, issue.field) in slots and issue.row is None:
            shown.setdefault((issue.section, issue.field), []).append(issue_text(issue, with_field=False))
        elif (issue.section, "") in slots:
            shown.setdefault((issue.section, ""), []).append(issue_text(issue, with_field=True))
        else:
            elsewhere.append(issue)
    for where, messages in shown.items():
        with slots[where].container():
            for message in messages:
                st.error(message, icon=":material/error:")
    return elsewhere


def list_section(section: str, slots: Slots) -> None:
    """A table editor for one list of the plan; its rows go back into the draft on every run."""
    draft = st.session_state[DRAFT]
    _, cls = form.LISTS[section]
    columns = form.columns(cls)
    base_key = f"fc_base_{st.session_state.get(VERSION, 0)}_{section}"
    if base_key not in st.session_state:
        frame = pd.DataFrame(form.editor_rows(draft, section), columns=[c.name for c in columns])
        st.session_state[base_key] = frame.astype(object).where(frame.notna(), None)
    st.markdown(f"**{t(f'forecast_ui.section.{section}')}**")
    st.caption(t(f"forecast_ui.help.{section}"))
    edited = st.data_editor(st.session_state[base_key], key=f"fc_ed_{st.session_state.get(VERSION, 0)}_{section}",
                            num_rows="dynamic", hide_index=True, width="stretch",
                            column_config={c.name: column_config(section, c) for c in columns})
    form.set_rows(draft, section, edited.to_dict("records"))  # too many lines: the model says so
    slots[(section, "")] = st.empty()


def number_text(value: Any) -> str:
    """A number as the language writes it in a field ("1 234,5" in French), text kept as typed."""
    if value is None or isinstance(value, str):
        return value or ""
    decimals = 0 if float(value).is_integer() else len(f"{float(value):.10g}".partition(".")[2])
    return number(value, min(decimals, 10)) if lang() == "fr" else f"{float(value):.10g}"   # en: no 1,234


def _widget(section: str, column: form.Column, value: Any, key: str) -> Any:
    name = label(section, column.name)
    helptext = t(f"forecast_ui.help.{section}.{column.name}")
    helptext = None if helptext.startswith("forecast_ui.") else helptext
    if column.kind == "choice":
        options = list(column.choices)
        return st.selectbox(name, options, index=options.index(value) if value in options else 0, key=key,
                            format_func=lambda v: choice_label(column.name, v), help=helptext)
    if column.kind == "bool":
        return st.checkbox(name, value=bool(value), key=key, help=helptext)
    if column.kind in ("month", "date"):
        return st.date_input(name, value=value if isinstance(value, date) else None, key=key, help=helptext,
                             format="DD/MM/YYYY", min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
    if column.kind in ("number", "percent", "integer"):
        # A text field, not st.number_input, which writes a dot whatever the language (printf format):
        # the model reads "1 234,5" and reports text it cannot read beside the field.
        return st.text_input(f"{name} (%)" if column.kind == "percent" else name, value=number_text(value),
                             key=key, help=helptext, max_chars=40)
    return st.text_input(name, value=value or "", key=key, max_chars=200, help=helptext)


def object_section(section: str, slots: Slots, *, per_row: int = 3) -> None:
    """Fields for one object of the plan (the project, the manager, an opening balance sheet)."""
    draft = st.session_state[DRAFT]
    _, cls = form.OBJECTS[section]
    values = form.object_values(draft, section)
    version = st.session_state.get(VERSION, 0)
    st.markdown(f"**{t(f'forecast_ui.section.{section}')}**")
    columns = form.columns(cls)
    grid = st.columns(per_row)
    for index, column in enumerate(columns):
        with grid[index % per_row]:
            values[column.name] = _widget(section, column, values[column.name],
                                          f"fc_{version}_{section}_{column.name}")
            slots[(section, column.name)] = st.empty()
    slots[(section, "")] = st.empty()
    form.set_object(draft, section, values)


def step_view(step: str) -> Slots:
    """The step's widgets, the draft updated from them; the slots where its issues go."""
    slots: Slots = {}
    for section in form.STEPS[step]:
        if section in form.OBJECTS:
            object_section(section, slots)
        else:
            list_section(section, slots)
    return slots
