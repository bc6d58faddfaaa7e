"""Meetings: the list (kind, branch, year filters), the record form, attendance, 屋场会 households and issues."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.households import Household
from township_desk.models.meetings import (
    Meeting,
    MeetingAttendance,
    MeetingHousehold,
    MeetingIssue,
    PartyGroup,
    PartyGroupMember,
)
from township_desk.models.party_days import PartyBranch
from township_desk.models.people import Person
from township_desk.services import clock, party_branches, party_days, visits
from township_desk.services.listing import Column, Filter, Listing, Row, distinct_values
from township_desk.services.meetings.terms import COURTYARD, GROUP_KINDS_OF_MEETING, KINDS, PLACE_SUGGESTIONS
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values


def meeting_years() -> list[str]:
    years = Meeting.live(peewee.fn.strftime("%Y", Meeting.held_on).alias("y")).distinct()
    return sorted(distinct_values(years.order_by(peewee.SQL("y"))), reverse=True)


def _count(status: str | None = None) -> Any:
    inner = MeetingAttendance.alias()
    query = inner.select(peewee.fn.COUNT(inner.id)).where(
        (inner.meeting == Meeting.id) & inner.deleted_at.is_null()
    )
    return query.where(inner.status == status) if status else query


class MeetingListing(Listing):
    """Meetings, newest first, with attendance counts."""

    title = "组织生活会议"

    def __init__(self) -> None:
        self.columns = (
            Column("held_on", "会议日期", Meeting.held_on, align="center", width=85),
            Column("kind", "会议类型", Meeting.kind, align="center", width=90),
            Column("branch", "党支部", PartyBranch.name, width=140),
            Column("group", "党小组", PartyGroup.name, width=100),
            Column("topic", "会议主题", Meeting.topic, width=220),
            Column("place", "地点", Meeting.place, width=100),
            Column("chair", "主持人", Meeting.chair, align="center", width=65),
            Column("expected", "应到", peewee.SQL("expected"), align="center", width=45),
            Column("present", "实到", peewee.SQL("present"), align="center", width=45),
        )
        self.default_sort = (Meeting.held_on.desc(), PartyBranch.sort_order)
        self.filters = (
            Filter("kind", "会议类型", lambda: list(KINDS)),
            Filter("branch", "党支部", party_branches.branch_names),
            Filter("year", "年度", meeting_years),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            Meeting.select(
                Meeting,
                PartyBranch.name.alias("branch_name"),
                PartyGroup.name.alias("group_name"),
                _count().alias("expected"),
                _count(party_days.PRESENT).alias("present"),
            )
            .join(PartyBranch, on=(Meeting.branch == PartyBranch.id))
            .switch(Meeting)
            .join(PartyGroup, peewee.JOIN.LEFT_OUTER, on=(Meeting.group == PartyGroup.id))
            .where(Meeting.deleted_at.is_null() & PartyBranch.deleted_at.is_null())
            .objects()
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        from township_desk.services.place_search import branch_condition

        text = clean_text(text)
        return query.where(
            Meeting.topic.contains(text)
            | PartyBranch.name.contains(text)
            | branch_condition(PartyBranch.name, text)
            | Meeting.place.contains(text)
            | Meeting.chair.contains(text)
            | Meeting.record.contains(text)
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "kind":
            return query.where(Meeting.kind == value)
        if key == "branch":
            return query.where(PartyBranch.name == value)
        if key == "year":
            return query.where(Meeting.held_on.between(date(int(value), 1, 1), date(int(value), 12, 31)))
        return super().apply_filter(query, key, value)

    def to_row(self, meeting: Any) -> Row:
        return {
            "id": meeting.id,
            "held_on": meeting.held_on,
            "kind": meeting.kind,
            "branch": meeting.branch_name,
            "group": meeting.group_name or "",
            "topic": meeting.topic,
            "place": meeting.place,
            "chair": meeting.chair,
            "recorder": meeting.recorder,
            "expected": meeting.expected,
            "present": meeting.present,
            "record": meeting.record,
            "decisions": meeting.decisions,
            "villagers": meeting.villagers,
        }


# ---------------------------------------------------------------- who should attend


def group_options() -> list[tuple[str, str]]:
    query = (
        PartyGroup.live(PartyGroup.id, PartyGroup.name, PartyBranch.name.alias("branch_name"))
        .join(PartyBranch, on=(PartyGroup.branch == PartyBranch.id))
        .where(PartyBranch.deleted_at.is_null())
        .order_by(PartyBranch.sort_order, PartyBranch.name, PartyGroup.name)
        .objects()
    )
    return [(str(g.id), f"{g.branch_name} {g.name}") for g in query]


def expected_members(branch_id: str, day: date, group_id: str | None = None) -> list[dict[str, Any]]:
    """Who should attend: the branch's members on the day, or the group's members among them; all 出席."""
    rows = party_days.new_attendance(branch_id, day)
    if group_id:
        in_group = {
            str(p)
            for (p,) in PartyGroupMember.live(PartyGroupMember.person)
            .where(PartyGroupMember.group == group_id)
            .tuples()
        }
        rows = [row for row in rows if row["person_id"] in in_group]
    return rows


def attendance_rows(meeting_id: str) -> list[dict[str, Any]]:
    query = (
        MeetingAttendance.select(
            MeetingAttendance.person,
            Person.name,
            Person.political,
            MeetingAttendance.status,
            MeetingAttendance.reason,
        )
        .join(Person, on=(MeetingAttendance.person == Person.id))
        .where(
            (MeetingAttendance.meeting == meeting_id)
            & MeetingAttendance.deleted_at.is_null()
            & Person.deleted_at.is_null()
        )
        .order_by(Person.party_joined_on.asc(nulls="first"), Person.pinyin)
        .tuples()
    )
    return [
        {
            "person_id": str(pid),
            "name": name,
            "standing": party_branches.standing_of(political),
            "status": status,
            "reason": reason,
        }
        for pid, name, political, status, reason in query
    ]


def household_rows(meeting_id: str) -> list[dict[str, Any]]:
    query = (
        MeetingHousehold.live(MeetingHousehold.household, Household.head_name)
        .join(Household, on=(MeetingHousehold.household == Household.id))
        .where((MeetingHousehold.meeting == meeting_id) & Household.deleted_at.is_null())
        .order_by(Household.head_pinyin)
        .tuples()
    )
    return [{"household_id": str(hid), "name": f"{name}户"} for hid, name in query]


def issue_rows(meeting_id: str) -> list[dict[str, Any]]:
    query = MeetingIssue.live().where(MeetingIssue.meeting == meeting_id).order_by(MeetingIssue.created_at)
    rows = []
    for issue in query:
        status = ""
        if issue.matter_id:
            matter = issue.matter
            status = "" if matter.deleted_at else str(matter.status)
        rows.append(
            {
                "id": str(issue.id),
                "content": issue.content,
                "household_id": str(issue.household_id or ""),
                "matter_id": str(issue.matter_id or ""),
                "matter_status": status,
                "as_matter": bool(issue.matter_id),
            }
        )
    return rows


# ---------------------------------------------------------------- the form


def load_meeting(meeting_id: str | None) -> Values:
    if not meeting_id:
        return {
            "kind": "",
            "branch": "",
            "group": "",
            "held_on": clock.today().isoformat(),
            "place": "",
            "chair": "",
            "recorder": "",
            "topic": "",
            "record": "",
            "decisions": "",
            "villagers": "",
            "attendance": [],
            "households": [],
            "issues": [],
        }
    meeting = Meeting.get_by_id(meeting_id)
    return {
        "kind": meeting.kind,
        "branch": str(meeting.branch_id),
        "group": str(meeting.group_id or ""),
        "held_on": meeting.held_on.isoformat(),
        "place": meeting.place,
        "chair": meeting.chair,
        "recorder": meeting.recorder,
        "topic": meeting.topic,
        "record": meeting.record,
        "decisions": meeting.decisions,
        "villagers": meeting.villagers,
        "attendance": attendance_rows(meeting_id),
        "households": household_rows(meeting_id),
        "issues": issue_rows(meeting_id),
    }


def derive_meeting(values: Mapping[str, Any]) -> Values:
    return {"counts": party_days.counts_of(values).describe()}


def _clean(values: Mapping[str, Any]) -> Values:
    kind = clean_text(values.get("kind"))
    if kind not in KINDS:
        raise ValidationError("kind", f"请选择会议类型（{'、'.join(KINDS)}）。")
    branch_id = clean_text(values.get("branch"))
    if not branch_id or not PartyBranch.live().where(PartyBranch.id == branch_id).exists():
        raise ValidationError("branch", "请选择党支部。")
    held_on = parse_date_field(values, "held_on", "会议日期")
    if held_on is None:
        raise ValidationError("held_on", "请填写“会议日期”。")
    if held_on > clock.today():
        raise ValidationError("held_on", "会议日期不能晚于今天（会议记录记的是已开的会）。")
    group_id = clean_text(values.get("group")) or None
    if group_id:
        group = PartyGroup.live().where(PartyGroup.id == group_id).first()
        if group is None or str(group.branch_id) != branch_id:
            raise ValidationError("group", "所选党小组不属于这个党支部。")
    elif kind in GROUP_KINDS_OF_MEETING:
        raise ValidationError("group", f"{kind}由党小组召开，请选择党小组。")
    topic = clean_text(values.get("topic"))
    if not topic:
        raise ValidationError("topic", "请填写“会议主题”。")
    return {
        "kind": kind,
        "branch": branch_id,
        "group": group_id,
        "held_on": held_on,
        "place": clean_text(values.get("place")),
        "chair": clean_text(values.get("chair")),
        "recorder": clean_text(values.get("recorder")),
        "topic": topic,
        "record": str(values.get("record") or "").strip(),
        "decisions": str(values.get("decisions") or "").strip(),
        "villagers": str(values.get("villagers") or "").strip(),
    }


def _household_ids(values: Mapping[str, Any]) -> list[str]:
    ids: list[str] = []
    for row in values.get("households") or []:
        hid = str(row.get("household_id") if isinstance(row, Mapping) else row)
        if hid and hid not in ids:
            ids.append(hid)
    if ids:
        known = {str(h) for (h,) in Household.live(Household.id).where(Household.id.in_(ids)).tuples()}
        if len(known) != len(ids):
            raise ValidationError("households", "参会户中有已删除或不存在的联系户。")
    return ids


def _issues(values: Mapping[str, Any], households: Sequence[str]) -> list[dict[str, Any]]:
    issues = []
    for row in values.get("issues") or []:
        content = str(row.get("content") or "").strip()
        if not content:
            continue
        household_id = clean_text(row.get("household_id")) or None
        if household_id and not Household.live().where(Household.id == household_id).exists():
            raise ValidationError("issues", f"问题“{content[:20]}”所属的联系户已删除或不存在。")
        if row.get("as_matter") and not household_id:
            raise ValidationError("issues", f"问题“{content[:20]}”要转为群众诉求，请选择反映问题的联系户。")
        issues.append(
            {
                "id": clean_text(row.get("id")) or None,
                "content": content,
                "household_id": household_id,
                "as_matter": bool(row.get("as_matter")),
            }
        )
    return issues


def save_meeting(meeting_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or change a meeting with its attendance, households and issues in one transaction; an issue
    marked as a matter becomes a 群众诉求 of its household (followed in 联系户)."""
    fields = _clean(values)
    entries = party_days.clean_attendance(list(values.get("attendance") or []))
    households = _household_ids(values)
    issues = _issues(values, households)
    with database.atomic():
        meeting = Meeting.get_by_id(meeting_id) if meeting_id else Meeting()
        for key, value in fields.items():
            setattr(meeting, key, value)
        meeting.save(force_insert=meeting_id is None)
        mid = str(meeting.id)
        _sync_attendance(mid, entries)
        _sync_households(mid, households)
        _sync_issues(meeting, issues)
    return mid


def _retire(model: Any, ids: Sequence[str]) -> None:
    if ids:
        stamp = utc_now()
        model.update(deleted_at=stamp, updated_at=stamp).where(model.id.in_(list(ids))).execute()


def _sync_attendance(meeting_id: str, entries: Sequence[party_days.AttendanceEntry]) -> None:
    existing = {
        str(r.person_id): r for r in MeetingAttendance.live().where(MeetingAttendance.meeting == meeting_id)
    }
    for entry in entries:
        row = existing.pop(entry.person_id, None)
        if row is None:
            MeetingAttendance.create(
                meeting=meeting_id, person=entry.person_id, status=entry.status, reason=entry.reason
            )
        elif (row.status, row.reason) != (entry.status, entry.reason):
            row.status, row.reason = entry.status, entry.reason
            row.save()
    _retire(MeetingAttendance, [r.id for r in existing.values()])


def _sync_households(meeting_id: str, households: Sequence[str]) -> None:
    existing = {
        str(r.household_id): r for r in MeetingHousehold.live().where(MeetingHousehold.meeting == meeting_id)
    }
    for household_id in households:
        if existing.pop(household_id, None) is None:
            MeetingHousehold.create(meeting=meeting_id, household=household_id)
    _retire(MeetingHousehold, [r.id for r in existing.values()])


def _sync_issues(meeting: Meeting, issues: Sequence[Mapping[str, Any]]) -> None:
    existing = {str(r.id): r for r in MeetingIssue.live().where(MeetingIssue.meeting == meeting.id)}
    for entry in issues:
        issue = existing.pop(entry["id"], None) if entry["id"] else None
        new = issue is None
        if issue is None:
            issue = MeetingIssue(meeting=meeting.id)
        issue.content = entry["content"]
        issue.household = entry["household_id"]
        if entry["as_matter"] and not issue.matter_id:
            issue.matter = visits.save_matter(
                entry["household_id"],
                None,
                {
                    "content": f"{entry['content']}（{meeting.held_on.isoformat()}{meeting.kind}上反映）",
                    "raised_on": meeting.held_on.isoformat(),
                    "status": "待办",
                    "responsible": str(meeting.branch.name),
                },
            )
        issue.save(force_insert=new)
    _retire(MeetingIssue, [r.id for r in existing.values()])


MEETING_FORM = FormSpec(
    title="会议记录",
    sections=(
        Section(
            "会议信息",
            (
                Field(
                    "kind",
                    "会议类型",
                    "choice",
                    required=True,
                    choices=lambda: list(KINDS),
                    editable_choice=False,
                ),
                Field("branch", "党支部", "ref", required=True, options=party_branches.branch_options),
                Field(
                    "group", "党小组", "ref", options=group_options, tooltip="党小组会、屋场会由党小组召开"
                ),
                Field("held_on", "会议日期", "date", required=True),
                Field("place", "会议地点", "choice", choices=lambda: list(PLACE_SUGGESTIONS)),
                Field("chair", "主持人"),
                Field("recorder", "记录人"),
                Field("topic", "会议主题", required=True),
            ),
        ),
        Section("出席统计", (Field("counts", "应到/实到", "readonly"),)),
        Section(
            "会议内容",
            (
                Field("record", "会议记录", "multiline"),
                Field("decisions", "决定事项", "multiline"),
                Field("villagers", "参加群众", "multiline", tooltip=f"{COURTYARD}等有群众参加时填写"),
            ),
        ),
    ),
    load=load_meeting,
    save=save_meeting,
    derive=derive_meeting,
)


def find_meeting(branch_name: str, held_on: date, kind: str | None = None) -> Meeting:
    branch = party_branches.find_branch(branch_name)
    query = Meeting.live().where((Meeting.branch == branch.id) & (Meeting.held_on == held_on))
    if kind:
        query = query.where(Meeting.kind == kind)
    found = list(query.order_by(Meeting.created_at))
    if not found:
        raise ValidationError("date", f"{branch.name}在 {held_on.isoformat()} 没有会议记录。")
    if len(found) > 1 and not kind:
        kinds = "、".join(str(m.kind) for m in found)
        raise ValidationError(
            "date", f"{branch.name}在 {held_on.isoformat()} 有多个会议（{kinds}），请指定会议类型。"
        )
    return found[0]
