"""One pair for the detail panel and paper; export and printing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from township_desk.models.mentoring import MentorExchange, Mentorship
from township_desk.models.people import Person
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import ListState, Row
from township_desk.services.mentoring.coverage import coverage
from township_desk.services.mentoring.pairs import (
    ACTIVE,
    STALE_DAYS,
    STALE_FLAG,
    MentorshipListing,
    live_pairs,
    serving_post_of,
    stale_mentors,
)
from township_desk.services.mentoring.plans_exchanges import ExchangeListing, live_plan, period_text
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    age_on,
    person_label,
)
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError, Values
from township_desk.services.settings import report_context, unit_name

# ---------------------------------------------------------------- one pair, for the detail panel and paper


def plan_record(pair_id: str) -> Values:
    """Everything the growth-plan form prints for one pair (plain values)."""
    pair = live_pairs().where(Mentorship.id == pair_id).get()
    mentee, mentor = pair.mentee, pair.mentor
    post = serving_post_of(mentee.id)
    plan = live_plan(pair_id)
    exchanges = (
        MentorExchange.live().where(MentorExchange.mentorship == pair_id).order_by(MentorExchange.date.desc())
    )
    total = exchanges.count()
    recent = [f"{e.date.isoformat()} {e.form}：{e.content}" for e in exchanges.limit(4)]
    if total > len(recent):
        recent.append(f"（共 {total} 次交流，此处列出最近 {len(recent)} 次）")
    village = mentee.village.name if mentee.village_id else ""
    mentor_post = "，".join(x for x in (pair.mentor_unit, pair.mentor_post) if x)
    return {
        "id": pair.id,
        "mentee": mentee.name,
        "sex": mentee.sex,
        "birth_date": mentee.birth_date,
        "age": age_on(mentee.birth_date),
        "education": mentee.education,
        "political": mentee.political,
        "phone": mentee.phone,
        "village": village,
        "mentee_post": post.post if post is not None else "",
        "post_start": post.started_on if post is not None else None,
        "mentor": mentor.name,
        "mentor_kind": pair.mentor_kind,
        "mentor_unit": pair.mentor_unit,
        "mentor_post": pair.mentor_post,
        "mentor_unit_post": mentor_post,
        "mentor_phone": mentor.phone,
        "started_on": pair.started_on,
        "ended_on": pair.ended_on,
        "status": pair.status,
        "period": period_text(plan.period_start, plan.period_end) if plan else "",
        "goals": plan.goals if plan else "",
        "measures": plan.measures if plan else "",
        "plan_notes": plan.notes if plan else "",
        "has_plan": plan is not None,
        "exchanges": "\n".join(recent) if recent else "（暂无交流记录）",
        "exchange_count": total,
    }


def find_mentee_pair(text: str) -> Mentorship:
    """The pair to print for a mentee given by name (or ID number): the one 帮带中, else the latest.

    No such mentee, or several people of that name, raise ValidationError with a Chinese message
    (the candidates listed with their village and ID-number ending, so the user can pick one).
    """
    name = clean_text(text)
    if not name:
        raise ValidationError("mentee", "请给出帮带对象的姓名（--mentee 姓名）。")
    upper = name.upper()
    people = list(
        Person.live().where((Person.name == name) | (Person.id_number == upper)).order_by(Person.pinyin)
    )
    if not people and len(upper) >= 4 and upper.isalnum() and not upper.isalpha():
        people = list(Person.live().where(Person.id_number.endswith(upper)))
    with_pairs = [p for p in people if live_pairs().where(Mentorship.mentee == p.id).exists()]
    if not people:
        raise ValidationError("mentee", f"没有找到名为“{name}”的人员，请核对姓名。")
    if not with_pairs:
        raise ValidationError("mentee", f"“{name}”没有导师帮带结对记录，无法打印成长计划。")
    if len(with_pairs) > 1:
        lines = "\n".join(
            f"  {person_label(p)}" + (f"  身份证号 {p.id_number}" if p.id_number else "") for p in with_pairs
        )
        raise ValidationError(
            "mentee",
            f"有 {len(with_pairs)} 位名为“{name}”的帮带对象，请改用身份证号（或身份证号后几位）指定：\n{lines}",
        )
    person = with_pairs[0]
    pair = (
        live_pairs()
        .where(Mentorship.mentee == person.id)
        .order_by((Mentorship.status == ACTIVE).desc(), Mentorship.started_on.desc())
        .first()
    )
    assert pair is not None
    return pair


# ---------------------------------------------------------------- export and paper

PAIR_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("mentor", "导师"),
    ("mentor_kind", "导师类别"),
    ("mentor_unit", "导师工作单位"),
    ("mentor_post", "导师职务"),
    ("mentor_phone", "导师电话"),
    ("mentee", "帮带对象"),
    ("village", "村(社区)"),
    ("mentee_post", "帮带对象职务"),
    ("mentee_phone", "帮带对象电话"),
    ("started_on", "结对时间"),
    ("ended_on", "结束时间"),
    ("status", "帮带状态"),
    ("exchanges", "交流次数"),
    ("last_exchange", "最近交流"),
    ("flag", "提醒"),
)
EXCHANGE_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "交流日期"),
    ("form", "交流方式"),
    ("mentor", "导师"),
    ("mentor_unit", "导师工作单位"),
    ("mentee", "帮带对象"),
    ("village", "村(社区)"),
    ("content", "交流内容"),
    ("outcome", "成效"),
)


def export_mentorships(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """The pairs (all, or as the tab shows them) to a workbook; returns rows written."""
    listing = MentorshipListing()
    state = state or ListState()
    rows = [{**row, "flag": STALE_FLAG if row["stale"] else ""} for row in listing.iter_rows(state)]
    return write_workbook(path, "导师帮带", PAIR_EXPORT_COLUMNS, rows, len(rows), progress)


def export_exchanges(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """The exchange log (all pairs, or what state selects) to a workbook; returns rows written."""
    listing = ExchangeListing()
    state = state or ListState()
    return write_workbook(
        path,
        "帮带交流记录",
        EXCHANGE_EXPORT_COLUMNS,
        listing.iter_rows(state),
        listing.count(state),
        progress,
    )


def roster_rows(state: ListState | None = None) -> list[Row]:
    """Pairs for the printed 导师帮带花名册: mentor with unit and post, mentee with village and post."""
    rows = []
    for row in MentorshipListing().iter_rows(state or ListState()):
        mentor_unit_post = "，".join(x for x in (row["mentor_unit"], row["mentor_post"]) if x)
        rows.append({**row, "mentor_unit_post": mentor_unit_post})
    return rows


def print_mentoring_roster(
    out: Path, progress: Progress = no_progress, state: ListState | None = None
) -> Path:
    """The 导师帮带花名册 PDF."""
    from township_desk.reports.table import render_table

    rows = roster_rows(state)
    cover = coverage()
    context = report_context(unit=unit_name(), coverage=cover.text())
    return render_table("mentoring_roster", rows, out, context, progress=progress)


def print_growth_plan(out: Path, pair_id: str) -> Path:
    """One pair's growth plan on one A4 page with signature lines for mentor and mentee."""
    from township_desk.reports.form import render_form

    return render_form("growth_plan", plan_record(pair_id), out, report_context())


def print_growth_plans(out: Path, pair_ids: Sequence[str], progress: Progress = no_progress) -> Path:
    """Several growth plans, one page each, in one PDF."""
    from township_desk.reports.form import render_forms

    if not pair_ids:
        raise ValidationError(None, "没有要打印的成长计划。")
    records = []
    for index, pair_id in enumerate(pair_ids):
        records.append(plan_record(pair_id))
        progress(index, len(pair_ids))
    return render_forms("growth_plan", records, out, report_context())


def print_growth_plan_for(out: Path, mentee: str) -> Path:
    """The growth plan of the mentee named (CLI: print growth-plan --mentee NAME)."""
    return print_growth_plan(out, find_mentee_pair(mentee).id)


def mentoring_summary() -> str:
    """The status-bar text: coverage and stale mentors."""
    cover = coverage()
    stale = len(stale_mentors())
    return cover.text() + (f" · {stale} 名导师超{STALE_DAYS}天未交流" if stale else "")
