"""Mentoring of new cadres (导师帮带: pairs, growth plans, exchanges) and reserve-cadre appointment history."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person, Village


class Mentorship(BaseModel):
    """A mentor (导师) paired with a mentee (帮带对象); ended_on and status 已结束 close the pair."""

    mentor = peewee.ForeignKeyField(Person, backref="mentees_of", verbose_name="导师")
    mentee = peewee.ForeignKeyField(Person, backref="mentors_of", verbose_name="帮带对象")
    mentor_kind = peewee.CharField(default="", verbose_name="导师类别")
    mentor_unit = peewee.CharField(default="", verbose_name="导师工作单位")
    mentor_post = peewee.CharField(default="", verbose_name="导师职务")
    started_on = peewee.DateField(null=True, verbose_name="结对时间")
    ended_on = peewee.DateField(null=True, verbose_name="结束时间")
    status = peewee.CharField(default="帮带中", index=True, verbose_name="帮带状态")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "导师帮带结对"
    KIND_LABEL: ClassVar[str | None] = "导师帮带结对"

    def describe(self) -> str:
        return f"导师{self.mentor.name} — 帮带对象{self.mentee.name}"


class GrowthPlan(BaseModel):
    """The growth plan (成长计划) a mentor makes with a mentee: goals, measures and the period."""

    mentorship = peewee.ForeignKeyField(Mentorship, backref="plans", verbose_name="导师帮带结对")
    goals = peewee.TextField(default="", verbose_name="成长目标")
    measures = peewee.TextField(default="", verbose_name="帮带措施")
    period_start = peewee.DateField(null=True, verbose_name="计划开始")
    period_end = peewee.DateField(null=True, verbose_name="计划结束")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "成长计划"
    KIND_LABEL: ClassVar[str | None] = None  # goes to the bin with its pair

    def describe(self) -> str:
        return f"{self.mentorship.mentee.name}的成长计划"


class MentorExchange(BaseModel):
    """One exchange between mentor and mentee: date, form (面谈/电话/现场指导/集中培训), content, outcome."""

    mentorship = peewee.ForeignKeyField(Mentorship, backref="exchanges", verbose_name="导师帮带结对")
    date = peewee.DateField(index=True, verbose_name="交流日期")
    form = peewee.CharField(default="", verbose_name="交流方式")
    content = peewee.TextField(default="", verbose_name="交流内容")
    outcome = peewee.TextField(default="", verbose_name="成效")

    TABLE_LABEL: ClassVar[str] = "帮带交流记录"
    KIND_LABEL: ClassVar[str | None] = "帮带交流记录"

    def describe(self) -> str:
        return f"{self.date}（{self.form}）{self.mentorship.mentor.name}—{self.mentorship.mentee.name}"


class ReserveAppointment(BaseModel):
    """One appointment of a reserve cadre to a post (任用), kept as history; cadre_post is the post created."""

    reserve = peewee.ForeignKeyField(ReserveCadre, backref="appointments", verbose_name="后备干部")
    person = peewee.ForeignKeyField(Person, backref="reserve_appointments", verbose_name="姓名")
    village = peewee.ForeignKeyField(
        Village, null=True, backref="reserve_appointments", verbose_name="村(社区)"
    )
    cadre_post = peewee.ForeignKeyField(
        CadrePost, null=True, backref="reserve_appointments", verbose_name="任职记录"
    )
    post = peewee.CharField(verbose_name="任用职务")
    appointed_on = peewee.DateField(verbose_name="任用时间")
    previous_post = peewee.CharField(default="", verbose_name="原任职务")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "后备干部任用记录"
    KIND_LABEL: ClassVar[str | None] = None

    def describe(self) -> str:
        return f"{self.person.name} {self.appointed_on} 任{self.post}"
