"""Village work teams (驻村工作队) and first secretaries (第一书记): members, attendance, leave, spot checks,
work logs, the yearly four-stage assessment and joint meetings.

Attendance is kept as one row per member and month: `days` holds one mark per day of the month (see
services/work_teams/attendance.py for the marks), so a county's year of ledgers is a few thousand rows.
"""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.households import Household
from township_desk.models.people import Person, Village


class WorkTeam(BaseModel):
    """A team stationed in one village by a sending unit (派出单位) for a period."""

    village = peewee.ForeignKeyField(Village, backref="work_teams", index=True, verbose_name="派驻村(社区)")
    sending_unit = peewee.CharField(default="", verbose_name="派出单位")
    unit_kind = peewee.CharField(default="", verbose_name="派出单位类别")
    village_category = peewee.CharField(default="", verbose_name="村类别")
    started_on = peewee.DateField(null=True, verbose_name="派驻时间")
    ended_on = peewee.DateField(null=True, verbose_name="期满时间")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "驻村工作队"
    KIND_LABEL: ClassVar[str | None] = "驻村工作队"

    class Meta:
        table_name = "work_team"

    def describe(self) -> str:
        return f"{self.village.name}驻村工作队（{self.sending_unit}）"


class WorkTeamMember(BaseModel):
    """A person on a team: the leader (队长, who is the village's 第一书记) or a member, from–to."""

    team = peewee.ForeignKeyField(WorkTeam, backref="members", index=True, verbose_name="驻村工作队")
    person = peewee.ForeignKeyField(Person, backref="work_team_posts", index=True, verbose_name="姓名")
    role = peewee.CharField(default="队员", verbose_name="职务")
    unit = peewee.CharField(default="", verbose_name="工作单位")
    post = peewee.CharField(default="", verbose_name="单位职务")
    phone = peewee.CharField(default="", verbose_name="联系电话")
    started_on = peewee.DateField(null=True, verbose_name="驻村时间")
    ended_on = peewee.DateField(null=True, verbose_name="离队时间")
    end_kind = peewee.CharField(default="", verbose_name="离队方式")
    end_reason = peewee.TextField(default="", verbose_name="离队原因")

    TABLE_LABEL: ClassVar[str] = "驻村工作队队员"
    KIND_LABEL: ClassVar[str | None] = "驻村工作队队员"

    class Meta:
        table_name = "work_team_member"

    def describe(self) -> str:
        return f"{self.person.name}（{self.team.village.name}驻村工作队{self.role}）"


class TeamAttendance(BaseModel):
    """One member's attendance ledger for one month: `days` has one mark per day (index 0 = the 1st)."""

    member = peewee.ForeignKeyField(WorkTeamMember, backref="attendance", index=True, verbose_name="队员")
    month = peewee.DateField(index=True, verbose_name="月份")
    days = peewee.CharField(default="", verbose_name="考勤")

    TABLE_LABEL: ClassVar[str] = "驻村考勤"

    class Meta:
        table_name = "team_attendance"


class TeamLeave(BaseModel):
    """A leave request (请假) of a member: dates, reason, who approved it, and the return (销假)."""

    member = peewee.ForeignKeyField(WorkTeamMember, backref="leaves", index=True, verbose_name="队员")
    kind = peewee.CharField(default="事假", verbose_name="请假类别")
    starts_on = peewee.DateField(verbose_name="开始日期")
    ends_on = peewee.DateField(verbose_name="结束日期")
    reason = peewee.TextField(default="", verbose_name="请假事由")
    approved_by = peewee.CharField(default="", verbose_name="审批人")
    approved_on = peewee.DateField(null=True, verbose_name="审批日期")
    returned_on = peewee.DateField(null=True, verbose_name="销假日期")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "驻村请假"
    KIND_LABEL: ClassVar[str | None] = "请假记录"

    class Meta:
        table_name = "team_leave"

    def describe(self) -> str:
        return f"{self.member.person.name}{self.kind}（{self.starts_on}至{self.ends_on}）"


class TeamSpotCheck(BaseModel):
    """An unannounced check (督查暗访) of village work teams."""

    check_date = peewee.DateField(index=True, verbose_name="检查日期")
    inspectors = peewee.CharField(default="", verbose_name="检查人员")
    notes = peewee.TextField(default="", verbose_name="检查情况")

    TABLE_LABEL: ClassVar[str] = "督查暗访"
    KIND_LABEL: ClassVar[str | None] = "督查暗访"

    class Meta:
        table_name = "team_spot_check"

    def describe(self) -> str:
        return f"{self.check_date}督查暗访"


class TeamCheckFinding(BaseModel):
    """Whom a spot check found present or absent; an absence without leave asks for an action (谈话/召回)."""

    check = peewee.ForeignKeyField(TeamSpotCheck, backref="findings", index=True, verbose_name="督查暗访")
    member = peewee.ForeignKeyField(WorkTeamMember, backref="findings", index=True, verbose_name="队员")
    present = peewee.BooleanField(default=True, verbose_name="在岗")
    on_leave = peewee.BooleanField(default=False, verbose_name="已请假")
    action = peewee.CharField(default="", verbose_name="处理措施")
    action_done_on = peewee.DateField(null=True, verbose_name="处理日期")
    notes = peewee.TextField(default="", verbose_name="说明")

    TABLE_LABEL: ClassVar[str] = "督查暗访结果"

    class Meta:
        table_name = "team_check_finding"


class TeamWorkLog(BaseModel):
    """A dated work-log entry (工作日志) of a member."""

    member = peewee.ForeignKeyField(WorkTeamMember, backref="logs", index=True, verbose_name="队员")
    log_date = peewee.DateField(index=True, verbose_name="日期")
    kind = peewee.CharField(default="走访", verbose_name="类别")
    text = peewee.TextField(default="", verbose_name="工作内容")
    households_text = peewee.TextField(default="", verbose_name="走访农户")

    TABLE_LABEL: ClassVar[str] = "驻村工作日志"
    KIND_LABEL: ClassVar[str | None] = "工作日志"

    class Meta:
        table_name = "team_work_log"

    def describe(self) -> str:
        return f"{self.member.person.name}{self.log_date}{self.kind}日志"


class TeamLogHousehold(BaseModel):
    """A 联系户 household visited in a work-log entry."""

    log = peewee.ForeignKeyField(TeamWorkLog, backref="household_links", index=True, verbose_name="工作日志")
    household = peewee.ForeignKeyField(Household, backref="team_log_links", index=True, verbose_name="联系户")

    TABLE_LABEL: ClassVar[str] = "日志走访农户"

    class Meta:
        table_name = "team_log_household"


class TeamIndicator(BaseModel):
    """One yearly assessment indicator of a team, under one of the four stages, with its score."""

    team = peewee.ForeignKeyField(WorkTeam, backref="indicators", index=True, verbose_name="驻村工作队")
    year = peewee.IntegerField(index=True, verbose_name="年度")
    stage = peewee.CharField(verbose_name="阶段")
    content = peewee.TextField(default="", verbose_name="考核指标")
    max_score = peewee.FloatField(default=0, verbose_name="分值")
    score = peewee.FloatField(null=True, verbose_name="得分")
    sort_order = peewee.IntegerField(default=0, verbose_name="排序")

    TABLE_LABEL: ClassVar[str] = "驻村考核指标"

    class Meta:
        table_name = "team_indicator"


class TeamAssessment(BaseModel):
    """A team's (its first secretary's) yearly result: residents' satisfaction and what the result leads to."""

    team = peewee.ForeignKeyField(WorkTeam, backref="assessments", index=True, verbose_name="驻村工作队")
    year = peewee.IntegerField(index=True, verbose_name="年度")
    satisfaction = peewee.FloatField(null=True, verbose_name="群众满意率")
    result_use = peewee.CharField(default="", verbose_name="结果运用")
    notes = peewee.TextField(default="", verbose_name="备注")

    TABLE_LABEL: ClassVar[str] = "驻村年度考核"

    class Meta:
        table_name = "team_assessment"


class TeamJointMeeting(BaseModel):
    """A joint meeting (联席会议) of first secretaries, sending units, county, township and village."""

    meeting_date = peewee.DateField(index=True, verbose_name="会议日期")
    team = peewee.ForeignKeyField(
        WorkTeam, null=True, backref="meetings", index=True, verbose_name="驻村工作队"
    )
    place = peewee.CharField(default="", verbose_name="地点")
    attendees = peewee.TextField(default="", verbose_name="参会人员")
    topics = peewee.TextField(default="", verbose_name="议题")
    decisions = peewee.TextField(default="", verbose_name="议定事项")

    TABLE_LABEL: ClassVar[str] = "驻村联席会议"
    KIND_LABEL: ClassVar[str | None] = "联席会议"

    class Meta:
        table_name = "team_joint_meeting"

    def describe(self) -> str:
        return f"{self.meeting_date}联席会议"


WORK_TEAM_MODELS: tuple[type[BaseModel], ...] = (
    WorkTeam,
    WorkTeamMember,
    TeamAttendance,
    TeamLeave,
    TeamSpotCheck,
    TeamCheckFinding,
    TeamWorkLog,
    TeamLogHousehold,
    TeamIndicator,
    TeamAssessment,
    TeamJointMeeting,
)
