"""The year matrix of theme Party days (branches × months: held, held on another day, missed) and its ledger."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import raw_rows
from township_desk.models.party_days import PartyBranch, PartyDay
from township_desk.models.people import Village
from township_desk.services import clock
from township_desk.services.party_branches import Secretary
from township_desk.services.party_day_calendar import is_due, key_of, last_friday
from township_desk.services.party_days import due_date_expr
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

HELD, LATE, MISSED, NOT_DUE = "已开展", "调整日期开展", "未开展", "未到期"


@dataclass(frozen=True)
class MatrixBranch:
    id: str
    name: str
    village: str
    secretary: str = ""


@dataclass(frozen=True)
class MatrixCell:
    status: str
    day_id: str | None = None
    held_on: date | None = None
    theme: str = ""
    late_reason: str = ""

    def short(self) -> str:
        """Cell text of the ledger: the day (29日), marked * when not the last Friday; 未开展."""
        if self.held_on is not None:
            return f"{self.held_on.day}日" + ("*" if self.status == LATE else "")
        return MISSED if self.status == MISSED else ""


@dataclass
class YearMatrix:
    """Branches down, months across: held / held on another day / not held / not yet due."""

    year: int
    today: date
    branches: list[MatrixBranch]
    days: dict[tuple[str, int], MatrixCell] = field(default_factory=dict)

    def cell(self, branch_id: str, month: int) -> MatrixCell:
        found = self.days.get((branch_id, month))
        if found is not None:
            return found
        return MatrixCell(MISSED if is_due(self.year, month, self.today) else NOT_DUE)

    def due_months(self) -> list[int]:
        return [m for m in range(1, 13) if is_due(self.year, m, self.today)]

    def tally(self, branch_id: str) -> Counter[str]:
        return Counter(self.cell(branch_id, m).status for m in range(1, 13))

    def held_in(self, month: int) -> int:
        return sum(1 for b in self.branches if (b.id, month) in self.days)

    def totals(self) -> dict[str, int]:
        due = self.due_months()
        held = len(self.days)
        late = sum(1 for cell in self.days.values() if cell.status == LATE)
        expected = len(due) * len(self.branches)
        missed = sum(1 for b in self.branches for m in due if (b.id, m) not in self.days)
        return {"expected": expected, "held": held, "late": late, "missed": missed}


def year_matrix(year: int, today: date | None = None) -> YearMatrix:
    """The whole year in two queries (branches; days), whatever the number of branches."""
    today = today or clock.today()
    branches = [
        MatrixBranch(str(b.id), str(b.name), str(b.village_name or ""), str(b.secretary_name or ""))
        for b in PartyBranch.select(
            PartyBranch.id,
            PartyBranch.name,
            Village.name.alias("village_name"),
            Secretary.name.alias("secretary_name"),
        )
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(PartyBranch.village == Village.id))
        .switch(PartyBranch)
        .join(Secretary, peewee.JOIN.LEFT_OUTER, on=(PartyBranch.secretary_id == Secretary.id))
        .where(PartyBranch.deleted_at.is_null())
        .order_by(PartyBranch.sort_order, PartyBranch.name)
        .objects()
    ]
    matrix = YearMatrix(year, today, branches)
    rows = (
        PartyDay.select(
            PartyDay.id,
            PartyDay.branch,
            PartyDay.held_on,
            PartyDay.month,
            PartyDay.theme,
            PartyDay.late_reason,
            due_date_expr().alias("due"),
        )
        .join(PartyBranch, on=(PartyDay.branch == PartyBranch.id))
        .where(
            PartyDay.deleted_at.is_null()
            & PartyBranch.deleted_at.is_null()
            & PartyDay.month.startswith(f"{year:04d}-")
        )
        .order_by(PartyDay.held_on)
    )
    for day_id, branch_id, held_on, month, theme, reason, due in raw_rows(rows):
        held = held_on if isinstance(held_on, date) else date.fromisoformat(str(held_on))
        status = HELD if held.isoformat() == str(due) else LATE
        matrix.days[(str(branch_id), int(str(month)[5:7]))] = MatrixCell(
            status, str(day_id), held, theme, reason
        )
    return matrix


@dataclass(frozen=True)
class MissedMonth:
    """Branches with no record for a month, and whether the month's last Friday has passed."""

    year: int
    month: int
    due: date
    overdue: bool
    branches: list[MatrixBranch]


def missed_branches(year: int, month: int, today: date | None = None) -> MissedMonth:
    """Live branches without a theme day recorded in the month (one query)."""
    today = today or clock.today()
    recorded = PartyDay.select(PartyDay.branch).where(
        PartyDay.deleted_at.is_null() & (PartyDay.month == key_of(year, month))
    )
    query = (
        PartyBranch.select(PartyBranch.id, PartyBranch.name, Village.name.alias("village_name"))
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(PartyBranch.village == Village.id))
        .where(PartyBranch.deleted_at.is_null() & PartyBranch.id.not_in(recorded))
        .order_by(PartyBranch.sort_order, PartyBranch.name)
        .objects()
    )
    branches = [MatrixBranch(str(b.id), str(b.name), str(b.village_name or "")) for b in query]
    due = last_friday(year, month)
    return MissedMonth(year, month, due, due < today, branches)


def ledger_rows(matrix: YearMatrix) -> list[dict[str, Any]]:
    rows = []
    for branch in matrix.branches:
        row: dict[str, Any] = {
            "branch": branch.name,
            "village": branch.village,
            "secretary": branch.secretary,
        }
        for month in range(1, 13):
            row[f"m{month}"] = matrix.cell(branch.id, month).short()
        tally = matrix.tally(branch.id)
        row["held"] = tally[HELD] + tally[LATE]
        row["late"] = tally[LATE]
        row["missed"] = tally[MISSED]
        rows.append(row)
    return rows


def print_ledger(out: Path, year: int, progress: Progress = no_progress, today: date | None = None) -> Path:
    """The year ledger (主题党日开展情况台账): branches down, months across, A4 landscape."""
    from township_desk.reports import Column as PrintColumn
    from township_desk.reports import render_table

    if not 2000 <= year <= 2100:
        raise ValidationError("year", f"年度“{year}”不合理。")
    matrix = year_matrix(year, today)
    rows = ledger_rows(matrix)
    months = [PrintColumn(f"m{m}", f"{m}月", 13.5) for m in range(1, 13)]
    totals = [
        PrintColumn("held", "已开展\n次数", 11.5),
        PrintColumn("late", "其中\n调整", 11.5),
        PrintColumn("missed", "未开展\n次数", 11.5),
    ]
    t = matrix.totals()
    stats = (
        f"共 {len(matrix.branches)} 个党支部；截至打印日应开展 {t['expected']} 次，已开展 {t['held']} 次"
        f"（其中调整日期 {t['late']} 次），未开展 {t['missed']} 次。"
    )
    context = report_context(year=str(year), stats=stats)
    return render_table(
        "party_day_ledger", rows, out, context, extra_columns=[*months, *totals], progress=progress
    )
