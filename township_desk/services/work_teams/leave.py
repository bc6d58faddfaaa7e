"""Leave and return (请销假): requests that the attendance ledger follows; overlaps and leave not closed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from township_desk.db import database
from township_desk.models.people import Person, Village
from township_desk.models.work_teams import TeamLeave, WorkTeam, WorkTeamMember
from township_desk.services import clock
from township_desk.services.normalize import clean_name, clean_text
from township_desk.services.people import parse_date_field
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import LEAVE_KINDS
from township_desk.services.work_teams.attendance import (
    IN_VILLAGE,
    UNKNOWN,
    leave_mark,
    set_days,
    with_team_village_person,
)


@dataclass(frozen=True)
class LeaveRow:
    id: str
    member_id: str
    name: str
    village: str
    kind: str
    starts_on: date
    ends_on: date
    days: int
    reason: str
    approved_by: str
    approved_on: date | None
    returned_on: date | None
    problem: str


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def overlapping(member_id: str, start: date, end: date, exclude_id: str | None = None) -> list[TeamLeave]:
    """The member's other live leave requests that share a day with start–end."""
    query = TeamLeave.live().where(
        (TeamLeave.member == member_id) & (TeamLeave.starts_on <= end) & (TeamLeave.ends_on >= start)
    )
    if exclude_id:
        query = query.where(TeamLeave.id != exclude_id)
    return list(query)


def save_leave(leave_id: str | None, member_id: str, values: Mapping[str, Any]) -> str:
    """Record a leave request; its days are marked as leave in the ledger. Overlaps are refused."""
    member = WorkTeamMember.live().where(WorkTeamMember.id == member_id).first()
    if member is None:
        raise ValidationError("member", "请选择请假的队员。")
    kind = clean_text(values.get("kind")) or LEAVE_KINDS[0]
    if kind not in LEAVE_KINDS:
        raise ValidationError("kind", f"请假类别应为 {'、'.join(LEAVE_KINDS)} 之一。")
    start = parse_date_field(values, "starts_on", "开始日期")
    end = parse_date_field(values, "ends_on", "结束日期") or start
    if start is None or end is None:
        raise ValidationError("starts_on", "请填写请假的开始日期。")
    if end < start:
        raise ValidationError("ends_on", "结束日期早于开始日期。")
    if (end - start).days > 180:
        raise ValidationError("ends_on", "一次请假超过180天，请核对日期。")
    returned = parse_date_field(values, "returned_on", "销假日期")
    if returned is not None and returned < start:
        raise ValidationError("returned_on", "销假日期早于请假开始日期。")
    clash = overlapping(member_id, start, end, leave_id)
    if clash:
        other = clash[0]
        raise ValidationError(
            "starts_on", f"与已有的{other.kind}（{other.starts_on}至{other.ends_on}）日期重叠。"
        )
    with database.atomic():
        leave = TeamLeave.get_by_id(leave_id) if leave_id else TeamLeave(member=member_id)
        old_days = _days(leave.starts_on, leave.ends_on) if leave_id else []
        leave.kind = kind
        leave.starts_on, leave.ends_on = start, end
        leave.reason = clean_text(values.get("reason"))
        leave.approved_by = clean_name(values.get("approved_by"))
        leave.approved_on = parse_date_field(values, "approved_on", "审批日期")
        leave.returned_on = returned
        leave.notes = clean_text(values.get("notes"))
        leave.save(force_insert=leave_id is None)
        new_days = _days(start, end)
        dropped = [d for d in old_days if d not in new_days]
        if dropped:
            set_days(member_id, dropped, UNKNOWN)
        set_days(member_id, new_days, leave_mark(kind))
        if (
            returned is not None and returned <= end
        ):  # back early: the days from the return are in the village
            set_days(member_id, _days(returned, end), IN_VILLAGE)
    return str(leave.id)


def close_leave(leave_id: str, returned_on: date) -> None:
    """销假: the member is back on returned_on; days of the leave from then on go back to 在村 when unchanged."""
    leave = TeamLeave.live().where(TeamLeave.id == leave_id).first()
    if leave is None:
        raise ValidationError("leave", "这条请假记录不存在或已被删除。")
    if returned_on < leave.starts_on:
        raise ValidationError("returned_on", "销假日期早于请假开始日期。")
    with database.atomic():
        leave.returned_on = returned_on
        leave.save()
        early = [d for d in _days(returned_on, leave.ends_on)] if returned_on <= leave.ends_on else []
        if early:
            set_days(leave.member_id, early, IN_VILLAGE)


def leave_covering(member_id: str, day: date) -> TeamLeave | None:
    return (
        TeamLeave.live()
        .where((TeamLeave.member == member_id) & (TeamLeave.starts_on <= day) & (TeamLeave.ends_on >= day))
        .first()
    )


def leave_problem(leave: TeamLeave | LeaveRow, today: date, clash: bool) -> str:
    problems = []
    if leave.returned_on is None and leave.ends_on < today:
        problems.append(f"逾期未销假（应于{leave.ends_on + timedelta(days=1)}返岗）")
    if clash:
        problems.append("与其他请假日期重叠")
    if not leave.approved_by:
        problems.append("未填审批人")
    return "；".join(problems)


def leaves(
    member_id: str | None = None,
    team_id: str | None = None,
    year: int | None = None,
    today: date | None = None,
) -> list[LeaveRow]:
    """Leave requests (of a member, a team, or all; of a year) with their flags, newest first."""
    today = today or clock.today()
    # One query for the rows, as plain values (not a model object per leave, member, team and person).
    query = TeamLeave.select(
        TeamLeave.id,
        TeamLeave.member,
        Person.name,
        Village.name,
        TeamLeave.kind,
        TeamLeave.starts_on,
        TeamLeave.ends_on,
        TeamLeave.reason,
        TeamLeave.approved_by,
        TeamLeave.approved_on,
        TeamLeave.returned_on,
    ).join(WorkTeamMember, on=(TeamLeave.member == WorkTeamMember.id))
    query = (
        with_team_village_person(query)
        .where(
            TeamLeave.deleted_at.is_null()
            & WorkTeamMember.deleted_at.is_null()
            & WorkTeam.deleted_at.is_null()
        )
        .order_by(TeamLeave.starts_on.desc())
    )
    if member_id:
        query = query.where(TeamLeave.member == member_id)
    if team_id:
        query = query.where(WorkTeamMember.team == team_id)
    if year:
        query = query.where(
            (TeamLeave.starts_on <= date(year, 12, 31)) & (TeamLeave.ends_on >= date(year, 1, 1))
        )
    found = [
        LeaveRow(
            i, str(member), name, village, kind, starts, ends, (ends - starts).days + 1, why, by, on, back, ""
        )
        for i, member, name, village, kind, starts, ends, why, by, on, back in query.tuples()
    ]
    of_member: dict[str, list[LeaveRow]] = {}
    for row in found:
        of_member.setdefault(row.member_id, []).append(row)
    rows = []
    for row in found:
        clash = any(
            o.id != row.id and o.starts_on <= row.ends_on and o.ends_on >= row.starts_on
            for o in of_member[row.member_id]
        )
        rows.append(replace(row, problem=leave_problem(row, today, clash)))
    return rows


def leaves_not_closed(today: date | None = None) -> list[LeaveRow]:
    """Leave whose end has passed without a return (逾期未销假) — for the home page."""
    today = today or clock.today()
    return [row for row in leaves(today=today) if row.returned_on is None and row.ends_on < today]
