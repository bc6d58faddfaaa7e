"""Joint meetings (联席会议) of first secretaries, sending units, county, township and village."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.models.people import Village
from township_desk.models.work_teams import TeamJointMeeting, WorkTeam
from township_desk.services import clock
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field
from township_desk.services.records import ValidationError


@dataclass(frozen=True)
class MeetingRow:
    id: str
    meeting_date: date
    village: str
    place: str
    attendees: str
    topics: str
    decisions: str


def save_meeting(meeting_id: str | None, values: Mapping[str, Any]) -> str:
    day = parse_date_field(values, "meeting_date", "会议日期")
    if day is None:
        raise ValidationError("meeting_date", "请填写会议日期。")
    if day > clock.today():
        raise ValidationError("meeting_date", "会议日期晚于今天。")
    attendees = clean_text(values.get("attendees"))
    if not attendees:
        raise ValidationError("attendees", "请填写参会人员。")
    team_id = clean_text(values.get("team")) or None
    if team_id and WorkTeam.live().where(WorkTeam.id == team_id).first() is None:
        raise ValidationError("team", "所选的驻村工作队不存在或已被删除。")
    with database.atomic():
        meeting = TeamJointMeeting.get_by_id(meeting_id) if meeting_id else TeamJointMeeting()
        meeting.meeting_date, meeting.team, meeting.attendees = day, team_id, attendees
        meeting.place = clean_text(values.get("place"))
        meeting.topics = str(values.get("topics") or "").strip()
        meeting.decisions = str(values.get("decisions") or "").strip()
        meeting.save(force_insert=meeting_id is None)
    return str(meeting.id)


def meetings(year: int | None = None) -> list[MeetingRow]:
    query = TeamJointMeeting.live().order_by(TeamJointMeeting.meeting_date.desc())
    if year:
        query = query.where(
            (TeamJointMeeting.meeting_date >= date(year, 1, 1))
            & (TeamJointMeeting.meeting_date <= date(year, 12, 31))
        )
    rows = []
    for m in query:
        village = ""
        if m.team_id:
            team = WorkTeam.get_or_none(WorkTeam.id == m.team_id)
            village = Village.get_by_id(team.village_id).name if team else ""
        rows.append(
            MeetingRow(m.id, m.meeting_date, village or "全镇", m.place, m.attendees, m.topics, m.decisions)
        )
    return rows
