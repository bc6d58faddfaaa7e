"""Demo Party branches with their members, and two years of monthly theme Party days with attendance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from township_desk.db import database
from township_desk.models.base import BaseModel, new_id, utc_now
from township_desk.models.party_days import (
    BranchMember,
    PartyBranch,
    PartyDay,
    PartyDayAttendance,
    PartyDayItem,
)
from township_desk.models.people import Person
from township_desk.services.demo import DemoContext
from township_desk.services.demo.names import TOWNSHIP_NAMES
from township_desk.services.party_branches import DEFAULT_ITEMS, FULL_MEMBER, PROBATIONARY
from township_desk.services.party_day_calendar import last_friday, months_until, previous_month

BATCH = 5000
DAY_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "branch",
    "held_on",
    "month",
    "late_reason",
    "theme",
    "items_done",
    "place",
    "host",
    "recorder",
    "summary",
)
ATTENDANCE_COLUMNS = ("id", "created_at", "updated_at", "deleted_at", "day", "person", "status", "reason")
SMALL_MEMBERS = (20, 40)  # per branch, cadres included
COUNTY_MEMBERS = (20, 32)
SMALL_EXTRA_BRANCHES = ("机关党支部", "中心学校党支部", "卫生院党支部")
MISSED_SHARE = 0.025
LATE_SHARE = 0.07
MEMBER_EDUCATION = {"大学本科": 5, "大学专科": 12, "中等专科": 8, "高中": 25, "初中": 35, "小学": 15}
MONTH_THEMES = {
    1: "党员冬训：学习中央经济工作会议精神",
    2: "春节走访慰问困难党员群众",
    3: "学雷锋志愿服务",
    4: "清明祭英烈，赓续红色血脉",
    5: "安全生产月宣传",
    6: "防汛抗旱，党员先行",
    7: "庆祝建党节，重温入党誓词",
    8: "人居环境整治",
    9: "乡村振兴产业发展议事",
    10: "森林防火宣传",
    11: "移风易俗，文明新风",
    12: "党员民主评议",
}
OTHER_THEMES = (
    "学习贯彻党的二十大精神",
    "党纪学习教育",
    "关爱留守儿童和空巢老人",
    "平安建设",
    "党史学习教育",
    "禁毒宣传",
    "医保政策宣讲",
    "垃圾分类进万家",
)
EARLIER_REASONS = (
    "当周星期五全镇集中开展防汛值守，提前开展",
    "与县委宣讲团进村宣讲合并，提前开展",
    "星期五村“两委”参加县里集中培训，提前开展",
    "星期五为中秋节假期，提前开展",
)
LATER_REASONS = (
    "星期五遇暴雨天气，顺延至次日开展",
    "星期五多数党员参加镇里务工招聘会，改在星期六开展",
    "星期五开展森林防火巡查，顺延开展",
)
LEAVE_REASONS = (
    "外出务工",
    "外出务工",
    "外出务工",
    "生病住院",
    "年老体弱，行动不便",
    "家中有事",
    "在外求学",
    "照顾病人",
    "外出办事",
)
STUDY = (
    "学习了习近平总书记重要讲话精神",
    "学习了《中国共产党纪律处分条例》",
    "学习了县委全会精神",
    "观看了专题教育片",
    "学习了乡村振兴有关政策",
)
LIFE = ("开展了批评与自我批评", "为本月过政治生日的党员送上祝福", "重温了入党誓词", "交纳了党费")
MATTERS = ("村道硬化", "渠道清淤", "集体经济合作社分红", "人居环境“红黑榜”", "自来水管网改造", "村规民约修订")
SERVICES = (
    "清扫了村道和河道垃圾",
    "走访慰问了独居老人",
    "开展了防溺水宣传",
    "帮助农户抢收稻谷",
    "上门为行动不便的老党员送学",
)


def _weighted(ctx: DemoContext, weights: dict[str, int]) -> str:
    return str(ctx.rng.choices(list(weights), list(weights.values()))[0])


def _joined_party(ctx: DemoContext, birth: date, probationary: bool) -> date:
    if probationary:
        return ctx.today - timedelta(days=ctx.rng.randint(20, 330))
    earliest = date(birth.year + 20, 7, 1)
    latest = ctx.today - timedelta(days=400)
    return ctx.date_between(earliest, max(earliest, latest))


class _Builder:
    """Collects row tuples and writes them with few statements."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.now = utc_now()
        self.now_text = self.now.isoformat(" ")
        # Increasing keys from a random start: same shape as UUID hex, far cheaper to index in bulk.
        self.next_key = int(new_id(), 16) >> 4
        self.branches: list[dict[str, Any]] = []
        self.members: dict[str, list[dict[str, Any]]] = {}  # branch id → member rows (with the person)
        self.member_rows: list[dict[str, Any]] = []
        self.days: list[tuple[Any, ...]] = []
        self.attendance: list[tuple[Any, ...]] = []

    def key(self) -> str:
        self.next_key += 0x9E3779B97F4A7C15
        return f"{self.next_key & ((1 << 128) - 1):032x}"

    def row(self, **values: Any) -> dict[str, Any]:
        return {"id": new_id(), "created_at": self.now, "updated_at": self.now, "deleted_at": None, **values}

    def branch(self, name: str, village: dict[str, Any] | None) -> dict[str, Any]:
        row = self.row(
            name=name,
            village=village["id"] if village else None,
            secretary_id=None,
            sort_order=len(self.branches) + 1,
            notes="",
        )
        self.branches.append(row)
        self.members[row["id"]] = []
        return row

    def member(
        self,
        branch: dict[str, Any],
        person: dict[str, Any],
        joined: date | None = None,
        left: date | None = None,
    ) -> None:
        row = self.row(branch=branch["id"], person=person["id"], joined_on=joined, left_on=left, notes="")
        self.member_rows.append(row)
        self.members[branch["id"]].append({"row": row, "person": person})


def _existing_members(ctx: DemoContext) -> dict[str, list[dict[str, Any]]]:
    """Party members already made (cadres, reserves) by village; fills in a missing 入党时间."""
    by_village: dict[str, list[dict[str, Any]]] = {}
    for person in ctx.people:
        if person.get("political") not in (FULL_MEMBER, PROBATIONARY) or not person.get("village"):
            continue
        if person.get("deleted_at"):
            continue
        if person.get("party_joined_on") is None:
            joined = _joined_party(ctx, person["birth_date"], person["political"] == PROBATIONARY)
            person["party_joined_on"] = joined
            Person.update(party_joined_on=joined).where(Person.id == person["id"]).execute()
        by_village.setdefault(person["village"], []).append(person)
    return by_village


def _secretaries(ctx: DemoContext) -> dict[str, str]:
    """Village id → person id of its Party organisation secretary (from the cadre demo)."""
    found: dict[str, str] = {}
    for post in ctx.extra.get("cadre_posts", []):
        if post["post"] in ("党组织书记、主任", "党组织书记") and post["village"] not in found:
            found[post["village"]] = post["person"]
    return found


def _new_member(ctx: DemoContext, village: dict[str, Any] | None) -> dict[str, Any]:
    rng = ctx.rng
    probationary = rng.random() < 0.05
    male = rng.random() < 0.72
    person = ctx.new_person(
        youngest=22 if probationary else 26,
        oldest=45 if probationary else 88,
        village=village,
        male=male,
        education=_weighted(ctx, MEMBER_EDUCATION),
        political=PROBATIONARY if probationary else FULL_MEMBER,
    )
    person["party_joined_on"] = _joined_party(ctx, person["birth_date"], probationary)
    return person


def _make_branches(ctx: DemoContext, build: _Builder) -> None:
    rng = ctx.rng
    existing = _existing_members(ctx)
    secretaries = _secretaries(ctx)
    low, high = COUNTY_MEMBERS if ctx.county else SMALL_MEMBERS
    people_start = len(ctx.people)
    for village in ctx.villages:
        suffix = "党总支" if rng.random() < 0.08 else "党支部"
        branch = build.branch(village["name"] + suffix, village)
        members = list(existing.get(village["id"], []))
        target = rng.randint(low, high)
        while len(members) < target:
            members.append(_new_member(ctx, village))
        for person in members:
            build.member(branch, person)
        branch["secretary_id"] = secretaries.get(village["id"]) or members[0]["id"]
    extra = (
        [f"{town}镇机关党支部" for town in TOWNSHIP_NAMES[:20]]
        if ctx.county
        else [ctx.township + name for name in SMALL_EXTRA_BRANCHES]
    )
    for name in extra:
        branch = build.branch(name, None)
        members = [_new_member(ctx, None) for _ in range(rng.randint(low, min(high, 30)))]
        for person in members:
            build.member(branch, person)
        branch["secretary_id"] = members[0]["id"]
    _transfers(ctx, build)
    _insert_dicts(Person, ctx.people[people_start:])


def _transfers(ctx: DemoContext, build: _Builder) -> None:
    """A few members moved in or out of their branch during the two years."""
    rng = ctx.rng
    window_start = ctx.today - timedelta(days=700)
    for branch in build.branches:
        members = build.members[branch["id"]]
        if len(members) < 5 or rng.random() > 0.3:
            continue
        mover = members[-1]
        if mover["person"]["id"] == branch["secretary_id"]:
            continue
        moved = ctx.date_between(window_start, ctx.today - timedelta(days=30))
        if rng.random() < 0.5:
            mover["row"]["left_on"] = moved
            mover["row"]["notes"] = rng.choice(["组织关系转出", "去世"])
        else:
            mover["row"]["joined_on"] = moved
            mover["row"]["notes"] = "组织关系转入"


def _is_member_on(member: dict[str, Any], day: date) -> bool:
    row, person = member["row"], member["person"]
    if row["joined_on"] and row["joined_on"] > day:
        return False
    if row["left_on"] and row["left_on"] <= day:
        return False
    joined_party = person.get("party_joined_on")
    return not (joined_party and joined_party > day)


def _day_date(ctx: DemoContext, year: int, month: int) -> tuple[date, str]:
    """The last Friday, or now and then another day of the month with its reason."""
    rng = ctx.rng
    due = last_friday(year, month)
    if rng.random() >= LATE_SHARE:
        return due, ""
    later = due + timedelta(days=1)
    if later.month == month and later <= ctx.today and rng.random() < 0.4:
        return later, rng.choice(LATER_REASONS)
    return due - timedelta(days=rng.choice((1, 2, 2, 3))), rng.choice(EARLIER_REASONS)


def _summary(ctx: DemoContext, host: str, items: list[str]) -> str:
    rng = ctx.rng
    parts = [f"{host}主持。"]
    if "集中学习" in items:
        parts.append(f"集中学习：{rng.choice(STUDY)}；")
    if "过组织生活" in items:
        parts.append(f"过组织生活：{rng.choice(LIFE)}；")
    if "民主议事" in items:
        parts.append(f"民主议事：讨论了{rng.choice(MATTERS)}事项，形成一致意见；")
    if "志愿服务" in items:
        parts.append(f"志愿服务：{rng.choice(SERVICES)}。")
    return "".join(parts)


def _make_days(ctx: DemoContext, build: _Builder, current_items: list[str]) -> None:
    rng = ctx.rng
    end = (ctx.today.year, ctx.today.month)
    if last_friday(*end) > ctx.today:
        end = previous_month(*end)
    start = end
    for _ in range(23):
        start = previous_month(*start)
    months = months_until(date(start[0], start[1], 1), date(end[0], end[1], 1))
    names = {p["id"]: p["name"] for p in ctx.people}
    for branch in build.branches:
        members = build.members[branch["id"]]
        propensity = rng.uniform(0.8, 0.97)
        place = rng.choice(("党员活动室", "党群服务中心", "村部会议室", "新时代文明实践站"))
        host = names.get(branch["secretary_id"], "")
        for year, month in months:
            if rng.random() < MISSED_SHARE:
                continue
            held, reason = _day_date(ctx, year, month)
            items = list(DEFAULT_ITEMS) if year != ctx.today.year else list(current_items)
            if rng.random() < 0.12:
                items.remove(rng.choice(["民主议事", "志愿服务"]))
            present = [m for m in members if _is_member_on(m, held)]
            recorder = names.get(present[1]["person"]["id"], "") if len(present) > 1 else ""
            theme = MONTH_THEMES[month] if rng.random() < 0.8 else rng.choice(OTHER_THEMES)
            day_id = build.key()
            build.days.append(
                (
                    day_id,
                    build.now_text,
                    build.now_text,
                    None,
                    branch["id"],
                    held.isoformat(),
                    f"{year:04d}-{month:02d}",
                    reason,
                    theme,
                    "、".join(items),
                    place,
                    host,
                    recorder,
                    _summary(ctx, host, items),
                )
            )
            for member in present:
                draw = rng.random()
                if draw < propensity:
                    status, why = "出席", ""
                elif draw < propensity + (1 - propensity) * 0.7:
                    status, why = "请假", rng.choice(LEAVE_REASONS)
                else:
                    status, why = "缺席", ""
                build.attendance.append(
                    (
                        build.key(),
                        build.now_text,
                        build.now_text,
                        None,
                        day_id,
                        member["person"]["id"],
                        status,
                        why,
                    )
                )


def _sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(
    model: type[BaseModel], columns: Sequence[str], rows: Sequence[tuple[Any, ...]], convert: bool = False
) -> None:
    """executemany of plain tuples in the order of columns (field names), straight into the table.

    Values must already be SQL values (dates as ISO text) unless convert is set.
    Fields this module does not name (added to every table by later work) get their defaults.
    """
    fields = {field.name: field for field in model._meta.sorted_fields}
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise RuntimeError(f"demo columns of {model.__name__} are out of date: {unknown}")
    extra = [field for name, field in fields.items() if name not in columns]
    defaults = tuple(_sql_value(f.default() if callable(f.default) else f.default) for f in extra)
    names = [fields[name].column_name for name in columns] + [f.column_name for f in extra]
    sql = (
        f'INSERT INTO "{model._meta.table_name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
        f"VALUES ({', '.join('?' * len(names))})"
    )
    cursor = database.cursor()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if convert:
            batch = [tuple(_sql_value(v) for v in row) for row in batch]
        cursor.executemany(sql, [row + defaults for row in batch] if defaults else batch)


def _insert_dicts(model: type[BaseModel], rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        columns = list(rows[0])
        _insert(model, columns, [tuple(row[c] for c in columns) for row in rows], convert=True)


def populate(ctx: DemoContext) -> None:
    build = _Builder(ctx)
    _make_branches(ctx, build)
    _insert_dicts(PartyBranch, build.branches)
    _insert_dicts(BranchMember, build.member_rows)
    current_items = [*DEFAULT_ITEMS, "交纳党费"]
    _insert_dicts(
        PartyDayItem,
        [
            build.row(year=ctx.today.year, name=name, sort_order=index)
            for index, name in enumerate(current_items, start=1)
        ],
    )
    _make_days(ctx, build, current_items)
    _insert(PartyDay, DAY_COLUMNS, build.days)
    _insert(PartyDayAttendance, ATTENDANCE_COLUMNS, build.attendance)
    ctx.extra["party_branches"] = build.branches
    ctx.extra["party_day_count"] = len(build.days)
