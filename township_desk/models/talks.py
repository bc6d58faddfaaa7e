"""Talks (谈话): reminder, admonishment, pre-appointment integrity and heart-to-heart talks with their records."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.people import Person


class Talk(BaseModel):
    """One talk with a person: who talked, when, where, why, what was said and the person's response.

    A talk is pending (待谈话) until its date and content are filled in; a talk created by a rule
    (the bottom three of an annual assessment) names that rule in `source` and `source_key`.
    """

    kind = peewee.CharField(index=True, verbose_name="谈话类型")
    person = peewee.ForeignKeyField(Person, backref="talks", verbose_name="谈话对象")
    person_post = peewee.CharField(default="", verbose_name="谈话对象职务")
    talkers = peewee.CharField(default="", verbose_name="谈话人")
    talker_post = peewee.CharField(default="", verbose_name="谈话人职务")
    recorder = peewee.CharField(default="", verbose_name="记录人")
    reviewer = peewee.CharField(default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="审阅人")
    record_no = peewee.CharField(default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="编号")
    talk_date = peewee.DateField(null=True, index=True, verbose_name="谈话日期")
    talk_time = peewee.CharField(default="", verbose_name="谈话时间")
    place = peewee.CharField(default="", verbose_name="谈话地点")
    reason = peewee.TextField(default="", verbose_name="谈话事由")
    content = peewee.TextField(default="", verbose_name="谈话内容")
    response = peewee.TextField(default="", verbose_name="本人表态")
    follow_up = peewee.TextField(default="", verbose_name="后续跟踪")
    status = peewee.CharField(default="待谈话", index=True, verbose_name="状态")
    year = peewee.IntegerField(index=True, verbose_name="年度")
    source = peewee.CharField(default="", verbose_name="来源")
    source_key = peewee.CharField(default="", index=True, verbose_name="来源标识")

    TABLE_LABEL: ClassVar[str] = "谈话记录"
    KIND_LABEL: ClassVar[str | None] = "谈话记录"

    def describe(self) -> str:
        when = self.talk_date.isoformat() if self.talk_date else self.status
        return f"{self.person.name}：{self.kind}（{when}）"
