"""The record form of one theme Party day with its attendance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.party_days import PartyBranch, PartyDay, PartyDayAttendance
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.normalize import DateParseError, clean_text, parse_date
from township_desk.services.party_branches import (
    branch_options,
    clean_item_names,
    find_branch,
    fixed_items,
    members_on,
    standing_of,
)
from township_desk.services.party_day_calendar import (
    WEEKDAYS,
    MonthParseError,
    key_of,
    last_friday,
    last_friday_of,
    month_key,
    parse_month,
    previous_month,
)
from township_desk.services.party_days.listing import (
    ITEM_SEPARATOR,
    LEAVE,
    PLACE_SUGGESTIONS,
    PRESENT,
    THEME_SUGGESTIONS,
    counts_of,
)
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, write_record

# ---------------------------------------------------------------- the record form


def proposed_day(today: date | None = None) -> date:
    """The date a new record proposes: this month's last Friday once it has come, else last month's."""
    today = today or clock.today()
    due = last_friday_of(today)
    if due <= today:
        return due
    return last_friday(*previous_month(today.year, today.month))


def theme_choices() -> list[str]:
    used = (
        PartyDay.live(PartyDay.theme, peewee.fn.COUNT(PartyDay.id).alias("n"))
        .where(PartyDay.theme != "")
        .group_by(PartyDay.theme)
        .order_by(peewee.SQL("n").desc())
        .limit(30)
        .tuples()
    )
    themes = list(THEME_SUGGESTIONS)
    themes += [str(theme) for theme, _n in used if theme not in themes]
    return themes


def attendance_rows(day_id: str) -> list[dict[str, Any]]:
    """A stored day's attendance: person_id, name, standing, status, reason (full members first)."""
    query = (
        PartyDayAttendance.select(
            PartyDayAttendance.person,
            Person.name,
            Person.political,
            PartyDayAttendance.status,
            PartyDayAttendance.reason,
        )
        .join(Person, on=(PartyDayAttendance.person == Person.id))
        .where(
            (PartyDayAttendance.day == day_id)
            & PartyDayAttendance.deleted_at.is_null()
            & Person.deleted_at.is_null()
        )
        .order_by(Person.party_joined_on.asc(nulls="first"), Person.pinyin)
        .tuples()
    )
    return [
        {
            "person_id": str(pid),
            "name": name,
            "standing": standing_of(political),
            "status": status,
            "reason": reason,
        }
        for pid, name, political, status, reason in query
    ]


def new_attendance(branch_id: str, day: date) -> list[dict[str, Any]]:
    """The members of a branch on a day, every one marked 出席 (the clerk changes the exceptions)."""
    return [
        {"person_id": m.person_id, "name": m.name, "standing": m.standing, "status": PRESENT, "reason": ""}
        for m in members_on(branch_id, day)
    ]


def split_items(text: str) -> list[str]:
    return [item for item in (part.strip() for part in str(text or "").split(ITEM_SEPARATOR)) if item]


def load_day(day_id: str | None) -> Values:
    if not day_id:
        day = proposed_day()
        return {
            "branch": "",
            "held_on": day.isoformat(),
            "late_reason": "",
            "theme": "",
            "items": fixed_items(day.year),
            "place": "",
            "host": "",
            "recorder": "",
            "guests": "",
            "summary": "",
            "makeup": "",
            "attendance": [],
        }
    record = PartyDay.get_by_id(day_id)
    return {
        "branch": str(record.branch_id),
        "held_on": record.held_on.isoformat(),
        "late_reason": record.late_reason,
        "theme": record.theme,
        "items": split_items(record.items_done),
        "place": record.place,
        "host": record.host,
        "recorder": record.recorder,
        "guests": record.guests,
        "summary": record.summary,
        "makeup": record.makeup,
        "attendance": attendance_rows(day_id),
    }


def _parse_day(values: Mapping[str, Any]) -> date | None:
    try:
        return parse_date(values.get("held_on"))
    except DateParseError as exc:
        raise ValidationError("held_on", f"“活动日期”：{exc}") from exc


def due_hint(values: Mapping[str, Any]) -> str:
    """What the editor shows next to the date: the month's last Friday, and whether a reason is needed."""
    try:
        day = parse_date(values.get("held_on"))
    except DateParseError:
        return ""
    if day is None:
        return ""
    due = last_friday_of(day)
    text = f"{day.month}月最后一个星期五：{due.isoformat()}"
    if day != due:
        text += f"；所填日期是{WEEKDAYS[day.weekday()]}，请填写调整日期原因"
    return text


def derive_day(values: Mapping[str, Any]) -> Values:
    return {"due": due_hint(values), "counts": counts_of(values).describe()}


@dataclass(frozen=True)
class AttendanceEntry:
    person_id: str
    status: str
    reason: str


def clean_attendance(rows: Sequence[Mapping[str, Any]]) -> list[AttendanceEntry]:
    """Attendance rows checked: a known status for each member, a reason for each 请假, nobody twice."""
    entries: list[AttendanceEntry] = []
    seen: set[str] = set()
    ids = [str(row.get("person_id") or "") for row in rows]
    names = dict(Person.live(Person.id, Person.name).where(Person.id.in_(ids)).tuples()) if ids else {}
    for row, person_id in zip(rows, ids, strict=True):
        name = names.get(person_id)
        if name is None:
            raise ValidationError(
                "attendance", f"出席名单中有已删除或不存在的人员（{row.get('name') or person_id}）。"
            )
        if person_id in seen:
            raise ValidationError("attendance", f"“{name}”在出席名单中出现了两次。")
        seen.add(person_id)
        raw = clean_text(row.get("status"))
        status = vocab.PARTY_DAY_ATTENDANCE.normalize(raw) if raw else None
        if status is None:
            raise ValidationError("attendance", f"请为“{name}”选择出席、请假或缺席。")
        reason = clean_text(row.get("reason"))
        if status == LEAVE and not reason:
            raise ValidationError("attendance", f"“{name}”请假，请填写请假原因。")
        entries.append(AttendanceEntry(person_id, status, "" if status == PRESENT else reason))
    return entries


def _items_of(values: Mapping[str, Any]) -> list[str]:
    raw = values.get("items") or []
    names = split_items(raw) if isinstance(raw, str) else [str(item) for item in raw]
    return clean_item_names(names)


def month_clash(branch_id: str, day: date | None, day_id: str | None = None) -> str:
    """Why this branch cannot have another theme day in the day's month ("" when it can): one record per
    branch and month. The editor asks as soon as branch and date are chosen; save_day enforces it."""
    if not branch_id or day is None:
        return ""
    branch = PartyBranch.live().where(PartyBranch.id == branch_id).first()
    if branch is None:
        return ""
    other = PartyDay.live().where((PartyDay.branch == branch.id) & (PartyDay.month == month_key(day)))
    if day_id:
        other = other.where(PartyDay.id != day_id)
    clash = other.first()
    if clash is None:
        return ""
    return (
        f"“{branch.name}”{day.year}年{day.month}月已有主题党日记录（{clash.held_on.isoformat()}），"
        "每个支部每月只登记一次，请打开原记录修改。"
    )


def save_day(day_id: str | None, values: Mapping[str, Any], today: date | None = None) -> str:
    """Save one branch's theme day of a month with its attendance, in one transaction; returns the id."""
    today = today or clock.today()
    branch_id = clean_text(values.get("branch"))
    branch = PartyBranch.live().where(PartyBranch.id == branch_id).first() if branch_id else None
    if branch is None:
        raise ValidationError("branch", "请选择党支部。")
    day = _parse_day(values)
    if day is None:
        raise ValidationError("held_on", "请填写“活动日期”。")
    if day > today:
        raise ValidationError("held_on", f"活动日期 {day.isoformat()} 晚于今天，只能登记已经开展的主题党日。")
    due = last_friday_of(day)
    reason = clean_text(values.get("late_reason"))
    if day != due and not reason:
        raise ValidationError(
            "late_reason",
            f"活动日期 {day.isoformat()}（{WEEKDAYS[day.weekday()]}）不是{day.month}月最后一个星期五"
            f"（{due.isoformat()}），请填写“调整日期原因”。",
        )
    month = month_key(day)
    clash = month_clash(str(branch.id), day, day_id)
    if clash:
        raise ValidationError("held_on", clash)
    theme = clean_text(values.get("theme"))
    if not theme:
        raise ValidationError("theme", "请填写“活动主题（X）”。")
    items = _items_of(values)
    entries = clean_attendance(values.get("attendance") or [])
    with database.atomic():
        record = write_record(
            PartyDay,
            day_id,
            dict(
                branch=branch,
                held_on=day,
                month=month,
                late_reason=reason if day != due else "",
                theme=theme,
                items_done=ITEM_SEPARATOR.join(items),
                place=clean_text(values.get("place")),
                host=clean_text(values.get("host")),
                recorder=clean_text(values.get("recorder")),
                summary=str(values.get("summary") or "").strip(),
                guests=clean_text(values.get("guests")),
                makeup=str(values.get("makeup") or "").strip(),
            ),
        )
        _sync_attendance(str(record.id), entries)
    return str(record.id)


def _sync_attendance(day_id: str, entries: Sequence[AttendanceEntry]) -> None:
    """Update rows in place, add new ones, move removed ones to the bin (edits travel to the county)."""
    existing = {
        str(row.person_id): row for row in PartyDayAttendance.live().where(PartyDayAttendance.day == day_id)
    }
    for entry in entries:
        row = existing.pop(entry.person_id, None)
        if row is None:
            PartyDayAttendance.create(
                day=day_id, person=entry.person_id, status=entry.status, reason=entry.reason
            )
        elif (row.status, row.reason) != (entry.status, entry.reason):
            row.status, row.reason = entry.status, entry.reason
            row.save()
    if existing:
        stamp = utc_now()
        PartyDayAttendance.update(deleted_at=stamp, updated_at=stamp).where(
            PartyDayAttendance.id.in_([row.id for row in existing.values()])
        ).execute()


PARTY_DAY_FORM = FormSpec(
    title="主题党日",
    sections=(
        Section(
            "活动信息",
            (
                Field("branch", "党支部", "ref", required=True, options=branch_options),
                Field("held_on", "活动日期", "date", required=True, placeholder="默认当月最后一个星期五"),
                Field("due", "应开展日期", "readonly"),
                Field(
                    "late_reason",
                    "调整日期原因",
                    placeholder="不在最后一个星期五开展时必填",
                    tooltip="如：遇防汛值守，提前至周三开展",
                ),
                Field("theme", "活动主题（X）", "choice", required=True, choices=theme_choices),
                Field("place", "活动地点", "choice", choices=lambda: list(PLACE_SUGGESTIONS)),
                Field("host", "主持人", "choice"),
                Field("recorder", "记录人", "choice"),
                Field(
                    "guests",
                    "列席人员",
                    placeholder="如 镇党委委员 李明、驻村第一书记 王强",
                    tooltip="不是本支部党员的参加人员（镇领导、驻村干部、入党积极分子等）",
                ),
            ),
        ),
        Section("出席统计", (Field("counts", "应到/实到", "readonly"),)),
        Section(
            "活动内容",
            (
                Field("summary", "活动内容及情况", "multiline"),
                Field(
                    "makeup",
                    "补课情况",
                    "multiline",
                    tooltip="请假、缺席党员事后补学的时间和方式；留空时记录表列出应补课的人员",
                ),
            ),
        ),
    ),
    load=load_day,
    save=save_day,
    derive=derive_day,
)


def find_day(branch_name: str, month_text: str) -> PartyDay:
    """The live day of a branch (by name) in a month (2024-03); ValidationError when there is none."""
    branch = find_branch(branch_name)
    try:
        year, month = parse_month(month_text)
    except MonthParseError as exc:
        raise ValidationError("month", str(exc)) from exc
    record = (
        PartyDay.live()
        .where((PartyDay.branch == branch.id) & (PartyDay.month == key_of(year, month)))
        .first()
    )
    if record is None:
        raise ValidationError("month", f"“{branch.name}”{year}年{month}月没有主题党日记录。")
    return record


def day_for(branch_id: str, year: int, month: int) -> str | None:
    """The id of a branch's day in a month, if recorded."""
    found = (
        PartyDay.live(PartyDay.id)
        .where((PartyDay.branch == branch_id) & (PartyDay.month == key_of(year, month)))
        .scalar()
    )
    return str(found) if found else None


def party_day_counts(today: date | None = None) -> dict[str, int]:
    today = today or clock.today()
    branches = PartyBranch.live().count()
    held = (
        PartyDay.live()
        .join(PartyBranch)
        .where(PartyBranch.deleted_at.is_null() & (PartyDay.month == month_key(today)))
        .count()
    )
    return {"branches": int(branches), "held_this_month": int(held)}
