"""Household visits and matters: one household's lists, the visit form and the matter form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
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
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.households import (
    member_options,
    stale_cutoff,
)
from township_desk.services.listing import Row
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field
from township_desk.services.records import (
    Field,
    FormSpec,
    Section,
    ValidationError,
    Values,
    require,
    write_record,
)

OPEN_STATUSES = ("待办", "办理中")
DONE = "已办结"
ITEM_SHORT = {1: "联系", 2: "走访", 4: "政策", 8: "产业", 16: "服务"}
ITEM_BITS = tuple(ITEM_SHORT)
RESPONSIBLE_UNITS = (
    "村委会",
    "村党组织",
    "镇民政办",
    "镇农业综合服务中心",
    "镇社保中心",
    "镇司法所",
    "镇自然资源所",
)


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
            HouseholdVisit.id,
            HouseholdVisit.visited_on,
            HouseholdVisit.form,
            HouseholdVisit.items,
            HouseholdVisit.situation,
            HouseholdVisit.other_visitors,
            Person.name.alias("visitor"),
            _companion_names().alias("companions"),
            _visit_matters().alias("matters"),
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
        .where(
            (HouseholdPairing.household == household_id)
            & HouseholdPairing.deleted_at.is_null()
            & HouseholdPairing.ended_on.is_null()
        )
        .order_by(HouseholdPairing.started_on.desc())
    )
    return list(query)


# ---------------------------------------------------------------- the visit form


def load_visit(household_id: str, visit_id: str | None) -> Values:
    values: Values = {"household": Household.get_by_id(household_id).describe()}
    if not visit_id:
        members = current_members(household_id)
        values.update(
            visited_on=clock.today().isoformat(),
            form="入户走访",
            visitor=members[0].id if members else "",
            item_1=True,
            item_2=True,
        )
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
    return (
        HouseholdVisitor.live()
        .where(HouseholdVisitor.visit == visit_id)
        .order_by(HouseholdVisitor.created_at)
        .first()
    )


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
        Field(
            "visitor",
            "走访人",
            "ref",
            required=True,
            options=options,
            tooltip="结对党员排在前面，可输入姓名查找",
        ),
        Field("companion", "同行党员", "ref", options=options),
        Field("other_visitors", "其他人员", placeholder="如 驻村工作队队员"),
        Field("form", "走访方式", "choice", choices=vocab.VISIT_FORMS.labels, editable_choice=False),
    )
    item_fields = tuple(Field(item_key(int(e.code)), e.label, "bool") for e in vocab.FIVE_ITEMS)
    text_fields = (
        Field("situation", "走访情况", "multiline", required=True),
        Field(
            "new_matters",
            "新反映的诉求\n（每行一件）",
            "multiline",
            tooltip="每行写一件诉求；保存后记为“待办”，在“诉求”页跟踪办理",
        ),
    )
    return FormSpec(
        title="走访记录",
        sections=(
            Section("走访", visit_fields),
            Section("五个到户", item_fields),
            Section("情况与诉求", text_fields),
        ),
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
    if (
        visit_id
        and not HouseholdVisit.live()
        .where((HouseholdVisit.id == visit_id) & (HouseholdVisit.household == household_id))
        .exists()
    ):
        raise ValidationError("visit", "所选走访记录不属于这一户。")
    with database.atomic():
        matter = write_record(
            HouseholdMatter,
            matter_id,
            dict(
                content=str(values.get("content") or "").strip() or content,
                raised_on=raised,
                visit=visit_id,
                status=status,
                responsible=clean_text(values.get("responsible")),
                resolution=resolution,
                resolved_on=resolved,
            ),
            household=household_id,
        )
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
        Field(
            "responsible",
            "责任人",
            "choice",
            choices=lambda: _responsible_choices(household_id),
            tooltip="负责办理的党员、干部或单位",
        ),
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
