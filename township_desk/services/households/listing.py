"""Households (联系户): settings, people who can pair, and the list."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import peewee

from township_desk.models.households import Household, HouseholdMatter, HouseholdPairing
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.listing import Column, Filter, Listing, ListState, Row
from township_desk.services.normalize import clean_name, clean_text
from township_desk.services.people import (
    person_label,
    village_names,
)
from township_desk.services.records import (
    ValidationError,
)
from township_desk.services.settings import get_setting, set_setting

PARTY_MEMBERS = ("中共党员", "中共预备党员")
OVERDUE_SETTING = "household_visit_overdue_days"
DEFAULT_OVERDUE_DAYS = 90
STALE_MATTER_DAYS = 30
MAX_MEMBERS = 30
WALK_ORDER_ABOVE = 500  # a search matching more households than this reads pages in list order (measured: 2,337 matches of 52,879 took 57 ms sorted, 27 ms walked)

STATE_UNPAIRED = "未结对"
STATE_OVERDUE = "超期未走访"
STATE_NEVER = "从未走访"
MATTERS_OPEN = "有未办结诉求"
MATTERS_STALE = "有超期诉求"
MATTER_FILTERS = {MATTERS_OPEN: None, "有待办诉求": "待办", "有办理中诉求": "办理中", MATTERS_STALE: None}


def live(model: Any) -> peewee.Expression:
    """model.deleted_at IS NULL written so that SQLite does not pick the (useless) deleted_at index.

    Nearly every row is live, so that index would make the planner sort all rows instead of
    walking the index that gives the order asked for.
    """
    return peewee.NodeList((peewee.SQL("+"), model.deleted_at), glue="").is_null()


def plain(field: Any) -> Any:
    """A column the planner should not use an index for (a filter that keeps most rows)."""
    return peewee.NodeList((peewee.SQL("+"), field), glue="")


def group_number(model: Any = Household) -> Any:
    """The number of a 村民小组 ("3组" → 3), matching the household_list_order index."""
    return peewee.Cast(model.group_name, "INTEGER")


# ---------------------------------------------------------------- settings


def overdue_days() -> int:
    """Days without a visit after which a pairing is overdue (a setting of this file, default 90)."""
    text = get_setting(OVERDUE_SETTING)
    try:
        value = int(text)
    except ValueError:
        return DEFAULT_OVERDUE_DAYS
    return value if 1 <= value <= 3650 else DEFAULT_OVERDUE_DAYS


def set_overdue_days(days: int) -> None:
    if not 7 <= days <= 3650:
        raise ValidationError("overdue_days", "超期天数应在 7 到 3650 天之间。")
    set_setting(OVERDUE_SETTING, str(days))


def overdue_cutoff(today: date | None = None) -> date:
    return (today or clock.today()) - timedelta(days=overdue_days())


def stale_cutoff(today: date | None = None) -> date:
    return (today or clock.today()) - timedelta(days=STALE_MATTER_DAYS)


# ---------------------------------------------------------------- people who can pair


def party_members() -> peewee.ModelSelect:
    """Live Party members (full and probationary): who can pair with and visit households."""
    return Person.live().where(Person.political.in_(PARTY_MEMBERS))


def member_options(village_id: str | None = None) -> list[tuple[str, str]]:
    """(id, label) of Party members, those of the given village first, then by pinyin."""
    query = (
        party_members()
        .select(Person, Village)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
    )
    own = peewee.Case(None, [(Person.village == village_id, 0)], 1) if village_id else peewee.Value(1)
    return [(str(p.id), person_label(p)) for p in query.order_by(own, Person.pinyin)]


def paired_members() -> list[tuple[str, str]]:
    """(person id, label) of every member with a current pairing, by pinyin (the 联系党员 filter)."""
    current = HouseholdPairing.select(HouseholdPairing.member).where(
        live(HouseholdPairing) & HouseholdPairing.ended_on.is_null()
    )
    query = (
        Person.select(Person.id, Person.name, Person.id_number, Village.name)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
        .where(Person.id.in_(current))
        .order_by(Person.pinyin)
        .tuples()
    )
    found = []
    for person_id, name, number, village in query:
        extra = [village] if village else []
        if number:
            extra.append(f"身份证尾号{number[-4:]}")
        found.append((str(person_id), f"{name}（{'，'.join(extra)}）" if extra else str(name)))
    return found


def find_person(text: str, *, members_only: bool = False) -> Person:
    """The one live person named by a name or ID number; a ValidationError lists the candidates."""
    text = clean_text(text)
    if not text:
        raise ValidationError("member", "请填写姓名或身份证号。")
    query = party_members() if members_only else Person.live()
    if any(ch.isdigit() for ch in text):
        found = list(query.where(Person.id_number == text.upper()))
    else:
        found = list(query.where(Person.name == clean_name(text)))
    if not found:
        who = "党员" if members_only else "人员"
        raise ValidationError("member", f"库中没有名为“{text}”的{who}。")
    if len(found) > 1:
        labels = "；".join(person_label(p) for p in found[:8])
        raise ValidationError("member", f"有 {len(found)} 人名为“{text}”：{labels}。请改用身份证号。")
    return found[0]


# ---------------------------------------------------------------- the 联系户 list


def household_search(text: str, model: Any = Household) -> peewee.Expression:
    """The condition finding households by part of the head's name, pinyin initials, ID number or phone."""
    text = clean_text(text)
    condition = peewee.fn.instr(model.head_name, text) > 0
    lowered = text.lower().replace(" ", "")
    if lowered.isascii() and lowered.isalpha():
        condition |= peewee.Expression(model.head_initials, "GLOB", lowered + "*")
        condition |= peewee.Expression(model.head_pinyin, "GLOB", lowered + "*")
    if any(ch.isdigit() for ch in text):
        digits = re.sub(r"\s", "", text).upper()
        condition |= (peewee.fn.instr(model.head_id_number, digits) > 0) | (
            peewee.fn.instr(model.head_phone, digits) > 0
        )
    return condition


def _rowid(model: Any) -> Any:
    return peewee.Column(model, "rowid")


def _member_names() -> Any:
    pairing = HouseholdPairing.alias("cp")
    member = Person.alias("cm")
    return (
        pairing.select(peewee.fn.group_concat(member.name, "、"))
        .join(member, on=(pairing.member == member.id))
        .where(
            (pairing.household == Household.id) & pairing.deleted_at.is_null() & pairing.ended_on.is_null()
        )
    )


class HouseholdListing(Listing):
    """Every live household, one row each; visits and matters are counted on the row itself."""

    title = "联系户"
    columns = (
        Column("head", "户主", Household.head_pinyin, width=70),
        Column("village", "村(社区)", Household.village_order, width=90),
        Column("group", "村民小组", group_number(), align="center", width=65),
        Column("category", "户类型", Household.category, width=65),
        Column("member_count", "人口", Household.member_count, align="center", width=40),
        Column("phone", "联系电话", Household.head_phone, width=100),
        Column("members_paired", "联系党员", None, width=100),
        Column("last_visit_on", "最近走访", Household.last_visit_on, align="center", width=85),
        Column("visit_count", "走访次数", Household.visit_count, align="center", width=60),
        Column("open_matters", "未办结诉求", Household.open_matters, align="center", width=70),
        Column("address", "家庭住址", None, width=160),
    )
    default_sort = (Household.village_order, group_number(), Household.head_pinyin)

    def __init__(self) -> None:
        self._counted: tuple[Any, int] = (None, 0)  # (search and filters, count) of the last count()

    # The 联系党员 filter ("member", a person id) is not a drop-down: a county has thousands of
    # members, so the tab offers a search-as-you-type box instead (ListState.filters["member"]).
    filters = (
        Filter("village", "村(社区)", village_names),
        Filter("category", "户类型", vocab.HOUSEHOLD_CATEGORIES.labels),
        Filter("state", "走访", lambda: [STATE_OVERDUE, STATE_NEVER, STATE_UNPAIRED]),
        Filter("matters", "诉求", lambda: list(MATTER_FILTERS)),
    )

    def base_query(self) -> peewee.ModelSelect:
        # Plain dicts of the shown columns: building model objects would cost more than the query.
        return (
            Household.select(
                *LIST_FIELDS, Village.name.alias("village"), _member_names().alias("members_paired")
            )
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
            .where(live(Household))
            .dicts()
        )

    def ordered(self, state: ListState) -> peewee.ModelSelect:
        """A descending sort reverses the whole order, so that one index serves both ways."""
        order: list[Any] = []
        column = self.column(state.sort_key) if state.sort_key else None
        if column is not None and column.sort is not None:
            order.append(column.sort)
        order.extend(self.default_sort)
        if state.descending:
            return self.filtered(state).order_by(*(term.desc() for term in order))
        return self.filtered(state).order_by(*order)

    def count(self, state: ListState) -> int:
        """Counted on the household table alone (no joins, no per-row subqueries)."""
        query = self.scope(
            Household.select(peewee.fn.COUNT(peewee.SQL("*"))).where(live(Household)), counting=True
        )
        text = state.search.strip()
        if text:  # read from the covering index household_search when no filter needs the rows
            query = query.where(household_search(text))
        for key, value in state.active_filters().items():
            query = self.apply_filter(query, key, value, counting=True)
        total = int(query.scalar() or 0)
        self._counted = (self._key(state), total)
        return total

    @staticmethod
    def _key(state: ListState) -> tuple[str, tuple[tuple[str, str], ...]]:
        return state.search.strip(), tuple(sorted(state.active_filters().items()))

    def filtered(self, state: ListState) -> peewee.ModelSelect:
        query = self.scope(self.base_query())
        text = state.search.strip()
        if text:
            counted, total = self._counted
            if counted == self._key(state) and total > WALK_ORDER_ABOVE:
                # Many matches: walk the order's index and stop after a page.
                query = query.where(household_search(text))
            else:
                query = self.apply_search(query, text)
        for key, value in state.active_filters().items():
            query = self.apply_filter(query, key, value)
        return query

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        """Few matches: scan the narrow covering index household_search, then fetch and sort just those."""
        found = Household.alias("hs")
        return query.where(
            _rowid(Household).in_(found.select(_rowid(found)).where(household_search(text, found)))
        )

    def apply_filter(
        self, query: peewee.ModelSelect, key: str, value: str, *, counting: bool = False
    ) -> peewee.ModelSelect:
        if key == "village":
            villages = Village.select(Village.id).where(Village.name == value)
            return query.where(Household.village.in_(villages))
        if key == "category":
            return query.where(plain(Household.category) == value)
        if key == "member":
            pairings = HouseholdPairing.select(HouseholdPairing.household).where(
                (HouseholdPairing.member == value)
                & live(HouseholdPairing)
                & HouseholdPairing.ended_on.is_null()
            )
            return query.where(Household.id.in_(pairings))
        if key == "state":
            if value == STATE_UNPAIRED:
                return query.where(Household.pairing_count == 0)
            if value == STATE_NEVER:
                return query.where(Household.last_visit_on.is_null())
            if value == STATE_OVERDUE:
                return query.where(
                    Household.last_visit_on.is_null() | (Household.last_visit_on < overdue_cutoff())
                )
        if key == "matters" and value in MATTER_FILTERS:
            if value == MATTERS_OPEN:
                return query.where(Household.open_matters > 0)
            matter = HouseholdMatter.alias("fm")
            status = MATTER_FILTERS[value]
            if counting:  # from the status index straight to the few households
                if status is None:  # stale: open and raised more than 30 days ago
                    wanted = matter.status.in_(("待办", "办理中")) & (matter.raised_on < stale_cutoff())
                else:
                    wanted = matter.status == status
                return query.where(
                    Household.id.in_(matter.select(matter.household).where(wanted & live(matter)))
                )
            # A page walks the list's order and checks each household's own matters (never through
            # the status index, which would run once per household) until the page is full.
            if status is None:
                wanted = plain(matter.status).in_(("待办", "办理中")) & (
                    plain(matter.raised_on) < stale_cutoff()
                )
            else:
                wanted = plain(matter.status) == status
            exists = matter.select(peewee.SQL("1")).where(
                (matter.household == Household.id) & wanted & live(matter)
            )
            return query.where((plain(Household.open_matters) > 0) & peewee.fn.EXISTS(exists))
        return super().apply_filter(query, key, value)

    def to_row(self, record: Any) -> Row:
        row: Row = {key: record[key] for key in ROW_KEYS}
        row["id"] = record["id"]
        row["village"] = record["village"] or ""
        row["members_paired"] = record["members_paired"] or ""
        row["last_visit_on"] = _as_date(record["last_visit_on"])
        return row


LIST_FIELDS = (
    Household.id,
    Household.head_name.alias("head"),
    Household.head_id_number.alias("id_number"),
    Household.head_phone.alias("phone"),
    Household.group_name.alias("group"),
    Household.address,
    Household.category,
    Household.member_count,
    Household.members,
    Household.notes,
    Household.last_visit_on,
    Household.visit_count,
    Household.open_matters,
)
ROW_KEYS = (
    "head",
    "id_number",
    "phone",
    "group",
    "address",
    "category",
    "member_count",
    "members",
    "notes",
    "visit_count",
    "open_matters",
)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
