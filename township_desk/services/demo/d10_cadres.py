"""Demo villages, their "两委" cadres and the reserve pool."""

from __future__ import annotations

from datetime import date
from typing import Any

from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person, Village
from township_desk.services.demo import DemoContext, bulk_insert, stamp

ELECTION = (date(2021, 1, 5), date(2021, 6, 30))
EDUCATION_WEIGHTS = {"大学本科": 12, "大学专科": 30, "中等专科": 14, "高中": 30, "初中": 14}
RESERVE_EDUCATION = {"大学本科": 35, "大学专科": 45, "中等专科": 10, "高中": 10}
TRAINING = (
    "参加县委组织部“青蓝工程”集中培训5天；跟岗村党组织书记学习3个月。",
    "参加乡镇后备干部专题培训；在村便民服务中心跟班锻炼。",
    "参加县级“育青计划”线上培训12学时；负责村级网格员工作。",
    "参加乡村振兴专题培训；协助开展人居环境整治。",
)


def _village_posts(ctx: DemoContext) -> list[str]:
    rng = ctx.rng
    posts = ["党组织书记、主任"] if rng.random() < 0.8 else ["党组织书记", "村(居)委会主任"]
    if rng.random() < 0.5:
        posts.append("党组织副书记")
    posts += ["党组织委员"] * rng.randint(1, 3)
    posts += ["村(居)委会委员"] * rng.randint(2, 3)
    posts.append("村务监督委员会主任")
    if rng.random() < 0.4:
        posts.append("妇联主席")
    return posts


def _weighted(ctx: DemoContext, weights: dict[str, int]) -> str:
    return ctx.rng.choices(list(weights), list(weights.values()))[0]


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    count = rng.randint(16, 20) if not ctx.county else 420
    used: set[str] = set()
    for index in range(count):
        kind = "社区" if rng.random() < 0.15 else "村"
        ctx.villages.append(
            stamp({"name": ctx.names.place(used) + kind, "kind": kind, "sort_order": index + 1})
        )
    bulk_insert(Village, ctx.villages)

    people_start = len(ctx.people)
    posts: list[dict[str, Any]] = []
    reserves: list[dict[str, Any]] = []
    for village in ctx.villages:
        for post in _village_posts(ctx):
            secretary = "书记" in post
            male = rng.random() < (0.85 if secretary else 0.65)
            person = ctx.new_person(
                youngest=30 if secretary else 26,
                oldest=62 if secretary else 58,
                village=village,
                male=male,
                education=_weighted(ctx, EDUCATION_WEIGHTS),
                political="中共党员" if post.startswith("党组织") or rng.random() < 0.8 else "群众",
            )
            if person["political"] == "中共党员":
                person["party_joined_on"] = ctx.date_between(
                    date(person["birth_date"].year + 20, 1, 1), date(2020, 12, 31)
                )
            is_new = rng.random() < 0.4
            started = (
                ctx.date_between(*ELECTION)
                if is_new or rng.random() < 0.5
                else ctx.date_between(date(2008, 1, 1), date(2020, 12, 31))
            )
            posts.append(
                stamp(
                    {
                        "person": person["id"],
                        "village": village["id"],
                        "post": post,
                        "started_on": started,
                        "ended_on": None,
                        "is_new": is_new,
                        "notes": "",
                    }
                )
            )
            if is_new and rng.random() < 0.45:
                reserves.append(
                    stamp(
                        {
                            "person": person["id"],
                            "village": village["id"],
                            "programme": rng.choice(["青蓝工程", "育青计划"]),
                            "registered_on": ctx.date_between(date(2018, 3, 1), date(2020, 10, 1)),
                            "nomination": rng.choice(["组织推荐", "群众推荐", "党员推荐"]),
                            "training": rng.choice(TRAINING),
                            "status": "已任用",
                            "appointed_on": started,
                            "appointed_post": post,
                            "notes": "",
                        }
                    )
                )
    reserve_count = 40 if not ctx.county else 640
    for _ in range(reserve_count):
        village = rng.choice(ctx.villages)
        person = ctx.new_person(
            youngest=22,
            oldest=40,
            village=village,
            male=rng.random() < 0.6,
            education=_weighted(ctx, RESERVE_EDUCATION),
            political=rng.choice(["中共党员", "中共党员", "中共预备党员", "共青团员", "群众"]),
        )
        status = "培养中" if rng.random() < 0.92 else "退出"
        reserves.append(
            stamp(
                {
                    "person": person["id"],
                    "village": village["id"],
                    "programme": rng.choice(["青蓝工程", "育青计划", "其他"]),
                    "registered_on": ctx.date_between(date(2021, 7, 1), ctx.today),
                    "status": status,
                    "nomination": rng.choice(["个人自荐", "群众推荐", "党员推荐", "组织推荐"]),
                    "training": rng.choice(TRAINING),
                    "appointed_on": None,
                    "appointed_post": "",
                    "notes": "",
                }
            )
        )
    bulk_insert(Person, ctx.people[people_start:])
    bulk_insert(CadrePost, posts)
    bulk_insert(ReserveCadre, reserves)
    ctx.extra["cadre_posts"] = posts
    ctx.extra["reserves"] = reserves
