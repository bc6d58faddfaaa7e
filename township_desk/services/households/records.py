"""The household form, pairings with Party members, counts and export."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.households import Household, HouseholdPairing
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.households.listing import (
    MAX_MEMBERS,
    PARTY_MEMBERS,
    HouseholdListing,
    live,
    member_options,
    plain,
)
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.listing import ListState, Row
from township_desk.services.normalize import clean_name, clean_phone, clean_text
from township_desk.services.people import (
    parse_date_field,
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
            raise ValidationError(
                "id_number", f"身份证号 {number} 的户主已登记为“{other.describe()}”，同一户不能重复录入。"
            )
    village_name = require(values, "village", "村(社区)")
    try:
        member_count = parse_member_count(values.get("member_count"))
    except ValueError as exc:
        raise ValidationError("member_count", str(exc)) from exc
    category = clean_text(values.get("category")) or "一般户"
    category = vocab.HOUSEHOLD_CATEGORIES.normalize(category) or category
    household = find(Household, household_id)
    head = household.head if household is not None else None
    holder = (
        person_with_id_number(number, exclude_id=head.id if head is not None else None) if number else None
    )
    if holder is not None and (head is not None or holder.name != name):
        where = f"（{holder.village.name}）" if holder.village_id else ""
        raise ValidationError(
            "id_number", f"身份证号 {number} 已登记在“{holder.name}”{where}名下，请核对姓名和身份证号。"
        )
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
        raise ValidationError(
            "member", f"“{member.name}”的政治面貌是“{member.political or '未填'}”，只有党员可以结对联系。"
        )
    started = parse_date_field(values, "started_on", "结对时间")
    ended = parse_date_field(values, "ended_on", "结束时间")
    if ended is not None and ended > clock.today():
        raise ValidationError("ended_on", "结束时间不能晚于今天；结对仍在进行时请留空。")
    if started and ended and ended < started:
        raise ValidationError("ended_on", "结束时间早于结对时间，请核对。")
    if ended is None:
        same = HouseholdPairing.live().where(
            (HouseholdPairing.household == household_id)
            & (HouseholdPairing.member == member.id)
            & HouseholdPairing.ended_on.is_null()
        )
        if pairing_id:
            same = same.where(HouseholdPairing.id != pairing_id)
        if same.exists():
            raise ValidationError("member", f"“{member.name}”已经在联系这一户。")
    with database.atomic():
        notes = str(values.get("notes") or "").strip()
        pairing = write_record(
            HouseholdPairing,
            pairing_id,
            dict(member=member, started_on=started, ended_on=ended, notes=notes),
            household=household_id,
        )
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
        Field(
            "member",
            "联系党员",
            "ref",
            required=True,
            options=lambda: member_options(village_id),
            tooltip="可输入姓名查找；本村党员排在前面",
        ),
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
    return write_workbook(
        path, "联系户", EXPORT_COLUMNS, _stream(listing, state), listing.count(state), progress
    )


def _stream(listing: HouseholdListing, state: ListState) -> Any:
    """All rows in list order through one cursor (no OFFSET paging over tens of thousands of rows)."""
    for record in listing.ordered(state).iterator():
        yield listing.to_row(record)
