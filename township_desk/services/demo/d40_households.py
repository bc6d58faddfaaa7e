"""Demo households paired with Party-member cadres, years of visits and the matters raised in them.

The county size makes over 50,000 households and 300,000 visits, so rows are built as tuples and
written with executemany while the derived-column triggers are off (the derived columns are
computed here instead). Keys increase in the order rows are written, which keeps SQLite's
indexes appending instead of splitting pages; they start at a random point, so two demo files
never share a key.
"""

from __future__ import annotations

import os
from bisect import bisect
from collections.abc import Sequence
from datetime import date
from itertools import accumulate
from typing import Any

from township_desk.db import database
from township_desk.models.base import BaseModel, utc_now
from township_desk.models.households import (
    Household,
    HouseholdMatter,
    HouseholdPairing,
    HouseholdVisit,
    HouseholdVisitor,
    create_triggers,
    drop_triggers,
)
from township_desk.models.people import Person
from township_desk.services.demo import DemoContext
from township_desk.services.pinyin import name_initials, name_pinyin

SMALL_HOUSEHOLDS = (18, 26)  # per village
COUNTY_HOUSEHOLDS = (116, 136)
SMALL_VISITS = (2, 6)  # per household
COUNTY_VISITS = (4, 8)
CATEGORIES = {"一般户": 58, "脱贫户": 18, "低保户": 8, "监测户": 6, "特困户": 3, "残疾人户": 4, "留守户": 3}
FORMS = {"入户走访": 70, "电话联系": 14, "微信联系": 5, "屋场会": 9, "集中接访": 2}
SIZES = {1: 6, 2: 18, 3: 22, 4: 24, 5: 16, 6: 9, 7: 5}
RELATIONS = ("配偶", "长子", "次子", "长女", "次女", "儿媳", "孙子", "孙女", "母亲", "父亲")
MALE_RELATIONS = frozenset({"长子", "次子", "孙子", "父亲"})
OWN_SURNAME = frozenset({"长子", "次子", "长女", "次女", "孙子", "孙女", "父亲"})
SITUATIONS = (
    "家中{n}口人，身体状况良好，主要收入为务工收入，{extra}",
    "户主在家务农，种植水稻{k}亩，{extra}",
    "家中老人患慢性病长期服药，医保已参保，{extra}",
    "子女在外务工，留守老人生活能自理，{extra}",
    "发展养殖（生猪{k}头），销路基本稳定，{extra}",
    "孩子在镇中学就读，已享受教育资助，{extra}",
    "房屋经鉴定为安全住房，饮水安全有保障，{extra}",
    "参加屋场会，宣讲惠民政策，收集意见{k}条，{extra}",
)
EXTRAS = (
    "对村里工作表示满意。",
    "宣传了防返贫监测政策。",
    "讲解了医保、养老保险缴费政策。",
    "提醒注意用电用火安全。",
    "了解了春耕生产准备情况。",
    "未发现返贫致贫风险。",
    "介绍了县里的就业招聘信息。",
    "征求了对村级事务的意见建议。",
)
MATTERS = (
    ("反映通组公路路面破损，雨天出行不便，希望尽快修补。", "村委会组织修补路面，已恢复通行。"),
    ("申请危房改造补助。", "经鉴定符合条件，已纳入危房改造计划并拨付补助。"),
    ("咨询城乡居民医保缴费及报销比例。", "已当面讲解政策并协助完成缴费。"),
    ("与邻居因宅基地边界产生纠纷，请求调解。", "村调委会现场调解，双方签订调解协议。"),
    ("申请纳入低保。", "已按程序入户核查，经民主评议后报镇审批。"),
    ("孩子上大学需要助学贷款。", "已协助办理生源地信用助学贷款。"),
    ("自来水管道漏水，用水困难。", "村里联系水厂更换管道，供水恢复正常。"),
    ("种植的柑橘销路难，希望帮助联系销售。", "联系镇电商服务站线上销售，已售出两千余斤。"),
    ("家门口路灯损坏，夜间出行不安全。", "已更换路灯。"),
    ("希望参加技能培训，找份稳定工作。", "已推荐参加县人社局电工培训班。"),
    ("申请产业奖补资金。", "经核实符合条件，奖补资金已发放到户。"),
    ("房前水沟堵塞，下雨积水。", "组织党员志愿者清理水沟。"),
)
IN_PROGRESS = "已联系相关部门，正在办理。"
UNITS = ("镇民政办", "镇农业综合服务中心", "镇社保中心", "镇司法所", "村委会")
NOTES = ("户主常年在外务工", "家中有重病患者", "独居老人", "家中有在校大学生")
BATCH = 5000

PERSON_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "name",
    "initials",
    "pinyin",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "political",
    "party_joined_on",
    "education",
    "phone",
    "village_id",
    "notes",
)
HOUSEHOLD_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "head_id",
    "village_id",
    "group_name",
    "address",
    "member_count",
    "members",
    "category",
    "notes",
    "head_name",
    "head_initials",
    "head_pinyin",
    "head_id_number",
    "head_phone",
    "village_order",
    "last_visit_on",
    "visit_count",
    "open_matters",
    "pairing_count",
)
PAIRING_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "member_id",
    "household_id",
    "started_on",
    "ended_on",
    "notes",
    "last_visit_on",
)
VISIT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "household_id",
    "visited_on",
    "visitor_id",
    "form",
    "items",
    "situation",
    "other_visitors",
)
VISITOR_COLUMNS = ("id", "created_at", "updated_at", "deleted_at", "visit_id", "person_id")
MATTER_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "household_id",
    "visit_id",
    "raised_on",
    "content",
    "status",
    "responsible",
    "resolution",
    "resolved_on",
)


class _Keys:
    """Increasing 32-hex keys from a random starting point."""

    STRIDE = 0x9E3779B97F4A7C15

    def __init__(self) -> None:
        self.value = int.from_bytes(os.urandom(16), "big") >> 2

    def __call__(self) -> str:
        self.value += self.STRIDE
        return f"{self.value:032x}"


class _Weighted:
    """A fast weighted choice with a fixed table."""

    def __init__(self, weights: dict[Any, int]) -> None:
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, random: Any) -> Any:
        return self.values[bisect(self.cumulative, random() * self.total)]


def _insert(model: type[BaseModel], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """executemany of plain tuples (dates as ISO text) straight into the model's table.

    Columns this module does not know (added to every table by later work) get their defaults.
    """
    fields = {field.column_name: field for field in model._meta.sorted_fields}
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise RuntimeError(f"demo columns of {model.__name__} are out of date: {unknown}")
    extra = [name for name in fields if name not in columns]
    defaults = tuple(_default(fields[name]) for name in extra)
    names = [*columns, *extra]
    sql = (
        f'INSERT INTO "{model._meta.table_name}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
    )
    cursor = database.cursor()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        cursor.executemany(sql, [row + defaults for row in batch] if defaults else batch)


def _default(field: Any) -> Any:
    value = field.default() if callable(field.default) else field.default
    return field.db_value(value) if value is not None else None


def _members_by_village(ctx: DemoContext) -> dict[str, list[dict[str, Any]]]:
    """Party members with a village, from the people earlier demo modules made."""
    found: dict[str, list[dict[str, Any]]] = {}
    for person in ctx.people:
        if person.get("political") == "中共党员" and person.get("village") and not person.get("deleted_at"):
            found.setdefault(person["village"], []).append(person)
    return found


class _Builder:
    """Makes every row of the subject as tuples, with the derived columns filled in."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.random = ctx.rng.random
        self.key = _Keys()
        self.now = str(utc_now())
        self.today = ctx.today.toordinal()
        self.days: dict[int, str] = {}
        self.categories = _Weighted(CATEGORIES)
        self.forms = _Weighted(FORMS)
        self.sizes = _Weighted(SIZES)
        households = len(ctx.villages) * sum(COUNTY_HOUSEHOLDS if ctx.county else SMALL_HOUSEHOLDS) // 2
        self.names = self._name_pool(max(400, min(9000, households // 6 if ctx.county else households * 3)))
        self.people: list[tuple[Any, ...]] = []
        self.households: list[tuple[Any, ...]] = []
        self.pairings: list[tuple[Any, ...]] = []
        self.visits: list[tuple[Any, ...]] = []
        self.visitors: list[tuple[Any, ...]] = []
        self.matters: list[tuple[Any, ...]] = []

    def _name_pool(self, size: int) -> list[tuple[str, bool, str, str]]:
        pool = []
        for _ in range(size):
            male = self.random() < 0.78
            name = self.ctx.names.person(male)
            pool.append((name, male, name_initials(name), name_pinyin(name)))
        return pool

    def day(self, ordinal: int) -> str:
        text = self.days.get(ordinal)
        if text is None:
            text = self.days[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.random() * len(items))]

    def span(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def phone(self) -> str:
        return f"1{self.pick('35789')}{int(self.random() * 1e9):09d}"

    def head(self, village_id: str) -> tuple[Any, ...]:
        """A household head (a Person row); returns the row."""
        ctx = self.ctx
        name, male, initials, pinyin = self.pick(self.names)
        birth = ctx.birth_date(28, 86)
        key = self.key()
        ethnicity = "汉族" if self.random() < 0.93 else self.pick(("土家族", "苗族", "回族", "侗族"))
        political = "中共党员" if self.random() < 0.05 else "群众"
        row = (
            key,
            self.now,
            self.now,
            None,
            name,
            initials,
            pinyin,
            ctx.id_number(birth, male),
            "男" if male else "女",
            birth.isoformat(),
            ethnicity,
            political,
            None,
            self.pick(("小学", "初中", "初中", "高中")),
            self.phone(),
            village_id,
            "",
        )
        self.people.append(row)
        return row

    def members_text(self, surname: str, count: int) -> str:
        parts = []
        for relation in self.rng.sample(RELATIONS, k=min(count - 1, len(RELATIONS))):
            given = self.pick(self.names)[0]
            if relation in OWN_SURNAME:
                given = surname + given[1:]
            parts.append(f"{relation} {given}")
        return "、".join(parts)

    def village(self, village: dict[str, Any], members: list[dict[str, Any]]) -> None:
        ctx = self.ctx
        groups = self.span(5, 12)
        low, high = COUNTY_HOUSEHOLDS if ctx.county else SMALL_HOUSEHOLDS
        for _ in range(self.span(low, high)):
            self.household(village, members, groups)

    def household(self, village: dict[str, Any], members: list[dict[str, Any]], groups: int) -> None:
        ctx = self.ctx
        random = self.random
        head = self.head(village["id"])
        head_name = head[4]
        group = self.span(1, groups)
        size = self.sizes.pick(random)
        key = self.key()
        notes = self.pick(NOTES) if random() < 0.1 else ""

        # Pairings: most households have one member; some changed member once; a few have none.
        paired: list[tuple[dict[str, Any], int, int | None]] = []
        if random() < 0.96:
            start = date(2021, 7, 1).toordinal() + int(random() * 270)
            member = self.pick(members)
            if random() < 0.1 and len(members) > 1:
                earlier = self.pick([m for m in members if m is not member])
                changed = self.span(start + 120, self.today - 200)
                paired.append((earlier, start, changed))
                start = changed
            paired.append((member, start, None))

        # Visits going back from today: mostly regular, a few households long neglected.
        low, high = COUNTY_VISITS if ctx.county else SMALL_VISITS
        day = self.today - (self.span(100, 220) if random() < 0.08 else self.span(2, 80))
        last_of: dict[str, str] = {}
        dates: list[str] = []
        open_matters = 0
        for _ in range(self.span(low, high)):
            if day < self.today - 900:
                break
            visit_day = self.day(day)
            dates.append(visit_day)
            visitor = next((m for m, s, e in paired if s <= day and (e is None or day < e)), None)
            if visitor is None:
                visitor = self.pick(members)
            form = self.forms.pick(random)
            items = 3 if form in ("入户走访", "屋场会") else 1
            for bit in (4, 8, 16):
                if random() < 0.3:
                    items |= bit
            situation = self.pick(SITUATIONS).format(n=size, k=self.span(2, 30), extra=self.pick(EXTRAS))
            visit_id = self.key()
            self.visits.append(
                (
                    visit_id,
                    self.now,
                    self.now,
                    None,
                    key,
                    visit_day,
                    visitor["id"],
                    form,
                    items,
                    situation,
                    "驻村工作队队员" if random() < 0.08 else "",
                )
            )
            last_of.setdefault(visitor["id"], visit_day)
            if random() < 0.15 and len(members) > 1:
                second = self.pick(members)
                if second is not visitor:
                    self.visitors.append((self.key(), self.now, self.now, None, visit_id, second["id"]))
                    last_of.setdefault(second["id"], visit_day)
            if random() < 0.2:
                open_matters += self.matter(key, visit_id, day, members)
            day -= self.span(25, 110)

        self.households.append(
            (
                key,
                self.now,
                self.now,
                None,
                head[0],
                village["id"],
                f"{group}组",
                f"{village['name']}{group}组{self.span(1, 80)}号",
                size,
                self.members_text(head_name[0], size),
                self.categories.pick(random),
                notes,
                head_name,
                head[5],
                head[6],
                head[7],
                head[14],
                village["sort_order"],
                dates[0] if dates else None,
                len(dates),
                open_matters,
                sum(1 for _m, _s, end in paired if end is None),
            )
        )
        for member, start, end in paired:
            self.pairings.append(
                (
                    self.key(),
                    self.now,
                    self.now,
                    None,
                    member["id"],
                    key,
                    self.day(start),
                    self.day(end) if end is not None else None,
                    "联系人工作调整" if end is not None else "",
                    last_of.get(member["id"]),
                )
            )

    def matter(self, household_id: str, visit_id: str, day: int, members: list[dict[str, Any]]) -> int:
        """A matter raised in a visit; returns 1 when it is still open."""
        random = self.random
        content, resolution = self.pick(MATTERS)
        age = self.today - day
        weights = (
            (1, 2, 97)
            if age > 180
            else (5, 8, 87)
            if age > 60
            else (20, 35, 45)
            if age > 30
            else (45, 40, 15)
        )
        roll = random() * 100
        status = "待办" if roll < weights[0] else "办理中" if roll < weights[0] + weights[1] else "已办结"
        resolved = self.day(min(self.today, day + self.span(2, 40))) if status == "已办结" else None
        responsible = self.pick(members)["name"] if random() < 0.7 else self.pick(UNITS)
        text = resolution if status == "已办结" else IN_PROGRESS if status == "办理中" else ""
        self.matters.append(
            (
                self.key(),
                self.now,
                self.now,
                None,
                household_id,
                visit_id,
                self.day(day),
                content,
                status,
                responsible,
                text,
                resolved,
            )
        )
        return 0 if status == "已办结" else 1

    def write(self) -> None:
        """Insert everything with the triggers off (the derived columns are already right)."""
        drop_triggers(database)
        try:
            _insert(Person, PERSON_COLUMNS, self.people)
            _insert(Household, HOUSEHOLD_COLUMNS, self.households)
            _insert(HouseholdPairing, PAIRING_COLUMNS, self.pairings)
            _insert(HouseholdVisit, VISIT_COLUMNS, self.visits)
            _insert(HouseholdVisitor, VISITOR_COLUMNS, self.visitors)
            _insert(HouseholdMatter, MATTER_COLUMNS, self.matters)
        finally:
            create_triggers(database)


def populate(ctx: DemoContext) -> None:
    members_of = _members_by_village(ctx)
    everyone = [p for group in members_of.values() for p in group]
    if not everyone:
        return
    builder = _Builder(ctx)
    for village in ctx.villages:
        builder.village(village, members_of.get(village["id"]) or everyone)
    builder.write()
    ctx.extra["household_count"] = len(builder.households)
    ctx.extra["household_visit_count"] = len(builder.visits)
