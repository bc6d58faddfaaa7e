"""Demo training: last year and this year of county and township courses, and a 冬春训 for every branch.

Village cadres and reserves attend most courses meant for them (some only part of the days), so that most
reach the 12 days of the previous year and some fall short; every branch's members attend its 冬春训, which
runs from December over the new year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services.demo import DemoContext, bulk_insert, stamp

# (name, level, mode, target, month, calendar days, course days, place)
COUNTY = (
    ("村党组织书记专题培训班（线上）", "县级", "线上", "村党组织书记", 3, 3, 3.0, "“学习强国”平台"),
    ("村党组织书记专题培训班（线下）", "县级", "线下", "村党组织书记", 4, 5, 5.0, "县委党校"),
    ("新任村(社区)干部履职能力培训班", "县级", "线下", "新任干部", 5, 5, 4.5, "县委党校"),
    ("村级后备干部“育青计划”培训班", "县级", "线下", "后备干部", 6, 4, 4.0, "县职教中心"),
    ("驻村第一书记轮训班", "县级", "线下", "第一书记", 7, 3, 3.0, "县委党校"),
    ("乡村振兴专题网络培训", "县级", "线上", "村干部", 9, 30, 2.5, "网络学院"),
    ("村(社区)干部集中轮训班", "县级", "线下", "村干部", 10, 12, 10.0, "县委党校"),
)
TOWNSHIP = (
    ("村(社区)干部业务培训（第一期）", "乡镇", "线下", "村干部", 2, 2, 2.0, "镇党校"),
    ("基层党务工作实务讲座", "乡镇", "线下", "村干部", 4, 1, 0.5, "镇政府三楼会议室"),
    ("村(社区)干部业务培训（第二期）", "乡镇", "线下", "村干部", 8, 2, 1.5, "镇党校"),
    ("人居环境整治现场教学", "乡镇", "线下", "村干部", 10, 1, 1.0, "示范村"),
    ("村(社区)干部业务培训（第三期）", "乡镇", "线下", "村干部", 11, 2, 2.0, "镇党校"),
)


def _course(ctx: DemoContext, spec: tuple[Any, ...], year: int) -> dict[str, Any] | None:
    name, level, mode, target, month, length, days, place = spec
    start = date(year, month, ctx.rng.randint(5, 20))
    if start > ctx.today:
        return None
    organiser = "县委组织部" if level == "县级" else f"中共{ctx.township}委员会"
    return stamp(
        {
            "name": f"{year}年{name}",
            "level": level,
            "mode": mode,
            "target": target,
            "start_on": start,
            "end_on": start + timedelta(length - 1),
            "days": days,
            "place": place,
            "topic": name,
            "organiser": organiser,
            "notes": "",
        }
    )


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    posts = [p for p in ctx.extra.get("cadre_posts", []) if p["ended_on"] is None]
    reserves = [r["person"] for r in ctx.extra.get("reserves", []) if r["status"] == "培养中"]
    audience = {
        "村党组织书记": [p["person"] for p in posts if "党组织书记" in p["post"]],
        "新任干部": [p["person"] for p in posts if p["is_new"]],
        "后备干部": reserves,
        "村干部": [p["person"] for p in posts] + reserves,
    }
    courses: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []

    def attend(course: dict[str, Any], people: list[str], share: float) -> None:
        if course["end_on"] > ctx.today:
            return
        for person in dict.fromkeys(people):
            if rng.random() > share:
                continue
            days = (
                course["days"] if rng.random() < 0.85 else max(0.5, course["days"] - rng.choice([0.5, 1.0]))
            )
            rows.append(
                {
                    "course": course["id"],
                    "person": person,
                    "days": days,
                    "completed": True,
                    "result": "合格" if course["level"] == "县级" else "",
                    "notes": "",
                }
            )

    for year in (ctx.today.year - 1, ctx.today.year):
        for spec in COUNTY + TOWNSHIP:
            course = _course(ctx, spec, year)
            if course is not None:
                courses.append(course)
                share = 0.55 if course["days"] >= 10 else 0.8 if course["level"] == "县级" else 0.9
                attend(course, audience.get(course["target"], []), share)
    # a degree course over two school years for some cadres and reserves
    degree_start = date(ctx.today.year - 1, 9, 1)
    degree = stamp(
        {
            "name": f"{degree_start.year}级村干部中专学历教育",
            "level": "县级",
            "mode": "线上",
            "target": "学历教育",
            "start_on": degree_start,
            "end_on": date(degree_start.year + 2, 6, 30),
            "days": 40.0,
            "place": "县职教中心",
            "topic": "中专学历教育",
            "organiser": "县委组织部",
            "notes": "学制两年",
        }
    )
    courses.append(degree)
    for person in rng.sample(audience["村干部"], min(len(audience["村干部"]), 50 if not ctx.county else 400)):
        rows.append(
            {
                "course": degree["id"],
                "person": person,
                "days": 0.0,
                "completed": False,
                "result": "在读",
                "notes": "",
            }
        )
    # 冬春训: every branch, from December over the new year, all current members
    members: dict[str, list[str]] = {}
    for branch_id, person_id in (
        BranchMember.select(BranchMember.branch, BranchMember.person)
        .where(BranchMember.left_on.is_null())
        .tuples()
    ):
        members.setdefault(branch_id, []).append(person_id)
    winter_start = date(ctx.today.year - 1, 12, 10)
    for branch_id, branch_name in PartyBranch.select(PartyBranch.id, PartyBranch.name).tuples():
        start = winter_start + timedelta(rng.randint(0, 10))
        course = stamp(
            {
                "name": f"{branch_name}{winter_start.year}—{winter_start.year + 1}年度冬春训",
                "level": "村",
                "mode": "线下",
                "target": "全体党员冬春训",
                "start_on": start,
                "end_on": start + timedelta(rng.randint(30, 50)),
                "days": 3.0,
                "place": "村党群服务中心",
                "topic": "学习贯彻党的二十大精神",
                "organiser": branch_name,
                "notes": "",
            }
        )
        if start > ctx.today:
            continue
        courses.append(course)
        attend(course, members.get(branch_id, []), 0.9)
    bulk_insert(TrainingCourse, courses)
    bulk_insert(TrainingAttendance, (stamp(row) for row in rows))
    ctx.extra["training_courses"] = len(courses)
    ctx.extra["training_attendance"] = len(rows)
