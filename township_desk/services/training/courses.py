"""Training courses (培训班): the list, the record form, finding a course by name."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services.listing import Column, Filter, Listing, Row, distinct_values, in_listed_order
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field, vocab_field
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, require
from township_desk.services.training.terms import LEVELS, MODES, TARGETS, format_days, parse_days


def attendance_count() -> Any:
    """The number of live attendance rows of each course (a correlated subquery)."""
    inner = TrainingAttendance.alias()
    return inner.select(peewee.fn.COUNT(inner.id)).where(
        (inner.course == TrainingCourse.id) & inner.deleted_at.is_null()
    )


def course_years() -> list[str]:
    years = TrainingCourse.live(peewee.fn.strftime("%Y", TrainingCourse.start_on).alias("y")).distinct()
    return sorted(distinct_values(years.order_by(peewee.SQL("y"))), reverse=True)


class CourseListing(Listing):
    """Courses, newest first, with the number of people who attended."""

    title = "培训班"

    def __init__(self) -> None:
        count = attendance_count()
        self.columns = (
            Column("name", "培训名称", TrainingCourse.name, width=220),
            Column(
                "level",
                "主办层级",
                in_listed_order(TrainingCourse.level, LEVELS.labels()),
                align="center",
                width=65,
            ),
            Column("mode", "形式", TrainingCourse.mode, align="center", width=50),
            Column("target", "培训对象", TrainingCourse.target, width=110),
            Column("start_on", "开始日期", TrainingCourse.start_on, align="center", width=85),
            Column("end_on", "结束日期", TrainingCourse.end_on, align="center", width=85),
            Column("days", "天数", TrainingCourse.days, align="center", width=45),
            Column("people", "参训人数", peewee.SQL("people"), align="center", width=65),
            Column("place", "地点", TrainingCourse.place, width=120),
            Column("topic", "主题", TrainingCourse.topic, width=200),
        )
        self._count = count
        self.default_sort = (TrainingCourse.start_on.desc(), TrainingCourse.name)
        self.filters = (
            Filter("year", "年度", course_years),
            Filter("level", "主办层级", LEVELS.labels),
            Filter("target", "培训对象", TARGETS.labels),
        )

    def base_query(self) -> peewee.ModelSelect:
        return TrainingCourse.select(TrainingCourse, self._count.alias("people")).where(
            TrainingCourse.deleted_at.is_null()
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        return query.where(
            TrainingCourse.name.contains(text)
            | TrainingCourse.topic.contains(text)
            | TrainingCourse.place.contains(text)
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "year":
            return query.where(peewee.fn.strftime("%Y", TrainingCourse.start_on) == value)
        if key == "level":
            return query.where(TrainingCourse.level == value)
        if key == "target":
            return query.where(TrainingCourse.target == value)
        return super().apply_filter(query, key, value)

    def to_row(self, course: Any) -> Row:
        return {
            "id": course.id,
            "name": course.name,
            "level": course.level,
            "mode": course.mode,
            "target": course.target,
            "start_on": course.start_on,
            "end_on": course.end_on,
            "days": format_days(course.days),
            "people": course.people,
            "place": course.place,
            "topic": course.topic,
            "organiser": course.organiser,
            "notes": course.notes,
        }


# ---------------------------------------------------------------- the record form

COURSE_FIELDS = (
    Field("name", "培训名称", required=True, placeholder="如 2026年村党组织书记专题培训班"),
    Field("level", "主办层级", "choice", required=True, choices=LEVELS.labels, editable_choice=False),
    Field("organiser", "主办单位", placeholder="如 县委组织部、县委党校"),
    Field("mode", "培训形式", "choice", required=True, choices=MODES.labels, editable_choice=False),
    Field("target", "培训对象", "choice", required=True, choices=TARGETS.labels),
    Field("start_on", "开始日期", "date", required=True, placeholder="如 2026-03-05"),
    Field("end_on", "结束日期", "date", placeholder="一天的培训可不填"),
    Field(
        "days",
        "培训天数",
        required=True,
        placeholder="可含半天，如 2.5",
        tooltip="培训的实际天数（按半天计），不超过开始到结束的日历天数",
    ),
    Field("place", "培训地点"),
    Field("topic", "培训主题"),
    Field("notes", "备注", "multiline"),
)


def load_course(course_id: str | None) -> Values:
    course = TrainingCourse.get_by_id(course_id) if course_id else None
    if course is None:
        return {"level": "乡镇", "mode": "线下", "days": "1"}
    return {
        "name": course.name,
        "level": course.level,
        "organiser": course.organiser,
        "mode": course.mode,
        "target": course.target,
        "start_on": course.start_on.isoformat(),
        "end_on": course.end_on.isoformat() if course.end_on != course.start_on else "",
        "days": format_days(course.days),
        "place": course.place,
        "topic": course.topic,
        "notes": course.notes,
    }


def clean_course(values: Mapping[str, Any]) -> Values:
    """Validated course fields; raises ValidationError naming the field."""
    name = clean_text(require(values, "name", "培训名称"))
    start = parse_date_field(values, "start_on", "开始日期")
    if start is None:
        raise ValidationError("start_on", "请填写“开始日期”。")
    end = parse_date_field(values, "end_on", "结束日期") or start
    if end < start:
        raise ValidationError("end_on", "结束日期早于开始日期，请核对。")
    if not clean_text(values.get("days")):
        raise ValidationError("days", "请填写“培训天数”（可含半天，如 2.5）。")
    days = parse_days(values.get("days"), "days", "培训天数")
    calendar = (end - start).days + 1
    if days > calendar:
        raise ValidationError(
            "days", f"培训天数 {format_days(days)} 超过了开始到结束的日历天数 {calendar} 天。"
        )
    level = vocab_field(values, "level", LEVELS)
    mode = vocab_field(values, "mode", MODES)
    if not level:
        raise ValidationError("level", "请选择“主办层级”（县级、乡镇或村）。")
    target_text = clean_text(values.get("target"))
    target = TARGETS.normalize(target_text) or target_text if target_text else ""
    if not target:
        raise ValidationError("target", "请填写“培训对象”。")
    return {
        "name": name,
        "level": level,
        "mode": mode or "线下",
        "target": target,
        "start_on": start,
        "end_on": end,
        "days": days,
        "place": clean_text(values.get("place")),
        "topic": clean_text(values.get("topic")),
        "organiser": clean_text(values.get("organiser")),
        "notes": str(values.get("notes") or "").strip(),
    }


def save_course(course_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or change a course in one transaction; attended days above the new course days are refused."""
    fields = clean_course(values)
    course = TrainingCourse.get_by_id(course_id) if course_id else TrainingCourse()
    with database.atomic():
        if course_id:
            longest = (
                TrainingAttendance.live(peewee.fn.MAX(TrainingAttendance.days))
                .where(TrainingAttendance.course == course_id)
                .scalar()
            )
            if longest and longest > fields["days"]:
                raise ValidationError(
                    "days", f"已有学员记录参训 {format_days(longest)} 天，培训天数不能少于此数。"
                )
        for key, value in fields.items():
            setattr(course, key, value)
        course.save(force_insert=course_id is None)
    return str(course.id)


COURSE_FORM = FormSpec(
    title="培训班", sections=(Section("培训班", COURSE_FIELDS),), load=load_course, save=save_course
)


def find_course(name: str, on: date | None = None) -> TrainingCourse:
    """The live course of that name (and start date, when two share the name); a clear error otherwise."""
    text = clean_text(name)
    query = TrainingCourse.live().where(TrainingCourse.name == text)
    if on is not None:
        query = query.where(TrainingCourse.start_on == on)
    found = list(query.order_by(TrainingCourse.start_on))
    if not found:
        close = [c.name for c in TrainingCourse.live().where(TrainingCourse.name.contains(text)).limit(5)]
        hint = f"名称相近的有：{'、'.join(close)}。" if close else ""
        raise ValidationError("course", f"没有名为“{text}”的培训班。{hint}")
    if len(found) > 1:
        dates = "、".join(c.start_on.isoformat() for c in found)
        raise ValidationError(
            "course", f"有 {len(found)} 个培训班都叫“{text}”（开始日期 {dates}），请改名后再选。"
        )
    return found[0]


def course_options() -> list[tuple[str, str]]:
    query = TrainingCourse.live().order_by(TrainingCourse.start_on.desc(), TrainingCourse.name)
    return [(str(c.id), f"{c.name}（{c.start_on.isoformat()}）") for c in query]
