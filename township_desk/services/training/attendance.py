"""Who attended a course: the sub-list, the attendance form, and adding many people at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import insert_rows, new_id
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.people import Person, Village
from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services import clock
from township_desk.services.listing import Column, Listing, Row
from township_desk.services.normalize import clean_text
from township_desk.services.people import person_options, person_search
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values
from township_desk.services.training.terms import format_days, parse_days

# ---------------------------------------------------------------- the sub-list of one course


class AttendanceListing(Listing):
    """The people of one course (or of every course when course_id is None), by village and pinyin."""

    title = "参训人员"

    def __init__(self, course_id: str | None = None) -> None:
        self.course_id = course_id
        self.columns = (
            Column("name", "姓名", Person.pinyin, width=80),
            Column("village", "村(社区)", Village.sort_order, width=100),
            Column("phone", "联系电话", Person.phone, width=105),
            Column("days", "参训天数", TrainingAttendance.days, align="center", width=65),
            Column("completed", "结业", TrainingAttendance.completed, align="center", width=45),
            Column("result", "结业情况/证书", TrainingAttendance.result, width=150),
            Column("notes", "备注", TrainingAttendance.notes, width=150),
        )
        self.default_sort = (Village.sort_order, Person.pinyin)

    def base_query(self) -> peewee.ModelSelect:
        query = (
            TrainingAttendance.select(TrainingAttendance, Person, Village, TrainingCourse)
            .join(Person, on=(TrainingAttendance.person == Person.id))
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
            .switch(TrainingAttendance)
            .join(TrainingCourse, on=(TrainingAttendance.course == TrainingCourse.id))
            .where(
                TrainingAttendance.deleted_at.is_null()
                & Person.deleted_at.is_null()
                & TrainingCourse.deleted_at.is_null()
            )
        )
        if self.course_id is not None:
            query = query.where(TrainingAttendance.course == self.course_id)
        return query

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(person_search(text))

    def to_row(self, record: Any) -> Row:
        person, course = record.person, record.course
        village = person.village if person.village_id else None
        return {
            "id": record.id,
            "person_id": person.id,
            "name": person.name,
            "village": village.name if village is not None and village.id else "",
            "id_number": person.id_number or "",
            "phone": person.phone,
            "sex": person.sex,
            "days": format_days(record.days),
            "completed": bool(record.completed),
            "result": record.result,
            "notes": record.notes,
            "course_id": course.id,
            "course": course.name,
            "level": course.level,
            "mode": course.mode,
            "start_on": course.start_on,
            "end_on": course.end_on,
            "target": course.target,
        }


# ---------------------------------------------------------------- one attendance row


def trainee_options(course_id: str | None = None) -> list[tuple[str, str]]:
    """(id, label) of the people training is for: cadres and reserves (serving or not), Party branch members,
    and whoever is already on the course. Household heads and other people are left out: a county holds
    65,000 people and a choice list of all of them took seconds to open."""
    ids = (
        CadrePost.select(CadrePost.person).where(CadrePost.deleted_at.is_null())
        | ReserveCadre.select(ReserveCadre.person).where(ReserveCadre.deleted_at.is_null())
        | BranchMember.select(BranchMember.person).where(BranchMember.deleted_at.is_null())
    )
    if course_id:
        ids = ids | TrainingAttendance.select(TrainingAttendance.person).where(
            TrainingAttendance.course == course_id
        )
    return person_options(Person.live().where(Person.id.in_(ids)))


def attendance_fields(course_id: str | None) -> tuple[Field, ...]:
    return (
        Field("course", "培训班", "readonly"),
        Field(
            "person",
            "姓名",
            "ref",
            required=True,
            options=lambda: trainee_options(course_id),
            tooltip="输入姓名查找（干部、后备干部和党员）；库中没有的人请先登记",
        ),
        Field("days", "参训天数", required=True, placeholder="可含半天，如 2.5"),
        Field("completed", "已结业", "bool"),
        Field("result", "结业情况/证书", placeholder="如 合格、结业证书编号"),
        Field("notes", "备注", "multiline"),
    )


def _live_course(course_id: str) -> TrainingCourse:
    course = TrainingCourse.get_or_none(
        (TrainingCourse.id == course_id) & TrainingCourse.deleted_at.is_null()
    )
    if course is None:
        raise ValidationError("course", "该培训班已不存在（可能已被删除）。")
    return course


def load_attendance(attendance_id: str | None, course_id: str | None = None) -> Values:
    if attendance_id:
        row = TrainingAttendance.get_by_id(attendance_id)
        return {
            "id": row.id,
            "course": row.course.name,
            "course_id": row.course_id,
            "person": row.person_id,
            "days": format_days(row.days),
            "completed": bool(row.completed),
            "result": row.result,
            "notes": row.notes,
        }
    course = _live_course(course_id) if course_id else None
    return {
        "course": course.name if course else "",
        "course_id": course_id or "",
        "days": format_days(default_days(course)) if course else "",
        "completed": course is not None and default_days(course) > 0,
        "result": "",
        "notes": "",
    }


def default_days(course: TrainingCourse, today: date | None = None) -> float:
    """Days a person added to a course is given: the whole course once it has ended, else none yet."""
    today = today or clock.today()
    return float(course.days) if course.end_on <= today else 0.0


def existing_attendance(course_id: str, person_id: str) -> TrainingAttendance | None:
    return (
        TrainingAttendance.live()
        .where((TrainingAttendance.course == course_id) & (TrainingAttendance.person == person_id))
        .first()
    )


def save_attendance(attendance_id: str | None, values: Mapping[str, Any]) -> str:
    """One person's attendance at one course; a person is on a course once; days within the course's days."""
    row = TrainingAttendance.get_by_id(attendance_id) if attendance_id else None
    course = _live_course(row.course_id if row else str(values.get("course_id") or ""))
    person_id = clean_text(values.get("person"))
    person = Person.get_or_none((Person.id == person_id) & Person.deleted_at.is_null()) if person_id else None
    if person is None:
        raise ValidationError("person", "请从列表中选择参训人员（库中没有的人请先登记）。")
    other = existing_attendance(course.id, person.id)
    if other is not None and (row is None or other.id != row.id):
        raise ValidationError("person", f"“{person.name}”已在本培训班的参训名单中。")
    days = parse_days(values.get("days"), "days", "参训天数", allow_zero=True)
    if days > course.days:
        raise ValidationError(
            "days", f"参训天数 {format_days(days)} 超过了培训班的 {format_days(course.days)} 天。"
        )
    with database.atomic():
        record = row or TrainingAttendance(course=course, person=person)
        record.person = person
        record.days = days
        record.completed = bool(values.get("completed"))
        record.result = clean_text(values.get("result"))
        record.notes = str(values.get("notes") or "").strip()
        record.save(force_insert=row is None)
    return str(record.id)


def attendance_form(course_id: str | None) -> FormSpec:
    """The attendance form of one course (a new row is added to that course)."""

    def save(attendance_id: str | None, values: Mapping[str, Any]) -> str:
        return save_attendance(attendance_id, {**values, "course_id": course_id})

    return FormSpec(
        title="参训记录",
        sections=(Section("参训记录", attendance_fields(course_id)),),
        load=lambda attendance_id: load_attendance(attendance_id, course_id),
        save=save,
    )


# ---------------------------------------------------------------- adding many people at once

GROUP_VILLAGE = "村(社区)全体干部"
GROUP_SECRETARIES = "全体村党组织书记"
GROUP_NEW = "全体新任干部"
GROUP_RESERVES = "全体后备干部"
GROUP_BRANCH = "党支部全体党员"
GROUPS = (GROUP_VILLAGE, GROUP_SECRETARIES, GROUP_NEW, GROUP_RESERVES, GROUP_BRANCH)
NEEDS_NAME = {GROUP_VILLAGE: "村(社区)", GROUP_BRANCH: "党支部"}


def _serving(on: date) -> Any:
    return (
        CadrePost.deleted_at.is_null()
        & (CadrePost.started_on.is_null() | (CadrePost.started_on <= on))
        & (CadrePost.ended_on.is_null() | (CadrePost.ended_on > on))
    )


def group_people(group: str, name: str = "", on: date | None = None) -> list[str]:
    """The live people of a group, by village and pinyin: a village's serving cadres and reserves, every
    village Party secretary, every new cadre, every reserve in training, or the current members of a branch."""
    on = on or clock.today()
    name = clean_text(name)
    posts = CadrePost.select(CadrePost.person).where(_serving(on))
    if group == GROUP_VILLAGE:
        village = Village.live().where(Village.name == name).first()
        if village is None:
            raise ValidationError("village", f"没有名为“{name}”的村(社区)。")
        reserves = ReserveCadre.select(ReserveCadre.person).where(
            ReserveCadre.deleted_at.is_null()
            & (ReserveCadre.status == "培养中")
            & (ReserveCadre.village == village)
        )
        ids = posts.where(CadrePost.village == village) | reserves
    elif group == GROUP_SECRETARIES:
        ids = posts.where(CadrePost.post.contains("党组织书记"))
    elif group == GROUP_NEW:
        ids = posts.where(CadrePost.is_new == True)  # noqa: E712 (SQL)
    elif group == GROUP_RESERVES:
        ids = ReserveCadre.select(ReserveCadre.person).where(
            ReserveCadre.deleted_at.is_null() & (ReserveCadre.status == "培养中")
        )
    elif group == GROUP_BRANCH:
        branch = PartyBranch.live().where(PartyBranch.name == name).first()
        if branch is None:
            raise ValidationError("branch", f"没有名为“{name}”的党支部。")
        ids = BranchMember.select(BranchMember.person).where(
            (BranchMember.branch == branch)
            & BranchMember.deleted_at.is_null()
            & BranchMember.left_on.is_null()
        )
    else:
        raise ValidationError("group", f"“{group}”不是可选的人员范围（{'、'.join(GROUPS)}）。")
    query = (
        Person.select(Person.id)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
        .where(Person.deleted_at.is_null() & Person.id.in_(ids))
        .order_by(Village.sort_order, Person.pinyin)
    )
    return [str(person_id) for (person_id,) in query.tuples()]


def enroll(course_id: str, person_ids: Iterable[str], days: float | None = None) -> tuple[int, int]:
    """Add people to a course in one transaction; those already on it are left as they are.
    Returns (added, already there). Days default to the whole course once it has ended, else 0."""
    course = _live_course(course_id)
    given = default_days(course) if days is None else days
    if given > course.days:
        raise ValidationError(
            "days", f"参训天数 {format_days(given)} 超过了培训班的 {format_days(course.days)} 天。"
        )
    wanted = list(dict.fromkeys(person_ids))
    with database.atomic():
        present = {
            str(p)
            for (p,) in TrainingAttendance.live(TrainingAttendance.person)
            .where(TrainingAttendance.course == course_id)
            .tuples()
        }
        rows = [
            {
                "id": new_id(),
                "course": course_id,
                "person": person_id,
                "days": given,
                "completed": given > 0,
                "result": "",
                "notes": "",
            }
            for person_id in wanted
            if person_id not in present
        ]
        insert_rows(TrainingAttendance, rows)
    return len(rows), len(wanted) - len(rows)


def group_names(group: str) -> list[str]:
    """The villages or branches a group needs one of (empty for the township-wide groups)."""
    if group == GROUP_VILLAGE:
        from township_desk.services.people import village_names

        return village_names()
    if group == GROUP_BRANCH:
        from township_desk.services.party_branches import branch_names

        return branch_names()
    return []
