"""Importing an organiser's sign-in sheet (签到表) into a course's attendance.

Each row names a person with an ID number or a phone (a name alone is taken only when exactly one person
has it). People are matched against those already registered and never created: a row whose person cannot
be found, or whose ID number belongs to someone of another name, is refused and listed with the reason.
A person already on the course has their days updated; a person twice on the sheet is refused the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.base import insert_rows, new_id, utc_now
from township_desk.models.people import Person, Village
from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services.excel_import import ImportColumn, ImportPlan, Refusal, RowRefused, read_table
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.normalize import clean_name, clean_phone, clean_text
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.training.attendance import existing_attendance
from township_desk.services.training.courses import find_course
from township_desk.services.training.terms import format_days, parse_days

COLUMNS = (
    ImportColumn("name", "姓名", ("学员姓名", "参训人员", "参训人", "学员", "签到人"), required=True),
    ImportColumn("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码")),
    ImportColumn("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码")),
    ImportColumn("days", "参训天数", ("天数", "培训天数", "实到天数", "出勤天数", "签到天数")),
    ImportColumn("unit", "单位", ("村(社区)", "所在村", "工作单位", "单位及职务", "村别")),
    ImportColumn("result", "结业情况", ("考核结果", "证书编号", "结业证书", "成绩")),
)


@dataclass(frozen=True)
class SigninRecord:
    """A sign-in row matched to a registered person."""

    person_id: str
    name: str
    village: str
    id_number: str
    days: float
    result: str
    existing_id: str | None  # the person's attendance row on this course, when they are on it already

    @property
    def action(self) -> str:
        return "更新天数" if self.existing_id else "新增"


def _village(person: Person) -> str:
    village = Village.get_or_none(Village.id == person.village_id) if person.village_id else None
    return str(village.name) if village else ""


def mangled(value: object) -> bool:
    """Whether Excel turned an ID number into a number (4.30725E+17): its last digits are lost."""
    return isinstance(value, float) or "E+" in clean_text(value).upper()


def _by_id_number(name: str, value: object) -> Person | None:
    """The person of a valid ID number; None when the cell holds no usable number (fall back to phone)."""
    text = clean_text(value)
    if not text or mangled(value):
        return None
    try:
        number = parse_id_number(text).number
    except IdNumberError as exc:
        raise RowRefused(f"身份证号“{text}”有误（{exc}），请核对") from None
    found = Person.live().where(Person.id_number == number).first()
    if found is None:
        raise RowRefused(f"库中没有身份证号为 {number} 的人（不会自动新建，请先在“干部”等页面登记）")
    if clean_name(found.name) != name:
        raise RowRefused(f"身份证号 {number} 登记的是“{found.name}”，与签到表上的“{name}”不符")
    return found


def match_person(name: str, id_value: object, phone: str) -> Person:
    """The registered person a sign-in row means, or RowRefused saying why not."""
    found = _by_id_number(name, id_value)
    if found is not None:
        return found
    named = list(Person.live().where(Person.name == name).limit(20))
    if phone:
        with_phone = [p for p in named if clean_phone(p.phone) == phone]
        if len(with_phone) == 1:
            return with_phone[0]
        if not with_phone:
            raise RowRefused(f"库中没有姓名为“{name}”、电话为 {phone} 的人（不会自动新建，请核对或先登记）")
        raise RowRefused(f"库中有 {len(with_phone)} 个“{name}”都登记了电话 {phone}，请填写身份证号")
    why = "身份证号被 Excel 改成了科学计数法，" if id_value is not None and mangled(id_value) else ""
    if len(named) == 1:
        return named[0]
    if not named:
        raise RowRefused(f"{why}库中没有名为“{name}”的人（不会自动新建，请核对姓名或先登记）")
    raise RowRefused(f"{why}库中有 {len(named)} 人名为“{name}”，请在签到表中填写身份证号或电话")


def plan_signin_import(
    path: Path | str, course_id: str, progress: Progress = no_progress
) -> ImportPlan[SigninRecord]:
    """Read a sign-in sheet and decide for every row; nothing is written."""
    course = TrainingCourse.get_or_none(
        (TrainingCourse.id == course_id) & TrainingCourse.deleted_at.is_null()
    )
    if course is None:
        raise ValidationError("course", "该培训班已不存在（可能已被删除）。")
    path = Path(path)
    table = read_table(path, COLUMNS)
    estimate = table.estimate
    plan: ImportPlan[SigninRecord] = ImportPlan(
        path,
        table.sheet,
        table.header_row,
        table.names,
        ignored=table.ignored,
        header_first=table.header_first,
        file_kind=table.file_kind,
    )
    seen: dict[str, int] = {}
    for count, (number, raw) in enumerate(table.rows, 1):
        if count % 100 == 0:
            progress(count, estimate)
        name = clean_name(raw.get("name"))
        try:
            if not name:
                raise RowRefused("没有姓名")
            person = match_person(name, raw.get("id_number"), clean_phone(raw.get("phone")))
            if person.id in seen:
                raise RowRefused(f"与第 {seen[person.id]} 行是同一人，只导入一次")
            days_text = clean_text(raw.get("days"))
            try:
                days = (
                    parse_days(days_text, "days", "参训天数", allow_zero=True)
                    if days_text
                    else float(course.days)
                )
            except ValidationError as exc:
                raise RowRefused(str(exc)) from None
            if days > course.days:
                raise RowRefused(f"参训天数 {format_days(days)} 超过培训班的 {format_days(course.days)} 天")
        except RowRefused as exc:
            plan.refused.append(Refusal(number, name, str(exc)))
            continue
        seen[person.id] = number
        existing = existing_attendance(course.id, person.id)
        plan.accepted.append(
            (
                number,
                SigninRecord(
                    str(person.id),
                    str(person.name),
                    _village(person),
                    person.id_number or "",
                    days,
                    clean_text(raw.get("result")),
                    str(existing.id) if existing else None,
                ),
            )
        )
    progress(estimate, estimate)
    return plan


def apply_signin_import(
    plan: ImportPlan[SigninRecord], course_id: str, progress: Progress = no_progress
) -> int:
    """Write a plan in one transaction: new attendance rows, days updated for those already on the course."""
    records = [record for _row, record in plan.accepted]
    with database.atomic():
        new = []
        for index, record in enumerate(records, 1):
            if record.existing_id is None or existing_attendance(course_id, record.person_id) is None:
                new.append(
                    {
                        "id": new_id(),
                        "course": course_id,
                        "person": record.person_id,
                        "days": record.days,
                        "completed": record.days > 0,
                        "result": record.result,
                        "notes": "签到表导入",
                    }
                )
            else:
                changes: dict[Any, Any] = {
                    TrainingAttendance.days: record.days,
                    TrainingAttendance.completed: record.days > 0,
                    TrainingAttendance.updated_at: utc_now(),
                }
                if record.result:
                    changes[TrainingAttendance.result] = record.result
                TrainingAttendance.update(changes).where(
                    TrainingAttendance.id == record.existing_id
                ).execute()
            if index % 200 == 0:
                progress(index, len(records))
        insert_rows(TrainingAttendance, new)
    progress(len(records), len(records))
    return len(records)


def plan_for_course_name(name: str) -> Any:
    """(plan, apply) bound to the course of that name, for the command line."""
    course = find_course(name)
    return (
        lambda path, progress: plan_signin_import(path, course.id, progress),
        lambda plan, progress: apply_signin_import(plan, course.id, progress),
    )
