"""Party branches: the list and the form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.people import Person, Village
from township_desk.services.listing import Column, Listing, Row, distinct_values
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    village_by_name,
    village_names,
)
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, require

FULL_MEMBER = "中共党员"
PROBATIONARY = "中共预备党员"
PARTY_STANDINGS = (FULL_MEMBER, PROBATIONARY)
STANDING_SHORT = {FULL_MEMBER: "正式党员", PROBATIONARY: "预备党员"}

DEFAULT_ITEMS: tuple[str, ...] = ("集中学习", "过组织生活", "民主议事", "志愿服务")
LOCAL_ITEM_SUGGESTIONS: tuple[str, ...] = ("重温入党誓词", "交纳党费", "过政治生日", "讲党课", "观看教育片")
MAX_ITEM_LENGTH = 20


def standing_of(political: str) -> str:
    """正式党员 / 预备党员 for a person's 政治面貌 ("" for someone who is not a Party member)."""
    return STANDING_SHORT.get(political, "")


def is_current_member() -> Any:
    """The condition on BranchMember rows of members still in their branch."""
    return BranchMember.deleted_at.is_null() & BranchMember.left_on.is_null()


def member_on(day: date) -> Any:
    """The condition on BranchMember (joined to Person) of members of the branch on a day."""
    return (
        BranchMember.deleted_at.is_null()
        & (BranchMember.joined_on.is_null() | (BranchMember.joined_on <= day))
        & (BranchMember.left_on.is_null() | (BranchMember.left_on > day))
        & (Person.party_joined_on.is_null() | (Person.party_joined_on <= day))
    )


# ---------------------------------------------------------------- branches


def live_branches() -> peewee.ModelSelect:
    return PartyBranch.live().order_by(PartyBranch.sort_order, PartyBranch.name)


def branch_names() -> list[str]:
    return distinct_values(live_branches().select(PartyBranch.name))


def branch_options() -> list[tuple[str, str]]:
    """(id, name) of every live branch, in the township's order."""
    return [(str(b.id), str(b.name)) for b in live_branches().select(PartyBranch.id, PartyBranch.name)]


def find_branch(name: str) -> PartyBranch:
    """The live branch of that name; a unique partial match (“桃花村” → 桃花村党支部) also counts."""
    text = clean_text(name)
    if not text:
        raise ValidationError("branch", "请指定党支部。")
    exact = PartyBranch.live().where(PartyBranch.name == text).first()
    if exact is not None:
        return exact
    matches = list(PartyBranch.live().where(PartyBranch.name.contains(text)).limit(6))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError("branch", f"没有名为“{text}”的党支部。")
    names = "、".join(str(b.name) for b in matches[:5])
    raise ValidationError("branch", f"“{text}”对应多个党支部（{names}），请写全称。")


def secretary_name(branch: PartyBranch) -> str:
    if not branch.secretary_id:
        return ""
    person = Person.live().where(Person.id == branch.secretary_id).first()
    return str(person.name) if person else ""


def member_count_expr(standing: str | None = None) -> Any:
    """A correlated SQL count of a branch's current members (optionally of one standing)."""
    query = (
        BranchMember.select(peewee.fn.COUNT(BranchMember.id))
        .join(Person, on=(BranchMember.person == Person.id))
        .where((BranchMember.branch == PartyBranch.id) & is_current_member() & Person.deleted_at.is_null())
    )
    if standing:
        query = query.where(Person.political == standing)
    return query


Secretary = Person.alias("secretary")


class BranchListing(Listing):
    """The township's Party branches with their secretary and member counts."""

    title = "党支部"
    columns = (
        Column("name", "党支部", PartyBranch.name, width=170),
        Column("village", "村(社区)", Village.sort_order, width=100),
        Column("secretary", "支部书记", Secretary.pinyin, width=80),
        Column("members", "党员", member_count_expr(), align="center", width=50),
        Column("probationary", "预备党员", member_count_expr(PROBATIONARY), align="center", width=65),
    )
    default_sort = (PartyBranch.sort_order, PartyBranch.name)

    def base_query(self) -> peewee.ModelSelect:
        return (
            PartyBranch.select(
                PartyBranch,
                Village.name.alias("village_name"),
                Secretary.name.alias("secretary_name"),
                member_count_expr().alias("member_count"),
                member_count_expr(PROBATIONARY).alias("probationary_count"),
            )
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(PartyBranch.village == Village.id))
            .switch(PartyBranch)
            .join(Secretary, peewee.JOIN.LEFT_OUTER, on=(PartyBranch.secretary_id == Secretary.id))
            .where(PartyBranch.deleted_at.is_null())
            .objects()
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        from township_desk.services.place_search import branch_condition, village_condition

        return query.where(
            PartyBranch.name.contains(text)
            | Village.name.contains(text)
            | branch_condition(PartyBranch.name, text)
            | village_condition(Village.name, text)
        )

    def to_row(self, branch: Any) -> Row:
        return {
            "id": branch.id,
            "name": branch.name,
            "village": getattr(branch, "village_name", None) or "",
            "secretary": getattr(branch, "secretary_name", None) or "",
            "members": int(getattr(branch, "member_count", 0) or 0),
            "probationary": int(getattr(branch, "probationary_count", 0) or 0),
        }


def load_branch(branch_id: str | None) -> Values:
    if not branch_id:
        return {"name": "", "village": "", "secretary": "", "notes": ""}
    branch = PartyBranch.get_by_id(branch_id)
    return {
        "name": branch.name,
        "village": branch.village.name if branch.village_id else "",
        "secretary": secretary_name(branch),
        "notes": branch.notes,
    }


def save_branch(branch_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or rename a branch; names are unique among live branches."""
    name = clean_text(require(values, "name", "党支部名称"))
    clash = PartyBranch.live().where(PartyBranch.name == name)
    if branch_id:
        clash = clash.where(PartyBranch.id != branch_id)
    if clash.exists():
        raise ValidationError("name", f"已有名为“{name}”的党支部。")
    village_name = clean_text(values.get("village"))
    with database.atomic():
        village = village_by_name(village_name) if village_name else None
        branch = PartyBranch.get_by_id(branch_id) if branch_id else PartyBranch()
        if not branch_id:
            branch.sort_order = (PartyBranch.select(peewee.fn.MAX(PartyBranch.sort_order)).scalar() or 0) + 1
        branch.name = name
        branch.village = village
        branch.notes = str(values.get("notes") or "").strip()
        branch.save(force_insert=branch_id is None)
    return str(branch.id)


BRANCH_FORM = FormSpec(
    title="党支部",
    sections=(
        Section(
            "党支部",
            (
                Field("name", "党支部名称", required=True, placeholder="如 桃花村党支部"),
                Field(
                    "village", "村(社区)", "choice", choices=village_names, tooltip="机关、学校等支部可留空"
                ),
                Field("secretary", "支部书记", "readonly", tooltip="在党员名单中选中一人，点“设为支部书记”"),
                Field("notes", "备注", "multiline"),
            ),
        ),
    ),
    load=load_branch,
    save=save_branch,
)


def set_secretary(branch_id: str, person_id: str | None) -> None:
    """Make a current member the branch's secretary (None clears it)."""
    if person_id is not None:
        member = (
            BranchMember.select()
            .where(
                (BranchMember.branch == branch_id) & (BranchMember.person == person_id) & is_current_member()
            )
            .exists()
        )
        if not member:
            raise ValidationError("secretary", "支部书记应是本支部的党员。")
    with database.atomic():
        branch = PartyBranch.get_by_id(branch_id)
        branch.secretary_id = person_id
        branch.save()
