"""Demo village work teams: teams with first secretaries, a year of attendance with leave and absences,
spot checks (one member recalled and replaced, one talk pending), work logs, last year's assessment and
joint meetings. A township gets 6 teams; the county demo about 130 (bulk inserts only)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from township_desk.models.households import Household
from township_desk.models.people import Person
from township_desk.models.work_teams import (
    TeamAssessment,
    TeamAttendance,
    TeamCheckFinding,
    TeamIndicator,
    TeamJointMeeting,
    TeamLeave,
    TeamLogHousehold,
    TeamSpotCheck,
    TeamWorkLog,
    WorkTeam,
    WorkTeamMember,
)
from township_desk.services.demo import DemoContext, bulk_insert, stamp
from township_desk.services.work_teams import (
    ACTION_RECALL,
    ACTION_TALK,
    END_RECALLED,
    END_REPLACED,
    EXPECTED_KIND,
    ROLE_LEADER,
    ROLE_MEMBER,
    STAGES,
)
from township_desk.services.work_teams.assessment import DEFAULT_INDICATORS

UNITS = {
    "党群": ("县委组织部", "县委宣传部", "县委统战部", "县总工会", "团县委", "县妇联", "县委党校"),
    "经济": ("县发展和改革局", "县财政局", "县商务局", "县工业和信息化局", "县统计局", "县农商银行"),
    "政法": ("县委政法委", "县公安局", "县人民法院", "县人民检察院", "县司法局"),
    "涉农": ("县农业农村局", "县林业局", "县水利局", "县乡村振兴局", "县畜牧水产事务中心"),
}
CATEGORY_WEIGHTS = {
    "软弱涣散村": 3,
    "脱贫村": 4,
    "乡村振兴重点帮扶村": 3,
    "矛盾纠纷多发村": 2,
    "产业村": 4,
    "示范创建村": 2,
}
POSTS = ("四级主任科员", "二级主任科员", "副科长", "科员", "副主任", "办公室主任", "股长")
LEAVE_REASONS = {
    "事假": "家中有事需回家处理",
    "病假": "身体不适需就医",
    "年休假": "休年休假",
    "探亲假": "回家探望父母",
}
LOG_TEXTS = {
    "走访": (
        "入户走访，了解家庭收入和产业发展情况，宣传惠民政策。",
        "走访独居老人和留守儿童家庭，登记实际困难。",
    ),
    "项目": ("对接派出单位，落实村道硬化项目资金。", "实地查看产业基地建设进度，协调解决用地问题。"),
    "会议": ("参加村“两委”班子会议，研究年度重点工作。", "组织召开村民代表会议，征求发展规划意见。"),
    "调解": ("调解两户村民宅基地纠纷，双方达成一致。", "协调处理山林权属争议，形成书面调解意见。"),
    "其他": ("整理驻村工作台账，撰写月度工作小结。", "参加镇里组织的业务培训。"),
}
MEETING_TOPICS = (
    "通报上半年驻村工作情况，研究解决帮扶项目资金问题",
    "总结年度驻村帮扶工作，部署明年重点任务",
    "研究驻村工作队考勤管理和督查暗访发现的问题",
)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.first_day = ctx.today - timedelta(days=365)
        self.rows: dict[type, list[dict[str, Any]]] = {
            m: []
            for m in (
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
        }
        self.marks: dict[str, dict[date, str]] = {}  # member id → day → mark
        self.members: list[dict[str, Any]] = []
        self.talk_pending: dict[str, Any] | None = None

    def person(self) -> dict[str, Any]:
        return self.ctx.new_person(
            youngest=27,
            oldest=52,
            village=None,
            education=self.rng.choice(["大学本科", "大学本科", "研究生", "大学专科"]),
            political="中共党员",
        )

    def member(self, team: dict[str, Any], role: str, started: date) -> dict[str, Any]:
        person = self.person()
        row = stamp(
            {
                "team": team["id"],
                "person": person["id"],
                "role": role,
                "unit": team["sending_unit"],
                "post": self.rng.choice(POSTS),
                "phone": person["phone"],
                "started_on": started,
                "ended_on": None,
                "end_kind": "",
                "end_reason": "",
            }
        )
        self.rows[WorkTeamMember].append(row)
        self.members.append(row)
        return row

    def team(self, village: dict[str, Any], misfit: bool = False) -> dict[str, Any]:
        rng = self.rng
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        if misfit:
            category = rng.choice(list(EXPECTED_KIND))
        kind = EXPECTED_KIND.get(category) or rng.choice(list(UNITS))
        if misfit or rng.random() < 0.08:  # a few that do not fit (因村派人 flag)
            kind = rng.choice([k for k in UNITS if k != kind])
        started = date(self.first_day.year, 3, 1) - timedelta(days=rng.randint(0, 60))
        team = stamp(
            {
                "village": village["id"],
                "sending_unit": rng.choice(UNITS[kind]),
                "unit_kind": kind,
                "village_category": category,
                "started_on": started,
                "ended_on": date(started.year + 3, started.month, 1),
                "notes": "",
            }
        )
        self.rows[WorkTeam].append(team)
        self.member(team, ROLE_LEADER, started)
        for _ in range(1 if rng.random() < 0.45 else 2):
            self.member(team, ROLE_MEMBER, started)
        return team

    # ---- attendance
    def attendance(self, member: dict[str, Any], slack: bool) -> None:
        rng = self.rng
        start = max(member["started_on"], self.first_day)
        end = min(member["ended_on"] or self.today - timedelta(days=1), self.today - timedelta(days=1))
        marks: dict[date, str] = {}
        for day in _days(start, end):
            weekend = day.weekday() >= 5
            roll = rng.random()
            if weekend:
                mark = "在" if roll < 0.35 else "-"
            elif slack and roll < 0.3:
                mark = "缺"
            else:
                mark = "公" if roll > 0.93 else "在"
            marks[day] = mark
        self.marks[member["id"]] = marks
        # leave: one or two requests a year, the marks follow
        for _ in range(rng.randint(0, 2)):
            first = self.ctx.date_between(start, max(start, end - timedelta(days=5)))
            kind = rng.choice(list(LEAVE_REASONS))
            last = first + timedelta(days=rng.randint(0, 3))
            if any(
                first <= leave["ends_on"] and last >= leave["starts_on"]
                for leave in self.rows[TeamLeave]
                if leave["member"] == member["id"]
            ):
                continue
            closed = last < self.today - timedelta(days=3) and rng.random() > 0.12
            self.rows[TeamLeave].append(
                stamp(
                    {
                        "member": member["id"],
                        "kind": kind,
                        "starts_on": first,
                        "ends_on": last,
                        "reason": LEAVE_REASONS[kind],
                        "approved_by": "镇党委副书记",
                        "approved_on": first - timedelta(days=1),
                        "returned_on": last + timedelta(days=1) if closed else None,
                        "notes": "",
                    }
                )
            )
            mark = {"事假": "事", "病假": "病", "年休假": "休", "探亲假": "探"}[kind]
            for day in _days(first, last):
                if day in marks:
                    marks[day] = mark

    def store_attendance(self) -> None:
        for member_id, marks in self.marks.items():
            months: dict[date, list[str]] = {}
            for day, mark in marks.items():
                month = day.replace(day=1)
                if month not in months:
                    following = (month + timedelta(days=32)).replace(day=1)
                    months[month] = ["-"] * (following - month).days
                months[month][day.day - 1] = mark
            for month, days in months.items():
                self.rows[TeamAttendance].append(
                    stamp({"member": member_id, "month": month, "days": "".join(days)})
                )

    # ---- spot checks: one member absent twice (recalled, replaced), one absent once (talk pending)
    def checks(self, teams: list[dict[str, Any]]) -> None:
        rng = self.rng
        count = 4 if not self.ctx.county else 10
        span = (self.today - timedelta(days=5) - (self.first_day + timedelta(days=60))).days
        dates = sorted(
            {self.first_day + timedelta(days=60 + span * (i + 1) // (count + 1)) for i in range(count)}
        )
        dates = [d - timedelta(days=max(0, d.weekday() - 4)) for d in dates]  # weekdays
        recalled = self.members[1] if len(self.members) > 1 else None
        talk_pending = next(
            (m for m in reversed(self.members) if m is not recalled and self._serving(m, dates[-1])),
            self.members[-1],
        )
        self.talk_pending = talk_pending
        for index, day in enumerate(dates):
            check = stamp(
                {
                    "check_date": day,
                    "inspectors": "镇纪委、组织办联合督查组",
                    "notes": "不打招呼、直奔现场，查看住宿和工作台账。",
                }
            )
            self.rows[TeamSpotCheck].append(check)
            picked = rng.sample(teams, k=min(len(teams), 3 if not self.ctx.county else 12))
            for team in picked:
                for member in [m for m in self.members if m["team"] == team["id"] and self._serving(m, day)]:
                    self._finding(check, member, day, absent=False)
            targets = []
            if recalled is not None and index in (0, len(dates) - 2) and self._serving(recalled, day):
                targets.append(recalled)
            if index == len(dates) - 1 and self._serving(talk_pending, day):
                targets.append(talk_pending)
            for member in targets:
                self._finding(check, member, day, absent=True)
        if recalled is not None:
            self._recall(recalled)

    def _serving(self, member: dict[str, Any], day: date) -> bool:
        return member["started_on"] <= day and (member["ended_on"] is None or member["ended_on"] >= day)

    def _finding(self, check: dict[str, Any], member: dict[str, Any], day: date, absent: bool) -> None:
        mark = self.marks.get(member["id"], {}).get(day, "-")
        if absent:  # found away without leave: no leave request covers the day
            dropped = [
                leave
                for leave in self.rows[TeamLeave]
                if leave["member"] == member["id"] and leave["starts_on"] <= day <= leave["ends_on"]
            ]
            for leave in dropped:
                self.rows[TeamLeave].remove(leave)
                for other in _days(leave["starts_on"], leave["ends_on"]):
                    if other in self.marks.get(member["id"], {}):
                        self.marks[member["id"]][other] = "在"
            mark = "缺"
        on_leave = mark in "事病休探"
        present = not absent and mark != "缺" and not on_leave
        findings = self.rows[TeamCheckFinding]
        findings[:] = [f for f in findings if not (f["check"] == check["id"] and f["member"] == member["id"])]
        action, done = "", None
        if not present and not on_leave:
            earlier = [f for f in findings if f["member"] == member["id"] and f["action"]]
            action = ACTION_RECALL if earlier else ACTION_TALK
            done = (
                day + timedelta(days=3)
                if day + timedelta(days=3) < self.today
                and action == ACTION_TALK
                and member is not self.talk_pending
                else None
            )
            if day in self.marks.get(member["id"], {}):
                self.marks[member["id"]][day] = "缺"
        elif present and day in self.marks.get(member["id"], {}):
            self.marks[member["id"]][day] = "在"
        findings.append(
            stamp(
                {
                    "check": check["id"],
                    "member": member["id"],
                    "present": present,
                    "on_leave": on_leave,
                    "action": action,
                    "action_done_on": done,
                    "notes": "" if present or on_leave else "住所无人，电话联系称在原单位",
                }
            )
        )

    def _recall(self, member: dict[str, Any]) -> None:
        recall = [
            f
            for f in self.rows[TeamCheckFinding]
            if f["member"] == member["id"] and f["action"] == ACTION_RECALL
        ]
        if not recall:
            return
        finding = recall[-1]
        check_day = next(c["check_date"] for c in self.rows[TeamSpotCheck] if c["id"] == finding["check"])
        ended = min(check_day + timedelta(days=7), self.today - timedelta(days=1))
        finding["action_done_on"] = ended
        member.update(
            ended_on=ended,
            end_kind=END_RECALLED,
            end_reason=f"{check_day}督查暗访再次发现不在岗且未请假，经镇党委研究予以召回",
        )
        marks = self.marks.get(member["id"], {})
        for day in [d for d in marks if d > ended]:
            del marks[day]
        team = next(t for t in self.rows[WorkTeam] if t["id"] == member["team"])
        replacement = self.member(team, member["role"], ended + timedelta(days=1))
        if replacement["started_on"] < self.today:
            self.attendance(replacement, slack=False)

    # ---- logs, assessment, meetings
    def logs(self, households: dict[str, list[tuple[str, str]]], teams: list[dict[str, Any]]) -> None:
        rng = self.rng
        village_of = {t["id"]: t["village"] for t in teams}
        per_month = 2 if not self.ctx.county else 1
        for member in self.members:
            days = sorted(d for d, m in self.marks.get(member["id"], {}).items() if m == "在")
            if not days:
                continue
            step = max(1, len(days) // max(1, per_month * 12))
            for day in days[::step]:
                kind = rng.choices(list(LOG_TEXTS), [5, 2, 2, 1, 1])[0]
                log = stamp(
                    {
                        "member": member["id"],
                        "log_date": day,
                        "kind": kind,
                        "text": rng.choice(LOG_TEXTS[kind]),
                        "households_text": "",
                    }
                )
                if kind == "走访":
                    visited = households.get(village_of[member["team"]], [])
                    picked = rng.sample(visited, k=min(len(visited), rng.randint(1, 3)))
                    log["households_text"] = "、".join(f"{name}户" for _id, name in picked)
                    for household_id, _name in picked:
                        self.rows[TeamLogHousehold].append(
                            stamp({"log": log["id"], "household": household_id})
                        )
                self.rows[TeamWorkLog].append(log)

    def assessment(self, teams: list[dict[str, Any]]) -> None:
        rng = self.rng
        year = self.today.year - 1
        for index, team in enumerate(teams):
            for order, (stage, content, full) in enumerate(DEFAULT_INDICATORS, start=1):
                self.rows[TeamIndicator].append(
                    stamp(
                        {
                            "team": team["id"],
                            "year": year,
                            "stage": stage,
                            "content": content,
                            "max_score": full,
                            "score": round(full * rng.uniform(0.7, 0.98)),
                            "sort_order": order,
                        }
                    )
                )
            satisfaction = round(rng.uniform(82, 99), 1) if index != 1 else 64.5  # one team vetoed
            self.rows[TeamAssessment].append(
                stamp(
                    {
                        "team": team["id"],
                        "year": year,
                        "satisfaction": satisfaction,
                        "result_use": "",
                        "notes": "",
                    }
                )
            )
        assert len(STAGES) == len(DEFAULT_INDICATORS)

    def meetings(self, teams: list[dict[str, Any]]) -> None:
        for index, topic in enumerate(MEETING_TOPICS):
            day = self.first_day + timedelta(days=100 * index + 20)
            if day >= self.today:
                break
            team = teams[index % len(teams)]
            self.rows[TeamJointMeeting].append(
                stamp(
                    {
                        "meeting_date": day,
                        "team": team["id"] if index == 2 else None,
                        "place": "镇党委会议室",
                        "attendees": "县委组织部、县乡村振兴局、派出单位负责人、镇党委书记、各驻村第一书记、村党组织书记",
                        "topics": topic,
                        "decisions": "一、严格落实考勤和请销假制度；二、帮扶项目资金由派出单位年内落实到位。",
                    }
                )
            )


def _households_by_village() -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for household_id, village_id, name in (
        Household.select(Household.id, Household.village, Household.head_name)
        .where(Household.deleted_at.is_null())
        .tuples()
    ):
        if village_id:
            found.setdefault(village_id, []).append((household_id, name))
    return found


def populate(ctx: DemoContext) -> None:
    villages = [v for v in ctx.villages if v.get("kind", "村") == "村"]
    count = 6 if not ctx.county else 130
    chosen = ctx.rng.sample(villages, k=min(count, len(villages)))
    chosen.sort(key=lambda v: v.get("sort_order", 0))
    builder = Builder(ctx)
    people_start = len(ctx.people)
    teams = [builder.team(village, misfit=index == 3) for index, village in enumerate(chosen)]
    # a member replaced at his unit's request, the history the roster keeps
    moved = next((m for m in builder.members[3:] if m["role"] == ROLE_MEMBER), None)
    if moved is not None:
        moved.update(
            ended_on=ctx.today - timedelta(days=100),
            end_kind=END_REPLACED,
            end_reason="派出单位工作调整，经县委组织部同意轮换",
        )
        team = next(t for t in builder.rows[WorkTeam] if t["id"] == moved["team"])
        builder.member(team, ROLE_MEMBER, ctx.today - timedelta(days=99))
    slack = {m["id"] for m in builder.members[2::7]}  # a few who are often away
    for member in list(builder.members):
        builder.attendance(member, slack=member["id"] in slack)
    builder.checks(teams)
    builder.store_attendance()
    builder.logs(_households_by_village(), teams)
    builder.assessment(teams)
    builder.meetings(teams)
    bulk_insert(Person, ctx.people[people_start:])
    for model, rows in builder.rows.items():
        bulk_insert(model, rows)
    ctx.extra["work_teams"] = len(teams)
    ctx.extra["work_team_members"] = len(builder.rows[WorkTeamMember])
