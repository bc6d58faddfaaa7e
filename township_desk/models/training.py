"""Training (培训): courses held by the county, the township or a village, and who attended how many days."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.people import Person


class TrainingCourse(BaseModel):
    """A training course (培训班): organiser level, online or offline, dates, days (half days allowed)."""

    name = peewee.CharField(index=True, verbose_name="培训名称")
    level = peewee.CharField(default="乡镇", verbose_name="主办层级")  # 县级 / 乡镇 / 村
    mode = peewee.CharField(default="线下", verbose_name="培训形式")  # 线上 / 线下
    start_on = peewee.DateField(index=True, verbose_name="开始日期")
    end_on = peewee.DateField(verbose_name="结束日期")
    days = peewee.FloatField(default=1.0, verbose_name="培训天数")  # multiples of 0.5
    place = peewee.CharField(default="", verbose_name="培训地点")
    topic = peewee.CharField(default="", verbose_name="培训主题")
    target = peewee.CharField(default="", verbose_name="培训对象")
    organiser = peewee.CharField(default="", verbose_name="主办单位")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "培训班"
    KIND_LABEL: ClassVar[str | None] = "培训班"

    def describe(self) -> str:
        return f"{self.name}（{self.start_on.isoformat() if self.start_on else ''}）"


class TrainingAttendance(BaseModel):
    """One person's attendance at one course: days attended, completed or not, result or certificate."""

    course = peewee.ForeignKeyField(TrainingCourse, backref="attendance", verbose_name="培训班")
    person = peewee.ForeignKeyField(Person, backref="training_attendance", verbose_name="姓名")
    days = peewee.FloatField(default=0.0, verbose_name="参训天数")
    completed = peewee.BooleanField(default=False, verbose_name="是否结业")
    result = peewee.CharField(default="", verbose_name="结业情况/证书")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "参训记录"
    KIND_LABEL: ClassVar[str | None] = None  # goes to the bin with its course or person

    class Meta:
        indexes = ((("course", "person"), False), (("person", "course"), False))

    def describe(self) -> str:
        return f"{self.person.name}（{self.course.name}）"
