"""People, the villages they belong to, and the township's own settings."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.db import database
from township_desk.models.base import BaseModel

VILLAGE_MERGED = "撤并"  # Village.status of a village merged into another one


class Village(BaseModel):
    """A village (村) or community (社区) of the township."""

    name = peewee.CharField(index=True, verbose_name="村(社区)")
    kind = peewee.CharField(default="村", verbose_name="类型")
    sort_order = peewee.IntegerField(default=0, verbose_name="排序")
    # "" while in use; "撤并" once merged into another village (merged_into holds that village's id).
    status = peewee.CharField(default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="状态")
    merged_into = peewee.CharField(null=True, verbose_name="并入")

    TABLE_LABEL: ClassVar[str] = "村(社区)"
    KIND_LABEL: ClassVar[str | None] = "村(社区)"


class Person(BaseModel):
    """One person, whatever roles they hold (cadre, reserve, mentor, Party member, household head …)."""

    name = peewee.CharField(index=True, verbose_name="姓名")
    initials = peewee.CharField(index=True, default="", verbose_name="拼音首字母")
    pinyin = peewee.CharField(index=True, default="", verbose_name="拼音")
    id_number = peewee.CharField(null=True, index=True, verbose_name="身份证号")
    sex = peewee.CharField(default="", verbose_name="性别")
    birth_date = peewee.DateField(null=True, verbose_name="出生日期")
    ethnicity = peewee.CharField(default="", verbose_name="民族")
    political = peewee.CharField(default="", verbose_name="政治面貌")
    party_joined_on = peewee.DateField(null=True, verbose_name="入党时间")
    education = peewee.CharField(default="", verbose_name="学历")
    fulltime_education = peewee.CharField(
        default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="全日制教育"
    )
    inservice_education = peewee.CharField(
        default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="在职教育"
    )
    native_place = peewee.CharField(default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="籍贯")
    phone = peewee.CharField(default="", index=True, verbose_name="联系电话")
    village = peewee.ForeignKeyField(Village, null=True, backref="people", verbose_name="村(社区)")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "人员"
    KIND_LABEL: ClassVar[str | None] = "人员"


class Setting(peewee.Model):
    """A key/value setting of this township's file (its name, unit, code)."""

    key = peewee.CharField(primary_key=True)
    value = peewee.TextField(default="")

    class Meta:
        database = database
        table_name = "setting"
