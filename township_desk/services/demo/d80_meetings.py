"""Demo 组织生活: Party groups with grids over the village's households, posts for members without office,
and the meetings of every kind (last year and this year; the county demo this year only) with attendance,
民主评议党员 results, and 屋场会 whose issues became matters of the households.

Uses its own copy of the shared random source, so the modules after it see the same numbers as before.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from township_desk.db import database
from township_desk.models.base import new_id, utc_now
from township_desk.models.cadres import CadrePost
from township_desk.models.households import Household, HouseholdMatter
from township_desk.models.meetings import (
    Grid,
    GridHousehold,
    Meeting,
    MeetingAttendance,
    MeetingHousehold,
    MeetingIssue,
    MemberAppraisal,
    MemberPost,
    PartyGroup,
    PartyGroupMember,
    ServicePost,
)
from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.people import Person
from township_desk.services.demo import DemoContext, bulk_insert, stamp
from township_desk.services.meetings.terms import (
    APPRAISAL_MEETING,
    COMMITTEE,
    COURTYARD,
    DEFAULT_POSTS,
    GROUP_MEETING,
    LIFE_MEETING,
    MEMBERS_MEETING,
    PARTY_LECTURE,
    STUDY,
)

TOPICS = {
    MEMBERS_MEETING: (
        "讨论发展党员工作",
        "审议村级重大事项“四议两公开”",
        "通报党费收缴情况",
        "研究乡村振兴项目",
    ),
    COMMITTEE: ("研究本月党建工作", "研究人居环境整治", "讨论困难群众救助", "部署防汛工作", "研究产业发展"),
    GROUP_MEETING: ("学习党的创新理论", "交流联系群众情况", "安排网格走访", "讨论志愿服务"),
    PARTY_LECTURE: ("书记讲党课：坚定理想信念", "学习党章党规", "弘扬红色传统", "党员的权利和义务"),
    LIFE_MEETING: ("年度组织生活会：对照检查、批评与自我批评",),
    APPRAISAL_MEETING: ("年度民主评议党员",),
    STUDY: ("集体学习习近平新时代中国特色社会主义思想", "学习《中国共产党农村基层组织工作条例》"),
    COURTYARD: ("屋场会：听民声、解民忧", "屋场会：商议组内道路维修", "屋场会：环境整治动员"),
}
ISSUES = (
    "组内道路坑洼需修补",
    "路灯损坏",
    "饮水管道漏水",
    "希望开展农技培训",
    "垃圾清运不及时",
    "低保政策咨询",
)
PLACES = ("党员活动室", "村部会议室", "党群服务中心")


def _meeting(
    branch: dict[str, Any],
    kind: str,
    day: date,
    rng: random.Random,
    group: str | None = None,
    villagers: str = "",
) -> dict[str, Any]:
    return stamp(
        {
            "branch": branch["id"],
            "group": group,
            "kind": kind,
            "held_on": day,
            "place": "村民小组院坝" if kind == COURTYARD else rng.choice(PLACES),
            "chair": branch["chair"],
            "recorder": branch["recorder"],
            "topic": rng.choice(TOPICS[kind]),
            "record": "传达学习上级精神，结合本村实际开展讨论，与会党员踊跃发言。",
            "decisions": "会议议定事项按分工落实，下次会议通报进展。",
            "villagers": villagers,
        }
    )


def populate(ctx: DemoContext) -> None:
    rng = random.Random()
    rng.setstate(ctx.rng.getstate())
    today = ctx.today
    office = {
        str(p) for (p,) in CadrePost.select(CadrePost.person).where(CadrePost.ended_on.is_null()).tuples()
    }
    members: dict[str, list[str]] = {}
    for branch_id, person_id in (
        BranchMember.select(BranchMember.branch, BranchMember.person)
        .join(Person, on=(BranchMember.person == Person.id))
        .where(BranchMember.left_on.is_null() & BranchMember.deleted_at.is_null())
        .order_by(Person.pinyin)
        .tuples()
    ):
        members.setdefault(str(branch_id), []).append(str(person_id))
    homes: dict[str, list[str]] = {}
    for household_id, village_id in Household.select(Household.id, Household.village).tuples():
        homes.setdefault(str(village_id), []).append(str(household_id))
    posts = [stamp({"name": n, "duties": d, "sort_order": i}) for i, (n, d) in enumerate(DEFAULT_POSTS)]
    rows: dict[Any, list[dict[str, Any]]] = {
        model: []
        for model in (
            PartyGroup,
            PartyGroupMember,
            Grid,
            GridHousehold,
            MemberPost,
            Meeting,
            MeetingAttendance,
            MeetingHousehold,
            MeetingIssue,
            MemberAppraisal,
            HouseholdMatter,
        )
    }
    rows[ServicePost] = posts
    attendance: list[tuple[str, str, str, str, str, str, str]] = []
    now = utc_now().isoformat(" ")
    years = [today.year] if ctx.county else [today.year - 1, today.year]
    branches = list(
        PartyBranch.select(
            PartyBranch.id, PartyBranch.name, PartyBranch.village, PartyBranch.secretary_id
        ).tuples()
    )
    wanted = [str(b[3]) for b in branches if b[3]] + [
        people[1] for people in members.values() if len(people) > 1
    ]
    names = {
        str(i): str(n) for i, n in Person.select(Person.id, Person.name).where(Person.id.in_(wanted)).tuples()
    }
    for branch_id, branch_name, village_id, secretary in branches:
        people = members.get(str(branch_id), [])
        if len(people) < 3:
            continue
        branch = {
            "id": str(branch_id),
            "name": branch_name,
            "chair": names.get(str(secretary), "") if secretary else "",
            "recorder": names.get(people[1], ""),
        }
        # groups: two when the branch is big enough, the first a service-type group
        groups: list[tuple[dict[str, Any], list[str]]] = []
        halves = [people[: len(people) // 2], people[len(people) // 2 :]] if len(people) >= 8 else [people]
        for index, part in enumerate(halves):
            group = stamp(
                {
                    "branch": str(branch_id),
                    "name": f"第{'一二'[index]}党小组",
                    "kind": "服务型党小组" if index == 0 else "党小组",
                    "leader": part[0],
                    "area": f"{index * 3 + 1}—{index * 3 + 3}组" if village_id else "",
                    "notes": "",
                }
            )
            rows[PartyGroup].append(group)
            rows[PartyGroupMember].extend(stamp({"group": group["id"], "person": p}) for p in part)
            groups.append((group, part))
        village_homes = homes.get(str(village_id), []) if village_id else []
        grids: list[tuple[dict[str, Any], list[str]]] = []
        if village_homes:
            group, part = groups[0]
            for index in range(2):
                covered = village_homes[index::2][:40]
                if not covered:
                    continue
                grid = stamp(
                    {
                        "group": group["id"],
                        "name": f"第{index + 1}网格",
                        "keeper": part[index % len(part)],
                        "area": "",
                    }
                )
                rows[Grid].append(grid)
                rows[GridHousehold].extend(stamp({"grid": grid["id"], "household": h}) for h in covered)
                grids.append((grid, covered))
        for group, part in groups:
            for person in part:
                if person in office or person == str(secretary) or rng.random() > 0.6:
                    continue
                post = rng.choice(posts)
                grid_id = rng.choice(grids)[0]["id"] if grids and group is groups[0][0] else None
                rows[MemberPost].append(
                    stamp(
                        {
                            "person": person,
                            "post": post["id"],
                            "group": group["id"],
                            "grid": grid_id,
                            "duties": post["duties"],
                            "started_on": date(today.year - 1, 3, 1),
                        }
                    )
                )

        def attend(meeting: dict[str, Any], who: list[str]) -> None:
            for person in who:
                roll = rng.random()
                status, reason = (
                    ("出席", "") if roll < 0.86 else ("请假", "外出务工") if roll < 0.96 else ("缺席", "")
                )
                attendance.append((new_id(), now, now, meeting["id"], person, status, reason))

        def hold(
            kind: str,
            day: date,
            who: list[str],
            group: str | None = None,
            villagers: str = "",
            branch: dict[str, Any] = branch,
        ) -> dict[str, Any] | None:
            if day >= today:
                return None
            meeting = _meeting(branch, kind, day, rng, group, villagers)
            rows[Meeting].append(meeting)
            attend(meeting, who)
            return meeting

        committee = people[:5]
        for year in years:
            for month in range(1, 13):
                if rng.random() < 0.92:
                    hold(COMMITTEE, date(year, month, rng.randint(3, 12)), committee)
                for group, part in groups:
                    if rng.random() < 0.85:
                        hold(GROUP_MEETING, date(year, month, rng.randint(14, 22)), part, group["id"])
                if not ctx.county and rng.random() < 0.25:
                    hold(STUDY, date(year, month, rng.randint(5, 25)), people)
            for quarter in range(4):
                if rng.random() < 0.9:
                    hold(MEMBERS_MEETING, date(year, quarter * 3 + 2, rng.randint(5, 25)), people)
                if rng.random() < 0.88:
                    hold(PARTY_LECTURE, date(year, quarter * 3 + 3, rng.randint(5, 20)), people)
            if date(year, 12, 31) < today:
                hold(LIFE_MEETING, date(year, 12, rng.randint(10, 20)), people)
                appraisal = hold(APPRAISAL_MEETING, date(year, 12, rng.randint(21, 28)), people)
                if appraisal is not None:
                    for person in people:
                        roll = rng.random()
                        result = "优秀" if roll < 0.15 else "合格" if roll < 0.97 else "基本合格"
                        rows[MemberAppraisal].append(
                            stamp(
                                {
                                    "branch": str(branch_id),
                                    "person": person,
                                    "year": year,
                                    "result": result,
                                    "meeting": appraisal["id"],
                                    "notes": "",
                                }
                            )
                        )
            for _grid, covered in grids:
                day = date(year, rng.choice((4, 9)), rng.randint(6, 26))
                came = covered[: rng.randint(3, min(12, len(covered)))] if len(covered) >= 3 else covered
                meeting = hold(COURTYARD, day, groups[0][1], groups[0][0]["id"], f"村民{len(came) + 5}人")
                if meeting is None:
                    continue
                rows[MeetingHousehold].extend(stamp({"meeting": meeting["id"], "household": h}) for h in came)
                for household in came[:2]:
                    content = rng.choice(ISSUES)
                    matter = stamp(
                        {
                            "household": household,
                            "visit": None,
                            "raised_on": day,
                            "content": f"{content}（{day.isoformat()}{COURTYARD}上反映）",
                            "status": "已办结",
                            "responsible": branch_name,
                            "resolution": "已协调解决",
                            "resolved_on": min(today, day + timedelta(days=rng.randint(5, 30))),
                        }
                    )
                    rows[HouseholdMatter].append(matter)
                    rows[MeetingIssue].append(
                        stamp(
                            {
                                "meeting": meeting["id"],
                                "household": household,
                                "content": content,
                                "matter": matter["id"],
                            }
                        )
                    )
    for model in (
        ServicePost,
        PartyGroup,
        PartyGroupMember,
        Grid,
        GridHousehold,
        MemberPost,
        Meeting,
        MeetingHousehold,
        HouseholdMatter,
        MeetingIssue,
        MemberAppraisal,
    ):
        bulk_insert(model, rows[model])
    # the largest table as plain tuples in one executemany (a county's 200,000 rows in about a second)
    database.cursor().executemany(
        'INSERT INTO "meeting_attendance" ("id", "created_at", "updated_at", "meeting_id", "person_id", "status", '
        '"reason") VALUES (?, ?, ?, ?, ?, ?, ?)',
        attendance,
    )
    ctx.extra["meetings"] = len(rows[Meeting])
    ctx.extra["party_groups"] = len(rows[PartyGroup])
