"""Work logs (工作日志): dated entries per member, with the 联系户 households visited where they exist."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.households import Household
from township_desk.models.people import Person, Village
from township_desk.models.work_teams import TeamLogHousehold, TeamWorkLog, WorkTeam, WorkTeamMember
from township_desk.services import clock
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import LOG_KINDS
from township_desk.services.work_teams.attendance import with_team_village_person


@dataclass(frozen=True)
class LogRow:
    id: str
    member_id: str
    name: str
    village: str
    log_date: date
    kind: str
    text: str
    households: str


def household_options(team_id: str) -> list[tuple[str, str]]:
    """The 联系户 households of the team's village: (id, 户主姓名 and group)."""
    team = WorkTeam.get_by_id(team_id)
    query = (
        Household.live()
        .where(Household.village == team.village_id)
        .order_by(Household.group_name, Household.head_pinyin)
    )
    return [(str(h.id), f"{h.head_name}户" + (f"（{h.group_name}）" if h.group_name else "")) for h in query]


def save_log(
    log_id: str | None, member_id: str, values: Mapping[str, Any], household_ids: Sequence[str] = ()
) -> str:
    """Record a work-log entry and the households it visited (free text for those not registered)."""
    member = WorkTeamMember.live().where(WorkTeamMember.id == member_id).first()
    if member is None:
        raise ValidationError("member", "请选择写日志的队员。")
    day = parse_date_field(values, "log_date", "日期")
    if day is None:
        raise ValidationError("log_date", "请填写日期。")
    if day > clock.today():
        raise ValidationError("log_date", "日志日期晚于今天。")
    kind = clean_text(values.get("kind")) or LOG_KINDS[0]
    if kind not in LOG_KINDS:
        raise ValidationError("kind", f"类别应为 {'、'.join(LOG_KINDS)} 之一。")
    text = str(values.get("text") or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError("text", "请填写工作内容。")
    wanted = list(dict.fromkeys(household_ids))
    known = {h.id: h for h in Household.live().where(Household.id.in_(wanted))} if wanted else {}
    if len(known) != len(wanted):
        raise ValidationError("households", "所选的联系户不存在或已被删除。")
    with database.atomic():
        log = TeamWorkLog.get_by_id(log_id) if log_id else TeamWorkLog(member=member_id)
        log.log_date, log.kind, log.text = day, kind, text
        names = [f"{known[h].head_name}户" for h in wanted]
        extra = clean_text(values.get("households_text"))
        log.households_text = "、".join([*names, *([extra] if extra and extra not in names else [])])
        log.save(force_insert=log_id is None)
        links = {
            link.household_id: link for link in TeamLogHousehold.live().where(TeamLogHousehold.log == log.id)
        }
        stamp = utc_now()
        for household_id, link in links.items():
            if household_id not in wanted:  # soft, so that the county copy learns of it too
                link.deleted_at = stamp
                link.save()
        for household_id in wanted:
            if household_id not in links:
                TeamLogHousehold.create(log=log, household=household_id)
    return str(log.id)


def logs(member_id: str | None = None, team_id: str | None = None, year: int | None = None) -> list[LogRow]:
    """Work-log entries, newest first (one query: the member's name and the team's village read with them)."""
    query = TeamWorkLog.live(
        TeamWorkLog.id,
        TeamWorkLog.member,
        Person.name,
        Village.name,
        TeamWorkLog.log_date,
        TeamWorkLog.kind,
        TeamWorkLog.text,
        TeamWorkLog.households_text,
    ).join(WorkTeamMember)
    query = (
        with_team_village_person(query)
        .where(WorkTeamMember.deleted_at.is_null() & WorkTeam.deleted_at.is_null())
        .order_by(TeamWorkLog.log_date.desc(), TeamWorkLog.created_at.desc())
    )
    if member_id:
        query = query.where(TeamWorkLog.member == member_id)
    if team_id:
        query = query.where(WorkTeamMember.team == team_id)
    if year:
        query = query.where(
            (TeamWorkLog.log_date >= date(year, 1, 1)) & (TeamWorkLog.log_date <= date(year, 12, 31))
        )
    return [LogRow(*row) for row in query.tuples()]


def households_visited(log_id: str) -> list[str]:
    """Ids of the 联系户 households linked to a log entry."""
    return [str(link.household_id) for link in TeamLogHousehold.live().where(TeamLogHousehold.log == log_id)]
