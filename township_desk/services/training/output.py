"""Training on paper and in Excel: the sign-in sheet, the course roster, the year's summary, the workbook."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.training import TrainingCourse
from township_desk.services import clock, excel_export
from township_desk.services.listing import ListState
from township_desk.services.progress import Progress, no_progress
from township_desk.services.settings import report_context
from township_desk.services.training.attendance import AttendanceListing
from township_desk.services.training.courses import CourseListing, find_course
from township_desk.services.training.days import reference_date, rule_rows, village_totals
from township_desk.services.training.terms import format_days

SIGNIN_BLANK_ROWS = 10  # empty rows after the enrolled people, for those who come unannounced
SIGNIN_MIN_ROWS = 20

COURSE_COLUMNS = (
    ("name", "培训名称"),
    ("level", "主办层级"),
    ("organiser", "主办单位"),
    ("mode", "培训形式"),
    ("target", "培训对象"),
    ("start_on", "开始日期"),
    ("end_on", "结束日期"),
    ("days", "培训天数"),
    ("people", "参训人数"),
    ("place", "培训地点"),
    ("topic", "培训主题"),
    ("notes", "备注"),
)
ATTENDANCE_COLUMNS = (
    ("course", "培训名称"),
    ("level", "主办层级"),
    ("start_on", "开始日期"),
    ("end_on", "结束日期"),
    ("name", "姓名"),
    ("sex", "性别"),
    ("village", "村(社区)"),
    ("id_number", "身份证号"),
    ("phone", "联系电话"),
    ("days", "参训天数"),
    ("completed", "是否结业"),
    ("result", "结业情况/证书"),
    ("notes", "备注"),
)


def _write_sheets(
    path: Path,
    sheets: Sequence[tuple[str, Sequence[tuple[str, str]], Iterable[Mapping[str, Any]]]],
    progress: Progress,
) -> int:
    """Several sheets in one workbook (services.excel_export's rules); days as numbers the clerk can sum."""
    return excel_export.write_sheets(
        path,
        sheets,
        0,
        progress,
        wide_keys=frozenset({"course", "topic", "result"}),
        number_keys=frozenset({"days"}),
    )


def export_training(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """A workbook with two sheets: 培训班 (the courses, as listed) and 参训记录 (every attendance row).
    Returns the number of rows written (courses plus attendance)."""
    courses = CourseListing()
    course_rows = list(courses.iter_rows(state or ListState()))
    chosen = {row["id"] for row in course_rows}
    attendance = (row for row in attendance_rows() if row["course_id"] in chosen)
    return _write_sheets(
        Path(path),
        [("培训班", COURSE_COLUMNS, course_rows), ("参训记录", ATTENDANCE_COLUMNS, attendance)],
        progress,
    )


def attendance_rows() -> Iterator[dict[str, Any]]:
    """Every live attendance row with its course and person, in course and village order: one query read as
    tuples (a county's 60,000 rows in about a second; the paged listing took minutes)."""
    sql = """
    SELECT c.id, c.name, c.level, c.start_on, c.end_on, p.name, p.sex, COALESCE(v.name, ''),
        COALESCE(p.id_number, ''), p.phone, a.days, a.completed, a.result, a.notes
    FROM training_attendance a JOIN training_course c ON c.id = a.course_id JOIN person p ON p.id = a.person_id
    LEFT JOIN village v ON v.id = p.village_id
    WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND p.deleted_at IS NULL
    ORDER BY c.start_on, c.name, c.id, v.sort_order, p.pinyin
    """
    keys = (
        "course_id",
        "course",
        "level",
        "start_on",
        "end_on",
        "name",
        "sex",
        "village",
        "id_number",
        "phone",
        "days",
        "completed",
        "result",
        "notes",
    )
    for values in database.execute_sql(sql):
        row = dict(zip(keys, values, strict=True))
        row["days"] = float(row["days"])
        row["completed"] = bool(row["completed"])
        yield row


def _course_context(course: TrainingCourse) -> dict[str, str]:
    dates = (
        course.start_on.isoformat()
        if course.end_on == course.start_on
        else f"{course.start_on.isoformat()} 至 {course.end_on.isoformat()}"
    )
    return report_context(
        course=str(course.name),
        organiser=str(course.organiser or course.level),
        dates=dates,
        days=format_days(course.days),
        place=str(course.place or ""),
        target=str(course.target),
        mode=str(course.mode),
    )


def course_people(course_id: str) -> list[dict[str, Any]]:
    return list(AttendanceListing(course_id).iter_rows(ListState()))


def print_signin(
    out: Path, course_name: str, progress: Progress = no_progress, course_id: str | None = None
) -> Path:
    """The 签到表 of a course: the people on it, then blank rows; the signature column is left blank."""
    from township_desk.reports import render_table

    course = TrainingCourse.get_by_id(course_id) if course_id else find_course(course_name)
    people = [{**row, "sign": "", "remark": ""} for row in course_people(course.id)]
    blanks = max(SIGNIN_BLANK_ROWS, SIGNIN_MIN_ROWS - len(people))
    rows = people + [{} for _ in range(blanks)]
    return render_table("training_signin", rows, out, _course_context(course), progress=progress)


def print_roster(
    out: Path, course_name: str, progress: Progress = no_progress, course_id: str | None = None
) -> Path:
    """The 学员名册 of a course: who attended, days and completion."""
    from township_desk.reports import render_table

    course = TrainingCourse.get_by_id(course_id) if course_id else find_course(course_name)
    return render_table(
        "training_roster", course_people(course.id), out, _course_context(course), progress=progress
    )


def summary_rows(year: int, today: date | None = None) -> tuple[list[dict[str, Any]], str]:
    """The rows of the 培训情况统计表 (people, a 小计 row after each village, a 合计 row) and the stats line."""
    people = rule_rows(year, today)
    totals = {t.village: t for t in village_totals(people)}
    rows: list[dict[str, Any]] = []
    for index, person in enumerate(people):
        rows.append({**person.as_row(), "number": index + 1})
        last = index + 1 == len(people) or people[index + 1].village != person.village
        if last:
            total = totals[person.village]
            rows.append(
                {
                    "village": person.village or "（未填村）",
                    "name": "小计",
                    "groups": f"{total.people}人，未达标{total.short}人",
                    "days": format_days(total.days),
                    "missing": format_days(total.missing),
                }
            )
    short = sum(t.short for t in totals.values())
    all_days = sum(t.days for t in totals.values())
    rows.append(
        {
            "village": "合计",
            "name": "",
            "groups": f"{len(people)}人，未达标{short}人",
            "days": format_days(all_days),
            "missing": format_days(sum(t.missing for t in totals.values())),
        }
    )
    average = round(all_days / len(people), 1) if people else 0.0
    stats = f"考核 {len(people)} 人，未达标 {short} 人，人均 {average:g} 天"
    return rows, stats


def print_summary(out: Path, year: int, progress: Progress = no_progress, today: date | None = None) -> Path:
    """The year's 培训情况统计表: person × days by organiser level, village subtotals, the total."""
    from township_desk.reports import render_table

    today = today or clock.today()
    rows, stats = summary_rows(year, today)
    context = report_context(year=str(year), as_of=reference_date(year, today).isoformat(), stats=stats)
    return render_table("training_summary", rows, out, context, progress=progress)
