"""Elections (换届) of the village committees and the cadre file's own records (简历, 学历, 奖惩, 家庭, 照片)."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village


class Election(BaseModel):
    """One election of one committee of a village: when, which term (届次), how, and when the term ends."""

    village = peewee.ForeignKeyField(Village, backref="elections", verbose_name="村(社区)")
    committee = peewee.CharField(index=True, verbose_name="组织")  # 党组织 / 村(居)委会 / 监委会
    held_on = peewee.DateField(index=True, verbose_name="选举日期")
    term_number = peewee.IntegerField(null=True, verbose_name="届次")
    method = peewee.CharField(default="", verbose_name="选举方式")
    term_ends_on = peewee.DateField(null=True, verbose_name="任期届满")
    general = peewee.BooleanField(default=True, verbose_name="换届选举")  # False: 补选
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "换届选举"
    KIND_LABEL: ClassVar[str | None] = "换届选举"

    def describe(self) -> str:
        return f"{self.village.name}{self.committee}（{self.held_on}）"


class ElectionResult(BaseModel):
    """Who was elected to which post in an election (the post itself is a CadrePost)."""

    election = peewee.ForeignKeyField(Election, backref="results", verbose_name="选举")
    person = peewee.ForeignKeyField(Person, backref="election_results", verbose_name="姓名")
    post = peewee.CharField(verbose_name="当选职务")
    votes = peewee.IntegerField(null=True, verbose_name="得票")
    from_reserve = peewee.BooleanField(default=False, verbose_name="从后备干部中选出")
    cadre_post = peewee.ForeignKeyField(CadrePost, null=True, backref="election_results", verbose_name="任职")

    TABLE_LABEL: ClassVar[str] = "选举结果"

    def describe(self) -> str:
        return f"{self.person.name}当选{self.post}"


class ResumeLine(BaseModel):
    """One line of a person's 简历: from–to, unit, post."""

    person = peewee.ForeignKeyField(Person, backref="resume", verbose_name="姓名")
    started_on = peewee.DateField(null=True, verbose_name="起始时间")
    ended_on = peewee.DateField(null=True, verbose_name="终止时间")
    unit = peewee.CharField(default="", verbose_name="单位")
    post = peewee.CharField(default="", verbose_name="职务")

    TABLE_LABEL: ClassVar[str] = "简历"


class EducationRecord(BaseModel):
    """Education of a person: 全日制 or 在职, level, school, major."""

    person = peewee.ForeignKeyField(Person, backref="education_records", verbose_name="姓名")
    mode = peewee.CharField(default="全日制", verbose_name="类别")  # 全日制 / 在职
    level = peewee.CharField(default="", verbose_name="学历")
    school = peewee.CharField(default="", verbose_name="毕业院校")
    major = peewee.CharField(default="", verbose_name="专业")
    graduated_on = peewee.DateField(null=True, verbose_name="毕业时间")

    TABLE_LABEL: ClassVar[str] = "学历学位"


class RewardPenalty(BaseModel):
    """A reward or penalty (奖惩): date, kind, what, by whom."""

    person = peewee.ForeignKeyField(Person, backref="rewards", verbose_name="姓名")
    given_on = peewee.DateField(null=True, verbose_name="时间")
    kind = peewee.CharField(default="奖励", verbose_name="类别")  # 奖励 / 惩处
    title = peewee.CharField(default="", verbose_name="名称")
    given_by = peewee.CharField(default="", verbose_name="批准机关")

    TABLE_LABEL: ClassVar[str] = "奖惩情况"


class FamilyMember(BaseModel):
    """A main family member (家庭主要成员), optional in the cadre file."""

    person = peewee.ForeignKeyField(Person, backref="family", verbose_name="姓名")
    relation = peewee.CharField(default="", verbose_name="称谓")
    name = peewee.CharField(default="", verbose_name="姓名")
    birth_year = peewee.IntegerField(null=True, verbose_name="出生年份")
    political = peewee.CharField(default="", verbose_name="政治面貌")
    work = peewee.CharField(default="", verbose_name="工作单位及职务")

    TABLE_LABEL: ClassVar[str] = "家庭主要成员"


class PersonPhoto(BaseModel):
    """A person's photo for the cadre file (the image bytes travel with the file to the county)."""

    person = peewee.ForeignKeyField(Person, backref="photos", verbose_name="姓名")
    image = peewee.BlobField(verbose_name="照片")
    file_name = peewee.CharField(default="", verbose_name="文件名")

    TABLE_LABEL: ClassVar[str] = "照片"
