"""Party groups (党小组, 服务型党小组), their grids (网格) and households, posts (岗位) and who holds them
(设岗定责: members without office), and where a member or a household belongs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.cadres import CadrePost
from township_desk.models.households import Household
from township_desk.models.meetings import (
    Grid,
    GridHousehold,
    MemberPost,
    PartyGroup,
    PartyGroupMember,
    ServicePost,
)
from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.people import Person
from township_desk.services import clock, party_branches
from township_desk.services.meetings.terms import DEFAULT_POSTS, GROUP_KINDS
from township_desk.services.normalize import clean_text
from township_desk.services.records import ValidationError, Values


def _ids(values: Mapping[str, Any], key: str) -> list[str]:
    seen: list[str] = []
    for item in values.get(key) or []:
        text = str(item.get("id") if isinstance(item, Mapping) else item or "")
        if text and text not in seen:
            seen.append(text)
    return seen


def _retire(model: Any, ids: Sequence[Any]) -> None:
    if ids:
        stamp = utc_now()
        model.update(deleted_at=stamp, updated_at=stamp).where(model.id.in_(list(ids))).execute()


def _name(person_id: str | None) -> str:
    if not person_id:
        return ""
    person = Person.get_or_none(Person.id == person_id)
    return str(person.name) if person else ""


# ---------------------------------------------------------------- groups


def current_branch_members(branch_id: str) -> set[str]:
    query = (
        BranchMember.select(BranchMember.person)
        .where((BranchMember.branch == branch_id) & party_branches.is_current_member())
        .tuples()
    )
    return {str(p) for (p,) in query}


def save_group(group_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or change a Party group with its leader and members (all current members of its branch)."""
    branch_id = clean_text(values.get("branch"))
    if not branch_id or not PartyBranch.live().where(PartyBranch.id == branch_id).exists():
        raise ValidationError("branch", "请选择党支部。")
    name = clean_text(values.get("name"))
    if not name:
        raise ValidationError("name", "请填写党小组名称。")
    kind = clean_text(values.get("kind")) or GROUP_KINDS[0]
    if kind not in GROUP_KINDS:
        raise ValidationError("kind", "党小组类型请选择“党小组”或“服务型党小组”。")
    twin = PartyGroup.live().where((PartyGroup.branch == branch_id) & (PartyGroup.name == name))
    if group_id:
        twin = twin.where(PartyGroup.id != group_id)
    if twin.exists():
        raise ValidationError("name", f"本支部已有名为“{name}”的党小组。")
    members = _ids(values, "members")
    leader = clean_text(values.get("leader")) or None
    if leader and leader not in members:
        members.insert(0, leader)
    allowed = current_branch_members(branch_id)
    for person_id in members:
        if person_id not in allowed:
            raise ValidationError(
                "members", f"“{_name(person_id) or person_id}”不是本支部的党员，不能编入党小组。"
            )
    others = (
        PartyGroupMember.live(PartyGroupMember.person, PartyGroup.name)
        .join(PartyGroup, on=(PartyGroupMember.group == PartyGroup.id))
        .where(PartyGroupMember.person.in_(members) & PartyGroup.deleted_at.is_null())
    )
    if group_id:
        others = others.where(PartyGroupMember.group != group_id)
    for person_id, other in others.tuples() if members else []:
        raise ValidationError(
            "members", f"“{_name(str(person_id))}”已在“{other}”，一名党员只编入一个党小组。"
        )
    with database.atomic():
        group = PartyGroup.get_by_id(group_id) if group_id else PartyGroup()
        group.branch, group.name, group.kind, group.leader = branch_id, name, kind, leader
        group.area = clean_text(values.get("area"))
        group.notes = str(values.get("notes") or "").strip()
        group.save(force_insert=group_id is None)
        existing = {
            str(r.person_id): r for r in PartyGroupMember.live().where(PartyGroupMember.group == group.id)
        }
        for person_id in members:
            if existing.pop(person_id, None) is None:
                PartyGroupMember.create(group=group.id, person=person_id)
        _retire(PartyGroupMember, [r.id for r in existing.values()])
    return str(group.id)


def load_group(group_id: str) -> Values:
    group = PartyGroup.get_by_id(group_id)
    members = [
        str(p)
        for (p,) in PartyGroupMember.live(PartyGroupMember.person)
        .where(PartyGroupMember.group == group_id)
        .tuples()
    ]
    return {
        "branch": str(group.branch_id),
        "name": group.name,
        "kind": group.kind,
        "leader": str(group.leader_id or ""),
        "area": group.area,
        "notes": group.notes,
        "members": members,
    }


def group_rows(branch_id: str | None = None) -> list[dict[str, Any]]:
    """Every live group with its branch, leader, members and grids (for the tab, Excel and paper)."""
    query = (
        PartyGroup.live(PartyGroup, PartyBranch.name.alias("branch_name"))
        .join(PartyBranch, on=(PartyGroup.branch == PartyBranch.id))
        .where(PartyBranch.deleted_at.is_null())
        .order_by(PartyBranch.sort_order, PartyBranch.name, PartyGroup.name)
    )
    if branch_id:
        query = query.where(PartyGroup.branch == branch_id)
    members: dict[str, list[str]] = {}
    for gid, name in (
        PartyGroupMember.live(PartyGroupMember.group, Person.name)
        .join(Person, on=(PartyGroupMember.person == Person.id))
        .where(Person.deleted_at.is_null())
        .order_by(Person.pinyin)
        .tuples()
    ):
        members.setdefault(str(gid), []).append(str(name))
    grids: dict[str, list[str]] = {}
    for gid, name in Grid.live(Grid.group, Grid.name).order_by(Grid.name).tuples():
        grids.setdefault(str(gid), []).append(str(name))
    rows = []
    for group in query.objects():
        gid = str(group.id)
        rows.append(
            {
                "id": gid,
                "branch": group.branch_name,
                "name": group.name,
                "kind": group.kind,
                "leader": _name(group.leader_id),
                "area": group.area,
                "member_count": len(members.get(gid, [])),
                "members": "、".join(members.get(gid, [])),
                "grids": "、".join(grids.get(gid, [])),
            }
        )
    return rows


# ---------------------------------------------------------------- grids


def save_grid(grid_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or change a grid of a group with the households it covers (a household is in one grid only)."""
    group_id = clean_text(values.get("group"))
    group = PartyGroup.live().where(PartyGroup.id == group_id).first() if group_id else None
    if group is None:
        raise ValidationError("group", "请选择网格所属的党小组。")
    name = clean_text(values.get("name"))
    if not name:
        raise ValidationError("name", "请填写网格名称。")
    keeper = clean_text(values.get("keeper")) or None
    if keeper and keeper not in current_branch_members(str(group.branch_id)):
        raise ValidationError("keeper", "网格员须是本支部的党员。")
    households = _ids(values, "households")
    known = (
        {str(h) for (h,) in Household.live(Household.id).where(Household.id.in_(households)).tuples()}
        if households
        else set()
    )
    if len(known) != len(households):
        raise ValidationError("households", "网格中有已删除或不存在的联系户。")
    taken = (
        GridHousehold.live(GridHousehold.household, Grid.name, Household.head_name)
        .join(Grid, on=(GridHousehold.grid == Grid.id))
        .switch(GridHousehold)
        .join(Household, on=(GridHousehold.household == Household.id))
        .where(GridHousehold.household.in_(households) & Grid.deleted_at.is_null())
    )
    if grid_id:
        taken = taken.where(GridHousehold.grid != grid_id)
    for _hid, other, head in taken.tuples() if households else []:
        raise ValidationError("households", f"“{head}户”已在网格“{other}”中，一户只属于一个网格。")
    with database.atomic():
        grid = Grid.get_by_id(grid_id) if grid_id else Grid()
        grid.group, grid.name, grid.keeper, grid.area = group_id, name, keeper, clean_text(values.get("area"))
        grid.save(force_insert=grid_id is None)
        existing = {str(r.household_id): r for r in GridHousehold.live().where(GridHousehold.grid == grid.id)}
        for household_id in households:
            if existing.pop(household_id, None) is None:
                GridHousehold.create(grid=grid.id, household=household_id)
        _retire(GridHousehold, [r.id for r in existing.values()])
    return str(grid.id)


def grid_rows(group_id: str | None = None) -> list[dict[str, Any]]:
    query = (
        Grid.live(Grid, PartyGroup.name.alias("group_name"), PartyBranch.name.alias("branch_name"))
        .join(PartyGroup, on=(Grid.group == PartyGroup.id))
        .join(PartyBranch, on=(PartyGroup.branch == PartyBranch.id))
        .where(PartyGroup.deleted_at.is_null() & PartyBranch.deleted_at.is_null())
        .order_by(PartyBranch.sort_order, PartyGroup.name, Grid.name)
    )
    if group_id:
        query = query.where(Grid.group == group_id)
    heads: dict[str, list[str]] = {}
    for gid, head in (
        GridHousehold.live(GridHousehold.grid, Household.head_name)
        .join(Household, on=(GridHousehold.household == Household.id))
        .where(Household.deleted_at.is_null())
        .order_by(Household.head_pinyin)
        .tuples()
    ):
        heads.setdefault(str(gid), []).append(f"{head}户")
    return [
        {
            "id": str(g.id),
            "branch": g.branch_name,
            "group": g.group_name,
            "name": g.name,
            "keeper": _name(g.keeper_id),
            "area": g.area,
            "household_count": len(heads.get(str(g.id), [])),
            "households": "、".join(heads.get(str(g.id), [])),
        }
        for g in query.objects()
    ]


def grid_households(grid_id: str) -> list[str]:
    return [
        str(h)
        for (h,) in GridHousehold.live(GridHousehold.household).where(GridHousehold.grid == grid_id).tuples()
    ]


# ---------------------------------------------------------------- posts


def ensure_posts() -> None:
    """The six usual posts, written once when the list is first needed (the clerk may rename or add)."""
    if not ServicePost.select().exists():
        with database.atomic():
            for order, (name, duties) in enumerate(DEFAULT_POSTS):
                ServicePost.create(name=name, duties=duties, sort_order=order)


def post_rows() -> list[dict[str, Any]]:
    ensure_posts()
    return [
        {"id": str(p.id), "name": p.name, "duties": p.duties}
        for p in ServicePost.live().order_by(ServicePost.sort_order, ServicePost.name)
    ]


def save_post(post_id: str | None, name: str, duties: str = "") -> str:
    text = clean_text(name)
    if not text:
        raise ValidationError("name", "请填写岗位名称。")
    twin = ServicePost.live().where(ServicePost.name == text)
    if post_id:
        twin = twin.where(ServicePost.id != post_id)
    if twin.exists():
        raise ValidationError("name", f"已有“{text}”岗位。")
    with database.atomic():
        post = (
            ServicePost.get_by_id(post_id)
            if post_id
            else ServicePost(
                sort_order=(ServicePost.select(peewee.fn.MAX(ServicePost.sort_order)).scalar() or 0) + 1
            )
        )
        post.name, post.duties = text, str(duties or "").strip()
        post.save(force_insert=post_id is None)
    return str(post.id)


def find_post(name: str) -> ServicePost:
    ensure_posts()
    post = ServicePost.live().where(ServicePost.name == clean_text(name)).first()
    if post is None:
        raise ValidationError("post", f"没有“{clean_text(name)}”岗位。")
    return post


def office_of(person_id: str) -> str:
    """The cadre post a person holds now, or 支部书记; empty for a member without office (无职党员)."""
    post = CadrePost.live().where((CadrePost.person == person_id) & CadrePost.ended_on.is_null()).first()
    if post is not None:
        return str(post.post)
    if PartyBranch.live().where(PartyBranch.secretary_id == person_id).exists():
        return "党支部书记"
    return ""


def assign_post(
    person_id: str,
    post_id: str,
    *,
    duties: str = "",
    group_id: str | None = None,
    grid_id: str | None = None,
    started_on: date | None = None,
) -> str:
    """Give a member without office a post (one post per member: a new one replaces the old)."""
    person = Person.live().where(Person.id == person_id).first()
    if person is None or person.political not in party_branches.PARTY_STANDINGS:
        raise ValidationError("person", "设岗定责的对象须是党员。")
    office = office_of(person_id)
    if office:
        raise ValidationError("person", f"“{person.name}”担任{office}，设岗定责面向无职党员。")
    post = ServicePost.live().where(ServicePost.id == post_id).first()
    if post is None:
        raise ValidationError("post", "请选择岗位。")
    if grid_id and not group_id:
        group_id = str(Grid.get_by_id(grid_id).group_id)
    if group_id is None:
        membership = PartyGroupMember.live().where(PartyGroupMember.person == person_id).first()
        group_id = str(membership.group_id) if membership else None
    with database.atomic():
        _retire(MemberPost, [r.id for r in MemberPost.live().where(MemberPost.person == person_id)])
        row = MemberPost.create(
            person=person_id,
            post=post_id,
            group=group_id,
            grid=grid_id,
            duties=str(duties or "").strip() or post.duties,
            started_on=started_on or clock.today(),
        )
    return str(row.id)


def post_roster(branch_id: str | None = None) -> list[dict[str, Any]]:
    """The 设岗定责公示表 rows: branch, group, grid, member, post, duties."""
    query = (
        MemberPost.live(
            MemberPost,
            Person.name.alias("person_name"),
            Person.phone.alias("phone"),
            ServicePost.name.alias("post_name"),
            PartyGroup.name.alias("group_name"),
            Grid.name.alias("grid_name"),
            PartyBranch.name.alias("branch_name"),
        )
        .join(Person, on=(MemberPost.person == Person.id))
        .switch(MemberPost)
        .join(ServicePost, on=(MemberPost.post == ServicePost.id))
        .switch(MemberPost)
        .join(PartyGroup, peewee.JOIN.LEFT_OUTER, on=(MemberPost.group == PartyGroup.id))
        .switch(MemberPost)
        .join(Grid, peewee.JOIN.LEFT_OUTER, on=(MemberPost.grid == Grid.id))
        .join(PartyBranch, peewee.JOIN.LEFT_OUTER, on=(PartyGroup.branch == PartyBranch.id))
        .where(Person.deleted_at.is_null())
        .order_by(PartyBranch.sort_order, PartyGroup.name, ServicePost.sort_order, Person.pinyin)
    )
    if branch_id:
        query = query.where(PartyGroup.branch == branch_id)
    return [
        {
            "id": str(r.id),
            "branch": r.branch_name or "",
            "group": r.group_name or "",
            "grid": r.grid_name or "",
            "name": r.person_name,
            "phone": r.phone or "",
            "post": r.post_name,
            "duties": r.duties,
            "started_on": r.started_on,
        }
        for r in query.objects()
    ]


# ---------------------------------------------------------------- where someone belongs


@dataclass(frozen=True)
class Place:
    group: str = ""
    grid: str = ""
    post: str = ""

    def text(self) -> str:
        parts = [
            f"党小组：{self.group}" if self.group else "",
            f"网格：{self.grid}" if self.grid else "",
            f"岗位：{self.post}" if self.post else "",
        ]
        return "；".join(p for p in parts if p)


def member_place(person_id: str) -> Place:
    """A member's group, grid (kept or assigned with the post) and post."""
    membership = (
        PartyGroupMember.live(PartyGroup.name)
        .join(PartyGroup, on=(PartyGroupMember.group == PartyGroup.id))
        .where((PartyGroupMember.person == person_id) & PartyGroup.deleted_at.is_null())
        .scalar()
    )
    post = (
        MemberPost.live(ServicePost.name, Grid.name)
        .join(ServicePost, on=(MemberPost.post == ServicePost.id))
        .switch(MemberPost)
        .join(Grid, peewee.JOIN.LEFT_OUTER, on=(MemberPost.grid == Grid.id))
        .where(MemberPost.person == person_id)
        .tuples()
        .first()
    )
    grid = post[1] if post and post[1] else Grid.live(Grid.name).where(Grid.keeper == person_id).scalar()
    return Place(str(membership or ""), str(grid or ""), str(post[0]) if post else "")


def household_place(household_id: str) -> Place:
    """A household's grid and the group that looks after it."""
    found = (
        GridHousehold.live(Grid.name, PartyGroup.name)
        .join(Grid, on=(GridHousehold.grid == Grid.id))
        .join(PartyGroup, on=(Grid.group == PartyGroup.id))
        .where(
            (GridHousehold.household == household_id)
            & Grid.deleted_at.is_null()
            & PartyGroup.deleted_at.is_null()
        )
        .tuples()
        .first()
    )
    return Place(str(found[1]), str(found[0])) if found else Place()


def group_choices() -> list[tuple[str, str]]:
    from township_desk.services.meetings.records import group_options

    return group_options()


def group_households(group_id: str) -> list[tuple[str, str]]:
    """(id, “张大山户”) of the households in the group's grids, for a 屋场会's list of who came."""
    query = (
        GridHousehold.live(Household.id, Household.head_name)
        .join(Grid, on=(GridHousehold.grid == Grid.id))
        .switch(GridHousehold)
        .join(Household, on=(GridHousehold.household == Household.id))
        .where((Grid.group == group_id) & Grid.deleted_at.is_null() & Household.deleted_at.is_null())
        .order_by(Grid.name, Household.head_pinyin)
        .distinct()
        .tuples()
    )
    return [(str(i), f"{name}户") for i, name in query]


# ---------------------------------------------------------------- choices for the dialogs


def member_options(branch_id: str, without_office: bool = False) -> list[tuple[str, str]]:
    """(id, name) of the branch's current members; without_office keeps those who may take a post."""
    query = (
        BranchMember.select(Person.id, Person.name)
        .join(Person, on=(BranchMember.person == Person.id))
        .where(
            (BranchMember.branch == branch_id)
            & party_branches.is_current_member()
            & Person.deleted_at.is_null()
        )
        .order_by(Person.pinyin)
        .tuples()
    )
    options = [(str(i), str(n)) for i, n in query]
    if without_office:
        serving = {
            str(p) for (p,) in CadrePost.live(CadrePost.person).where(CadrePost.ended_on.is_null()).tuples()
        }
        secretary = PartyBranch.get_by_id(branch_id).secretary_id
        options = [(i, n) for i, n in options if i not in serving and i != secretary]
    return options


def household_options(group_id: str) -> list[tuple[str, str]]:
    """(id, “张大山户（3组）”) of the households of the group's branch's village."""
    group = PartyGroup.get_by_id(group_id)
    village = PartyBranch.get_by_id(group.branch_id).village_id
    if not village:
        return []
    query = (
        Household.live(Household.id, Household.head_name, Household.group_name)
        .where(Household.village == village)
        .order_by(Household.group_name, Household.head_pinyin)
        .tuples()
    )
    return [(str(i), f"{head}户（{where}）" if where else f"{head}户") for i, head, where in query]


def grid_options(group_id: str) -> list[tuple[str, str]]:
    return [
        (str(i), str(n))
        for i, n in Grid.live(Grid.id, Grid.name).where(Grid.group == group_id).order_by(Grid.name).tuples()
    ]


def load_grid(grid_id: str) -> Values:
    grid = Grid.get_by_id(grid_id)
    return {
        "group": str(grid.group_id),
        "name": grid.name,
        "keeper": str(grid.keeper_id or ""),
        "area": grid.area,
        "households": grid_households(grid_id),
    }


def group_branch(group_id: str) -> str:
    return str(PartyGroup.get_by_id(group_id).branch_id)


def assign_named_post(
    person_id: str,
    post_name: str,
    *,
    duties: str = "",
    group_id: str | None = None,
    grid_id: str | None = None,
) -> str:
    """assign_post by the post's name; a name not yet on the list joins it — both or neither are written."""
    name = clean_text(post_name)
    with database.atomic():
        post = ServicePost.live().where(ServicePost.name == name).first() if name else None
        post_id = str(post.id) if post is not None else save_post(None, name, duties)
        return assign_post(person_id, post_id, duties=duties, group_id=group_id, grid_id=grid_id)
