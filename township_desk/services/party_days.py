"""Theme Party days (主题党日 “4+X”): the list, the record form and its rules, attendance, year matrix, paper."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.party_days import PartyBranch, PartyDay, PartyDayAttendance
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import Column, Filter, Listing, ListState, Row
from township_desk.services.normalize import DateParseError, clean_text, parse_date
from township_desk.services.party_branches import (
    branch_names,
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
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values
from township_desk.services.settings import report_context

PRESENT, LEAVE, ABSENT = "出席", "请假", "缺席"
LOW_RATE = 80.0  # per cent: a day below it is flagged
ITEM_SEPARATOR = "、"

STATUS_ON_TIME = "按时开展"
STATUS_LATE = "调整了日期"
STATUS_LOW = "出席率低于80%"

THEME_SUGGESTIONS = (
    "学习贯彻党的二十大精神",
    "学习习近平新时代中国特色社会主义思想",
    "党纪学习教育",
    "乡村振兴",
    "人居环境整治",
    "森林防火宣传",
    "防汛抗旱",
    "移风易俗",
    "关爱留守儿童和空巢老人",
    "重温入党誓词",
    "庆祝建党节",
    "党史学习教育",
    "平安建设",
    "文明城市创建",
    "党员冬训",
)
PLACE_SUGGESTIONS = ("党员活动室", "党群服务中心", "村部会议室", "新时代文明实践站", "会议室")


# ---------------------------------------------------------------- SQL pieces (no per-row queries)


def _attendance_count(status: str | None = None) -> Any:
    """A correlated SQL count of a day's live attendance rows (of one status)."""
    query = PartyDayAttendance.select(peewee.fn.COUNT(PartyDayAttendance.id)).where(
        (PartyDayAttendance.day == PartyDay.id) & PartyDayAttendance.deleted_at.is_null()
    )
    if status:
        query = query.where(PartyDayAttendance.status == status)
    return peewee.fn.IFNULL(query, 0)


def expected_expr() -> Any:
    return _attendance_count()


def present_expr() -> Any:
    return _attendance_count(PRESENT)


def rate_expr() -> Any:
    """出席率 in per cent, NULL for a day without attendance rows (one correlated pass per day)."""
    a = PartyDayAttendance
    present = peewee.fn.SUM(peewee.Case(None, [(a.status == PRESENT, 1)], 0))
    per_day = a.select(present * 100.0 / peewee.fn.COUNT(a.id)).where(
        (a.day == PartyDay.id) & a.deleted_at.is_null()
    )
    return peewee.fn.IFNULL(per_day, None)  # an expression (sortable), still NULL without rows


def due_date_expr() -> Any:
    """The last Friday of a day's month, computed by SQLite (no per-row Python)."""
    return peewee.fn.date(PartyDay.held_on, "start of month", "+1 month", "-7 days", "weekday 5")


def late_expr() -> Any:
    return PartyDay.held_on != due_date_expr()


# ---------------------------------------------------------------- attendance counts


@dataclass(frozen=True)
class Counts:
    """应到, 实到, 请假, 缺席 and the attendance rate of one day."""

    expected: int
    present: int
    leave: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        return self.present * 100.0 / self.expected if self.expected else None

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_RATE

    def rate_text(self) -> str:
        return rate_text(self.rate)

    def describe(self) -> str:
        if not self.expected:
            return "尚未登记出席情况"
        text = (
            f"应到 {self.expected} 人，实到 {self.present} 人，请假 {self.leave} 人，"
            f"缺席 {self.absent} 人，出席率 {self.rate_text()}"
        )
        return text + "（低于80%）" if self.low else text


def rate_text(rate: float | None) -> str:
    if rate is None:
        return ""
    return f"{rate:.0f}%" if abs(rate - round(rate)) < 0.05 else f"{rate:.1f}%"


def attendance_counts(day_ids: Sequence[str]) -> dict[str, Counts]:
    """应到/实到/请假/缺席 of many days in one grouped query."""
    if not day_ids:
        return {}
    a = PartyDayAttendance
    # deleted_at is counted, not filtered: a WHERE on it would lead SQLite to its index over every day.
    live = peewee.fn.SUM(peewee.Case(None, [(a.deleted_at.is_null(), 1)], 0))
    query = a.select(a.day, a.status, live).where(a.day.in_(list(day_ids))).group_by(a.day, a.status).tuples()
    tallies: dict[str, Counter[str]] = {}
    for day_id, status, number in query:
        tallies.setdefault(str(day_id), Counter())[str(status)] += int(number)
    return {day_id: Counts(sum(t.values()), t[PRESENT], t[LEAVE], t[ABSENT]) for day_id, t in tallies.items()}


def count_statuses(statuses: Iterable[str]) -> Counts:
    tally = Counter(statuses)
    total = sum(tally.values())
    return Counts(total, tally[PRESENT], tally[LEAVE], tally[ABSENT])


def counts_of(values: Mapping[str, Any]) -> Counts:
    """Counts of the attendance rows in editor values (unknown statuses count as absent)."""
    rows = values.get("attendance") or []
    statuses = []
    for row in rows:
        status = vocab.PARTY_DAY_ATTENDANCE.normalize(str(row.get("status") or "")) or ABSENT
        statuses.append(status)
    return count_statuses(statuses)


# ---------------------------------------------------------------- the list


def years_with_days() -> list[str]:
    query = (
        PartyDay.live(peewee.fn.substr(PartyDay.month, 1, 4).alias("year"))
        .distinct()
        .order_by(peewee.SQL("year").desc())
        .tuples()
    )
    return [f"{year}年" for (year,) in query if year]


def _year_of(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != 4:
        raise ValidationError("year", f"年度“{text}”无法识别。")
    return int(digits)


MONTH_CHOICES = tuple(f"{m}月" for m in range(1, 13))


class PartyDayListing(Listing):
    """Every theme Party day, one row per branch and month, with 应到/实到/出席率 counted in SQL."""

    title = "主题党日"
    columns = (
        Column("held_on", "活动日期", PartyDay.held_on, align="center", width=90),
        Column("branch", "党支部", PartyBranch.sort_order, width=150),
        Column("theme", "活动主题（X）", PartyDay.theme, width=190),
        Column("expected", "应到", expected_expr(), align="center", width=45),
        Column("present", "实到", present_expr(), align="center", width=45),
        Column("rate", "出席率", rate_expr(), align="center", width=60),
        Column("status", "开展情况", late_expr(), align="center", width=80),
        Column("flag", "提示", None, width=120),
        Column("items", "固定动作", PartyDay.items_done, width=230),
        Column("place", "地点", PartyDay.place, width=100),
        Column("host", "主持人", PartyDay.host, width=70),
    )
    default_sort = (PartyDay.held_on.desc(), PartyBranch.sort_order)

    def __init__(self) -> None:
        self.filters = (
            Filter("year", "年度", years_with_days),
            Filter("month", "月份", lambda: list(MONTH_CHOICES)),
            Filter("branch", "党支部", branch_names),
            Filter("status", "情况", lambda: [STATUS_ON_TIME, STATUS_LATE, STATUS_LOW]),
        )

    def base_query(self) -> peewee.ModelSelect:
        # The counts are not selected here: fetch() reads them for the page's days only, so a page
        # costs the same whether it is the first or the fortieth (sorting by them still works in SQL).
        return (
            PartyDay.select(PartyDay, PartyBranch, due_date_expr().alias("due"))
            .join(PartyBranch, on=(PartyDay.branch == PartyBranch.id))
            .where(PartyDay.deleted_at.is_null() & PartyBranch.deleted_at.is_null())
        )

    def fetch(self, state: ListState, offset: int, limit: int) -> list[Row]:
        records = list(self.ordered(state).offset(offset).limit(limit))
        counts = attendance_counts([str(r.id) for r in records])
        return [self.with_origin(self._row(r, counts.get(str(r.id), Counts(0, 0))), r) for r in records]

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(
            PartyBranch.name.contains(text)
            | PartyDay.theme.contains(text)
            | PartyDay.place.contains(text)
            | PartyDay.host.contains(text)
            | PartyDay.summary.contains(text)
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "year":
            return query.where(PartyDay.month.startswith(f"{_year_of(value):04d}-"))
        if key == "month":
            month = int("".join(ch for ch in value if ch.isdigit()) or 0)
            return query.where(PartyDay.month.endswith(f"-{month:02d}"))
        if key == "branch":
            return query.where(PartyBranch.name == value)
        if key == "status":
            if value == STATUS_ON_TIME:
                return query.where(~late_expr())
            if value == STATUS_LATE:
                return query.where(late_expr())
            if value == STATUS_LOW:
                return query.where(rate_expr() < LOW_RATE)
        return super().apply_filter(query, key, value)

    def to_row(self, day: Any) -> Row:
        return self._row(day, attendance_counts([str(day.id)]).get(str(day.id), Counts(0, 0)))

    def _row(self, day: Any, counts: Counts) -> Row:
        late = day.held_on.isoformat() != str(day.due)
        flags = []
        if late:
            flags.append("未在最后一个星期五")
        if counts.low:
            flags.append("出席率低于80%")
        return {
            "id": day.id,
            "held_on": day.held_on,
            "month": day.month,
            "branch": day.branch.name,
            "theme": day.theme,
            "items": day.items_done,
            "place": day.place,
            "host": day.host,
            "recorder": day.recorder,
            "expected": counts.expected,
            "present": counts.present,
            "leave": counts.leave,
            "absent": counts.absent,
            "rate": counts.rate_text(),
            "low": counts.low,
            "late": late,
            "status": STATUS_LATE if late else STATUS_ON_TIME,
            "late_reason": day.late_reason if late else "",
            "flag": "；".join(flags),
            "summary": day.summary,
        }


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
            "summary": "",
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
        "summary": record.summary,
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
    other = PartyDay.live().where((PartyDay.branch == branch.id) & (PartyDay.month == month))
    if day_id:
        other = other.where(PartyDay.id != day_id)
    clash = other.first()
    if clash is not None:
        raise ValidationError(
            "held_on",
            f"“{branch.name}”{day.year}年{day.month}月已有主题党日记录（{clash.held_on.isoformat()}），"
            "每个支部每月只登记一次，请打开原记录修改。",
        )
    theme = clean_text(values.get("theme"))
    if not theme:
        raise ValidationError("theme", "请填写“活动主题（X）”。")
    items = _items_of(values)
    entries = clean_attendance(values.get("attendance") or [])
    with database.atomic():
        record = PartyDay.get_by_id(day_id) if day_id else PartyDay()
        record.branch = branch
        record.held_on = day
        record.month = month
        record.late_reason = reason if day != due else ""
        record.theme = theme
        record.items_done = ITEM_SEPARATOR.join(items)
        record.place = clean_text(values.get("place"))
        record.host = clean_text(values.get("host"))
        record.recorder = clean_text(values.get("recorder"))
        record.summary = str(values.get("summary") or "").strip()
        record.save(force_insert=day_id is None)
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
            ),
        ),
        Section("出席统计", (Field("counts", "应到/实到", "readonly"),)),
        Section("活动内容", (Field("summary", "活动内容及情况", "multiline"),)),
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


# ---------------------------------------------------------------- export and paper

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("held_on", "日期"),
    ("branch", "支部"),
    ("theme", "主题"),
    ("expected", "应到"),
    ("present", "实到"),
    ("leave", "请假"),
    ("absent", "缺席"),
    ("rate", "出席率"),
    ("items", "固定动作"),
    ("place", "地点"),
    ("host", "主持人"),
    ("recorder", "记录人"),
    ("late_reason", "调整日期原因"),
)


def export_party_days(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """The days (all, or what the window shows) as a workbook; returns the row count."""
    listing = PartyDayListing()
    state = state or ListState()
    return write_workbook(
        path, "主题党日", EXPORT_COLUMNS, listing.iter_rows(state), listing.count(state), progress
    )


def record_values(day_id: str) -> dict[str, Any]:
    """One day as the printed 主题党日活动记录 reads it (plain values)."""
    record = PartyDay.select(PartyDay, PartyBranch).join(PartyBranch).where(PartyDay.id == day_id).get()
    rows = attendance_rows(day_id)
    counts = count_statuses(row["status"] for row in rows)
    done = split_items(record.items_done)
    planned = fixed_items(record.held_on.year)
    not_done = [item for item in planned if item not in done]
    due = last_friday_of(record.held_on)

    def names(status: str, with_reason: bool = False) -> str:
        picked = [r for r in rows if r["status"] == status]
        if with_reason:
            return (
                "、".join(f"{r['name']}（{r['reason']}）" if r["reason"] else r["name"] for r in picked)
                or "无"
            )
        return "、".join(r["name"] for r in picked) or "无"

    return {
        "branch": record.branch.name,
        "held_on": record.held_on,
        "weekday": WEEKDAYS[record.held_on.weekday()],
        "due": due,
        "late_reason": record.late_reason if record.held_on != due else "按当月最后一个星期五开展",
        "theme": record.theme,
        "items": "、".join(done) or "无",
        "items_not_done": "、".join(not_done) or "无",
        "place": record.place,
        "host": record.host,
        "recorder": record.recorder,
        "expected": f"{counts.expected} 人",
        "present": f"{counts.present} 人",
        "leave_count": f"{counts.leave} 人",
        "absent_count": f"{counts.absent} 人",
        "rate": counts.rate_text() + ("（低于80%）" if counts.low else ""),
        "present_names": names(PRESENT),
        "leave_names": names(LEAVE, with_reason=True),
        "absent_names": names(ABSENT, with_reason=True),
        "summary": record.summary,
    }


def print_day_records(out: Path, day_ids: Sequence[str], progress: Progress = no_progress) -> Path:
    """主题党日活动记录 of one or more days, each on its own page(s)."""
    from township_desk.reports import render_forms

    if not day_ids:
        raise ValidationError(None, "请先选择要打印的主题党日记录。")
    records = []
    for index, day_id in enumerate(day_ids):
        records.append(record_values(day_id))
        progress(index, len(day_ids))
    branch = records[0]["branch"] if len({r["branch"] for r in records}) == 1 else ""
    return render_forms("party_day_record", records, out, report_context(branch=branch))


def print_day_record(out: Path, branch_name: str, month_text: str, progress: Progress = no_progress) -> Path:
    """The activity record of one branch's day in a month (the command line's party-day-record)."""
    return print_day_records(out, [str(find_day(branch_name, month_text).id)], progress)


def print_blank_record(out: Path) -> Path:
    """A blank 主题党日活动记录 to fill by hand."""
    from township_desk.reports import render_form

    return render_form("party_day_record", None, out, report_context())
