"""The groups of people the statistics describe, each a SQL query of its members on a date.

A group is registered once (register_group) and every table, chart, export and target reads it from
GROUPS. Another subject adds its own people the same way; the work-teams subject registers 第一书记:

    register_group(Group("first_secretary", "第一书记", MEMBERS_SQL, kind="external"))

Members SQL contract: a SELECT (no trailing semicolon) that may use the named parameter :d (the as-of
date, 'YYYY-MM-DD') and returns one row per person and village with the columns
    person (person.id), village (village.id or NULL), township (origin_township or NULL),
    is_new (0/1), in_party (0/1), in_committee (0/1), from_reserve (0/1).
Columns a group has no meaning for are 0; Group.has_posts says whether 新任/交叉任职/后备任用 apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from township_desk.services import vocab


def sql_list(labels: Iterable[str]) -> str:
    """A SQL list literal of known labels (vocabulary labels only, never user input)."""
    return "(" + ", ".join("'" + label.replace("'", "''") + "'" for label in labels) + ")"


SECRETARY_POSTS = ("党组织书记、主任", "党组织书记")
DIRECTOR_POSTS = ("党组织书记、主任", "村(居)委会主任")
# The Party organisation committee and the villagers' committee (两委); 一肩挑 sits on both.
PARTY_COMMITTEE_POSTS = ("党组织书记、主任", "党组织书记", "党组织副书记", "党组织委员")
VILLAGE_COMMITTEE_POSTS = ("党组织书记、主任", "村(居)委会主任", "村(居)委会副主任", "村(居)委会委员")
TWO_COMMITTEE_POSTS = tuple(dict.fromkeys(PARTY_COMMITTEE_POSTS + VILLAGE_COMMITTEE_POSTS))
assert all(post in vocab.CADRE_POSTS for post in TWO_COMMITTEE_POSTS)

# A post serves on :d when it started on or before that day and had not ended by it (the day a post ends
# its successor starts: reserves.appoint_reserve ends the old post on the new one's first day).
SERVING_ON = (
    "p.deleted_at IS NULL AND pe.deleted_at IS NULL"
    " AND (p.started_on IS NULL OR p.started_on <= :d) AND (p.ended_on IS NULL OR p.ended_on > :d)"
)
FROM_RESERVE = (
    "(EXISTS (SELECT 1 FROM reserve_cadre r WHERE r.person_id = p.person_id AND r.deleted_at IS NULL"
    " AND r.appointed_on IS NOT NULL AND r.appointed_on <= :d)"
    " OR EXISTS (SELECT 1 FROM reserve_appointment ra WHERE ra.person_id = p.person_id"
    " AND ra.deleted_at IS NULL AND ra.appointed_on <= :d))"
)


# Every serving cadre on :d, one row per person and village, with what their posts make them; computed once
# per date into temp.stats_serving (structure.prepare), which the cadre groups below select from.
SERVING_SQL = (
    "SELECT p.person_id AS person, p.village_id AS village, MAX(p.origin_township) AS township,"
    " MAX(p.is_new) AS is_new,"
    f" MAX(p.post IN {sql_list(PARTY_COMMITTEE_POSTS)}) AS in_party,"
    f" MAX(p.post IN {sql_list(VILLAGE_COMMITTEE_POSTS)}) AS in_committee,"
    f" MAX({FROM_RESERVE}) AS from_reserve,"
    f" MAX(p.post IN {sql_list(SECRETARY_POSTS)}) AS is_secretary,"
    f" MAX(p.post IN {sql_list(DIRECTOR_POSTS)}) AS is_director,"
    f" MAX(p.post IN {sql_list(TWO_COMMITTEE_POSTS)}) AS is_two_committees"
    " FROM cadre_post p JOIN person pe ON pe.id = p.person_id"
    f" WHERE {SERVING_ON} GROUP BY p.person_id, p.village_id"
)
MEMBER_COLUMNS = "person, village, township, is_new, in_party, in_committee, from_reserve"


def cadre_members(flag: str | None) -> str:
    """Serving cadres on the date being computed (those with `flag`, or all)."""
    return f"SELECT {MEMBER_COLUMNS} FROM temp.stats_serving" + (f" WHERE {flag}" if flag else "")


# In the pool on :d: registered by then, not yet appointed, not withdrawn (退出 keeps no date, so a
# withdrawn reserve is out of the pool on every date).
RESERVE_MEMBERS = (
    "SELECT r.person_id AS person, r.village_id AS village, MAX(r.origin_township) AS township,"
    " 0 AS is_new, 0 AS in_party, 0 AS in_committee, 0 AS from_reserve"
    " FROM reserve_cadre r JOIN person pe ON pe.id = r.person_id"
    " WHERE r.deleted_at IS NULL AND pe.deleted_at IS NULL AND r.status <> '退出'"
    " AND (r.registered_on IS NULL OR r.registered_on <= :d)"
    " AND (r.appointed_on IS NULL OR r.appointed_on > :d)"
    " AND NOT (r.status = '已任用' AND r.appointed_on IS NULL)"
    " GROUP BY r.person_id, r.village_id"
)


@dataclass(frozen=True)
class Group:
    """A set of people counted together: key, the label users see, its members' SQL."""

    key: str
    label: str
    members_sql: str
    has_posts: bool = True  # 新任, 交叉任职, 一肩挑 and 后备任用 mean something for this group
    kind: str = "cadre"  # cadre, reserve, external (another subject's people)


GROUPS: dict[str, Group] = {}


def register_group(group: Group) -> None:
    """Add a group to every table, chart and export (in registration order); a key once only."""
    if group.key in GROUPS:
        raise RuntimeError(f"statistics group {group.key!r} registered twice")
    GROUPS[group.key] = group


register_group(Group("all", "在任村(社区)干部", cadre_members(None)))
register_group(Group("secretary", "党组织书记", cadre_members("is_secretary")))
register_group(Group("director", "村(居)委会主任", cadre_members("is_director")))
register_group(Group("committee", "“两委”成员", cadre_members("is_two_committees")))
register_group(Group("reserve", "后备干部", RESERVE_MEMBERS, has_posts=False, kind="reserve"))

# 第一书记: the leaders of the village work teams (services.work_teams) serving on :d.
FIRST_SECRETARY_MEMBERS = (
    "SELECT m.person_id AS person, t.village_id AS village, MAX(t.origin_township) AS township,"
    " 0 AS is_new, 0 AS in_party, 0 AS in_committee, 0 AS from_reserve"
    " FROM work_team_member m JOIN work_team t ON t.id = m.team_id JOIN person pe ON pe.id = m.person_id"
    " WHERE m.deleted_at IS NULL AND t.deleted_at IS NULL AND pe.deleted_at IS NULL"
    " AND m.role = '队长(第一书记)' AND (m.started_on IS NULL OR m.started_on <= :d)"
    " AND (m.ended_on IS NULL OR m.ended_on > :d)"
    " GROUP BY m.person_id, t.village_id"
)
register_group(
    Group("first_secretary", "第一书记", FIRST_SECRETARY_MEMBERS, has_posts=False, kind="external")
)
