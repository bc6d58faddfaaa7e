"""Theme Party days: export and paper."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from township_desk.models.party_days import PartyBranch, PartyDay
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import ListState
from township_desk.services.party_branches import (
    fixed_items,
)
from township_desk.services.party_day_calendar import (
    WEEKDAYS,
    last_friday_of,
)
from township_desk.services.party_days.listing import (
    ABSENT,
    LEAVE,
    PRESENT,
    PartyDayListing,
    count_statuses,
)
from township_desk.services.party_days.record_form import attendance_rows, find_day, split_items
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

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
        "guests": record.guests or "无",
        "makeup": makeup_text(record.makeup, rows),
    }


def makeup_text(makeup: str, rows: Sequence[dict[str, Any]]) -> str:
    """补课情况 as the record prints it: what the clerk wrote, else who ought to make up (请假 and 缺席)."""
    if makeup.strip():
        return makeup.strip()
    missed = [r["name"] for r in rows if r["status"] in (LEAVE, ABSENT)]
    return f"应补课：{'、'.join(missed)}（补课时间、方式：                ）" if missed else "无需补课"


def signin_rows(day_id: str) -> list[dict[str, Any]]:
    """The sign-in list of a day: its members in order, with what the record says of each."""
    return [
        {
            "name": r["name"],
            "standing": r.get("standing", ""),
            "status": "" if r["status"] == PRESENT else r["status"],
            "remark": r["reason"],
        }
        for r in attendance_rows(day_id)
    ]


def print_signin(out: Path, day_id: str, progress: Progress = no_progress) -> Path:
    """主题党日签到表 of one day: every member of the branch with a column to sign."""
    from township_desk.reports import render_table

    record = PartyDay.select(PartyDay, PartyBranch).join(PartyBranch).where(PartyDay.id == day_id).first()
    if record is None:
        raise ValidationError(None, "这次主题党日记录不存在或已被删除。")
    rows = signin_rows(day_id)
    progress(0, 1)
    context = report_context(
        branch=record.branch.name,
        held_on=f"{record.held_on.year}年{record.held_on.month}月{record.held_on.day}日",
    )
    render_table("party_day_signin", [*rows, *({} for _ in range(SIGNIN_SPARE_ROWS))], out, context)
    progress(1, 1)
    return out


SIGNIN_SPARE_ROWS = 5  # for members who joined since, and guests who sign too


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
