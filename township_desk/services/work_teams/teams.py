"""Teams and their members: the list, the forms, composition (one leader, one or two members), the
因村派人 match between the sending unit's kind and the village's category, and members leaving."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.people import Person, Village
from township_desk.models.work_teams import WorkTeam, WorkTeamMember
from township_desk.services import clock
from township_desk.services.listing import Column, Filter, Listing, Row, distinct_values
from township_desk.services.normalize import clean_name, clean_phone, clean_text
from township_desk.services.people import parse_date_field, village_by_name, village_names
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, require
from township_desk.services.work_teams import (
    END_KINDS,
    EXPECTED_KIND,
    ROLE_LEADER,
    ROLE_MEMBER,
    ROLES,
    UNIT_KINDS,
    VILLAGE_CATEGORIES,
)

# ---------------------------------------------------------------- rules


def match_problem(unit_kind: str, village_category: str) -> str:
    """The 因村派人 flag: "" when the sending unit's kind suits the village's category."""
    expected = EXPECTED_KIND.get(village_category)
    if not expected or not unit_kind or unit_kind == expected:
        return ""
    return f"因村派人：{village_category}宜派{expected}部门干部，现为{unit_kind}部门"


def serving_on(member: WorkTeamMember, day: date) -> bool:
    started = member.started_on is None or member.started_on <= day
    return started and (member.ended_on is None or member.ended_on >= day)


def composition_problems(roles: list[str]) -> list[str]:
    """What is wrong with a team of these serving roles: one leader and one or two members expected."""
    leaders = roles.count(ROLE_LEADER)
    members = roles.count(ROLE_MEMBER)
    problems = []
    if leaders == 0:
        problems.append("缺少队长(第一书记)")
    elif leaders > 1:
        problems.append(f"队长{leaders}名（应为1名）")
    if members == 0:
        problems.append("缺少队员（应为1至2名）")
    elif members > 2:
        problems.append(f"队员{members}名（应为1至2名）")
    return problems


def serving_members(team_id: str, day: date | None = None) -> list[WorkTeamMember]:
    day = day or clock.today()
    query = (
        WorkTeamMember.live(WorkTeamMember, Person)  # the person read with the member (one query)
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where((WorkTeamMember.team == team_id) & Person.deleted_at.is_null())
        .order_by(WorkTeamMember.role.desc(), WorkTeamMember.started_on, Person.pinyin)
    )
    return [m for m in query if serving_on(m, day)]


def team_problems(team: WorkTeam, day: date | None = None) -> list[str]:
    """Every flag of a team today: composition and the 因村派人 match."""
    roles = [m.role for m in serving_members(team.id, day)]
    problems = composition_problems(roles)
    match = match_problem(team.unit_kind, team.village_category)
    if match:
        problems.append(match)
    return problems


def team_label(team: WorkTeam) -> str:
    return f"{team.village.name}（{team.sending_unit}）" if team.sending_unit else str(team.village.name)


def team_options() -> list[tuple[str, str]]:
    query = WorkTeam.live().join(Village).order_by(Village.sort_order, Village.name)
    return [(str(t.id), team_label(t)) for t in query]


def team_by_village(name: str) -> WorkTeam | None:
    """The live team stationed in a village of that name (the latest one)."""
    return (
        WorkTeam.live()
        .join(Village)
        .where((Village.name == clean_text(name)) & Village.deleted_at.is_null())
        .order_by(WorkTeam.started_on.desc())
        .first()
    )


# ---------------------------------------------------------------- the list


class TeamListing(Listing):
    """Every live team, by village."""

    title = "驻村工作队"
    columns = (
        Column("village", "派驻村(社区)", Village.sort_order, width=110),
        Column("village_category", "村类别", WorkTeam.village_category, width=110),
        Column("sending_unit", "派出单位", WorkTeam.sending_unit, width=160),
        Column("unit_kind", "单位类别", WorkTeam.unit_kind, align="center", width=70),
        Column("leader", "第一书记", None, width=80),
        Column("members", "队员", None, width=130),
        Column("period", "派驻期限", WorkTeam.started_on, align="center", width=170),
        Column("problems", "提示", None, width=260),
    )
    default_sort = (Village.sort_order, Village.name)

    def __init__(self) -> None:
        self.filters = (
            Filter("unit_kind", "单位类别", lambda: list(UNIT_KINDS)),
            Filter("village_category", "村类别", lambda: list(VILLAGE_CATEGORIES)),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            WorkTeam.select(WorkTeam, Village)
            .join(Village, on=(WorkTeam.village == Village.id))
            .where(WorkTeam.deleted_at.is_null() & Village.deleted_at.is_null())
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        people = (
            WorkTeamMember.live(WorkTeamMember.team)
            .join(Person, on=(WorkTeamMember.person == Person.id))
            .where(Person.name.contains(text) | Person.initials.startswith(text.lower()))
        )
        return query.where(
            Village.name.contains(text) | WorkTeam.sending_unit.contains(text) | WorkTeam.id.in_(people)
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "unit_kind":
            return query.where(WorkTeam.unit_kind == value)
        if key == "village_category":
            return query.where(WorkTeam.village_category == value)
        return super().apply_filter(query, key, value)

    def to_row(self, team: Any) -> Row:
        return team_row(team)


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else '?'} 至 {end.isoformat() if end else '今'}"


def team_row(team: WorkTeam) -> Row:
    members = serving_members(team.id)
    leader = [m.person.name for m in members if m.role == ROLE_LEADER]
    others = [m.person.name for m in members if m.role != ROLE_LEADER]
    problems = composition_problems([m.role for m in members])
    match = match_problem(team.unit_kind, team.village_category)
    return {
        "id": team.id,
        "village": team.village.name,
        "village_category": team.village_category,
        "sending_unit": team.sending_unit,
        "unit_kind": team.unit_kind,
        "leader": "、".join(leader),
        "members": "、".join(others),
        "period": _period(team.started_on, team.ended_on),
        "started_on": team.started_on,
        "ended_on": team.ended_on,
        "problems": "；".join([*problems, *([match] if match else [])]),
        "mismatch": match,
    }


def team_rows() -> list[Row]:
    listing = TeamListing()
    return [team_row(t) for t in listing.base_query().order_by(*listing.default_sort)]


# ---------------------------------------------------------------- the team form


def _choice(values: Mapping[str, Any], key: str, label: str, allowed: tuple[str, ...]) -> str:
    text = clean_text(values.get(key))
    if text and text not in allowed:
        raise ValidationError(key, f"“{label}”的值“{text}”无法识别，请从列表中选择（{'、'.join(allowed)}）。")
    return text


def clean_team(values: Mapping[str, Any]) -> Values:
    village = require(values, "village", "派驻村(社区)")
    started = parse_date_field(values, "started_on", "派驻时间")
    ended = parse_date_field(values, "ended_on", "期满时间")
    if started and ended and ended < started:
        raise ValidationError("ended_on", "期满时间早于派驻时间。")
    return {
        "village": village,
        "sending_unit": require(values, "sending_unit", "派出单位"),
        "unit_kind": _choice(values, "unit_kind", "派出单位类别", UNIT_KINDS),
        "village_category": _choice(values, "village_category", "村类别", VILLAGE_CATEGORIES),
        "started_on": started,
        "ended_on": ended,
        "notes": clean_text(values.get("notes")),
    }


def load_team(team_id: str | None) -> Values:
    if not team_id:
        return {"started_on": clock.today().isoformat()}
    team = WorkTeam.get_by_id(team_id)
    return {
        "village": team.village.name,
        "sending_unit": team.sending_unit,
        "unit_kind": team.unit_kind,
        "village_category": team.village_category,
        "started_on": team.started_on.isoformat() if team.started_on else "",
        "ended_on": team.ended_on.isoformat() if team.ended_on else "",
        "notes": team.notes,
    }


def save_team(team_id: str | None, values: Mapping[str, Any]) -> str:
    fields = clean_team(values)
    with database.atomic():
        fields["village"] = village_by_name(fields["village"])
        team = WorkTeam.get_by_id(team_id) if team_id else WorkTeam()
        for key, value in fields.items():
            setattr(team, key, value)
        team.save(force_insert=team_id is None)
    return str(team.id)


TEAM_FORM = FormSpec(
    title="驻村工作队",
    sections=(
        Section(
            "派驻情况",
            (
                Field("village", "派驻村(社区)", "choice", required=True, choices=village_names),
                Field(
                    "village_category",
                    "村类别",
                    "choice",
                    choices=lambda: list(VILLAGE_CATEGORIES),
                    editable_choice=False,
                    tooltip="用于“因村派人”核对",
                ),
                Field("sending_unit", "派出单位", required=True),
                Field(
                    "unit_kind",
                    "派出单位类别",
                    "choice",
                    choices=lambda: list(UNIT_KINDS),
                    editable_choice=False,
                    tooltip="党群部门干部进弱村、经济部门干部进穷村、政法部门干部进乱村、涉农部门干部进产业村",
                ),
                Field("started_on", "派驻时间", "date"),
                Field("ended_on", "期满时间", "date"),
                Field("notes", "备注", "multiline"),
            ),
        ),
    ),
    load=load_team,
    save=save_team,
)


# ---------------------------------------------------------------- members


@dataclass(frozen=True)
class MemberRow:
    id: str
    person_id: str
    name: str
    role: str
    unit: str
    post: str
    phone: str
    started_on: date | None
    ended_on: date | None
    end_kind: str
    end_reason: str


def members_of(team_id: str, *, include_past: bool = True) -> list[MemberRow]:
    """A team's members, serving ones first (leader first), then those who left with their reason."""
    query = (
        WorkTeamMember.live(WorkTeamMember, Person)  # the person read with the member (one query)
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where((WorkTeamMember.team == team_id) & Person.deleted_at.is_null())
        .order_by(
            WorkTeamMember.ended_on.is_null(False), WorkTeamMember.role.desc(), WorkTeamMember.started_on
        )
    )
    rows = [
        MemberRow(
            m.id,
            m.person_id,
            m.person.name,
            m.role,
            m.unit,
            m.post,
            m.phone,
            m.started_on,
            m.ended_on,
            m.end_kind,
            m.end_reason,
        )
        for m in query
    ]
    return rows if include_past else [r for r in rows if r.ended_on is None]


def _person_for(values: Mapping[str, Any]) -> Person:
    """The member's person: the chosen one, or found/created by name (and phone) for a new entry."""
    person_id = clean_text(values.get("person"))
    if person_id:
        person = Person.live().where(Person.id == person_id).first()
        if person is None:
            raise ValidationError("person", "所选人员不存在或已被删除。")
        return person
    name = clean_name(require(values, "name", "姓名"))
    from township_desk.services.people import clean_person, save_person

    data = clean_person(
        {
            "name": name,
            "id_number": values.get("id_number"),
            "sex": values.get("sex"),
            "phone": values.get("phone"),
        },
        None,
    )
    if data["id_number"]:
        existing = Person.live().where(Person.id_number == data["id_number"]).first()
        if existing is not None:
            return existing
    return save_person(None, data)


def save_member(member_id: str | None, team_id: str, values: Mapping[str, Any]) -> str:
    """Add or edit a member of a team; a second serving leader is refused."""
    team = WorkTeam.live().where(WorkTeam.id == team_id).first()
    if team is None:
        raise ValidationError("team", "驻村工作队不存在或已被删除。")
    role = clean_text(values.get("role")) or ROLE_MEMBER
    if role in ("队长", "第一书记"):
        role = ROLE_LEADER
    if role not in ROLES:
        raise ValidationError("role", f"职务应为“{ROLE_LEADER}”或“{ROLE_MEMBER}”。")
    started = parse_date_field(values, "started_on", "驻村时间") or team.started_on
    ended = parse_date_field(values, "ended_on", "离队时间")
    if started and ended and ended < started:
        raise ValidationError("ended_on", "离队时间早于驻村时间。")
    end_kind = clean_text(values.get("end_kind"))
    if end_kind and end_kind not in END_KINDS:
        raise ValidationError("end_kind", f"离队方式应为 {'、'.join(END_KINDS)} 之一。")
    if ended is None and end_kind:
        raise ValidationError("ended_on", "已填写离队方式，请同时填写离队时间。")
    with database.atomic():
        person = _person_for(values)
        if role == ROLE_LEADER and ended is None:
            other = (
                WorkTeamMember.live()
                .where(
                    (WorkTeamMember.team == team_id)
                    & (WorkTeamMember.role == ROLE_LEADER)
                    & WorkTeamMember.ended_on.is_null()
                    & (WorkTeamMember.id != (member_id or ""))
                )
                .first()
            )
            if other is not None:
                raise ValidationError(
                    "role", f"该队已有队长(第一书记)“{other.person.name}”；请先为其办理离队或调整。"
                )
        member = WorkTeamMember.get_by_id(member_id) if member_id else WorkTeamMember(team=team_id)
        member.person = person
        member.role = role
        member.unit = clean_text(values.get("unit")) or team.sending_unit
        member.post = clean_text(values.get("post"))
        member.phone = clean_phone(values.get("phone")) or person.phone
        member.started_on = started
        member.ended_on = ended
        member.end_kind = end_kind if ended else ""
        member.end_reason = clean_text(values.get("end_reason")) if ended else ""
        member.save(force_insert=member_id is None)
    return str(member.id)


def end_member(member_id: str, ended_on: date, kind: str, reason: str) -> None:
    """A member leaves the team (期满离任), is recalled (召回) or replaced (调整撤换), with the reason."""
    if kind not in END_KINDS:
        raise ValidationError("end_kind", f"离队方式应为 {'、'.join(END_KINDS)} 之一。")
    if kind != END_KINDS[0] and not clean_text(reason):
        raise ValidationError("end_reason", "召回或调整撤换须写明原因。")
    member = WorkTeamMember.live().where(WorkTeamMember.id == member_id).first()
    if member is None:
        raise ValidationError("member", "该队员不存在或已被删除。")
    if member.started_on and ended_on < member.started_on:
        raise ValidationError("ended_on", "离队时间早于驻村时间。")
    with database.atomic():
        member.ended_on = ended_on
        member.end_kind = kind
        member.end_reason = clean_text(reason)
        member.save()


def member_label(member: WorkTeamMember) -> str:
    return f"{member.person.name}（{member.team.village.name}，{member.role}）"


def member_options(day: date | None = None) -> list[tuple[str, str]]:
    """(member id, label) of members serving on a day (today by default), by village."""
    day = day or clock.today()
    query = (
        WorkTeamMember.live()
        .join(WorkTeam)
        .join(Village)
        .switch(WorkTeamMember)
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where(WorkTeam.deleted_at.is_null() & Person.deleted_at.is_null())
        .order_by(Village.sort_order, WorkTeamMember.role.desc(), Person.pinyin)
    )
    return [(str(m.id), member_label(m)) for m in query if serving_on(m, day)]


def sending_units() -> list[str]:
    return distinct_values(WorkTeam.live(WorkTeam.sending_unit).distinct().order_by(WorkTeam.sending_unit))
