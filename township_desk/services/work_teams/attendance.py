"""The attendance ledger (考勤台账): one mark per member and day, kept as one row per member and month.

Marks: 在 在村, 公 公务外出, 缺 缺勤, and for leave its kind (事 事假, 病 病假, 休 年休假, 探 探亲假, 婚 婚丧假,
假 other leave); "-" is a day not yet recorded. Days on duty (在岗) are days in the village plus official
business outside it; the rule in the settings (default at least 20 a month) counts those, in proportion to
the days a member served in the month (joined or left midway, or the month not yet over).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from township_desk.db import database
from township_desk.models.base import insert_rows, new_id
from township_desk.models.people import Person, Village
from township_desk.models.work_teams import TeamAttendance, WorkTeam, WorkTeamMember
from township_desk.services import clock
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import SETTING_MIN_DAYS, rule_setting

UNKNOWN = "-"
IN_VILLAGE = "在"
ON_BUSINESS = "公"
ABSENT = "缺"
LEAVE_MARKS = {"事假": "事", "病假": "病", "年休假": "休", "探亲假": "探", "婚丧假": "婚", "其他": "假"}
MARK_LABELS = {
    IN_VILLAGE: "在村",
    ON_BUSINESS: "公务外出",
    ABSENT: "缺勤",
    **{mark: f"请假（{kind}）" for kind, mark in LEAVE_MARKS.items()},
    UNKNOWN: "未记",
}
MARKS = tuple(MARK_LABELS)


def status_of(mark: str) -> str:
    """在村, 公务外出, 请假, 缺勤 or 未记."""
    if mark in LEAVE_MARKS.values():
        return "请假"
    return MARK_LABELS.get(mark, "未记")


def leave_mark(kind: str) -> str:
    return LEAVE_MARKS.get(kind, LEAVE_MARKS["其他"])


def month_start(year: int, month: int) -> date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError("month", f"月份“{year}-{month}”不合理。")
    return date(year, month, 1)


def month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def parse_month(text: str) -> tuple[int, int]:
    """YYYY-MM (or YYYY.MM, YYYY年M月) as (year, month)."""
    cleaned = text.strip().replace("年", "-").replace("月", "").replace(".", "-").replace("/", "-")
    parts = cleaned.split("-")
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        year, month = int(parts[0]), int(parts[1])
        month_start(year, month)
        return year, month
    raise ValidationError("month", f"月份“{text}”无法识别，请写成 YYYY-MM，如 2026-03。")


# ---------------------------------------------------------------- reading and writing marks


def _row(member_id: str, year: int, month: int) -> TeamAttendance | None:
    return (
        TeamAttendance.live()
        .where((TeamAttendance.member == member_id) & (TeamAttendance.month == month_start(year, month)))
        .order_by(TeamAttendance.created_at)
        .first()
    )


def marks_of(member_id: str, year: int, month: int) -> str:
    """The month's marks of a member, one per day (UNKNOWN where nothing is recorded)."""
    n = month_days(year, month)
    row = _row(member_id, year, month)
    text = row.days if row is not None else ""
    return (text + UNKNOWN * n)[:n]


def served_days(member: WorkTeamMember | _Serving, year: int, month: int) -> set[int]:
    n = month_days(year, month)
    first, last = date(year, month, 1), date(year, month, n)
    start = max(first, member.started_on) if member.started_on else first
    end = min(last, member.ended_on) if member.ended_on else last
    return {d for d in range(start.day, end.day + 1)} if start <= end else set()


def set_days(member_id: str, days: Iterable[date], mark: str, *, overwrite: bool = True) -> int:
    """Mark days of a member (a day, a week, a leave); days outside the member's service are skipped.

    overwrite=False keeps days already recorded (e.g. filling the rest of a week with 在村). Returns the
    number of days changed. One transaction.
    """
    if mark not in MARKS:
        raise ValidationError("mark", f"考勤标记“{mark}”无法识别。")
    member = WorkTeamMember.live().where(WorkTeamMember.id == member_id).first()
    if member is None:
        raise ValidationError("member", "该队员不存在或已被删除。")
    by_month: dict[tuple[int, int], list[int]] = {}
    for day in days:
        by_month.setdefault((day.year, day.month), []).append(day.day)
    changed = 0
    with database.atomic():
        for (year, month), numbers in sorted(by_month.items()):
            served = served_days(member, year, month)
            marks = list(marks_of(member_id, year, month))
            for number in numbers:
                if number not in served:
                    continue
                if not overwrite and marks[number - 1] != UNKNOWN:
                    continue
                if marks[number - 1] != mark:
                    marks[number - 1] = mark
                    changed += 1
            _store(member_id, year, month, "".join(marks))
    return changed


def _store(member_id: str, year: int, month: int, marks: str) -> None:
    row = _row(member_id, year, month)
    if row is None:
        if set(marks) == {UNKNOWN}:
            return
        TeamAttendance.create(member=member_id, month=month_start(year, month), days=marks)
    elif row.days != marks:
        row.days = marks
        row.save()


def set_month(member_id: str, year: int, month: int, marks: str) -> None:
    """Replace a member's whole month (the grid saved at once)."""
    n = month_days(year, month)
    if len(marks) != n or any(m not in MARKS for m in marks):
        raise ValidationError("days", f"{year}年{month}月应有 {n} 个考勤标记。")
    with database.atomic():
        _store(member_id, year, month, marks)


def week_of(day: date) -> list[date]:
    """Monday to Sunday of the week holding day, within day's month."""
    monday = day - timedelta(days=day.weekday())
    return [d for d in (monday + timedelta(days=i) for i in range(7)) if d.month == day.month]


def insert_months(rows: Iterable[tuple[str, date, str]]) -> int:
    """Bulk insert (member id, month start, marks) rows (demo data; inside the caller's transaction)."""
    return insert_rows(
        TeamAttendance, [{"id": new_id(), "member": m, "month": s, "days": d} for m, s, d in rows]
    )


# ---------------------------------------------------------------- totals and the rule


@dataclass(frozen=True)
class MonthTotals:
    in_village: int
    on_business: int
    leave: int
    absent: int
    unknown: int

    @property
    def on_duty(self) -> int:
        return self.in_village + self.on_business


def totals(marks: str, served: set[int] | None = None) -> MonthTotals:
    """Counts of a month's marks (only the served days when given)."""
    picked = [m for i, m in enumerate(marks, start=1) if served is None or i in served]
    return MonthTotals(
        in_village=picked.count(IN_VILLAGE),
        on_business=picked.count(ON_BUSINESS),
        leave=sum(1 for m in picked if m in LEAVE_MARKS.values()),
        absent=picked.count(ABSENT),
        unknown=picked.count(UNKNOWN),
    )


def required_days(served: int, month_length: int, minimum: float | None = None) -> int:
    """The rule's days on duty for a member who served `served` days of a month of `month_length`
    (minimum: the rule's days a month, read from the settings when not given)."""
    minimum = rule_setting(SETTING_MIN_DAYS) if minimum is None else minimum
    return int(round(minimum * served / month_length)) if month_length else 0


@dataclass(frozen=True)
class MemberMonth:
    member_id: str
    name: str
    role: str
    village: str
    team_id: str
    marks: str
    totals: MonthTotals
    served: int
    required: int

    @property
    def below(self) -> bool:
        return self.served > 0 and self.totals.on_duty < self.required


def with_team_village_person(query: Any) -> Any:
    """A query over work-team members (or what joins them) joined to each member's team, the team's village
    and the member's person: plain columns of all four in one query."""
    return (
        query.join(WorkTeam, on=(WorkTeamMember.team == WorkTeam.id))
        .join(Village, on=(WorkTeam.village == Village.id))
        .switch(WorkTeamMember)
        .join(Person, on=(WorkTeamMember.person == Person.id))
    )


def month_ledger(
    year: int, month: int, team_id: str | None = None, today: date | None = None
) -> list[MemberMonth]:
    """Every member who served in the month (of one team or all), with marks and totals, by village."""
    today = today or clock.today()
    n = month_days(year, month)
    first, last = date(year, month, 1), date(year, month, n)
    # Plain values, not four model objects per member: the home page reads every member's month at start.
    query = WorkTeamMember.select(
        WorkTeamMember.id,
        Person.name,
        WorkTeamMember.role,
        Village.name,
        WorkTeamMember.team,
        WorkTeamMember.started_on,
        WorkTeamMember.ended_on,
    )
    query = (
        with_team_village_person(query)
        .where(
            WorkTeamMember.deleted_at.is_null()
            & WorkTeam.deleted_at.is_null()
            & Person.deleted_at.is_null()
            & (WorkTeamMember.started_on.is_null() | (WorkTeamMember.started_on <= last))
            & (WorkTeamMember.ended_on.is_null() | (WorkTeamMember.ended_on >= first))
        )
        .order_by(Village.sort_order, Village.name, WorkTeamMember.role.desc(), Person.pinyin)
    )
    if team_id:
        query = query.where(WorkTeamMember.team == team_id)
    members = [_Serving(*values) for values in query.tuples()]
    stored = (
        {
            str(member_id): days
            for member_id, days in TeamAttendance.live(TeamAttendance.member, TeamAttendance.days)
            .where((TeamAttendance.month == first) & TeamAttendance.member.in_([m.id for m in members]))
            .tuples()
        }
        if members
        else {}
    )
    minimum = rule_setting(SETTING_MIN_DAYS)  # once, not once per member
    result = []
    for member in members:
        marks = (stored.get(member.id, "") + UNKNOWN * n)[:n]
        served = {d for d in served_days(member, year, month) if date(year, month, d) < today}
        result.append(
            MemberMonth(
                member.id,
                member.name,
                member.role,
                member.village,
                member.team_id,
                marks,
                totals(marks, served),
                len(served),
                required_days(len(served), n, minimum),
            )
        )
    return result


class _Serving(NamedTuple):
    """A member as month_ledger reads them (served_days needs only the dates)."""

    id: str
    name: str
    role: str
    village: str
    team_id: str
    started_on: date | None
    ended_on: date | None


def members_below_rule(year: int, month: int, today: date | None = None) -> list[MemberMonth]:
    """Members whose days on duty in the month (up to yesterday) are below the rule — for the home page."""
    return [row for row in month_ledger(year, month, today=today) if row.below]


def year_totals(member_id: str, year: int) -> MonthTotals:
    """A member's totals over a year (the yearly ledger and assessment)."""
    rows = TeamAttendance.live().where(
        (TeamAttendance.member == member_id)
        & (TeamAttendance.month >= date(year, 1, 1))
        & (TeamAttendance.month <= date(year, 12, 1))
    )
    parts = [totals(row.days) for row in rows]
    return MonthTotals(
        *(
            sum(getattr(p, f) for p in parts)
            for f in ("in_village", "on_business", "leave", "absent", "unknown")
        )
    )
