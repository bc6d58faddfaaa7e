"""Households (联系户) and their pairings with Party members: the list, the forms, export and the 登记表 rows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.households import Household, HouseholdMatter, HouseholdPairing
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.listing import Column, Filter, Listing, ListState, Row
from township_desk.services.normalize import clean_name, clean_phone, clean_text
from township_desk.services.people import (
    parse_date_field,
    person_label,
    person_with_id_number,
    village_by_name,
    village_names,
)
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import (
    Field,
    FormSpec,
    Section,
    ValidationError,
    Values,
    find,
    require,
    write_record,
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
        condition |= (peewee.fn.instr(model.head_id_number, digits) > 0) | (peewee.fn.instr(model.head_phone, digits) > 0)
    return condition


def _rowid(model: Any) -> Any:
    return peewee.Column(model, "rowid")


def _member_names() -> Any:
    pairing = HouseholdPairing.alias("cp")
    member = Person.alias("cm")
    return (
        pairing.select(peewee.fn.group_concat(member.name, "、"))
        .join(member, on=(pairing.member == member.id))
        .where((pairing.household == Household.id) & pairing.deleted_at.is_null() & pairing.ended_on.is_null())
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
            Household.select(*LIST_FIELDS, Village.name.alias("village"), _member_names().alias("members_paired"))
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
        query = self.scope(Household.select(peewee.fn.COUNT(peewee.SQL("*"))).where(live(Household)), counting=True)
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
        return query.where(_rowid(Household).in_(found.select(_rowid(found)).where(household_search(text, found))))

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
                (HouseholdPairing.member == value) & live(HouseholdPairing) & HouseholdPairing.ended_on.is_null()
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
                return query.where(Household.id.in_(matter.select(matter.household).where(wanted & live(matter))))
            # A page walks the list's order and checks each household's own matters (never through
            # the status index, which would run once per household) until the page is full.
            if status is None:
                wanted = plain(matter.status).in_(("待办", "办理中")) & (plain(matter.raised_on) < stale_cutoff())
            else:
                wanted = plain(matter.status) == status
            exists = matter.select(peewee.SQL("1")).where((matter.household == Household.id) & wanted & live(matter))
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
ROW_KEYS = ("head", "id_number", "phone", "group", "address", "category", "member_count", "members", "notes",
            "visit_count", "open_matters")


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------- the household form

HEAD_FIELDS = (
    Field("head", "户主姓名", required=True),
    Field("id_number", "身份证号", placeholder="18位，输入后自动填出生日期和性别"),
    Field("sex", "性别", "readonly", tooltip="由身份证号得出"),
    Field("birth_date", "出生日期", "readonly", tooltip="由身份证号得出"),
    Field("phone", "联系电话"),
)
FAMILY_FIELDS = (
    Field("village", "村(社区)", "choice", required=True, choices=village_names),
    Field("group", "村民小组", placeholder="如 3组"),
    Field("address", "家庭住址"),
    Field("member_count", "家庭人口", placeholder="人数，如 4"),
    Field("members", "家庭成员", "multiline", placeholder="如：配偶 李秀英、长子 张伟"),
    Field("category", "户类型", "choice", choices=vocab.HOUSEHOLD_CATEGORIES.labels, editable_choice=False),
    Field("notes", "备注", "multiline"),
)


def load_household(household_id: str | None) -> Values:
    if not household_id:
        return {"category": "一般户"}
    household = Household.get_by_id(household_id)
    head = household.head
    return {
        "head": head.name,
        "id_number": head.id_number or "",
        "sex": head.sex,
        "birth_date": head.birth_date.isoformat() if head.birth_date else "",
        "phone": head.phone,
        "village": household.village.name if household.village_id else "",
        "group": household.group_name,
        "address": household.address,
        "member_count": "" if household.member_count is None else str(household.member_count),
        "members": household.members,
        "category": household.category,
        "notes": household.notes,
    }


def derive_household(values: Mapping[str, Any]) -> Values:
    number = clean_text(values.get("id_number"))
    if not number:
        return {"sex": "", "birth_date": ""}
    try:
        info = parse_id_number(number)
    except IdNumberError:
        return {"sex": "", "birth_date": ""}
    return {"id_number": info.number, "sex": info.sex, "birth_date": info.birth_date.isoformat()}


def parse_member_count(value: object) -> int | None:
    """家庭人口 from "4", "4人", 4.0; None when empty; ValueError with a Chinese message otherwise."""
    text = clean_text(value).removesuffix("人").removesuffix("口").strip()
    if not text:
        return None
    try:
        count = int(float(text))
    except ValueError:
        raise ValueError(f"家庭人口“{clean_text(value)}”不是人数") from None
    if not 1 <= count <= MAX_MEMBERS:
        raise ValueError(f"家庭人口 {count} 不合理（应为 1—{MAX_MEMBERS} 人）")
    return count


def household_of_head(number: str, exclude_id: str | None = None) -> Household | None:
    """The live household whose head holds this ID number."""
    query = Household.live().where(Household.head_id_number == number)
    if exclude_id:
        query = query.where(Household.id != exclude_id)
    return query.first()


def save_household(household_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or update a household and its head in one transaction; returns the household id."""
    name = clean_name(require(values, "head", "户主姓名"))
    number: str | None = None
    sex, birth = "", None
    if clean_text(values.get("id_number")):
        try:
            info = parse_id_number(values.get("id_number"))
        except IdNumberError as exc:
            raise ValidationError("id_number", str(exc)) from exc
        number, sex, birth = info.number, info.sex, info.birth_date
        other = household_of_head(number, household_id)
        if other is not None:
            raise ValidationError("id_number", f"身份证号 {number} 的户主已登记为“{other.describe()}”，同一户不能重复录入。")
    village_name = require(values, "village", "村(社区)")
    try:
        member_count = parse_member_count(values.get("member_count"))
    except ValueError as exc:
        raise ValidationError("member_count", str(exc)) from exc
    category = clean_text(values.get("category")) or "一般户"
    category = vocab.HOUSEHOLD_CATEGORIES.normalize(category) or category
    household = find(Household, household_id)
    head = household.head if household is not None else None
    holder = person_with_id_number(number, exclude_id=head.id if head is not None else None) if number else None
    if holder is not None and (head is not None or holder.name != name):
        where = f"（{holder.village.name}）" if holder.village_id else ""
        raise ValidationError("id_number", f"身份证号 {number} 已登记在“{holder.name}”{where}名下，请核对姓名和身份证号。")
    created_head = head is None and holder is None
    with database.atomic():
        village = village_by_name(village_name)
        if head is None:
            head = holder or Person(political="群众", ethnicity="汉族")
        head.name = name
        head.initials, head.pinyin = name_initials(name), name_pinyin(name)
        if number:
            head.id_number, head.sex, head.birth_date = number, sex, birth
        elif household is not None:
            head.id_number = None
        head.phone = clean_phone(values.get("phone")) or (head.phone if holder is not None else "")
        if head.village_id is None or holder is None:
            head.village = village
        head.save(force_insert=created_head)
        household = household or Household()
        household.head = head
        household.village = village
        household.group_name = clean_text(values.get("group"))
        household.address = clean_text(values.get("address"))
        household.member_count = member_count
        household.members = str(values.get("members") or "").strip()
        household.category = category
        household.notes = str(values.get("notes") or "").strip()
        if household_id:
            household.save(only=[Household._meta.fields[key] for key in (*Household.EDITABLE, "updated_at")])
        else:
            household.save(force_insert=True)
    return str(household.id)


HOUSEHOLD_FORM = FormSpec(
    title="联系户",
    sections=(Section("户主", HEAD_FIELDS), Section("家庭情况", FAMILY_FIELDS)),
    load=load_household,
    save=save_household,
    derive=derive_household,
)


# ---------------------------------------------------------------- pairings


def pairing_rows(household_id: str) -> list[Row]:
    """The household's pairings, current first."""
    query = (
        HouseholdPairing.select(HouseholdPairing, Person)
        .join(Person, on=(HouseholdPairing.member == Person.id))
        .where((HouseholdPairing.household == household_id) & HouseholdPairing.deleted_at.is_null())
        .order_by(HouseholdPairing.ended_on.is_null(False), HouseholdPairing.started_on.desc())
    )
    today = clock.today()
    return [
        {
            "id": p.id,
            "member": p.member.name,
            "phone": p.member.phone,
            "started_on": p.started_on,
            "ended_on": p.ended_on,
            "current": p.ended_on is None,
            "last_visit_on": p.last_visit_on,
            "days": (today - p.last_visit_on).days if p.last_visit_on else None,
            "notes": p.notes,
        }
        for p in query
    ]


def load_pairing(pairing_id: str | None) -> Values:
    if not pairing_id:
        return {"started_on": clock.today().isoformat()}
    pairing = HouseholdPairing.get_by_id(pairing_id)
    return {
        "member": str(pairing.member_id),
        "started_on": pairing.started_on.isoformat() if pairing.started_on else "",
        "ended_on": pairing.ended_on.isoformat() if pairing.ended_on else "",
        "notes": pairing.notes,
    }


def save_pairing(household_id: str, pairing_id: str | None, values: Mapping[str, Any]) -> str:
    """Pair a Party member with the household (or change a pairing); returns the pairing id."""
    member_id = clean_text(values.get("member"))
    if not member_id:
        raise ValidationError("member", "请选择“联系党员”。")
    member = Person.get_or_none((Person.id == member_id) & Person.deleted_at.is_null())
    if member is None:
        raise ValidationError("member", "所选联系党员已不在库中，请重新选择。")
    if member.political not in PARTY_MEMBERS:
        raise ValidationError("member", f"“{member.name}”的政治面貌是“{member.political or '未填'}”，只有党员可以结对联系。")
    started = parse_date_field(values, "started_on", "结对时间")
    ended = parse_date_field(values, "ended_on", "结束时间")
    if ended is not None and ended > clock.today():
        raise ValidationError("ended_on", "结束时间不能晚于今天；结对仍在进行时请留空。")
    if started and ended and ended < started:
        raise ValidationError("ended_on", "结束时间早于结对时间，请核对。")
    if ended is None:
        same = HouseholdPairing.live().where(
            (HouseholdPairing.household == household_id) & (HouseholdPairing.member == member.id)
            & HouseholdPairing.ended_on.is_null()
        )
        if pairing_id:
            same = same.where(HouseholdPairing.id != pairing_id)
        if same.exists():
            raise ValidationError("member", f"“{member.name}”已经在联系这一户。")
    with database.atomic():
        notes = str(values.get("notes") or "").strip()
        pairing = write_record(HouseholdPairing, pairing_id, dict(member=member, started_on=started, ended_on=ended,
                                                                  notes=notes), household=household_id)
    return str(pairing.id)


def end_pairing(pairing_id: str, on: date | None = None) -> None:
    """Record that a pairing ended (today by default)."""
    with database.atomic():
        pairing = HouseholdPairing.get_by_id(pairing_id)
        pairing.ended_on = on or clock.today()
        pairing.save()


def pairing_form(household_id: str) -> FormSpec:
    village_id = Household.get_by_id(household_id).village_id
    fields = (
        Field("member", "联系党员", "ref", required=True, options=lambda: member_options(village_id),
              tooltip="可输入姓名查找；本村党员排在前面"),
        Field("started_on", "结对时间", "date"),
        Field("ended_on", "结束时间", "date", tooltip="结对仍在进行时留空"),
        Field("notes", "备注", "multiline"),
    )
    return FormSpec(
        title="结对联系",
        sections=(Section("结对联系", fields),),
        load=load_pairing,
        save=lambda pairing_id, values: save_pairing(household_id, pairing_id, values),
    )


# ---------------------------------------------------------------- counts, export

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("head", "户主姓名"),
    ("id_number", "身份证号"),
    ("phone", "联系电话"),
    ("village", "村(社区)"),
    ("group", "村民小组"),
    ("address", "家庭住址"),
    ("member_count", "家庭人口"),
    ("members", "家庭成员"),
    ("category", "户类型"),
    ("members_paired", "联系党员"),
    ("last_visit_on", "最近走访"),
    ("visit_count", "走访次数"),
    ("open_matters", "未办结诉求"),
    ("notes", "备注"),
)


def household_counts() -> dict[str, int]:
    total = Household.select(peewee.fn.COUNT(peewee.SQL("*"))).where(live(Household)).scalar() or 0
    unpaired = (
        Household.select(peewee.fn.COUNT(peewee.SQL("*")))
        .where(live(Household) & (plain(Household.pairing_count) == 0))
        .scalar()
        or 0
    )
    return {"households": int(total), "unpaired": int(unpaired)}


def export_households(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """Write the households (all, or what the window shows) to a workbook; returns the row count."""
    listing = HouseholdListing()
    state = state or ListState()
    return write_workbook(path, "联系户", EXPORT_COLUMNS, _stream(listing, state), listing.count(state), progress)


def _stream(listing: HouseholdListing, state: ListState) -> Any:
    """All rows in list order through one cursor (no OFFSET paging over tens of thousands of rows)."""
    for record in listing.ordered(state).iterator():
        yield listing.to_row(record)
