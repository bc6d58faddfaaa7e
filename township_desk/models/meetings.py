"""组织生活: meetings of a branch or Party group (三会一课 and others), attendance, 屋场会 households and issues,
民主评议党员 results, Party groups (党小组, 服务型党小组), grids (网格) and posts (设岗定责)."""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.households import Household, HouseholdMatter
from township_desk.models.party_days import PartyBranch
from township_desk.models.people import Person


class PartyGroup(BaseModel):
    """A Party group of a branch: an ordinary 党小组 or a 服务型党小组 gathering members by place."""

    branch = peewee.ForeignKeyField(PartyBranch, backref="groups", verbose_name="党支部")
    name = peewee.CharField(index=True, verbose_name="党小组")
    kind = peewee.CharField(default="党小组", verbose_name="类型")  # 党小组 / 服务型党小组
    leader = peewee.ForeignKeyField(Person, null=True, backref="led_groups", verbose_name="组长")
    area = peewee.CharField(default="", verbose_name="服务区域")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "党小组"
    KIND_LABEL: ClassVar[str | None] = "党小组"

    def describe(self) -> str:
        return f"{self.branch.name} {self.name}"


class PartyGroupMember(BaseModel):
    """A member's place in a Party group."""

    group = peewee.ForeignKeyField(PartyGroup, backref="members", verbose_name="党小组")
    person = peewee.ForeignKeyField(Person, backref="group_memberships", verbose_name="姓名")

    TABLE_LABEL: ClassVar[str] = "党小组成员"
    KIND_LABEL: ClassVar[str | None] = None

    def describe(self) -> str:
        return f"{self.person.name}（{self.group.name}）"


class Grid(BaseModel):
    """A grid (网格) a Party group looks after, with the member who keeps it and the households it covers."""

    group = peewee.ForeignKeyField(PartyGroup, backref="grids", verbose_name="党小组")
    name = peewee.CharField(verbose_name="网格")
    keeper = peewee.ForeignKeyField(Person, null=True, backref="kept_grids", verbose_name="网格员")
    area = peewee.CharField(default="", verbose_name="范围")

    TABLE_LABEL: ClassVar[str] = "网格"
    KIND_LABEL: ClassVar[str | None] = "网格"

    def describe(self) -> str:
        return f"{self.group.name} {self.name}"


class GridHousehold(BaseModel):
    """A household (联系户) inside a grid."""

    grid = peewee.ForeignKeyField(Grid, backref="households", verbose_name="网格")
    household = peewee.ForeignKeyField(Household, backref="grid_places", verbose_name="联系户")

    TABLE_LABEL: ClassVar[str] = "网格户"
    KIND_LABEL: ClassVar[str | None] = None


class ServicePost(BaseModel):
    """A post (岗位) members without office can take, with its usual duties (editable list)."""

    name = peewee.CharField(index=True, verbose_name="岗位")
    duties = peewee.TextField(default="", verbose_name="岗位职责")
    sort_order = peewee.IntegerField(default=0, verbose_name="排序")

    TABLE_LABEL: ClassVar[str] = "党员岗位"
    KIND_LABEL: ClassVar[str | None] = "党员岗位"


class MemberPost(BaseModel):
    """A member's post (设岗定责): which post, in which group and grid, with the duties written for them."""

    person = peewee.ForeignKeyField(Person, backref="service_posts", verbose_name="姓名")
    post = peewee.ForeignKeyField(ServicePost, backref="holders", verbose_name="岗位")
    group = peewee.ForeignKeyField(PartyGroup, null=True, backref="posts", verbose_name="党小组")
    grid = peewee.ForeignKeyField(Grid, null=True, backref="posts", verbose_name="网格")
    duties = peewee.TextField(default="", verbose_name="岗位职责")
    started_on = peewee.DateField(null=True, verbose_name="设岗时间")

    TABLE_LABEL: ClassVar[str] = "设岗定责"
    KIND_LABEL: ClassVar[str | None] = "设岗定责"

    def describe(self) -> str:
        return f"{self.person.name}（{self.post.name}）"


class Meeting(BaseModel):
    """One meeting of a branch (or of one of its groups): 支部党员大会, 支部委员会, 党小组会, 党课, 组织生活会,
    民主评议党员, 集体学习 or 屋场会. The theme Party day stays in its own table."""

    branch = peewee.ForeignKeyField(PartyBranch, backref="meetings", verbose_name="党支部")
    group = peewee.ForeignKeyField(PartyGroup, null=True, backref="meetings", verbose_name="党小组")
    kind = peewee.CharField(index=True, verbose_name="会议类型")
    held_on = peewee.DateField(index=True, verbose_name="会议日期")
    place = peewee.CharField(default="", verbose_name="会议地点")
    chair = peewee.CharField(default="", verbose_name="主持人")
    recorder = peewee.CharField(default="", verbose_name="记录人")
    topic = peewee.CharField(default="", verbose_name="会议主题")
    record = peewee.TextField(default="", verbose_name="会议记录")
    decisions = peewee.TextField(default="", verbose_name="决定事项")
    villagers = peewee.TextField(default="", verbose_name="参加群众")

    TABLE_LABEL: ClassVar[str] = "组织生活会议"
    KIND_LABEL: ClassVar[str | None] = "会议记录"

    class Meta:
        indexes = ((("branch", "kind", "held_on"), False),)

    def describe(self) -> str:
        return f"{self.branch.name} {self.held_on.isoformat()} {self.kind}"


class MeetingAttendance(BaseModel):
    """Whether one member came to one meeting: 出席, 请假 (with a reason) or 缺席."""

    meeting = peewee.ForeignKeyField(Meeting, backref="attendance", verbose_name="会议")
    person = peewee.ForeignKeyField(Person, backref="meeting_attendance", verbose_name="姓名")
    status = peewee.CharField(default="出席", verbose_name="出席情况")
    reason = peewee.CharField(default="", verbose_name="请假原因")

    TABLE_LABEL: ClassVar[str] = "会议出席"
    KIND_LABEL: ClassVar[str | None] = None


class MeetingHousehold(BaseModel):
    """A household that came to a 屋场会."""

    meeting = peewee.ForeignKeyField(Meeting, backref="households", verbose_name="会议")
    household = peewee.ForeignKeyField(Household, backref="meetings", verbose_name="联系户")

    TABLE_LABEL: ClassVar[str] = "屋场会参会户"
    KIND_LABEL: ClassVar[str | None] = None


class MeetingIssue(BaseModel):
    """An issue raised at a meeting (屋场会); when it is a household's matter it is followed in 联系户."""

    meeting = peewee.ForeignKeyField(Meeting, backref="issues", verbose_name="会议")
    household = peewee.ForeignKeyField(Household, null=True, backref="meeting_issues", verbose_name="联系户")
    content = peewee.TextField(verbose_name="反映问题")
    matter = peewee.ForeignKeyField(
        HouseholdMatter, null=True, backref="meeting_issues", verbose_name="群众诉求"
    )

    TABLE_LABEL: ClassVar[str] = "会上反映问题"
    KIND_LABEL: ClassVar[str | None] = None


class MemberAppraisal(BaseModel):
    """One member's result in the year's 民主评议党员 of a branch: 优秀 / 合格 / 基本合格 / 不合格."""

    branch = peewee.ForeignKeyField(PartyBranch, backref="appraisals", verbose_name="党支部")
    person = peewee.ForeignKeyField(Person, backref="appraisals", verbose_name="姓名")
    year = peewee.IntegerField(index=True, verbose_name="年度")
    result = peewee.CharField(verbose_name="评议结果")
    meeting = peewee.ForeignKeyField(Meeting, null=True, backref="appraisals", verbose_name="评议会议")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "民主评议党员"
    KIND_LABEL: ClassVar[str | None] = None

    class Meta:
        indexes = ((("year", "branch"), False),)

    def describe(self) -> str:
        return f"{self.person.name} {self.year}年 {self.result}"


MODELS: tuple[type[BaseModel], ...] = (
    PartyGroup,
    PartyGroupMember,
    Grid,
    GridHousehold,
    ServicePost,
    MemberPost,
    Meeting,
    MeetingAttendance,
    MeetingHousehold,
    MeetingIssue,
    MemberAppraisal,
)
