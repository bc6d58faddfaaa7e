"""Theme Party days: SQL pieces, attendance counts and the list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from township_desk.models.party_days import PartyBranch, PartyDay, PartyDayAttendance
from township_desk.services import vocab
from township_desk.services.listing import Column, Filter, Listing, Row
from township_desk.services.party_branches import (
    branch_names,
)
from township_desk.services.records import ValidationError

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
        Column("rate", "出席率", rate_expr(), align="center", width=60, format="percent"),
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

    def rows_of(self, records: list[Any]) -> list[Row]:
        counts = attendance_counts([str(r.id) for r in records])
        return [self.with_origin(self._row(r, counts.get(str(r.id), Counts(0, 0))), r) for r in records]

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        from township_desk.services.place_search import branch_condition

        return query.where(
            PartyBranch.name.contains(text)
            | branch_condition(PartyBranch.name, text)
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
