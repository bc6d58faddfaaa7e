"""Party branches (党支部), their members, and the monthly theme Party day (主题党日 “4+X”)."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.people import Person, Village


class PartyBranch(BaseModel):
    """A Party branch of the township: one per village or community, plus offices and schools."""

    name = peewee.CharField(index=True, verbose_name="党支部")
    village = peewee.ForeignKeyField(Village, null=True, backref="party_branches", verbose_name="村(社区)")
    # The secretary's person id, not a foreign key: deleting a person must not take the branch along.
    secretary_id = peewee.CharField(null=True, max_length=32, verbose_name="支部书记")
    sort_order = peewee.IntegerField(default=0, verbose_name="排序")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "党支部"
    KIND_LABEL: ClassVar[str | None] = "党支部"


class BranchMember(BaseModel):
    """A Party member's place in a branch. 入党时间 and 正式/预备 live on the person."""

    branch = peewee.ForeignKeyField(PartyBranch, backref="members", verbose_name="党支部")
    person = peewee.ForeignKeyField(Person, backref="branch_memberships", verbose_name="姓名")
    joined_on = peewee.DateField(null=True, verbose_name="转入本支部时间")
    left_on = peewee.DateField(null=True, index=True, verbose_name="转出时间")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "支部党员"
    KIND_LABEL: ClassVar[str | None] = None  # goes to the bin with its branch or person

    def describe(self) -> str:
        return f"{self.person.name}（{self.branch.name}）"


class PartyDay(BaseModel):
    """One branch's theme Party day of one month: four fixed items plus theme X, and who came."""

    branch = peewee.ForeignKeyField(PartyBranch, backref="party_days", verbose_name="党支部")
    held_on = peewee.DateField(index=True, verbose_name="活动日期")
    month = peewee.CharField(index=True, verbose_name="月份")  # "2024-03", one record per branch and month
    late_reason = peewee.TextField(default="", verbose_name="调整日期原因")
    theme = peewee.CharField(default="", verbose_name="活动主题")
    items_done = peewee.TextField(default="", verbose_name="固定动作")  # item names joined by "、"
    place = peewee.CharField(default="", verbose_name="活动地点")
    # Names as written on the record: the host may be a township leader who is no member.
    host = peewee.CharField(default="", verbose_name="主持人")
    recorder = peewee.CharField(default="", verbose_name="记录人")
    summary = peewee.TextField(default="", verbose_name="活动情况")
    guests = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="列席人员")
    makeup = peewee.TextField(default="", constraints=[peewee.SQL("DEFAULT ''")], verbose_name="补课情况")

    TABLE_LABEL: ClassVar[str] = "主题党日"
    KIND_LABEL: ClassVar[str | None] = "主题党日"

    class Meta:
        indexes = ((("branch", "month"), False),)

    def describe(self) -> str:
        return f"{self.branch.name} {self.held_on.isoformat()} 主题党日"


class PartyDayAttendance(BaseModel):
    """Whether one member came to one theme day: 出席, 请假 (with a reason) or 缺席."""

    day = peewee.ForeignKeyField(PartyDay, backref="attendance", verbose_name="主题党日")
    person = peewee.ForeignKeyField(Person, backref="party_day_attendance", verbose_name="姓名")
    status = peewee.CharField(default="出席", verbose_name="出席情况")
    reason = peewee.CharField(default="", verbose_name="请假原因")

    TABLE_LABEL: ClassVar[str] = "主题党日出席"
    KIND_LABEL: ClassVar[str | None] = None


class PartyDayItem(BaseModel):
    """A fixed item (固定动作) of the theme days of one year, in the order the record lists them."""

    year = peewee.IntegerField(index=True, verbose_name="年度")
    name = peewee.CharField(verbose_name="固定动作")
    sort_order = peewee.IntegerField(default=0, verbose_name="排序")

    TABLE_LABEL: ClassVar[str] = "主题党日固定动作"
    KIND_LABEL: ClassVar[str | None] = None
