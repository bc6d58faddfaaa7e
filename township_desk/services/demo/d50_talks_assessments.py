"""Demo annual assessments of the last two years (scores, ranks, tallies) and talks of every kind."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from township_desk.models.assessments import (
    Assessment,
    AssessmentCriterion,
    AssessmentEntry,
    AssessmentScore,
    DemocraticTally,
)
from township_desk.models.people import Setting
from township_desk.models.talks import Talk
from township_desk.services.assessments import (
    DEFAULT_CRITERIA,
    GradeRule,
    rank_totals,
    reminder_key,
    weighted_total,
)
from township_desk.services.demo import DemoContext, bulk_insert, stamp
from township_desk.services.democratic_evaluation import GRADES
from township_desk.services.talks import SECRETARY_SETTING, STATUS_DONE, STATUS_PENDING

PROBLEMS = (
    "上班纪律执行不严、在岗时间不足",
    "重点工作推进缓慢、台账资料不全",
    "为民服务意识不强、群众满意度不高",
    "村级事务公开不及时",
    "人居环境整治任务完成滞后",
)
RESPONSES = (
    "完全接受组织的提醒，认识到自身在工作中的不足，表示将严守纪律、加强学习，尽快把工作赶上去。",
    "感谢组织的关心和提醒，今后一定端正态度，按时完成各项任务，接受组织和群众监督。",
    "诚恳接受批评，将对照问题逐项整改，一个月内向镇党委书面报告整改情况。",
)
FOLLOW_UPS = (
    "已提交书面整改措施，镇党委将在下一季度跟踪了解整改落实情况。",
    "整改情况已由联村领导跟踪督促，目前上班纪律明显好转。",
)
CARE_RESPONSES = (
    "感谢组织的关心，将以更饱满的热情投入村里的工作。",
    "家里的困难已经说清楚了，感谢组织帮助协调，工作上不会松劲。",
)
CARE_REASONS = (
    "了解其思想、工作和家庭情况，听取对村级工作的意见建议。",
    "近期家庭遇到困难，组织上关心了解情况。",
    "新任职后工作压力较大，开展谈心谈话，帮助理清工作思路。",
)
ADMONISH_REASONS = (
    "在惠民资金发放工作中审核把关不严，群众反映较大。",
    "多次无故缺席村“两委”例会，工作推诿扯皮。",
)


def _talk(**fields: Any) -> dict[str, Any]:
    row = {
        "kind": "",
        "person": None,
        "person_post": "",
        "talkers": "",
        "talker_post": "",
        "recorder": "",
        "talk_date": None,
        "talk_time": "",
        "place": "",
        "reason": "",
        "content": "",
        "response": "",
        "follow_up": "",
        "status": STATUS_PENDING,
        "year": 0,
        "source": "",
        "source_key": "",
    }
    row.update(fields)
    return stamp(row)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _ballots(ctx: DemoContext, total: float, ballots: int) -> dict[str, int]:
    """Plausible democratic-evaluation marks for a cadre with this total."""
    rng = ctx.rng
    excellent = _clamp(0.15 + (total - 82) * 0.05, 0.02, 0.85)
    basic = _clamp(0.04 + (76 - total) * 0.03, 0.0, 0.5)
    failing = _clamp((70 - total) * 0.02, 0.0, 0.2)
    counts = dict.fromkeys(GRADES, 0)
    for _ in range(ballots):
        draw = rng.random()
        if draw < 0.03:
            continue  # a blank mark
        draw = rng.random()
        if draw < excellent:
            counts["优秀"] += 1
        elif draw < excellent + basic:
            counts["基本称职"] += 1
        elif draw < excellent + basic + failing:
            counts["不称职"] += 1
        else:
            counts["称职"] += 1
    return counts


def _serving_at_year_end(
    posts: list[dict[str, Any]], villages: dict[str, dict[str, Any]], year: int
) -> dict[str, tuple[str, str]]:
    """{person id: (village, post)} of the cadres in post on 31 December of the year."""
    end = date(year, 12, 31)
    found: dict[str, tuple[str, str]] = {}
    for post in posts:
        started, ended = post.get("started_on"), post.get("ended_on")
        if (started is None or started <= end) and (ended is None or ended > end):
            found.setdefault(
                post["person"], (villages.get(post["village"], {}).get("name", ""), post["post"])
            )
    return found


def populate(ctx: DemoContext) -> None:
    posts: list[dict[str, Any]] = ctx.extra.get("cadre_posts", [])
    if not posts:
        return
    rng = ctx.rng
    people = {p["id"]: p for p in ctx.people}
    villages = {v["id"]: v for v in ctx.villages}
    secretary = ctx.names.person(True)
    discipline = ctx.names.person(rng.random() < 0.6)
    organiser = ctx.names.person(rng.random() < 0.5)
    Setting.insert(key=SECRETARY_SETTING, value=secretary).on_conflict_replace().execute()
    township_secretary = f"{ctx.township}党委书记"

    ability = {post["person"]: rng.gauss(80, 5.0) for post in posts}

    latest = ctx.today.year - 1
    rule = GradeRule()
    rows: dict[type, list[dict[str, Any]]] = {
        m: []
        for m in (Assessment, AssessmentCriterion, AssessmentEntry, AssessmentScore, DemocraticTally, Talk)
    }
    for year in (latest - 1, latest):
        ballots = rng.randint(32, 45)
        held = date(year, 12, rng.randint(10, 28)) if year < ctx.today.year else ctx.today
        assessment = stamp(
            {
                "year": year,
                "title": f"{year}年度村(社区)干部综合考评",
                "held_on": held,
                "grade_rule": rule.kind,
                "excellent_min": rule.excellent_min,
                "competent_min": rule.competent_min,
                "basic_min": rule.basic_min,
                "excellent_quota": rule.excellent_quota,
                "ballots": ballots,
                "notes": "",
            }
        )
        rows[Assessment].append(assessment)
        criteria = [
            stamp({"assessment": assessment["id"], "name": name, "weight": weight, "sort_order": index})
            for index, (name, weight) in enumerate(DEFAULT_CRITERIA)
        ]
        rows[AssessmentCriterion] += criteria
        weights = {c["id"]: c["weight"] for c in criteria}
        candidates = _serving_at_year_end(posts, villages, year)
        entries: dict[str, dict[str, Any]] = {}
        totals: dict[str, float | None] = {}
        for person_id, (village_name, post_name) in candidates.items():
            entry = stamp(
                {
                    "assessment": assessment["id"],
                    "person": person_id,
                    "village_name": village_name,
                    "post": post_name,
                    "notes": "",
                }
            )
            scores: dict[str, float] = {}
            for criterion in criteria:
                score = round(_clamp(ability[person_id] + rng.gauss(0, 4), 50, 100) * 2) / 2
                scores[criterion["id"]] = score
                rows[AssessmentScore].append(
                    stamp({"entry": entry["id"], "criterion": criterion["id"], "score": score})
                )
            entries[entry["id"]] = entry
            totals[entry["id"]] = weighted_total(scores, weights)
        standings = rank_totals(totals, rule)
        ranked = len(totals)
        for entry_id, entry in entries.items():
            s = standings[entry_id]
            entry.update(
                total=s.total, rank=s.rank, grade=s.grade, recommended=s.recommended, bottom=s.bottom
            )
            rows[AssessmentEntry].append(entry)
            for grade, count in _ballots(ctx, s.total or 0.0, ballots).items():
                if count:
                    rows[DemocraticTally].append(stamp({"entry": entry_id, "grade": grade, "count": count}))
            if not s.bottom:
                continue
            person_post = " ".join(p for p in (entry["village_name"], entry["post"]) if p)
            talk = _talk(
                kind="提醒谈话",
                person=entry["person"],
                person_post=person_post,
                talkers=secretary,
                talker_post=township_secretary,
                year=year,
                source=f"{year}年度综合考评后三名",
                source_key=reminder_key(assessment["id"], entry["person"]),
                reason=(
                    f"{year}年度村(社区)干部综合考评排名后三位（第{s.rank}名/共{ranked}名，总分{s.total:g}分），"
                    "由乡镇党委书记进行提醒谈话。"
                ),
            )
            if year < latest:
                talk_date = ctx.date_between(date(year + 1, 1, 8), min(date(year + 1, 3, 31), ctx.today))
                talk.update(
                    status=STATUS_DONE,
                    talk_date=talk_date,
                    year=talk_date.year,
                    talk_time=rng.choice(["上午9:00", "上午10:30", "下午3:00"]),
                    place="镇党委书记办公室",
                    recorder=organiser,
                    content=(
                        f"通报其在{year}年度综合考评中的排名和得分，指出存在{rng.choice(PROBLEMS)}等问题；"
                        "要求其认真查找原因，严守上班纪律，按时完成各项工作任务，主动接受群众监督。"
                    ),
                    response=rng.choice(RESPONSES),
                    follow_up=rng.choice(FOLLOW_UPS),
                )
            rows[Talk].append(talk)

    serving = [p for p in posts if p["person"] in people and p.get("ended_on") is None]
    new_posts = [p for p in serving if p["is_new"]]
    for post in rng.sample(new_posts, min(len(new_posts), 60 if ctx.county else 8)):
        village = villages.get(post["village"], {})
        started = post["started_on"] or date(2021, 6, 1)
        talk_date = started - timedelta(days=rng.randint(1, 10))
        rows[Talk].append(
            _talk(
                kind="任前廉政谈话",
                person=post["person"],
                person_post=f"{village.get('name', '')} {post['post']}",
                talkers=discipline,
                talker_post=f"{ctx.township}纪委书记",
                recorder=organiser,
                talk_date=talk_date,
                talk_time="上午9:30",
                place="镇纪委谈话室",
                status=STATUS_DONE,
                year=talk_date.year,
                reason=f"新任村(社区){post['post']}，任前廉政谈话。",
                content="学习《中国共产党纪律处分条例》和村干部廉洁履职若干规定；讲解村级“小微权力”清单，"
                "提醒其严格执行“四议两公开”，管好村级资金、资产、资源，不优亲厚友。",
                response="表示将牢记廉洁要求，带头遵守纪律规矩，自觉接受党员群众监督。",
            )
        )
    others = rng.sample(serving, min(len(serving), 24 if ctx.county else 12))
    for index, post in enumerate(others):
        village = villages.get(post["village"], {})
        admonish = index < 2
        talk_date = ctx.date_between(date(latest - 1, 2, 1), ctx.today)
        pending = index == len(others) - 1
        rows[Talk].append(
            _talk(
                kind="诫勉谈话" if admonish else "谈心谈话",
                person=post["person"],
                person_post=f"{village.get('name', '')} {post['post']}",
                talkers=secretary if admonish else organiser,
                talker_post=township_secretary if admonish else f"{ctx.township}党委组织委员",
                recorder="" if pending else (organiser if admonish else discipline),
                talk_date=None if pending else talk_date,
                talk_time="" if pending else "下午2:30",
                place="镇党委会议室" if admonish else "村党群服务中心",
                status=STATUS_PENDING if pending else STATUS_DONE,
                year=ctx.today.year if pending else talk_date.year,
                reason=rng.choice(ADMONISH_REASONS if admonish else CARE_REASONS),
                content=""
                if pending
                else (
                    "指出其问题的性质和危害，要求其深刻反思，限期整改，并向镇党委作出书面检查。"
                    if admonish
                    else "交流近期工作和思想状况，肯定成绩，指出努力方向，了解家庭困难并协调解决。"
                ),
                response="" if pending else rng.choice(RESPONSES if admonish else CARE_RESPONSES),
            )
        )
    for model, model_rows in rows.items():
        bulk_insert(model, model_rows)
    ctx.extra["assessments"] = rows[Assessment]
