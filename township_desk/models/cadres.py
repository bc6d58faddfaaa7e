"""Village cadres' posts (村(社区)“两委”) and reserve cadres (后备干部)."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.people import Person, Village


class CadrePost(BaseModel):
    """A post held by a person in a village's two committees; ended_on is empty while serving."""

    person = peewee.ForeignKeyField(Person, backref="posts", verbose_name="姓名")
    village = peewee.ForeignKeyField(Village, null=True, backref="posts", verbose_name="村(社区)")
    post = peewee.CharField(verbose_name="现任职务")
    started_on = peewee.DateField(null=True, verbose_name="任职时间")
    ended_on = peewee.DateField(null=True, index=True, verbose_name="离任时间")
    is_new = peewee.BooleanField(default=False, verbose_name="新任")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "干部任职"
    KIND_LABEL: ClassVar[str | None] = None  # goes to the bin with its person

    def describe(self) -> str:
        return f"{self.person.name}（{self.post}）"


class ReserveCadre(BaseModel):
    """A person registered in the reserve-cadre pool (后备干部)."""

    person = peewee.ForeignKeyField(Person, backref="reserves", verbose_name="姓名")
    village = peewee.ForeignKeyField(Village, null=True, backref="reserves", verbose_name="村(社区)")
    programme = peewee.CharField(default="", verbose_name="培养工程")
    registered_on = peewee.DateField(null=True, verbose_name="入库时间")
    nomination = peewee.CharField(default="", verbose_name="推荐方式")
    training = peewee.TextField(default="", verbose_name="培养情况")
    status = peewee.CharField(default="培养中", index=True, verbose_name="状态")
    appointed_on = peewee.DateField(null=True, verbose_name="任用时间")
    appointed_post = peewee.CharField(default="", verbose_name="任用职务")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "后备干部"
    KIND_LABEL: ClassVar[str | None] = "后备干部"

    def describe(self) -> str:
        return f"{self.person.name}（后备干部，{self.programme or '未填培养工程'}）"
