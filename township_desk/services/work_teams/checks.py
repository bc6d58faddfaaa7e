"""Unannounced spot checks (督查暗访): who was found present or absent, and the action an absence without
leave calls for — a talk (谈话) the first time, recall (召回) when it happens again within a year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from township_desk.db import database
from township_desk.models.people import Person, Village
from township_desk.models.work_teams import TeamCheckFinding, TeamSpotCheck, WorkTeam, WorkTeamMember
from township_desk.services import clock
from township_desk.services.normalize import clean_text
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import ACTION_RECALL, ACTION_TALK, END_RECALLED
from township_desk.services.work_teams.attendance import (
    ABSENT,
    IN_VILLAGE,
    set_days,
    with_team_village_person,
)
from township_desk.services.work_teams.leave import leave_covering
from township_desk.services.work_teams.teams import end_member, serving_on

REPEAT_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Finding:
    member_id: str
    present: bool
    notes: str = ""


@dataclass(frozen=True)
class PendingAction:
    finding_id: str
    member_id: str
    name: str
    village: str
    check_date: date
    action: str

    @property
    def text(self) -> str:
        return f"{self.village} {self.name}：{self.check_date} 督查暗访不在岗且未请假，待{self.action}"


def _earlier_absences(member_id: str, day: date, exclude_check: str | None) -> int:
    query = (
        TeamCheckFinding.live()
        .join(TeamSpotCheck)
        .where(
            (TeamCheckFinding.member == member_id)
            & (TeamCheckFinding.present == False)  # noqa: E712
            & (TeamCheckFinding.on_leave == False)  # noqa: E712
            & TeamSpotCheck.deleted_at.is_null()
            & (TeamSpotCheck.check_date < day)
            & (TeamSpotCheck.check_date >= day - REPEAT_WINDOW)
        )
    )
    if exclude_check:
        query = query.where(TeamSpotCheck.id != exclude_check)
    return int(query.count())


def record_check(check_date: date | None, inspectors: str, notes: str, findings: Sequence[Finding]) -> str:
    """Record a spot check with its findings in one transaction; returns the check's id.

    The ledger follows: present → 在村 that day; absent on leave → unchanged; absent without leave → 缺勤,
    and a pending action (谈话, or 召回 for a repeat within a year).
    """
    if check_date is None:
        raise ValidationError("check_date", "请填写检查日期。")
    if check_date > clock.today():
        raise ValidationError("check_date", "检查日期晚于今天。")
    if not findings:
        raise ValidationError("findings", "请至少登记一名被检查的队员。")
    seen: set[str] = set()
    with database.atomic():
        check = TeamSpotCheck.create(
            check_date=check_date, inspectors=clean_text(inspectors), notes=clean_text(notes)
        )
        for finding in findings:
            if finding.member_id in seen:
                raise ValidationError("findings", "同一队员在一次检查中登记了两次。")
            seen.add(finding.member_id)
            member = WorkTeamMember.live().where(WorkTeamMember.id == finding.member_id).first()
            if member is None:
                raise ValidationError("findings", "被检查的队员不存在或已被删除。")
            if not serving_on(member, check_date):
                raise ValidationError("findings", f"{member.person.name}在{check_date}不在驻村期内。")
            on_leave = not finding.present and leave_covering(member.id, check_date) is not None
            action = ""
            if not finding.present and not on_leave:
                repeat = _earlier_absences(member.id, check_date, check.id) > 0
                action = ACTION_RECALL if repeat else ACTION_TALK
                set_days(member.id, [check_date], ABSENT)
            elif finding.present:
                set_days(member.id, [check_date], IN_VILLAGE)
            TeamCheckFinding.create(
                check=check,
                member=member,
                present=finding.present,
                on_leave=on_leave,
                action=action,
                notes=clean_text(finding.notes),
            )
    return str(check.id)


def pending_actions(today: date | None = None) -> list[PendingAction]:
    """Absences without leave found by spot checks whose talk or recall is not yet done — for the home page."""
    today = today or clock.today()
    query = (
        TeamCheckFinding.select(TeamCheckFinding, TeamSpotCheck, WorkTeamMember, WorkTeam, Village, Person)
        .join(TeamSpotCheck)
        .switch(TeamCheckFinding)
        .join(WorkTeamMember)
    )
    query = (
        with_team_village_person(query)
        .where(
            TeamCheckFinding.deleted_at.is_null()
            & TeamSpotCheck.deleted_at.is_null()
            & WorkTeamMember.deleted_at.is_null()
            & WorkTeam.deleted_at.is_null()
            & (TeamCheckFinding.action != "")
            & TeamCheckFinding.action_done_on.is_null()
            & (TeamSpotCheck.check_date <= today)
        )
        .order_by(TeamSpotCheck.check_date)
    )
    result = []
    for f in query:
        member = f.member
        if f.action == ACTION_RECALL and member.ended_on is not None and member.ended_on <= today:
            continue  # already left the team
        result.append(
            PendingAction(
                f.id, member.id, member.person.name, member.team.village.name, f.check.check_date, f.action
            )
        )
    return result


def complete_action(finding_id: str, done_on: date, reason: str = "") -> None:
    """The talk was held, or the member recalled (their service ends on done_on with the reason)."""
    finding = TeamCheckFinding.live().where(TeamCheckFinding.id == finding_id).first()
    if finding is None or not finding.action:
        raise ValidationError("finding", "没有待处理的措施。")
    if done_on < finding.check.check_date:
        raise ValidationError("done_on", "处理日期早于检查日期。")
    with database.atomic():
        if finding.action == ACTION_RECALL:
            why = reason or f"{finding.check.check_date}督查暗访不在岗且未请假（一年内再次发现）"
            end_member(finding.member_id, done_on, END_RECALLED, why)
        finding.action_done_on = done_on
        if reason:
            finding.notes = (finding.notes + "；" if finding.notes else "") + clean_text(reason)
        finding.save()


@dataclass(frozen=True)
class CheckRow:
    id: str
    check_date: date
    inspectors: str
    checked: int
    absent: int
    without_leave: int
    notes: str


def checks(year: int | None = None) -> list[CheckRow]:
    query = TeamSpotCheck.live().order_by(TeamSpotCheck.check_date.desc())
    if year:
        query = query.where(
            (TeamSpotCheck.check_date >= date(year, 1, 1)) & (TeamSpotCheck.check_date <= date(year, 12, 31))
        )
    rows = []
    for check in query:
        found = list(TeamCheckFinding.live().where(TeamCheckFinding.check == check.id))
        rows.append(
            CheckRow(
                check.id,
                check.check_date,
                check.inspectors,
                len(found),
                sum(1 for f in found if not f.present),
                sum(1 for f in found if not f.present and not f.on_leave),
                check.notes,
            )
        )
    return rows
