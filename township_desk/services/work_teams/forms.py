"""The record forms of a team's details (members, leave, work logs, results, joint meetings) for the shared
record editor; each is built for one team and saves through the rules of its module."""

from __future__ import annotations

from typing import Any

from township_desk.db import database
from township_desk.models.work_teams import TeamAssessment, TeamLeave, TeamWorkLog, WorkTeamMember
from township_desk.services import clock
from township_desk.services.normalize import clean_text
from township_desk.services.people import person_options
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values
from township_desk.services.work_teams import (
    END_KINDS,
    LEAVE_KINDS,
    LOG_KINDS,
    RESULT_USES,
    ROLES,
    SETTING_LABELS,
    check_rule_setting,
    rule_setting,
    set_rule_setting,
)
from township_desk.services.work_teams import assessment as assessments
from township_desk.services.work_teams.leave import save_leave
from township_desk.services.work_teams.logs import household_options, households_visited, save_log
from township_desk.services.work_teams.meetings import save_meeting
from township_desk.services.work_teams.teams import members_of, save_member, team_options


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _member_options(team_id: str) -> list[tuple[str, str]]:
    return [(m.id, f"{m.name}（{m.role}）") for m in members_of(team_id, include_past=False)]


def member_form(team_id: str) -> FormSpec:
    def load(member_id: str | None) -> Values:
        if not member_id:
            return {"role": ROLES[1]}
        m = WorkTeamMember.get_by_id(member_id)
        return {
            "person": m.person_id,
            "role": m.role,
            "unit": m.unit,
            "post": m.post,
            "phone": m.phone,
            "started_on": _iso(m.started_on),
            "ended_on": _iso(m.ended_on),
            "end_kind": m.end_kind,
            "end_reason": m.end_reason,
        }

    return FormSpec(
        title="驻村工作队队员",
        sections=(
            Section(
                "人员",
                (
                    Field(
                        "person",
                        "已登记的人员",
                        "ref",
                        options=lambda: person_options(),
                        tooltip="已在本系统登记的人员；新人员留空，填写下面的姓名",
                    ),
                    Field("name", "新人员姓名"),
                    Field("id_number", "身份证号"),
                    Field(
                        "role",
                        "职务",
                        "choice",
                        required=True,
                        choices=lambda: list(ROLES),
                        editable_choice=False,
                    ),
                    Field("unit", "工作单位", placeholder="默认为派出单位"),
                    Field("post", "单位职务"),
                    Field("phone", "联系电话"),
                ),
            ),
            Section(
                "驻村期间",
                (
                    Field("started_on", "驻村时间", "date"),
                    Field("ended_on", "离队时间", "date"),
                    Field(
                        "end_kind",
                        "离队方式",
                        "choice",
                        choices=lambda: list(END_KINDS),
                        editable_choice=False,
                    ),
                    Field("end_reason", "离队原因", "multiline"),
                ),
            ),
        ),
        load=load,
        save=lambda member_id, values: save_member(member_id, team_id, values),
    )


def leave_form(team_id: str) -> FormSpec:
    def load(leave_id: str | None) -> Values:
        if not leave_id:
            today = clock.today().isoformat()
            return {"kind": LEAVE_KINDS[0], "starts_on": today, "ends_on": today, "approved_on": today}
        leave = TeamLeave.get_by_id(leave_id)
        return {
            "member": leave.member_id,
            "kind": leave.kind,
            "starts_on": _iso(leave.starts_on),
            "ends_on": _iso(leave.ends_on),
            "reason": leave.reason,
            "approved_by": leave.approved_by,
            "approved_on": _iso(leave.approved_on),
            "returned_on": _iso(leave.returned_on),
            "notes": leave.notes,
        }

    def save(leave_id: str | None, values: Values) -> str:
        member_id = clean_text(values.get("member"))
        if not member_id:
            raise ValidationError("member", "请选择请假的队员。")
        return save_leave(leave_id, member_id, values)

    return FormSpec(
        title="请假",
        sections=(
            Section(
                "请假审批",
                (
                    Field(
                        "member", "请假队员", "ref", required=True, options=lambda: _member_options(team_id)
                    ),
                    Field(
                        "kind", "请假类别", "choice", choices=lambda: list(LEAVE_KINDS), editable_choice=False
                    ),
                    Field("starts_on", "开始日期", "date", required=True),
                    Field("ends_on", "结束日期", "date", required=True),
                    Field("reason", "请假事由", "multiline"),
                    Field("notes", "工作交接安排", "multiline"),
                    Field("approved_by", "审批人"),
                    Field("approved_on", "审批日期", "date"),
                    Field(
                        "returned_on", "销假日期", "date", tooltip="返岗后填写；逾期未填写会提示“逾期未销假”"
                    ),
                ),
            ),
        ),
        load=load,
        save=save,
    )


def log_form(team_id: str) -> FormSpec:
    def load(log_id: str | None) -> Values:
        if not log_id:
            return {"log_date": clock.today().isoformat(), "kind": LOG_KINDS[0]}
        log = TeamWorkLog.get_by_id(log_id)
        linked = households_visited(log_id)
        names = {label.split("（")[0] for value, label in household_options(team_id) if value in linked}
        others = "、".join(part for part in log.households_text.split("、") if part and part not in names)
        return {
            "member": log.member_id,
            "log_date": _iso(log.log_date),
            "kind": log.kind,
            "text": log.text,
            "household": linked[0] if linked else "",
            "households_text": others,
        }

    def save(log_id: str | None, values: Values) -> str:
        member_id = clean_text(values.get("member"))
        if not member_id:
            raise ValidationError("member", "请选择写日志的队员。")
        household = clean_text(values.get("household"))
        return save_log(log_id, member_id, values, [household] if household else [])

    return FormSpec(
        title="工作日志",
        sections=(
            Section(
                "工作日志",
                (
                    Field("member", "队员", "ref", required=True, options=lambda: _member_options(team_id)),
                    Field("log_date", "日期", "date", required=True),
                    Field("kind", "类别", "choice", choices=lambda: list(LOG_KINDS), editable_choice=False),
                    Field("text", "工作内容", "multiline", required=True),
                    Field(
                        "household",
                        "走访的联系户",
                        "ref",
                        options=lambda: household_options(team_id),
                        tooltip="本村已登记的党员联系户",
                    ),
                    Field("households_text", "其他走访农户", placeholder="未登记为联系户的，写户主姓名"),
                ),
            ),
        ),
        load=load,
        save=save,
    )


def result_form(team_id: str, year: int) -> FormSpec:
    def load(_id: str | None) -> Values:
        row = (
            TeamAssessment.live()
            .where((TeamAssessment.team == team_id) & (TeamAssessment.year == year))
            .first()
        )
        if row is None:
            return {"year": str(year)}
        satisfaction = "" if row.satisfaction is None else f"{row.satisfaction:g}"
        return {
            "year": str(year),
            "satisfaction": satisfaction,
            "result_use": row.result_use,
            "notes": row.notes,
        }

    def save(_id: str | None, values: Values) -> str:
        text = clean_text(values.get("satisfaction")).rstrip("%％")
        try:
            satisfaction = float(text) if text else None
        except ValueError:
            raise ValidationError("satisfaction", "群众满意率应填数字，如 92.5。") from None
        assessments.save_result(
            team_id, year, satisfaction, clean_text(values.get("result_use")), clean_text(values.get("notes"))
        )
        return team_id

    return FormSpec(
        title=f"{year}年度考核结果",
        sections=(
            Section(
                "考核结果",
                (
                    Field("year", "年度", "readonly"),
                    Field("satisfaction", "群众满意率（%）"),
                    Field(
                        "result_use",
                        "结果运用",
                        "choice",
                        choices=lambda: [u for u in RESULT_USES if u],
                        editable_choice=False,
                    ),
                    Field("notes", "备注", "multiline"),
                ),
            ),
        ),
        load=load,
        save=save,
    )


def meeting_form() -> FormSpec:
    return FormSpec(
        title="联席会议",
        sections=(
            Section(
                "联席会议",
                (
                    Field("meeting_date", "会议日期", "date", required=True),
                    Field("team", "涉及的工作队", "ref", options=team_options, tooltip="全镇性的会议留空"),
                    Field("place", "地点"),
                    Field(
                        "attendees",
                        "参会人员",
                        "multiline",
                        required=True,
                        placeholder="第一书记、派出单位、县、乡镇、村",
                    ),
                    Field("topics", "议题", "multiline"),
                    Field("decisions", "议定事项", "multiline"),
                ),
            ),
        ),
        load=lambda _id: {"meeting_date": clock.today().isoformat()},
        save=save_meeting,
    )


def rules_form() -> FormSpec:
    """The rule settings: days on duty a month, the satisfaction weight and the veto threshold."""
    fields = {key.replace(".", "_"): key for key in SETTING_LABELS}

    def save(_id: str | None, values: Values) -> str:
        numbers = {key: check_rule_setting(key, values.get(name)) for name, key in fields.items()}
        with database.atomic():  # all checked before any is stored
            for key, number in numbers.items():
                set_rule_setting(key, number)
        return "rules"

    return FormSpec(
        title="驻村工作队考勤与考核规则",
        sections=(Section("规则", tuple(Field(name, SETTING_LABELS[key]) for name, key in fields.items())),),
        load=lambda _id: {name: f"{rule_setting(key):g}" for name, key in fields.items()},
        save=save,
    )
