"""The annual assessment of village cadres (年度综合考评) and its democratic evaluation (民主测评)."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.people import Person


class Assessment(BaseModel):
    """One year's assessment: its grade rule; criteria, candidates and tallies hang on it."""

    year = peewee.IntegerField(index=True, verbose_name="年度")
    title = peewee.CharField(default="", verbose_name="名称")
    held_on = peewee.DateField(null=True, verbose_name="考评日期")
    grade_rule = peewee.CharField(default="score", verbose_name="等次规则")  # "score" or "quota"
    excellent_min = peewee.FloatField(default=90.0, verbose_name="优秀分数线")
    competent_min = peewee.FloatField(default=70.0, verbose_name="称职分数线")
    basic_min = peewee.FloatField(default=60.0, verbose_name="基本称职分数线")
    excellent_quota = peewee.FloatField(default=20.0, verbose_name="优秀比例(%)")
    ballots = peewee.IntegerField(default=0, verbose_name="民主测评有效票数")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "年度考评"
    KIND_LABEL: ClassVar[str | None] = "年度考评"

    def describe(self) -> str:
        return self.title or f"{self.year}年度综合考评"


class AssessmentCriterion(BaseModel):
    """A criterion of a year's assessment (德, 能, 勤, 绩, 廉 …) and its weight in per cent."""

    assessment = peewee.ForeignKeyField(Assessment, backref="criteria", verbose_name="年度考评")
    name = peewee.CharField(verbose_name="考评项目")
    weight = peewee.FloatField(verbose_name="权重(%)")
    sort_order = peewee.IntegerField(default=0, verbose_name="排序")

    TABLE_LABEL: ClassVar[str] = "考评项目"

    def describe(self) -> str:
        return f"{self.name}（{self.weight:g}%）"


class AssessmentEntry(BaseModel):
    """A cadre assessed in a year, with the post at the time and the computed total, rank and grade."""

    assessment = peewee.ForeignKeyField(Assessment, backref="entries", verbose_name="年度考评")
    person = peewee.ForeignKeyField(Person, backref="assessment_entries", verbose_name="姓名")
    village_name = peewee.CharField(default="", verbose_name="村(社区)")
    post = peewee.CharField(default="", verbose_name="职务")
    total = peewee.FloatField(null=True, verbose_name="总分")
    rank = peewee.IntegerField(null=True, index=True, verbose_name="排名")
    grade = peewee.CharField(default="", verbose_name="等次")
    recommended = peewee.BooleanField(default=False, verbose_name="优先推荐")
    bottom = peewee.BooleanField(default=False, verbose_name="后三名")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "考评对象"
    KIND_LABEL: ClassVar[str | None] = "考评对象"

    def describe(self) -> str:
        return f"{self.person.name}（{self.assessment.year}年度考评）"


class AssessmentScore(BaseModel):
    """The score (0–100) of one cadre on one criterion."""

    entry = peewee.ForeignKeyField(AssessmentEntry, backref="scores", verbose_name="考评对象")
    criterion = peewee.ForeignKeyField(AssessmentCriterion, backref="scores", verbose_name="考评项目")
    score = peewee.FloatField(verbose_name="得分")

    TABLE_LABEL: ClassVar[str] = "考评得分"


class DemocraticTally(BaseModel):
    """How many ballots of the democratic evaluation gave a cadre one grade."""

    entry = peewee.ForeignKeyField(AssessmentEntry, backref="tallies", verbose_name="考评对象")
    grade = peewee.CharField(verbose_name="等次")
    count = peewee.IntegerField(default=0, verbose_name="票数")

    TABLE_LABEL: ClassVar[str] = "民主测评票数"
