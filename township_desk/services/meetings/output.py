"""组织生活 on paper and in Excel: the meeting record (blank and filled), the year's 三会一课 ledger, the appraisal
sheet and results, the 设岗定责公示表, and the workbooks of meetings, Party groups and appraisals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from township_desk.models.meetings import Meeting, PartyGroup
from township_desk.models.party_days import PartyBranch
from township_desk.services import clock, excel_export, party_branches, party_days
from township_desk.services.listing import ListState
from township_desk.services.meetings import appraisals, groups, ledger, records
from township_desk.services.meetings.terms import RESULTS
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

MEETING_COLUMNS = (
    ("held_on", "会议日期"),
    ("kind", "会议类型"),
    ("branch", "党支部"),
    ("group", "党小组"),
    ("topic", "会议主题"),
    ("place", "会议地点"),
    ("chair", "主持人"),
    ("recorder", "记录人"),
    ("expected", "应到人数"),
    ("present", "实到人数"),
    ("record", "会议记录"),
    ("decisions", "决定事项"),
    ("villagers", "参加群众"),
)
GROUP_COLUMNS = (
    ("branch", "党支部"),
    ("name", "党小组"),
    ("kind", "类型"),
    ("leader", "组长"),
    ("area", "服务区域"),
    ("member_count", "党员人数"),
    ("members", "党员"),
    ("grids", "网格"),
)
GRID_COLUMNS = (
    ("branch", "党支部"),
    ("group", "党小组"),
    ("name", "网格"),
    ("keeper", "网格员"),
    ("area", "范围"),
    ("household_count", "户数"),
    ("households", "联系户"),
)
POST_COLUMNS = (
    ("branch", "党支部"),
    ("group", "党小组"),
    ("grid", "网格"),
    ("name", "姓名"),
    ("phone", "联系电话"),
    ("post", "岗位"),
    ("duties", "岗位职责"),
    ("started_on", "设岗时间"),
)
APPRAISAL_COLUMNS = (
    ("year", "年度"),
    ("branch", "党支部"),
    ("name", "姓名"),
    ("standing", "正式/预备"),
    ("result", "评议结果"),
    ("notes", "备注"),
)
LEDGER_COLUMNS = (
    ("branch", "党支部"),
    ("kind", "会议类型"),
    ("every", "要求"),
    *((f"p{i}", f"第{i}期") for i in range(1, 13)),
    ("tally", "已开/应开"),
)
WIDE_KEYS = frozenset(
    {"topic", "record", "decisions", "members", "households", "duties", "notes", "villagers"}
)


def write_sheets(
    path: Path,
    sheets: Sequence[tuple[str, Sequence[tuple[str, str]], Iterable[Mapping[str, Any]]]],
    progress: Progress = no_progress,
) -> int:
    """Several sheets in one workbook (services.excel_export's rules: no formulas, masked IDs, logged)."""
    return excel_export.write_sheets(path, sheets, 0, progress, wide_keys=WIDE_KEYS)


def export_meetings(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """会议记录 (the meetings as listed) and the ledger of the current year."""
    rows = records.MeetingListing().iter_rows(state or ListState())
    book = ledger.year_ledger(clock.today().year)
    return write_sheets(
        Path(path),
        [("会议记录", MEETING_COLUMNS, rows), (f"{book.year}年三会一课台账", LEDGER_COLUMNS, book.rows())],
        progress,
    )


def export_party_groups(path: Path, progress: Progress = no_progress) -> int:
    return write_sheets(
        Path(path),
        [
            ("党小组", GROUP_COLUMNS, groups.group_rows()),
            ("网格", GRID_COLUMNS, groups.grid_rows()),
            ("设岗定责", POST_COLUMNS, groups.post_roster()),
        ],
        progress,
    )


def export_appraisals(path: Path, progress: Progress = no_progress) -> int:
    return write_sheets(
        Path(path), [("民主评议党员", APPRAISAL_COLUMNS, appraisals.all_appraisals())], progress
    )


# ---------------------------------------------------------------- paper


def record_values(meeting_id: str) -> dict[str, Any]:
    """What the meeting record form prints for one meeting."""
    meeting = Meeting.get_by_id(meeting_id)
    loaded = records.load_meeting(meeting_id)
    counts = party_days.counts_of(loaded)

    def names(status: str, with_reason: bool = False) -> str:
        return "、".join(
            f"{r['name']}（{r['reason']}）" if with_reason and r["reason"] else str(r["name"])
            for r in loaded["attendance"]
            if r["status"] == status
        )

    villagers = str(meeting.villagers)
    heads = "、".join(r["name"] for r in loaded["households"])
    if heads:
        villagers = f"{villagers}；参会户：{heads}" if villagers else f"参会户：{heads}"
    issues = "\n".join(
        f"{i + 1}. {row['content']}"
        + (f"（已转群众诉求，{row['matter_status']}）" if row["matter_status"] else "")
        for i, row in enumerate(loaded["issues"])
    )
    return {
        "branch": meeting.branch.name,
        "group": meeting.group.name if meeting.group_id else "",
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "chair": meeting.chair,
        "recorder": meeting.recorder,
        "topic": meeting.topic,
        "expected": counts.expected,
        "present": counts.present,
        "away": f"{counts.leave} / {counts.absent}",
        "present_names": names(party_days.PRESENT),
        "leave_names": names(party_days.LEAVE, with_reason=True),
        "absent_names": names(party_days.ABSENT),
        "villagers": villagers,
        "record": meeting.record,
        "decisions": meeting.decisions,
        "issues": issues,
    }


def print_meeting_record(out: Path, meeting_id: str) -> Path:
    from township_desk.reports import render_form

    values = record_values(meeting_id)
    return render_form("meeting_record", values, out, report_context(branch=str(values["branch"])))


def print_meeting_record_of(out: Path, branch_name: str, held_on: date, kind: str | None = None) -> Path:
    return print_meeting_record(out, str(records.find_meeting(branch_name, held_on, kind).id))


def print_blank_record(out: Path) -> Path:
    from township_desk.reports import render_form

    return render_form("meeting_record", None, out, report_context(branch=""))


def ledger_stats(book: ledger.Ledger) -> str:
    totals = book.totals()
    due = sum(totals.get(s, 0) for s in (ledger.DONE, ledger.OVERDUE, ledger.MISSING))
    return (
        f"应开 {due} 次，已开 {totals.get(ledger.DONE, 0)} 次，逾期未开 {totals.get(ledger.OVERDUE, 0)} 次，"
        f"未开展 {totals.get(ledger.MISSING, 0)} 次"
    )


def print_ledger(out: Path, year: int, progress: Progress = no_progress, today: date | None = None) -> Path:
    from township_desk.reports import render_table

    today = today or clock.today()
    book = ledger.year_ledger(year, today)
    if not book.branches:
        raise ValidationError("year", "还没有党支部，无法生成台账。")
    as_of = min(today, date(year, 12, 31))
    context = report_context(year=str(year), as_of=as_of.isoformat(), stats=ledger_stats(book))
    return render_table("meeting_ledger", book.rows(), out, context, progress=progress)


def print_appraisal_sheet(out: Path, branch_name: str, year: int) -> Path:
    """The sheet handed out at the appraisal meeting: the branch's members in rows, four boxes to tick."""
    from township_desk.reports import render_table

    branch = party_branches.find_branch(branch_name)
    rows = [
        {"name": r["name"], "standing": r["standing"]}
        for r in appraisals.appraisal_rows(str(branch.id), year)
    ]
    if not rows:
        raise ValidationError("branch", f"{branch.name}在 {year} 年没有党员。")
    return render_table(
        "member_appraisal_sheet", rows, out, report_context(branch=str(branch.name), year=str(year))
    )


def print_appraisal_results(out: Path, year: int, branch_name: str | None = None) -> Path:
    from township_desk.reports import render_table

    branch: PartyBranch | None = party_branches.find_branch(branch_name) if branch_name else None
    rows = [r for r in appraisals.all_appraisals(year) if branch is None or r["branch"] == branch.name]
    counts = appraisals.appraisal_counts(year, str(branch.id) if branch else None)
    stats = "评议 {} 人：".format(counts["合计"]) + "，".join(f"{r} {counts[r]} 人" for r in RESULTS)
    context = report_context(branch=str(branch.name) if branch else "", year=str(year), stats=stats)
    return render_table("member_appraisal_results", rows, out, context)


def print_post_roster(out: Path, branch_name: str | None = None) -> Path:
    from township_desk.reports import render_table

    branch = party_branches.find_branch(branch_name) if branch_name else None
    rows = groups.post_roster(str(branch.id) if branch else None)
    if not rows:
        raise ValidationError("post", "还没有为无职党员设岗定责。")
    return render_table("post_roster", rows, out, report_context())


def group_count() -> int:
    return int(PartyGroup.live().count())
