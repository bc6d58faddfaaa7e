"""Demo 导师帮带 pairs with growth plans and exchanges, a few stale mentors and unpaired new cadres,
and the appointment history of reserve cadres (a few appointed after the election)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from township_desk.models.base import utc_now
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.mentoring import GrowthPlan, MentorExchange, Mentorship, ReserveAppointment
from township_desk.models.people import Person
from township_desk.services.demo import DemoContext, bulk_insert, stamp

SECRETARY_POSTS = ("党组织书记、主任", "党组织书记")
TOWNSHIP_POSTS = (
    "党委副书记",
    "党委委员、组织委员",
    "党委委员、宣传委员",
    "人大主席",
    "副镇长",
    "党委委员、纪委书记",
    "武装部部长",
    "党建办主任",
)
COUNTY_UNITS = (
    ("县委组织部", "副部长"),
    ("县农业农村局", "副局长"),
    ("县民政局", "党组成员"),
    ("县乡村振兴局", "副局长"),
    ("县财政局", "总会计师"),
    ("县委党校", "副校长"),
    ("县自然资源局", "副局长"),
    ("县人社局", "党组成员"),
)
GOALS = (
    "一年内熟悉村级党务、村务、财务工作流程，能独立组织召开党员大会和村民代表会议；"
    "两年内能牵头推进一项村级重点项目；三年内成为能带富、善治理的骨干。",
    "尽快掌握“四议两公开”工作法和村级事务民主决策程序；熟悉本村产业现状，提出发展村集体经济的思路；"
    "每年参加培训不少于12天。",
    "提高做群众工作的能力，熟悉网格化管理和矛盾纠纷调处；学会撰写工作计划、总结；"
    "任期内协助完成人居环境整治和乡村振兴年度任务。",
    "熟悉党建工作基本制度，规范开展“三会一课”和主题党日；掌握村级财务管理和惠民政策，"
    "做到政策宣讲准确、群众办事有回应。",
)
MEASURES = (
    "导师每月至少面谈一次，每季度现场指导一次；带领参加乡镇重点工作调度会；"
    "安排参与一项村级项目全过程；推荐参加县乡集中培训。",
    "“一对一”传帮带：跟班学习村“两委”会议组织；共同走访困难群众和党员户；"
    "每半年交流一次成长体会，导师书面点评。",
    "结合村里产业发展，导师手把手指导项目申报和合同管理；每季度检查工作笔记；"
    "遇到群众来访、矛盾调处现场带教。",
    "制定学习清单，按月交流学习体会；参与村级事务民主决策全过程；导师定期与乡镇包村干部沟通帮带情况。",
)
EXCHANGES = (
    ("面谈", "交流到任后的工作体会，梳理村情民情和个人短板。", "明确了近期学习重点，列出了问题清单。"),
    ("面谈", "谈心谈话，了解工作和家庭困难，讲解村干部廉洁自律要求。", "思想稳定，表示安心在村工作。"),
    ("电话", "电话指导村民代表会议的议程准备和会议记录。", "会议顺利召开，议程规范。"),
    ("电话", "询问防汛值守和网格巡查落实情况，提醒注意安全。", "按要求落实了值守和巡查。"),
    ("现场指导", "到村指导主题党日“4+X”活动的组织和台账整理。", "活动流程规范，台账完整。"),
    ("现场指导", "现场指导村集体经济项目选址和合同签订。", "项目合同条款更规范，已报乡镇审核。"),
    ("现场指导", "一起走访脱贫监测户，讲解帮扶政策和入户沟通方法。", "掌握了监测户走访要点，群众反映好。"),
    (
        "集中培训",
        "参加乡镇组织的新任村干部集中培训，导师授课“村级事务民主决策”。",
        "完成培训笔记，考试合格。",
    ),
    ("集中培训", "参加县委组织部“导师帮带”集中培训交流会。", "在会上作了交流发言。"),
)


def _secretaries(posts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The Party secretary's post of each village (the first one listed)."""
    found: dict[str, dict[str, Any]] = {}
    for post in posts:
        if post["post"] in SECRETARY_POSTS and post.get("ended_on") is None:
            found.setdefault(post["village"], post)
    return found


def _appoint_reserves(
    ctx: DemoContext, posts: list[dict[str, Any]], reserves: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """History rows for reserves appointed at the election; a few more appointed since, replacing
    members who left (their new posts are new cadres still waiting for a mentor)."""
    rng = ctx.rng
    post_of = {post["person"]: post for post in posts}
    history: list[dict[str, Any]] = []
    for reserve in reserves:
        if reserve["status"] == "已任用" and reserve["person"] in post_of:
            post = post_of[reserve["person"]]
            history.append(
                stamp(
                    {
                        "reserve": reserve["id"],
                        "person": reserve["person"],
                        "village": reserve["village"],
                        "cadre_post": post["id"],
                        "post": reserve["appointed_post"],
                        "appointed_on": reserve["appointed_on"],
                        "previous_post": "",
                        "notes": "2021年村(社区)“两委”换届选举任用",
                    }
                )
            )
    waiting = [
        r
        for r in reserves
        if r["status"] == "培养中" and r["registered_on"] < ctx.today - timedelta(days=120)
    ]
    leaving = [
        p for p in posts if p["post"] == "村(居)委会委员" and not p["is_new"] and p.get("ended_on") is None
    ]
    count = min(len(waiting), len(leaving), 20 if ctx.county else 2)
    new_posts: list[dict[str, Any]] = []
    for reserve in rng.sample(waiting, count):
        same_village = [p for p in leaving if p["village"] == reserve["village"]] or leaving
        old = rng.choice(same_village)
        leaving.remove(old)
        day = ctx.date_between(reserve["registered_on"] + timedelta(days=60), ctx.today - timedelta(days=20))
        old["ended_on"] = day
        CadrePost.update(ended_on=day, updated_at=utc_now()).where(CadrePost.id == old["id"]).execute()
        post = stamp(
            {
                "person": reserve["person"],
                "village": old["village"],
                "post": old["post"],
                "started_on": day,
                "ended_on": None,
                "is_new": True,
                "notes": "由后备干部任用",
            }
        )
        new_posts.append(post)
        reserve.update(status="已任用", appointed_on=day, appointed_post=old["post"], village=old["village"])
        ReserveCadre.update(
            status="已任用", appointed_on=day, appointed_post=old["post"], village=old["village"]
        ).where(ReserveCadre.id == reserve["id"]).execute()
        Person.update(village=old["village"]).where(Person.id == reserve["person"]).execute()
        history.append(
            stamp(
                {
                    "reserve": reserve["id"],
                    "person": reserve["person"],
                    "village": old["village"],
                    "cadre_post": post["id"],
                    "post": old["post"],
                    "appointed_on": day,
                    "previous_post": "",
                    "notes": "原委员辞职，补选任用",
                }
            )
        )
    bulk_insert(CadrePost, new_posts)
    posts.extend(new_posts)
    bulk_insert(ReserveAppointment, history)
    return new_posts


def _outside_mentors(ctx: DemoContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Township cadres (one looking after each group of villages) and county officials, as people."""
    rng = ctx.rng
    start = len(ctx.people)
    township_count = max(4, len(ctx.villages) // 3)
    county_count = max(3, len(ctx.villages) // 5)
    township = []
    for index in range(township_count):
        person = ctx.new_person(
            youngest=30, oldest=55, village=None, education=rng.choice(["大学本科", "研究生"])
        )
        township.append(
            {
                "person": person["id"],
                "kind": "乡镇干部",
                "unit": f"{ctx.township}党委",
                "post": TOWNSHIP_POSTS[index % len(TOWNSHIP_POSTS)],
            }
        )
    county = []
    for index in range(county_count):
        person = ctx.new_person(youngest=32, oldest=56, village=None, education="大学本科")
        unit, post = COUNTY_UNITS[index % len(COUNTY_UNITS)]
        county.append({"person": person["id"], "kind": "县直单位干部", "unit": unit, "post": post})
    bulk_insert(Person, ctx.people[start:])
    return township, county


def _exchange_dates(ctx: DemoContext, start: date, end: date, count: int, recent: bool) -> list[date]:
    days = sorted(ctx.date_between(start, end) for _ in range(count))
    if recent and end > ctx.today - timedelta(days=60):
        days.append(ctx.date_between(max(start, ctx.today - timedelta(days=70)), ctx.today))
    return days


def populate(ctx: DemoContext) -> None:
    """Leaves ctx.extra: "cadre_posts" updated (replaced members' ended_on, appointed reserves' new posts),
    "mentorships" (pair rows), "stale_mentors" and "unpaired_new_cadres" (person ids)."""
    rng = ctx.rng
    posts: list[dict[str, Any]] = ctx.extra.get("cadre_posts", [])
    reserves: list[dict[str, Any]] = ctx.extra.get("reserves", [])
    if not posts:
        return
    appointed_posts = _appoint_reserves(ctx, posts, reserves)
    waiting_ids = {post["person"] for post in appointed_posts}
    secretaries = _secretaries(posts)
    township, county = _outside_mentors(ctx)
    village_ids = [village["id"] for village in ctx.villages]
    names = {village["id"]: village["name"] for village in ctx.villages}
    liaison = {vid: township[index % len(township)] for index, vid in enumerate(village_ids)}

    new_posts = [
        p for p in posts if p["is_new"] and p.get("ended_on") is None and p["person"] not in waiting_ids
    ]
    skip = max(2, len(new_posts) // 40)
    unpaired = {p["person"] for p in rng.sample(new_posts, min(skip, len(new_posts)))}
    pairs: list[dict[str, Any]] = []
    for post in new_posts:
        if post["person"] in unpaired:
            continue
        secretary = secretaries.get(post["village"])
        if post["post"] in SECRETARY_POSTS or secretary is None or secretary["person"] == post["person"]:
            mentor = rng.choice(county) if rng.random() < 0.5 else liaison[post["village"]]
        elif secretary["is_new"] or rng.random() < 0.25:
            mentor = liaison[post["village"]]
        else:
            mentor = {
                "person": secretary["person"],
                "kind": "村党组织书记",
                "unit": names[post["village"]],
                "post": secretary["post"],
            }
        started = min(post["started_on"] + timedelta(days=rng.randint(15, 75)), ctx.today)
        ended = None
        if rng.random() < 0.1 and ctx.today > date(2023, 7, 1):
            ended = ctx.date_between(date(2023, 6, 1), ctx.today - timedelta(days=30))
        pairs.append(
            stamp(
                {
                    "mentor": mentor["person"],
                    "mentee": post["person"],
                    "mentor_kind": mentor["kind"],
                    "mentor_unit": mentor["unit"],
                    "mentor_post": mentor["post"],
                    "started_on": started,
                    "ended_on": ended,
                    "status": "已结束" if ended else "帮带中",
                    "notes": "",
                }
            )
        )
    bulk_insert(Mentorship, pairs)

    active_mentors = list(
        dict.fromkeys(p["mentor"] for p in pairs if p["status"] == "帮带中")
    )  # ids are random
    stale = set(rng.sample(active_mentors, min(len(active_mentors), max(3, len(active_mentors) // 20))))
    plans: list[dict[str, Any]] = []
    exchanges: list[dict[str, Any]] = []
    for pair in pairs:
        if rng.random() < 0.93:
            plans.append(
                stamp(
                    {
                        "mentorship": pair["id"],
                        "goals": rng.choice(GOALS),
                        "measures": rng.choice(MEASURES),
                        "period_start": pair["started_on"],
                        "period_end": date(pair["started_on"].year + 3, 6, 30),
                        "notes": "",
                    }
                )
            )
        end = pair["ended_on"] or ctx.today
        is_stale = pair["mentor"] in stale and pair["status"] == "帮带中"
        if is_stale:
            end = ctx.today - timedelta(days=rng.randint(100, 300))
        if end <= pair["started_on"]:
            continue
        days = _exchange_dates(
            ctx,
            pair["started_on"],
            end,
            rng.randint(2, 6),
            recent=pair["status"] == "帮带中" and not is_stale,
        )
        for day in days:
            form, content, outcome = rng.choice(EXCHANGES)
            exchanges.append(
                stamp(
                    {
                        "mentorship": pair["id"],
                        "date": day,
                        "form": form,
                        "content": content,
                        "outcome": outcome,
                    }
                )
            )
    bulk_insert(GrowthPlan, plans)
    bulk_insert(MentorExchange, exchanges)
    ctx.extra["mentorships"] = pairs
    ctx.extra["stale_mentors"] = sorted(stale)
    ctx.extra["unpaired_new_cadres"] = sorted(unpaired | waiting_ids)
