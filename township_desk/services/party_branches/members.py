"""Branch members and the fixed items of each year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.party_days import BranchMember, PartyBranch, PartyDayItem
from township_desk.models.people import Person, Village
from township_desk.services import clock
from township_desk.services.listing import Column, Listing, Row
from township_desk.services.normalize import clean_text
from township_desk.services.party_branches.branches import (
    DEFAULT_ITEMS,
    FULL_MEMBER,
    MAX_ITEM_LENGTH,
    PARTY_STANDINGS,
    branch_options,
    is_current_member,
    member_on,
    standing_of,
)
from township_desk.services.people import (
    age_on,
    clean_person,
    derive_person,
    parse_date_field,
    person_search,
    person_values,
    person_with_id_number,
    save_person,
    village_names,
)
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, find

# ---------------------------------------------------------------- members


class MemberListing(Listing):
    """The current members of one branch (all branches when branch_id is None)."""

    title = "党员"
    columns = (
        Column("name", "姓名", Person.pinyin, width=70),
        Column("sex", "性别", Person.sex, align="center", width=40),
        Column("age", "年龄", 0 - peewee.fn.julianday(Person.birth_date), align="center", width=40),
        Column("standing", "党员类别", Person.political, align="center", width=70),
        Column(
            "party_joined_on", "入党时间", Person.party_joined_on, align="center", width=80, format="month"
        ),
        Column("phone", "联系电话", Person.phone, width=100),
        Column("branch", "党支部", PartyBranch.sort_order, width=140),
    )
    default_sort = (PartyBranch.sort_order, Person.party_joined_on, Person.pinyin)

    def __init__(self, branch_id: str | None = None) -> None:
        self.branch_id = branch_id

    def base_query(self) -> peewee.ModelSelect:
        query = (
            BranchMember.select(BranchMember, Person, PartyBranch)
            .join(Person, on=(BranchMember.person == Person.id))
            .switch(BranchMember)
            .join(PartyBranch, on=(BranchMember.branch == PartyBranch.id))
            .where(is_current_member() & Person.deleted_at.is_null() & PartyBranch.deleted_at.is_null())
        )
        if self.branch_id:
            query = query.where(BranchMember.branch == self.branch_id)
        return query

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(person_search(text))

    def to_row(self, member: Any) -> Row:
        person = member.person
        return {
            "id": member.id,
            "person_id": person.id,
            "name": person.name,
            "sex": person.sex,
            "age": age_on(person.birth_date),
            "standing": standing_of(person.political),
            "party_joined_on": person.party_joined_on,
            "phone": person.phone,
            "branch": member.branch.name,
        }


@dataclass(frozen=True)
class MemberInfo:
    """A member as the attendance table lists them."""

    person_id: str
    name: str
    standing: str


def members_on(branch_id: str, day: date) -> list[MemberInfo]:
    """Who belonged to the branch (and to the Party) on a day, full members first, then by joining date."""
    query = (
        BranchMember.select(Person.id, Person.name, Person.political, Person.party_joined_on)
        .join(Person, on=(BranchMember.person == Person.id))
        .where((BranchMember.branch == branch_id) & member_on(day) & Person.deleted_at.is_null())
        .order_by(Person.party_joined_on.asc(nulls="first"), Person.pinyin)
        .distinct()
        .tuples()
    )
    return [MemberInfo(str(pid), str(name), standing_of(str(political))) for pid, name, political, _ in query]


def current_membership(person_id: str, exclude_id: str | None = None) -> BranchMember | None:
    query = (
        BranchMember.select(BranchMember, PartyBranch)
        .join(PartyBranch)
        .where((BranchMember.person == person_id) & is_current_member() & PartyBranch.deleted_at.is_null())
    )
    if exclude_id:
        query = query.where(BranchMember.id != exclude_id)
    return query.first()


def _refuse_second_branch(person_id: str, branch_id: str, exclude_id: str | None, name: str) -> None:
    other = current_membership(person_id, exclude_id)
    if other is None:
        return
    if str(other.branch_id) == branch_id:
        raise ValidationError("name", f"“{name}”已在本支部党员名单中。")
    raise ValidationError(
        "branch", f"“{name}”的组织关系在“{other.branch.name}”，请先在原支部办理转出，再转入本支部。"
    )


def load_member(member_id: str | None) -> Values:
    member = find(BranchMember, member_id)
    values = person_values(member.person if member else None)
    if member is None:
        values["political"] = FULL_MEMBER
        values.update(branch="", joined_on="", left_on="", member_notes="")
        return values
    values.update(
        branch=str(member.branch_id),
        joined_on=member.joined_on.isoformat() if member.joined_on else "",
        left_on=member.left_on.isoformat() if member.left_on else "",
        member_notes=member.notes,
    )
    return values


def save_member(member_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a Party member: the person (new, or found by ID number) and their place in a branch."""
    branch_id = clean_text(values.get("branch"))
    if not branch_id or not PartyBranch.live().where(PartyBranch.id == branch_id).exists():
        raise ValidationError("branch", "请选择党支部。")
    member = find(BranchMember, member_id)
    person_id = str(member.person_id) if member else None
    known: Person | None = None
    if person_id is None:
        number = clean_text(values.get("id_number")).upper()
        known = person_with_id_number(number) if len(number) == 18 else None
        person_id = str(known.id) if known else None
    fields = _only_given(clean_person(values, person_id), values)
    if known is not None:  # an already registered person joins: what the form left empty stays as it was
        kept = clean_person(person_values(known), person_id)
        for key, value in list(fields.items()):
            if value in ("", None) and kept.get(key):
                fields[key] = kept[key]
    if fields["political"] not in PARTY_STANDINGS:
        raise ValidationError("political", "党员的政治面貌应为“中共党员”或“中共预备党员”。")
    if fields["party_joined_on"] is None:
        raise ValidationError("party_joined_on", "请填写“入党时间”。")
    if fields["party_joined_on"] > clock.today():
        raise ValidationError("party_joined_on", "入党时间不能晚于今天。")
    joined = parse_date_field(values, "joined_on", "转入本支部时间")
    left = parse_date_field(values, "left_on", "转出时间")
    if joined and left and left < joined:
        raise ValidationError("left_on", "转出时间早于转入时间，请核对。")
    if person_id and left is None:
        _refuse_second_branch(person_id, branch_id, member_id, fields["name"])
    with database.atomic():
        person = save_person(person_id, fields)
        member = member or BranchMember(person=person)
        created = member_id is None
        member.branch = branch_id
        member.joined_on = joined
        member.left_on = left
        member.notes = str(values.get("member_notes") or "").strip()
        member.save(force_insert=created)
    return str(member.id)


def _only_given(fields: Values, values: Mapping[str, Any]) -> Values:
    """Person fields the form has, so that saving a member never blanks a cadre's education."""
    always = {"name", "initials", "pinyin", "id_number", "sex", "birth_date", "political", "party_joined_on"}
    return {key: value for key, value in fields.items() if key in always or key in values}


def _party_standings() -> list[str]:
    return list(PARTY_STANDINGS)


MEMBER_FORM = FormSpec(
    title="党员",
    sections=(
        Section(
            "基本信息",
            (
                Field("name", "姓名", required=True),
                Field("id_number", "身份证号", placeholder="已登记的人员输入身份证号即可加入"),
                Field("sex", "性别", "choice", choices=lambda: ["男", "女"], editable_choice=False),
                Field("birth_date", "出生日期", "date"),
                Field("age", "年龄", "readonly"),
                Field("phone", "联系电话"),
                Field("village", "村(社区)", "choice", choices=village_names),
            ),
        ),
        Section(
            "党员信息",
            (
                Field(
                    "political",
                    "党员类别",
                    "choice",
                    required=True,
                    choices=_party_standings,
                    editable_choice=False,
                    tooltip="中共党员为正式党员",
                ),
                Field("party_joined_on", "入党时间", "date", required=True, placeholder="如 2015.07.01"),
                Field("branch", "党支部", "ref", required=True, options=branch_options),
                Field("joined_on", "转入本支部时间", "date", tooltip="一直在本支部的可留空"),
                Field("left_on", "转出时间", "date", tooltip="转出、去世等离开本支部时填写"),
                Field("member_notes", "备注", "multiline"),
            ),
        ),
    ),
    load=load_member,
    save=save_member,
    derive=derive_person,
)


def add_person_to_branch(branch_id: str, person_id: str, joined_on: date | None = None) -> str:
    """Put an already registered person (a cadre, say) into a branch; they must be a Party member."""
    person = Person.live().where(Person.id == person_id).first()
    if person is None:
        raise ValidationError("person", "找不到这个人员，可能已被删除。")
    if person.political not in PARTY_STANDINGS:
        raise ValidationError(
            "person", f"“{person.name}”的政治面貌是“{person.political or '未填'}”，不是党员。"
        )
    _refuse_second_branch(person_id, branch_id, None, str(person.name))
    with database.atomic():
        member = BranchMember.create(branch=branch_id, person=person_id, joined_on=joined_on)
    return str(member.id)


def transfer_out(member_id: str, left_on: date | None = None) -> None:
    """Record that a member left the branch (转出); their past attendance stays."""
    with database.atomic():
        member = BranchMember.get_by_id(member_id)
        member.left_on = left_on or clock.today()
        member.save()
        branch = member.branch
        if branch.secretary_id == member.person_id:
            branch.secretary_id = None
            branch.save()


def candidate_people(text: str, limit: int = 50) -> list[tuple[str, str]]:
    """(id, label) of Party members in no branch yet whom a typed text finds, for adding to a branch."""
    in_branch = BranchMember.select(BranchMember.person).where(is_current_member())
    query = (
        Person.live()
        .select(Person, Village)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
        .where(Person.political.in_(PARTY_STANDINGS) & Person.id.not_in(in_branch))
        .order_by(Person.pinyin)
        .limit(limit)
    )
    if clean_text(text):
        query = query.where(person_search(text))
    out = []
    for person in query:
        where = person.village.name if person.village_id else ""
        out.append(
            (
                str(person.id),
                f"{person.name}（{standing_of(person.political)}{'，' + where if where else ''}）",
            )
        )
    return out


# ---------------------------------------------------------------- fixed items per year


def fixed_items(year: int) -> list[str]:
    """The fixed items of a year's theme days: the configured list, else the four defaults."""
    names = [
        str(name)
        for (name,) in PartyDayItem.live(PartyDayItem.name)
        .where(PartyDayItem.year == year)
        .order_by(PartyDayItem.sort_order, PartyDayItem.name)
        .tuples()
    ]
    return names or list(DEFAULT_ITEMS)


def is_configured(year: int) -> bool:
    return bool(PartyDayItem.live().where(PartyDayItem.year == year).exists())


def clean_item_names(names: Sequence[str]) -> list[str]:
    """Item names trimmed and checked: not empty, no list separators, not too long, no repeats."""
    out: list[str] = []
    for raw in names:
        name = clean_text(raw)
        if not name:
            continue
        if any(sep in name for sep in "、,，;；"):
            raise ValidationError("items", f"固定动作“{name}”中不能有顿号、逗号或分号，请分成几项填写。")
        if len(name) > MAX_ITEM_LENGTH:
            raise ValidationError("items", f"固定动作“{name}”太长（不超过{MAX_ITEM_LENGTH}个字）。")
        if name in out:
            raise ValidationError("items", f"固定动作“{name}”重复了。")
        out.append(name)
    return out


def set_fixed_items(year: int, names: Sequence[str]) -> list[str]:
    """Replace a year's list of fixed items (kept in the given order); past records keep their items."""
    if not 2000 <= year <= 2100:
        raise ValidationError("year", f"年度“{year}”不合理。")
    cleaned = clean_item_names(names)
    if not cleaned:
        raise ValidationError("items", "至少要有一项固定动作。")
    with database.atomic():
        existing = {str(r.name): r for r in PartyDayItem.live().where(PartyDayItem.year == year)}
        for order, name in enumerate(cleaned, start=1):
            row = existing.pop(name, None)
            if row is None:
                PartyDayItem.create(year=year, name=name, sort_order=order)
            elif row.sort_order != order:
                row.sort_order = order
                row.save()
        stamp = utc_now()
        for row in existing.values():
            row.deleted_at = stamp
            row.save()
    return cleaned
