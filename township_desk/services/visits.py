"""Visits to households and the matters raised (诉求): forms, overdue lists, the visit ledger, the 五个到户登记表."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.households import (
    Household,
    HouseholdMatter,
    HouseholdPairing,
    HouseholdVisit,
    HouseholdVisitor,
)
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.households import (
    find_person,
    live,
    member_options,
    overdue_cutoff,
    plain,
    stale_cutoff,
)
from township_desk.services.listing import Column, Listing, ListState, Row
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field, village_names
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, require
from township_desk.services.settings import report_context

OPEN_STATUSES = ("待办", "办理中")
DONE = "已办结"
ITEM_SHORT = {1: "联系", 2: "走访", 4: "政策", 8: "产业", 16: "服务"}
ITEM_BITS = tuple(ITEM_SHORT)
RESPONSIBLE_UNITS = ("村委会", "村党组织", "镇民政办", "镇农业综合服务中心", "镇社保中心", "镇司法所", "镇自然资源所")


def item_labels(bits: int, *, short: bool = False) -> str:
    """The five items a visit served, as 党员联系到户、民情走访到户 (or 联系、走访)."""
    labels = []
    for entry in vocab.FIVE_ITEMS:
        if bits & int(entry.code):
            labels.append(ITEM_SHORT[int(entry.code)] if short else entry.label)
    return "、".join(labels)


def item_key(bit: int) -> str:
    return f"item_{bit}"


def _date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------- one household's visits and matters


def _companion_names() -> Any:
    companion = HouseholdVisitor.alias("vc")
    person = Person.alias("vp")
    return (
        companion.select(peewee.fn.group_concat(person.name, "、"))
        .join(person, on=(companion.person == person.id))
        .where((companion.visit == HouseholdVisit.id) & companion.deleted_at.is_null())
    )


def _visit_matters() -> Any:
    matter = HouseholdMatter.alias("vm")
    text = peewee.fn.group_concat(matter.content.concat("（").concat(matter.status).concat("）"), "；")
    return matter.select(text).where((matter.visit == HouseholdVisit.id) & matter.deleted_at.is_null())


def visitors_text(visitor: str, companions: str | None, others: str | None) -> str:
    return "、".join(part for part in (visitor, companions or "", others or "") if part)


def visit_rows(household_id: str) -> list[Row]:
    """A household's visits, newest first."""
    query = (
        HouseholdVisit.select(
            HouseholdVisit.id, HouseholdVisit.visited_on, HouseholdVisit.form, HouseholdVisit.items,
            HouseholdVisit.situation, HouseholdVisit.other_visitors, Person.name.alias("visitor"),
            _companion_names().alias("companions"), _visit_matters().alias("matters"),
        )
        .join(Person, on=(HouseholdVisit.visitor == Person.id))
        .where((HouseholdVisit.household == household_id) & HouseholdVisit.deleted_at.is_null())
        .order_by(HouseholdVisit.visited_on.desc(), HouseholdVisit.created_at.desc())
        .dicts()
    )
    return [
        {
            "id": row["id"],
            "visited_on": _as_date(row["visited_on"]),
            "visitors": visitors_text(row["visitor"], row["companions"], row["other_visitors"]),
            "form": row["form"],
            "items": item_labels(row["items"], short=True),
            "items_full": item_labels(row["items"]),
            "situation": row["situation"],
            "matters": row["matters"] or "",
        }
        for row in query
    ]


def matter_rows(household_id: str) -> list[Row]:
    """A household's matters: open ones first, then by the date raised (newest first)."""
    today = clock.today()
    query = (
        HouseholdMatter.select()
        .where((HouseholdMatter.household == household_id) & HouseholdMatter.deleted_at.is_null())
        .order_by(HouseholdMatter.status == DONE, HouseholdMatter.raised_on.desc())
    )
    return [
        {
            "id": m.id,
            "raised_on": m.raised_on,
            "content": m.content,
            "status": m.status,
            "responsible": m.responsible,
            "resolution": m.resolution,
            "resolved_on": m.resolved_on,
            "age": (today - m.raised_on).days if m.status != DONE and m.raised_on else None,
            "stale": m.status != DONE and m.raised_on is not None and m.raised_on < stale_cutoff(today),
        }
        for m in query
    ]


def current_members(household_id: str) -> list[Person]:
    query = (
        Person.select()
        .join(HouseholdPairing, on=(HouseholdPairing.member == Person.id))
        .where((HouseholdPairing.household == household_id) & HouseholdPairing.deleted_at.is_null()
               & HouseholdPairing.ended_on.is_null())
        .order_by(HouseholdPairing.started_on.desc())
    )
    return list(query)


# ---------------------------------------------------------------- the visit form


def load_visit(household_id: str, visit_id: str | None) -> Values:
    values: Values = {"household": Household.get_by_id(household_id).describe()}
    if not visit_id:
        members = current_members(household_id)
        values.update(visited_on=clock.today().isoformat(), form="入户走访", visitor=members[0].id if members else "",
                      item_1=True, item_2=True)
        return values
    visit = HouseholdVisit.get_by_id(visit_id)
    companion = _companion(visit_id)
    values.update(
        visited_on=_date_text(visit.visited_on),
        visitor=str(visit.visitor_id),
        companion=str(companion.person_id) if companion else "",
        other_visitors=visit.other_visitors,
        form=visit.form,
        situation=visit.situation,
        **{item_key(bit): bool(visit.items & bit) for bit in ITEM_BITS},
    )
    return values


def _companion(visit_id: str) -> HouseholdVisitor | None:
    return HouseholdVisitor.live().where(HouseholdVisitor.visit == visit_id).order_by(HouseholdVisitor.created_at).first()


def _person(values: Mapping[str, Any], key: str, label: str, *, required: bool) -> Person | None:
    person_id = clean_text(values.get(key))
    if not person_id:
        if required:
            raise ValidationError(key, f"请选择“{label}”。")
        return None
    person = Person.get_or_none((Person.id == person_id) & Person.deleted_at.is_null())
    if person is None:
        raise ValidationError(key, f"所选“{label}”已不在库中，请重新选择。")
    return person


def save_visit(household_id: str, visit_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a visit, its companion and the matters raised in it, in one transaction; returns its id."""
    visited = parse_date_field(values, "visited_on", "走访日期")
    if visited is None:
        raise ValidationError("visited_on", "请填写“走访日期”。")
    if visited > clock.today():
        raise ValidationError("visited_on", "走访日期不能晚于今天。")
    visitor = _person(values, "visitor", "走访人", required=True)
    assert visitor is not None
    companion = _person(values, "companion", "同行党员", required=False)
    if companion is not None and companion.id == visitor.id:
        raise ValidationError("companion", "同行党员与走访人是同一人。")
    form = clean_text(values.get("form")) or "入户走访"
    form = vocab.VISIT_FORMS.normalize(form) or form
    items = sum(bit for bit in ITEM_BITS if values.get(item_key(bit)))
    if not items:
        raise ValidationError(item_key(1), "请至少勾选一项“五个到户”内容。")
    situation = require(values, "situation", "走访情况")
    raised = [line.strip() for line in str(values.get("new_matters") or "").splitlines() if line.strip()]
    with database.atomic():
        visit = HouseholdVisit.get_by_id(visit_id) if visit_id else HouseholdVisit(household=household_id)
        visit.visited_on = visited
        visit.visitor = visitor
        visit.form = form
        visit.items = items
        visit.situation = str(values.get("situation") or "").strip() or situation
        visit.other_visitors = clean_text(values.get("other_visitors"))
        visit.save(force_insert=visit_id is None)
        existing = _companion(visit.id) if visit_id else None
        if companion is None and existing is not None:
            existing.deleted_at = utc_now()
            existing.save()
        elif companion is not None and existing is None:
            HouseholdVisitor.create(visit=visit, person=companion)
        elif companion is not None and existing is not None and existing.person_id != companion.id:
            existing.person = companion
            existing.save()
        for content in raised:
            HouseholdMatter.create(household=household_id, visit=visit, raised_on=visited, content=content)
    return str(visit.id)


def visit_form(household_id: str) -> FormSpec:
    village_id = Household.get_by_id(household_id).village_id

    def options() -> list[tuple[str, str]]:
        return member_options(village_id)

    visit_fields = (
        Field("household", "联系户", "readonly"),
        Field("visited_on", "走访日期", "date", required=True, placeholder="如 2024-03-05"),
        Field("visitor", "走访人", "ref", required=True, options=options, tooltip="结对党员排在前面，可输入姓名查找"),
        Field("companion", "同行党员", "ref", options=options),
        Field("other_visitors", "其他人员", placeholder="如 驻村工作队队员"),
        Field("form", "走访方式", "choice", choices=vocab.VISIT_FORMS.labels, editable_choice=False),
    )
    item_fields = tuple(Field(item_key(int(e.code)), e.label, "bool") for e in vocab.FIVE_ITEMS)
    text_fields = (
        Field("situation", "走访情况", "multiline", required=True),
        Field("new_matters", "新反映的诉求\n（每行一件）", "multiline",
              tooltip="每行写一件诉求；保存后记为“待办”，在“诉求”页跟踪办理"),
    )
    return FormSpec(
        title="走访记录",
        sections=(Section("走访", visit_fields), Section("五个到户", item_fields), Section("情况与诉求", text_fields)),
        load=lambda visit_id: load_visit(household_id, visit_id),
        save=lambda visit_id, values: save_visit(household_id, visit_id, values),
    )


# ---------------------------------------------------------------- the matter form


def load_matter(matter_id: str | None) -> Values:
    if not matter_id:
        return {"raised_on": clock.today().isoformat(), "status": "待办"}
    matter = HouseholdMatter.get_by_id(matter_id)
    return {
        "content": matter.content,
        "raised_on": _date_text(matter.raised_on),
        "visit": str(matter.visit_id or ""),
        "status": matter.status,
        "responsible": matter.responsible,
        "resolution": matter.resolution,
        "resolved_on": _date_text(matter.resolved_on),
    }


def derive_matter(values: Mapping[str, Any]) -> Values:
    """Marking a matter 已办结 proposes today as the date it was resolved."""
    if clean_text(values.get("status")) == DONE and not clean_text(values.get("resolved_on")):
        return {"resolved_on": clock.today().isoformat()}
    return {}


def save_matter(household_id: str, matter_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a matter raised by the household; returns its id."""
    content = require(values, "content", "诉求内容")
    raised = parse_date_field(values, "raised_on", "提出日期")
    if raised is None:
        raise ValidationError("raised_on", "请填写“提出日期”。")
    if raised > clock.today():
        raise ValidationError("raised_on", "提出日期不能晚于今天。")
    status = vocab.MATTER_STATUS.normalize(clean_text(values.get("status")) or "待办")
    if status is None:
        raise ValidationError("status", "请选择办理状态：待办、办理中或已办结。")
    resolution = str(values.get("resolution") or "").strip()
    resolved = parse_date_field(values, "resolved_on", "办结日期") if status == DONE else None
    if status == DONE:
        if not resolution:
            raise ValidationError("resolution", "已办结的诉求请填写“办理结果”。")
        resolved = resolved or clock.today()
        if resolved < raised:
            raise ValidationError("resolved_on", "办结日期早于提出日期，请核对。")
        if resolved > clock.today():
            raise ValidationError("resolved_on", "办结日期不能晚于今天。")
    visit_id = clean_text(values.get("visit")) or None
    if visit_id and not HouseholdVisit.live().where(
        (HouseholdVisit.id == visit_id) & (HouseholdVisit.household == household_id)
    ).exists():
        raise ValidationError("visit", "所选走访记录不属于这一户。")
    with database.atomic():
        matter = HouseholdMatter.get_by_id(matter_id) if matter_id else HouseholdMatter(household=household_id)
        matter.content = str(values.get("content") or "").strip() or content
        matter.raised_on = raised
        matter.visit = visit_id
        matter.status = status
        matter.responsible = clean_text(values.get("responsible"))
        matter.resolution = resolution
        matter.resolved_on = resolved
        matter.save(force_insert=matter_id is None)
    return str(matter.id)


def set_matter_status(matter_id: str, status: str, resolution: str = "") -> None:
    """Move a matter on (待办 → 办理中 → 已办结) keeping its other fields."""
    matter = HouseholdMatter.get_by_id(matter_id)
    values = load_matter(matter_id)
    values["status"] = status
    values["resolved_on"] = ""
    if resolution:
        values["resolution"] = resolution
    save_matter(str(matter.household_id), matter_id, values)


def _visit_options(household_id: str) -> list[tuple[str, str]]:
    query = (
        HouseholdVisit.select(HouseholdVisit.id, HouseholdVisit.visited_on, HouseholdVisit.form, Person.name)
        .join(Person, on=(HouseholdVisit.visitor == Person.id))
        .where((HouseholdVisit.household == household_id) & HouseholdVisit.deleted_at.is_null())
        .order_by(HouseholdVisit.visited_on.desc())
        .tuples()
    )
    return [(str(i), f"{_as_date(day)} {name} {form}") for i, day, form, name in query]


def _responsible_choices(household_id: str) -> list[str]:
    village_id = Household.get_by_id(household_id).village_id
    names = [label.split("（")[0] for _id, label in member_options(village_id)[:12]]
    return [*dict.fromkeys(names), *RESPONSIBLE_UNITS]


def matter_form(household_id: str) -> FormSpec:
    fields = (
        Field("content", "诉求内容", "multiline", required=True),
        Field("raised_on", "提出日期", "date", required=True),
        Field("visit", "提出时的走访", "ref", options=lambda: _visit_options(household_id)),
    )
    handling = (
        Field("status", "办理状态", "choice", choices=vocab.MATTER_STATUS.labels, editable_choice=False),
        Field("responsible", "责任人", "choice", choices=lambda: _responsible_choices(household_id),
              tooltip="负责办理的党员、干部或单位"),
        Field("resolution", "办理结果", "multiline"),
        Field("resolved_on", "办结日期", "date", tooltip="办结时填写；标为“已办结”时默认今天"),
    )
    return FormSpec(
        title="群众诉求",
        sections=(Section("诉求", fields), Section("办理", handling)),
        load=load_matter,
        save=lambda matter_id, values: save_matter(household_id, matter_id, values),
        derive=derive_matter,
    )


# ---------------------------------------------------------------- overdue at a glance


def _days_since(day: date | None, today: date) -> int | None:
    return (today - day).days if day else None


def _rowid(model: Any) -> Any:
    return peewee.Column(model, "rowid")


def _of_village(name: str) -> peewee.ModelSelect:
    """The ids of a village's households (a few hundred at most: the fastest way in)."""
    return Household.select(Household.id).where(Household.village.in_(Village.select(Village.id).where(Village.name == name)))


class OverduePairingListing(Listing):
    """Current pairings whose member has not visited for N days (N: the overdue setting).

    A page walks the (ended_on, last_visit_on) index from the longest-unvisited pairing and stops
    after a page; the count asks the same index for its two ranges (never visited, visited before
    the cut-off); with a village chosen both start from the village's households instead.
    """

    title = "超期未走访"
    columns = (
        Column("member", "联系党员", None, width=65),
        Column("head", "户主", None, width=65),
        Column("village", "村(社区)", None, width=80),
        Column("started_on", "结对时间", None, align="center", width=85),
        Column("last_visit_on", "最近走访", HouseholdPairing.last_visit_on, align="center", width=85),
        Column("days", "未走访天数", None, align="center", width=70),
    )
    default_sort = (HouseholdPairing.last_visit_on, _rowid(HouseholdPairing))

    def __init__(self) -> None:
        self.village: str | None = None
        self.member: str | None = None

    def _overdue(self, query: peewee.ModelSelect, *, counting: bool) -> peewee.ModelSelect:
        pairing = HouseholdPairing
        cutoff = overdue_cutoff()
        started = pairing.started_on.is_null() | (pairing.started_on < cutoff)
        if self.village or self.member:
            query = query.where(
                live(pairing) & plain(pairing.ended_on).is_null()
                & ((plain(pairing.last_visit_on) < cutoff) | (plain(pairing.last_visit_on).is_null() & started))
            )
            if self.village:
                query = query.where(pairing.household.in_(_of_village(self.village)))
            if self.member:
                query = query.where(pairing.member == self.member)
            return query
        if counting:  # two index ranges: visited before the cut-off, never visited
            return query.where(
                (pairing.ended_on.is_null() & (pairing.last_visit_on < cutoff) & live(pairing))
                | (pairing.ended_on.is_null() & pairing.last_visit_on.is_null() & live(pairing) & started)
            )
        return query.where(
            pairing.ended_on.is_null() & live(pairing)
            & ((plain(pairing.last_visit_on) < cutoff) | (pairing.last_visit_on.is_null() & started))
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            HouseholdPairing.select(
                HouseholdPairing.id, HouseholdPairing.household, HouseholdPairing.started_on,
                HouseholdPairing.last_visit_on, Person.name.alias("member"), Household.head_name.alias("head"),
                Village.name.alias("village"),
            )
            .join(Person, on=(HouseholdPairing.member == Person.id))
            .switch(HouseholdPairing)
            .join(Household, on=(HouseholdPairing.household == Household.id))
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
            .dicts()
        )

    def filtered(self, state: ListState) -> peewee.ModelSelect:
        query = self._overdue(self.scope(self.base_query()), counting=False)
        return self.apply_search(query, state.search) if state.search.strip() else query

    def count(self, state: ListState) -> int:
        query = self._overdue(HouseholdPairing.select(peewee.fn.COUNT(peewee.SQL("*"))), counting=True)
        if state.search.strip():
            query = self.apply_search(
                query.join(Person, on=(HouseholdPairing.member == Person.id)).switch(HouseholdPairing)
                .join(Household, on=(HouseholdPairing.household == Household.id)),
                state.search,
            )
        return int(query.scalar() or 0)

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        return query.where((peewee.fn.instr(Person.name, text) > 0) | (peewee.fn.instr(Household.head_name, text) > 0))

    def to_row(self, record: Any) -> Row:
        today = clock.today()
        last = _as_date(record["last_visit_on"])
        started = _as_date(record["started_on"])
        days = _days_since(last or started, today)
        return {
            "id": record["id"],
            "household_id": record["household"],
            "member": record["member"],
            "head": record["head"],
            "village": record["village"] or "",
            "started_on": started,
            "last_visit_on": last or "从未走访",
            "days": days if days is not None else "",
        }


class StaleMatterListing(Listing):
    """Matters still open (待办 or 办理中) more than 30 days after they were raised, oldest first."""

    title = "超期未办结诉求"
    columns = (
        Column("raised_on", "提出日期", HouseholdMatter.raised_on, align="center", width=85),
        Column("days", "已过天数", None, align="center", width=60),
        Column("head", "户主", None, width=65),
        Column("village", "村(社区)", None, width=80),
        Column("status", "状态", None, align="center", width=55),
        Column("content", "诉求内容", None, width=200),
        Column("responsible", "责任人", None, width=80),
    )
    default_sort = (HouseholdMatter.raised_on, _rowid(HouseholdMatter))

    def __init__(self) -> None:
        self.village: str | None = None

    def _stale(self, query: peewee.ModelSelect, *, counting: bool) -> peewee.ModelSelect:
        matter = HouseholdMatter
        cutoff = stale_cutoff()
        if self.village:
            return query.where(
                live(matter) & plain(matter.status).in_(OPEN_STATUSES) & (plain(matter.raised_on) < cutoff)
                & matter.household.in_(_of_village(self.village))
            )
        if counting:  # the (status, raised_on) index
            return query.where(live(matter) & matter.status.in_(OPEN_STATUSES) & (matter.raised_on < cutoff))
        # a page walks the raised_on index from the oldest matter
        return query.where(live(matter) & plain(matter.status).in_(OPEN_STATUSES) & (matter.raised_on < cutoff))

    def base_query(self) -> peewee.ModelSelect:
        return (
            HouseholdMatter.select(
                HouseholdMatter.id, HouseholdMatter.household, HouseholdMatter.raised_on, HouseholdMatter.content,
                HouseholdMatter.status, HouseholdMatter.responsible, Household.head_name.alias("head"),
                Village.name.alias("village"),
            )
            .join(Household, on=(HouseholdMatter.household == Household.id))
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
            .dicts()
        )

    def filtered(self, state: ListState) -> peewee.ModelSelect:
        query = self._stale(self.scope(self.base_query()), counting=False)
        return self.apply_search(query, state.search) if state.search.strip() else query

    def count(self, state: ListState) -> int:
        query = self._stale(HouseholdMatter.select(peewee.fn.COUNT(peewee.SQL("*"))), counting=True)
        if state.search.strip():
            query = self.apply_search(query.join(Household, on=(HouseholdMatter.household == Household.id)),
                                      state.search)
        return int(query.scalar() or 0)

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        return query.where(
            (peewee.fn.instr(Household.head_name, text) > 0) | (peewee.fn.instr(HouseholdMatter.content, text) > 0)
            | (peewee.fn.instr(HouseholdMatter.responsible, text) > 0)
        )

    def to_row(self, record: Any) -> Row:
        raised = _as_date(record["raised_on"])
        return {
            "id": record["id"],
            "household_id": record["household"],
            "raised_on": raised,
            "head": record["head"],
            "village": record["village"] or "",
            "content": record["content"],
            "status": record["status"],
            "responsible": record["responsible"],
            "days": _days_since(raised, clock.today()),
        }


def overdue_counts() -> dict[str, int]:
    """How many pairings are overdue for a visit and how many matters are open too long."""
    return {
        "pairings": OverduePairingListing().count(ListState()),
        "matters": StaleMatterListing().count(ListState()),
    }


# ---------------------------------------------------------------- the visit ledger and the visit export


@dataclass(frozen=True)
class LedgerQuery:
    """Which visits a ledger or export covers: a village, a member (a person id), a date range."""

    village: str | None = None
    member_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def for_member(cls, member: str | None, **fields: Any) -> LedgerQuery:
        """A query naming its member by name or ID number (refused when ambiguous or unknown)."""
        member_id = str(find_person(member, members_only=True).id) if member and member.strip() else None
        return cls(member_id=member_id, **fields)

    def member_name(self) -> str:
        if not self.member_id:
            return ""
        person = Person.get_or_none(Person.id == self.member_id)
        return str(person.name) if person is not None else ""

    def describe(self) -> dict[str, str]:
        period = "全部"
        if self.date_from or self.date_to:
            start = f"{self.date_from.year}年{self.date_from.month}月{self.date_from.day}日" if self.date_from else "…"
            end = f"{self.date_to.year}年{self.date_to.month}月{self.date_to.day}日" if self.date_to else "…"
            period = f"{start}至{end}"
        return {"village": self.village or "全部", "member": self.member_name() or "全部", "period": period}


def _ledger_select(ledger: LedgerQuery) -> peewee.ModelSelect:
    if ledger.village and ledger.village not in village_names():
        raise ValidationError("village", f"没有名为“{ledger.village}”的村(社区)。")
    if ledger.date_from and ledger.date_to and ledger.date_to < ledger.date_from:
        raise ValidationError("date_to", "结束日期早于开始日期。")
    visitor = Person.alias("lv")
    query = (
        HouseholdVisit.select(
            HouseholdVisit.id, HouseholdVisit.visited_on, HouseholdVisit.form, HouseholdVisit.items,
            HouseholdVisit.situation, HouseholdVisit.other_visitors, visitor.name.alias("visitor"),
            _companion_names().alias("companions"), _visit_matters().alias("matters"),
            Household.head_name.alias("head"), Household.head_id_number.alias("head_id_number"),
            Household.group_name.alias("group"), Household.category, Village.name.alias("village"),
        )
        .join(visitor, on=(HouseholdVisit.visitor == visitor.id))
        .switch(HouseholdVisit)
        .join(Household, on=(HouseholdVisit.household == Household.id))
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
        .where(live(HouseholdVisit) & live(Household))
    )
    if ledger.village:
        query = query.where(Household.village.in_(Village.select(Village.id).where(Village.name == ledger.village)))
    if ledger.member_id:
        along = HouseholdVisitor.select(HouseholdVisitor.visit).where(
            (HouseholdVisitor.person == ledger.member_id) & HouseholdVisitor.deleted_at.is_null()
        )
        query = query.where((HouseholdVisit.visitor == ledger.member_id) | HouseholdVisit.id.in_(along))
    if ledger.date_from:
        query = query.where(HouseholdVisit.visited_on >= ledger.date_from)
    if ledger.date_to:
        query = query.where(HouseholdVisit.visited_on <= ledger.date_to)
    return query.order_by(HouseholdVisit.visited_on, Household.village_order, peewee.Cast(Household.group_name, "INTEGER"),
                          Household.head_pinyin).dicts()


def _ledger_row(record: Mapping[str, Any]) -> Row:
    return {
        "id": record["id"],
        "visited_on": _as_date(record["visited_on"]),
        "village": record["village"] or "",
        "group": record["group"],
        "head": record["head"],
        "head_id_number": record["head_id_number"],
        "category": record["category"],
        "visitors": visitors_text(record["visitor"], record["companions"], record["other_visitors"]),
        "visitor": record["visitor"],
        "companions": record["companions"] or "",
        "other_visitors": record["other_visitors"],
        "form": record["form"],
        "items": item_labels(record["items"], short=True),
        "items_full": item_labels(record["items"]),
        "situation": record["situation"],
        "matters": record["matters"] or "",
    }


def ledger_rows(ledger: LedgerQuery) -> Iterator[Row]:
    """The visits a ledger covers, oldest first, through one cursor."""
    for record in _ledger_select(ledger).iterator():
        yield _ledger_row(record)


def ledger_count(ledger: LedgerQuery) -> int:
    return int(_ledger_select(ledger).order_by().count())


def print_visit_ledger(out: Path, ledger: LedgerQuery, progress: Progress = no_progress) -> Path:
    """The 走访台账 PDF (per village, per member, for a date range)."""
    from township_desk.reports.table import render_table

    rows = list(ledger_rows(ledger))
    context = report_context(**ledger.describe())
    return render_table("visit_ledger", rows, out, context, progress=progress)


VISIT_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("visited_on", "走访日期"),
    ("village", "村(社区)"),
    ("group", "村民小组"),
    ("head", "户主"),
    ("head_id_number", "户主身份证号"),
    ("category", "户类型"),
    ("visitor", "走访人"),
    ("companions", "同行党员"),
    ("other_visitors", "其他人员"),
    ("form", "走访方式"),
    ("items_full", "五个到户"),
    ("situation", "走访情况"),
    ("matters", "反映诉求"),
)


def export_visits(path: Path, progress: Progress = no_progress, ledger: LedgerQuery | None = None) -> int:
    """Write every visit (or those a ledger query covers) to a workbook; returns the row count."""
    ledger = ledger or LedgerQuery()
    return write_workbook(path, "走访记录", VISIT_EXPORT_COLUMNS, ledger_rows(ledger), ledger_count(ledger), progress)


# ---------------------------------------------------------------- the 五个到户登记表 of one household


def find_household(head: str, village: str | None = None) -> Household:
    """The one live household whose head has this name (or ID number); refuses ambiguous names."""
    text = clean_text(head)
    if not text:
        raise ValidationError("head", "请填写户主姓名或身份证号。")
    query = Household.live()
    if any(ch.isdigit() for ch in text):
        query = query.where(Household.head_id_number == text.upper())
    else:
        query = query.where(Household.head_name == text)
    if village:
        query = query.where(Household.village.in_(Village.select(Village.id).where(Village.name == village)))
    found = list(query.limit(20))
    if not found:
        raise ValidationError("head", f"没有户主为“{text}”的联系户。")
    if len(found) > 1:
        names = "；".join(f"{h.describe()} 身份证尾号{(h.head_id_number or '????')[-4:]}" for h in found[:8])
        raise ValidationError("head", f"有 {len(found)} 户户主名为“{text}”：{names}。请加 --village 或改用身份证号。")
    return found[0]


def household_card(household_id: str) -> dict[str, Any]:
    """The values of a household's 五个到户登记表: the household, its members and what each visit served."""
    household = Household.get_by_id(household_id)
    pairings = (
        HouseholdPairing.select(HouseholdPairing, Person)
        .join(Person, on=(HouseholdPairing.member == Person.id))
        .where((HouseholdPairing.household == household_id) & HouseholdPairing.deleted_at.is_null())
        .order_by(HouseholdPairing.started_on)
    )
    paired = []
    for p in pairings:
        since = f"{p.started_on.year}.{p.started_on.month:02d}起" if p.started_on else ""
        until = f"至{p.ended_on.year}.{p.ended_on.month:02d}" if p.ended_on else ""
        phone = f" {p.member.phone}" if p.member.phone else ""
        paired.append(f"{p.member.name}{phone}（{since}{until or '至今'}）")
    visits = list(reversed(visit_rows(household_id)))
    values: dict[str, Any] = {
        "head": household.head.name,
        "id_number": household.head.id_number or "",
        "village": (household.village.name if household.village_id else "") + household.group_name,
        "phone": household.head.phone,
        "address": household.address,
        "member_count": f"{household.member_count}人" if household.member_count else "",
        "category": household.category,
        "members": household.members,
        "members_paired": "；".join(paired),
        "notes": household.notes,
    }
    for entry in vocab.FIVE_ITEMS:
        bit = int(entry.code)
        served = [v for v in visits if entry.label in v["items_full"].split("、")]
        if bit == 1:  # 党员联系到户: who keeps in touch and when, in one paragraph
            contacts = "；".join(f"{v['visited_on']:%Y.%m.%d} {v['visitors']}（{v['form']}）" for v in served)
            values[item_key(bit)] = f"共联系 {len(served)} 次：{contacts}。" if served else ""
        else:
            values[item_key(bit)] = "\n".join(
                f"{v['visited_on']:%Y.%m.%d} {v['visitors']}（{v['form']}）：{v['situation']}" for v in served
            )
    matters = sorted(matter_rows(household_id), key=lambda m: m["raised_on"])
    values["matters"] = "\n".join(
        f"{m['raised_on']:%Y.%m.%d} {m['content']}（{m['status']}"
        + (f"，{m['resolved_on']:%Y.%m.%d}办结：{m['resolution']}" if m["status"] == DONE and m["resolved_on"] else "")
        + (f"，责任人：{m['responsible']}" if m["responsible"] and m["status"] != DONE else "")
        + "）"
        for m in matters
    )
    return values


def print_household_card(out: Path, household_id: str) -> Path:
    from township_desk.reports.form import render_form

    household = Household.get_by_id(household_id)
    village = household.village.name if household.village_id else ""
    return render_form("household_card", household_card(household_id), out, report_context(village=village))
