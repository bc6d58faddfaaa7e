"""The 三会一课 ledger: each branch × kind × period (month, quarter or year) is done, overdue, missing, not yet
due or not applicable; and the home page's line of meetings that should have been held.

A period is due once it has ended (on its last day a meeting can still be held). The period that ended last
for a kind is 逾期未开 (overdue: the clerk should hold it or enter its record now); earlier ended periods
without a meeting are 未开展 (missing). 党小组会 applies only to branches that have Party groups. The theme
Party day is read from its own table (by the month it counts for).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import peewee

from township_desk.models.meetings import Meeting, PartyGroup
from township_desk.models.party_days import PartyBranch, PartyDay
from township_desk.services import clock
from township_desk.services.meetings.terms import GROUP_MEETING, MONTHLY, PARTY_DAY, QUARTERLY, RULES, Rule
from township_desk.services.party_day_calendar import key_of

DONE, OVERDUE, MISSING, NOT_DUE, NOT_APPLICABLE = "已开展", "逾期未开", "未开展", "未到期", "不适用"


def period_of(rule: Rule, day: date) -> int:
    """The period (1-based) of the year a day falls in: month, quarter, or 1 for the year."""
    if rule.every == MONTHLY:
        return day.month
    if rule.every == QUARTERLY:
        return (day.month - 1) // 3 + 1
    return 1


def period_start(rule: Rule, year: int, period: int) -> date:
    first_month = {MONTHLY: period, QUARTERLY: period * 3 - 2}.get(rule.every, 1)
    return date(year, first_month, 1)


def period_end(rule: Rule, year: int, period: int) -> date:
    last_month = {MONTHLY: period, QUARTERLY: period * 3}.get(rule.every, 12)
    if last_month == 12:
        return date(year, 12, 31)
    return date(year, last_month + 1, 1) - timedelta(days=1)


def period_label(rule: Rule, year: int, period: int) -> str:
    if rule.every == MONTHLY:
        return f"{year}年{period}月"
    if rule.every == QUARTERLY:
        return f"{year}年第{'一二三四'[period - 1]}季度"
    return f"{year}年度"


def last_ended(rule: Rule, today: date) -> tuple[int, int]:
    """(year, period) of the period of this kind that ended most recently before today."""
    year, period = today.year, period_of(rule, today) - 1
    if period == 0:
        return year - 1, rule.periods
    return year, period


def status_for(rule: Rule, year: int, period: int, held: bool, today: date, applicable: bool = True) -> str:
    if held:
        return DONE
    if not applicable:
        return NOT_APPLICABLE
    if period_end(rule, year, period) >= today:
        return NOT_DUE
    return OVERDUE if (year, period) == last_ended(rule, today) else MISSING


@dataclass(frozen=True)
class LedgerBranch:
    id: str
    name: str
    has_groups: bool


@dataclass
class Ledger:
    """Branches × kinds × periods of one year; held[(branch, kind, period)] is the number of meetings."""

    year: int
    today: date
    branches: list[LedgerBranch]
    held: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def status(self, branch: LedgerBranch, rule: Rule, period: int) -> str:
        applicable = branch.has_groups or rule.kind != GROUP_MEETING
        return status_for(
            rule,
            self.year,
            period,
            self.held.get((branch.id, rule.kind, period), 0) > 0,
            self.today,
            applicable,
        )

    def cells(self, branch: LedgerBranch, rule: Rule) -> list[str]:
        return [self.status(branch, rule, p) for p in range(1, rule.periods + 1)]

    def totals(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for branch in self.branches:
            for rule in RULES:
                for status in self.cells(branch, rule):
                    counts[status] += 1
        return dict(counts)

    def rows(self) -> list[dict[str, Any]]:
        """One row per branch and kind: the periods' short marks and the tally (for the table and the paper)."""
        marks = {DONE: "✓", OVERDUE: "逾期", MISSING: "缺", NOT_DUE: "", NOT_APPLICABLE: "—"}
        rows = []
        for branch in self.branches:
            for rule in RULES:
                cells = self.cells(branch, rule)
                row: dict[str, Any] = {
                    "branch_id": branch.id,
                    "branch": branch.name,
                    "kind": rule.kind,
                    "every": rule.every,
                    "statuses": cells,
                }
                for index in range(12):
                    row[f"p{index + 1}"] = marks[cells[index]] if index < len(cells) else ""
                due = sum(1 for s in cells if s in (DONE, OVERDUE, MISSING))
                done = sum(1 for s in cells if s == DONE)
                row["tally"] = f"{done}/{due}" if cells[0] != NOT_APPLICABLE else "—"
                rows.append(row)
        return rows


def _branches() -> list[LedgerBranch]:
    with_groups = {str(b) for (b,) in PartyGroup.live(PartyGroup.branch).distinct().tuples()}
    query = PartyBranch.live(PartyBranch.id, PartyBranch.name).order_by(
        PartyBranch.sort_order, PartyBranch.name
    )
    return [LedgerBranch(str(i), str(n), str(i) in with_groups) for i, n in query.tuples()]


def year_ledger(year: int, today: date | None = None, branch_id: str | None = None) -> Ledger:
    """The ledger of a year in three queries (branches; meetings; theme Party days)."""
    today = today or clock.today()
    branches = [b for b in _branches() if branch_id is None or b.id == branch_id]
    ledger = Ledger(year, today, branches)
    rule_of = {rule.kind: rule for rule in RULES}
    meetings = (
        Meeting.live(Meeting.branch, Meeting.kind, Meeting.held_on)
        .where(Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .tuples()
    )
    for branch, kind, held_on in meetings:
        rule = rule_of.get(kind)
        if rule is not None:
            key = (str(branch), kind, period_of(rule, held_on))
            ledger.held[key] = ledger.held.get(key, 0) + 1
    days = (
        PartyDay.live(PartyDay.branch, PartyDay.month)
        .where(PartyDay.month.startswith(f"{year:04d}-"))
        .tuples()
    )
    for branch, month in days:
        key = (str(branch), PARTY_DAY, int(str(month)[5:7]))
        ledger.held[key] = ledger.held.get(key, 0) + 1
    return ledger


@dataclass(frozen=True)
class MissingMeetings:
    """What the home page shows: how many meetings are overdue, one line each, and where to open them."""

    count: int
    lines: list[str]
    tab: str = "meetings"
    filters: dict[str, str] = field(default_factory=dict)


def missing_meetings(today: date | None = None) -> MissingMeetings:
    """Meetings of the period that ended last (per kind) that no branch record shows: 逾期未开.

    The same cells as year_ledger's OVERDUE ones, read for those periods only (a query or two per kind
    instead of every meeting of one or two years: the home page opens with this)."""
    today = today or clock.today()
    lines: list[str] = []
    years: set[int] = set()
    branches = _branches()
    for rule in RULES:
        year, period = last_ended(rule, today)
        years.add(year)
        held = _held_in(rule, year, period)
        for branch in branches:
            applicable = branch.has_groups or rule.kind != GROUP_MEETING
            if status_for(rule, year, period, branch.id in held, today, applicable) == OVERDUE:
                lines.append(f"{branch.name}：{period_label(rule, year, period)}{rule.kind}未开展")
    newest = max(years) if years else today.year
    return MissingMeetings(len(lines), lines, "meetings", {"view": "三会一课台账", "year": str(newest)})


def _held_in(rule: Rule, year: int, period: int) -> set[str]:
    """The branches with a meeting of the rule's kind in one period (for 主题党日 also its own table), as
    year_ledger counts them."""
    meetings = (
        Meeting.live(Meeting.branch)
        .where(
            (Meeting.kind == rule.kind)
            & Meeting.held_on.between(period_start(rule, year, period), period_end(rule, year, period))
        )
        .distinct()
        .tuples()
    )
    held = {str(branch) for (branch,) in meetings}
    if rule.kind == PARTY_DAY:
        days = PartyDay.live(PartyDay.branch).where(PartyDay.month == key_of(year, period))
        held |= {str(branch) for (branch,) in days.distinct().tuples()}
    return held


def branch_kind_counts(year: int) -> dict[str, int]:
    """Meetings of each kind held in a year (for the tab's summary line)."""
    query = (
        Meeting.live(Meeting.kind, peewee.fn.COUNT(Meeting.id))
        .where(Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(Meeting.kind)
        .tuples()
    )
    return {str(k): int(n) for k, n in query}
