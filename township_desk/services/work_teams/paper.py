"""Printed forms of the work teams: the roster, the month's attendance ledger, the leave form (blank or
filled), the yearly assessment sheet and results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from township_desk.models.people import Person, Village
from township_desk.models.work_teams import TeamLeave, WorkTeam, WorkTeamMember
from township_desk.services.normalize import clean_name
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context
from township_desk.services.work_teams import (
    LEAVE_KINDS,
    SETTING_MIN_DAYS,
    SETTING_VETO,
    SETTING_WEIGHT,
    rule_setting,
)
from township_desk.services.work_teams import assessment as assessments
from township_desk.services.work_teams.attendance import (
    ABSENT,
    IN_VILLAGE,
    UNKNOWN,
    month_days,
    month_ledger,
    month_start,
    served_days,
)
from township_desk.services.work_teams.teams import team_by_village

BLANK_PERIOD = "      年    月    日    至      年    月    日，共    天"


def _cn(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# ---------------------------------------------------------------- roster


def roster_rows() -> list[dict[str, object]]:
    """Every member of every live team (serving first within a team), by village."""
    query = (
        WorkTeamMember.select(WorkTeamMember, WorkTeam, Village, Person)
        .join(WorkTeam, on=(WorkTeamMember.team == WorkTeam.id))
        .join(Village, on=(WorkTeam.village == Village.id))
        .switch(WorkTeamMember)
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where(
            WorkTeamMember.deleted_at.is_null() & WorkTeam.deleted_at.is_null() & Person.deleted_at.is_null()
        )
        .order_by(
            Village.sort_order,
            Village.name,
            WorkTeamMember.ended_on.is_null(False),
            WorkTeamMember.role.desc(),
            WorkTeamMember.started_on,
        )
    )
    rows = []
    for m in query:
        team, person = m.team, m.person
        start = m.started_on.isoformat() if m.started_on else ""
        end = m.ended_on.isoformat() if m.ended_on else "今"
        status = "在岗" if m.ended_on is None else f"{m.end_kind or '离队'}：{m.end_reason}".rstrip("：")
        rows.append(
            {
                "village": team.village.name,
                "village_category": team.village_category,
                "sending_unit": team.sending_unit,
                "unit_kind": team.unit_kind,
                "name": person.name,
                "role": m.role,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "political": person.political,
                "education": person.education,
                "post": m.post,
                "phone": m.phone or person.phone,
                "period": f"{start}至{end}",
                "status": status,
                "serving": m.ended_on is None,
            }
        )
    return rows


def print_roster(out: Path, progress: Progress = no_progress) -> Path:
    from township_desk.reports import render_table

    rows = roster_rows()
    if not rows:
        raise ValidationError("teams", "还没有驻村工作队。")
    teams = len({row["village"] for row in rows})
    serving = sum(1 for row in rows if row["serving"])
    stats = f"共 {teams} 个驻村工作队，在岗 {serving} 人"
    return render_table("team_roster", rows, out, report_context(stats=stats), progress=progress)


# ---------------------------------------------------------------- the month's ledger

PRINT_MARKS = {IN_VILLAGE: "√", ABSENT: "×", UNKNOWN: ""}


def attendance_rows(
    year: int, month: int, team_id: str | None = None, today: date | None = None
) -> list[dict[str, object]]:
    rows = []
    n = month_days(year, month)
    members = {
        m.id: m
        for m in WorkTeamMember.select().where(
            WorkTeamMember.id.in_([r.member_id for r in month_ledger(year, month, team_id, today)])
        )
    }
    for entry in month_ledger(year, month, team_id, today):
        served = served_days(members[entry.member_id], year, month)
        row: dict[str, object] = {
            "village": entry.village,
            "name": entry.name,
            "role": "队长" if "队长" in entry.role else "队员",
        }
        for day in range(1, n + 1):
            mark = entry.marks[day - 1]
            row[f"d{day}"] = PRINT_MARKS.get(mark, mark) if day in served else "/"
        t = entry.totals
        row.update(
            in_village=t.in_village,
            on_business=t.on_business,
            leave=t.leave,
            absent=t.absent,
            on_duty=f"{t.on_duty}" + ("▲" if entry.below else ""),
        )
        rows.append(row)
    return rows


def print_attendance(
    out: Path,
    year: int,
    month: int,
    village: str | None = None,
    progress: Progress = no_progress,
    today: date | None = None,
) -> Path:
    """The month's 考勤台账: members down, days across, totals; ▲ marks a member below the rule."""
    from township_desk.reports import Column as PrintColumn
    from township_desk.reports import render_table

    month_start(year, month)
    team_id = None
    if village:
        team = team_by_village(village)
        if team is None:
            raise ValidationError("team", f"“{village}”没有驻村工作队。")
        team_id = team.id
    rows = attendance_rows(year, month, team_id, today)
    if not rows:
        raise ValidationError("month", f"{year}年{month}月没有在岗的驻村工作队队员。")
    days = [PrintColumn(f"d{d}", str(d), 5.4) for d in range(1, month_days(year, month) + 1)]
    totals = [
        PrintColumn("in_village", "在村", 12),
        PrintColumn("on_business", "公务\n外出", 12),
        PrintColumn("leave", "请假", 12),
        PrintColumn("absent", "缺勤", 12),
        PrintColumn("on_duty", "在岗\n合计", 12),
    ]
    minimum = rule_setting(SETTING_MIN_DAYS)
    rule = f"考勤要求：每月在岗（在村＋公务外出）不少于 {minimum:g} 天，▲为未达到"
    context = report_context(month=f"{year}年{month}月", rule=rule)
    return render_table(
        "team_attendance", rows, out, context, extra_columns=[*days, *totals], progress=progress
    )


# ---------------------------------------------------------------- leave form


def _kind_boxes(kind: str | None) -> str:
    from township_desk.reports.fonts import font_has_glyph, register_cjk_font

    checked = "☑" if font_has_glyph(register_cjk_font(), "☑") else "■"
    return "    ".join((checked if k == kind else "□") + k for k in LEAVE_KINDS)


def leave_values(leave: TeamLeave) -> dict[str, object]:
    member = leave.member
    person, team = member.person, member.team
    days = (leave.ends_on - leave.starts_on).days + 1
    approval = ""
    if leave.approved_by:
        approval = f"同意。\n\n审批人：{leave.approved_by}    {_cn(leave.approved_on)}"
    return {
        "name": person.name,
        "sex": person.sex,
        "village": team.village.name,
        "role": member.role,
        "sending_unit": team.sending_unit,
        "phone": member.phone or person.phone,
        "kind_boxes": _kind_boxes(leave.kind),
        "period": f"{_cn(leave.starts_on)} 至 {_cn(leave.ends_on)}，共 {days} 天",
        "reason": leave.reason,
        "handover": leave.notes,
        "approval": approval,
        "returned_on": _cn(leave.returned_on),
        "returned_by": "",
    }


def print_leave_form(out: Path, leave_id: str | None = None, progress: Progress = no_progress) -> Path:
    """One 请假审批表 (blank when leave_id is None)."""
    from township_desk.reports import render_form

    if leave_id is None:
        values: dict[str, object] = {
            "kind_boxes": "    ".join("□" + k for k in LEAVE_KINDS),
            "period": BLANK_PERIOD,
        }
    else:
        leave = TeamLeave.live().where(TeamLeave.id == leave_id).first()
        if leave is None:
            raise ValidationError("leave", "这条请假记录不存在或已被删除。")
        values = leave_values(leave)
    progress(0, 1)
    render_form("leave_form", values, out, report_context())
    progress(1, 1)
    return out


def leave_on(name: str, day: date) -> TeamLeave:
    """The leave of a member named NAME that covers (or starts on) day."""
    found = (
        TeamLeave.live()
        .join(WorkTeamMember)
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where(
            (Person.name == clean_name(name))
            & (TeamLeave.starts_on <= day)
            & (TeamLeave.ends_on >= day)
            & WorkTeamMember.deleted_at.is_null()
        )
        .order_by(TeamLeave.starts_on)
        .first()
    )
    if found is None:
        raise ValidationError("person", f"没有找到“{clean_name(name)}”在{_cn(day)}的请假记录。")
    return found


# ---------------------------------------------------------------- assessment


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def assessment_rows(year: int) -> list[dict[str, object]]:
    rows = []
    for r in assessments.year_results(year):
        row: dict[str, object] = {
            "village": r.village,
            "leader": r.leader,
            "sending_unit": r.sending_unit,
            "indicator_score": _number(r.indicator_score),
            "satisfaction": _number(r.satisfaction),
            "total": _number(r.total),
            "grade": r.grade or "未完成",
            "result_use": r.result_use,
            "veto": "满意率低于标准，一票否决" if r.vetoed else "",
        }
        for index, score in enumerate(r.stage_scores, start=1):
            row[f"stage{index}"] = _number(score)
        rows.append(row)
    return rows


def _rule_text() -> str:
    weight, threshold = rule_setting(SETTING_WEIGHT), rule_setting(SETTING_VETO)
    return (
        f"计分办法：综合得分＝指标得分×{100 - weight:g}%＋群众满意率×{weight:g}%；"
        f"群众满意率低于{threshold:g}%的一票否决，评为不合格；90分以上优秀，70分以上合格，60分以上基本合格。"
    )


def print_assessment(out: Path, year: int, progress: Progress = no_progress) -> Path:
    from township_desk.reports import render_table

    rows = assessment_rows(year)
    if not rows:
        raise ValidationError("year", f"{year}年没有驻村工作队。")
    return render_table(
        "team_assessment", rows, out, report_context(year=str(year), rule=_rule_text()), progress=progress
    )


def print_assessment_sheet(out: Path, year: int, progress: Progress = no_progress) -> Path:
    """The indicators of every team for the year with an empty score box (teams without any get the standard
    four-stage ones on paper, nothing saved)."""
    from township_desk.reports import render_table

    rows: list[dict[str, object]] = []
    for result in assessments.year_results(year):
        items = [(i.stage, i.content, i.max_score) for i in assessments.indicators_of(result.team_id, year)]
        for stage, content, full in items or assessments.DEFAULT_INDICATORS:
            rows.append(
                {
                    "village": result.village,
                    "leader": result.leader,
                    "stage": stage,
                    "content": content,
                    "max_score": f"{full:g}",
                    "score": "",
                }
            )
    if not rows:
        raise ValidationError("year", f"{year}年没有驻村工作队。")
    threshold = rule_setting(SETTING_VETO)
    return render_table(
        "team_assessment_sheet",
        rows,
        out,
        report_context(year=str(year), rule=f"低于{threshold:g}%一票否决"),
        progress=progress,
    )
