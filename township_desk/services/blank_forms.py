"""Blank paper forms to fill by hand: one way for every form (the window's 打印空白表 and
`township-desk print blank NAME`), instead of a blank-print function per subject.

A form template ([form]) prints with its boxes empty (or with what a hand-filled form needs printed:
the tick boxes of the talk kinds, the date line); a table template prints its header and empty rows.
Placeholders the form would take from a record (year, branch, course …) become lines to write on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from township_desk.form_labels import form_label
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

#: What a placeholder the clerk fills by hand prints as.
WRITE_IN = "________"
#: Placeholders that are facts of one record (written by hand on a blank form); others print empty.
WRITE_IN_PLACEHOLDERS = (
    "year",
    "branch",
    "village",
    "course",
    "organiser",
    "dates",
    "place",
    "month",
    "member",
    "criteria",
    "target",
    "mode",
)


def _talk_values() -> dict[str, object]:
    from township_desk.services.talks import blank_record_values

    return blank_record_values()


def _leave_values() -> dict[str, object]:
    from township_desk.services.work_teams.paper import BLANK_PERIOD, LEAVE_KINDS

    return {"kind_boxes": "    ".join("□" + k for k in LEAVE_KINDS), "period": BLANK_PERIOD}


@dataclass(frozen=True)
class BlankForm:
    """How one form prints blank: the values a form needs printed, or the empty rows of a table."""

    values: Callable[[], Mapping[str, object]] | None = None
    rows: int = 15


#: Every form that is filled in by hand, by template name. Results and ledgers the program computes
#: (考评结果, 台账, 统计表) are not here: a blank one means nothing.
BLANK_FORMS: dict[str, BlankForm] = {
    "talk_record": BlankForm(_talk_values),
    "household_card": BlankForm(),
    "growth_plan": BlankForm(),
    "cadre_file": BlankForm(),
    "secretary_review": BlankForm(),
    "meeting_record": BlankForm(),
    "party_day_record": BlankForm(),
    "party_day_signin": BlankForm(rows=22),
    "leave_form": BlankForm(_leave_values),
    "roster": BlankForm(rows=15),
    "roster_full": BlankForm(rows=20),
    "reserve_roster": BlankForm(rows=15),
    "mentoring_roster": BlankForm(rows=15),
    "post_roster": BlankForm(rows=18),
    "team_roster": BlankForm(rows=15),
    "visit_ledger": BlankForm(rows=18),
    "assessment_sheet": BlankForm(rows=12),
    "member_appraisal_sheet": BlankForm(rows=20),
    "team_assessment_sheet": BlankForm(rows=12),
    "training_signin": BlankForm(rows=22),
    "training_roster": BlankForm(rows=21),
}


def blank_label(name: str) -> str:
    return form_label(name)


def blank_forms(names: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(name, Chinese name) of the forms printable blank (those of `names`, in that order)."""
    chosen = names if names is not None else tuple(BLANK_FORMS)
    return [(name, blank_label(name)) for name in chosen if name in BLANK_FORMS]


def blank_context(placeholders: frozenset[str]) -> dict[str, str]:
    """The township and date as always; record facts as lines to write on; summaries empty."""
    context = report_context()
    for name in placeholders:
        if name not in context:
            context[name] = WRITE_IN if name in WRITE_IN_PLACEHOLDERS else ""
    return context


def print_blank(name: str, out: Path, progress: Progress = no_progress) -> Path:
    """The blank paper form `name` (a template name) as a PDF to fill by hand."""
    from township_desk.reports import load_template, render_form, render_table

    form = BLANK_FORMS.get(name)
    if form is None:
        choices = "、".join(f"{n}（{label}）" for n, label in blank_forms())
        raise ValidationError("form", f"“{name}”不能打印空白表。可打印空白表的有：{choices}")
    template = load_template(name)
    context = blank_context(template.placeholders)
    progress(0, 1)
    if template.kind == "form":
        render_form(template, dict(form.values()) if form.values else None, out, context)
    else:
        rows = form.rows
        render_table(template, [{} for _ in range(rows)], out, context)
        while rows > 1 and _page_count(out) > 1:  # one sheet to hand out, whatever the type scale
            rows -= 2
            render_table(template, [{} for _ in range(rows)], out, context)
    progress(1, 1)
    return out


def _page_count(path: Path) -> int:
    """Pages of a PDF reportlab wrote (its page objects are never compressed)."""
    return len(re.findall(rb"/Type /Page\b", path.read_bytes()))
