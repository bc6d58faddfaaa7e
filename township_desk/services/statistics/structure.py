"""The structure of each group on a date, counted in SQL by village (or by township in a county file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.services.statistics.groups import (
    DIRECTOR_POSTS,
    GROUPS,
    SECRETARY_POSTS,
    SERVING_ON,
    Group,
    sql_list,
)

AGE_BANDS = ("35岁及以下", "36–45岁", "46–55岁", "56–60岁", "60岁以上")
EDUCATION_BANDS = ("初中及以下", "高中/中专", "大专", "本科及以上")
_EDUCATION_SQL = (
    ("初中", "小学", "其他"),
    ("高中", "中等专科"),
    ("大学专科",),
    ("大学本科", "研究生"),
)
PARTY_MEMBER = ("中共党员", "中共预备党员")
HAN = "汉族"
UNKNOWN = "未填"

# Whole years on :d from a 'YYYY-MM-DD' birth date, as services.people.age_on computes them.
AGE_SQL = (
    "CASE WHEN pe.birth_date IS NULL OR pe.birth_date = '' THEN NULL ELSE"
    " CAST(substr(:d, 1, 4) AS INTEGER) - CAST(substr(pe.birth_date, 1, 4) AS INTEGER)"
    " - (substr(:d, 6, 5) < substr(pe.birth_date, 6, 5)) END"
)


@dataclass
class Figures:
    """Every figure of one group in one unit (a village, a township, or the whole file)."""

    unit: str  # village id, township name, or "" for the total
    label: str
    total: int = 0
    women: int = 0
    ages: tuple[int, ...] = (0, 0, 0, 0, 0)
    age_unknown: int = 0
    age_sum: int = 0
    education: tuple[int, ...] = (0, 0, 0, 0)
    education_unknown: int = 0
    party_members: int = 0
    minorities: int = 0
    ethnicity_unknown: int = 0
    new: int = 0
    cross: int = 0
    from_reserve: int = 0
    villages: int = 0  # villages with a serving secretary (一肩挑's base)
    one_shoulder: int = 0  # of those, where the secretary is also the committee director
    political: dict[str, int] = field(default_factory=dict)
    ethnicity: dict[str, int] = field(default_factory=dict)

    @property
    def high_school_or_above(self) -> int:
        return sum(self.education[1:])

    @property
    def college_or_above(self) -> int:
        return sum(self.education[2:])

    @property
    def average_age(self) -> float | None:
        known = self.total - self.age_unknown
        return self.age_sum / known if known else None

    def share(self, count: int, base: int | None = None) -> float | None:
        """count as a percentage of base (the group's total by default); None when there is no one."""
        base = self.total if base is None else base
        return 100.0 * count / base if base else None


@dataclass
class GroupStructure:
    group: Group
    units: list[Figures]
    total: Figures


@dataclass
class Scope:
    """What a report covers: the file's villages, one village, or a county file's townships."""

    county: bool = False
    village_id: str | None = None

    @property
    def unit_label(self) -> str:
        return "乡镇" if self.county else "村(社区)"


def _members(group: Group, scope: Scope) -> str:
    sql = f"SELECT * FROM ({group.members_sql})"
    if scope.village_id:
        sql += " WHERE village = :village"
    return sql


def _unit_expr(scope: Scope) -> str:
    return "COALESCE(m.township, '')" if scope.county else "COALESCE(m.village, '')"


def _params(on: date, scope: Scope) -> dict[str, Any]:
    params: dict[str, Any] = {"d": on.isoformat()}
    if scope.village_id:
        params["village"] = scope.village_id
    return params


def _rows(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    return list(database.execute_sql(sql, params).fetchall())


def _main_sql(group: Group, scope: Scope) -> str:
    education = ", ".join(f"SUM(education IN {sql_list(labels)})" for labels in _EDUCATION_SQL)
    select = (
        "COUNT(*), SUM(sex = '女'),"
        " SUM(age <= 35), SUM(age BETWEEN 36 AND 45), SUM(age BETWEEN 46 AND 55),"
        " SUM(age BETWEEN 56 AND 60), SUM(age > 60), SUM(age IS NULL), COALESCE(SUM(age), 0),"
        f" {education},"
        f" SUM(political IN {sql_list(PARTY_MEMBER)}),"
        f" SUM(ethnicity <> '' AND ethnicity <> '{HAN}'), SUM(ethnicity = ''),"
        " SUM(is_new), SUM(in_party AND in_committee), SUM(from_reserve)"
    )
    return (
        f"WITH m AS ({_members(group, scope)}),"
        f" x AS (SELECT m.*, {AGE_SQL} AS age, pe.sex AS sex, pe.education AS education,"
        " pe.political AS political, pe.ethnicity AS ethnicity FROM m JOIN person pe ON pe.id = m.person)"
        f" SELECT {_unit_expr(scope)} AS unit, {select} FROM x m GROUP BY unit"
        f" UNION ALL SELECT NULL, {select} FROM x m"
    )


def _distribution_sql(group: Group, scope: Scope, column: str) -> str:
    return (
        f"WITH m AS ({_members(group, scope)})"
        f" SELECT {_unit_expr(scope)} AS unit, pe.{column}, COUNT(*) FROM m JOIN person pe ON pe.id = m.person"
        f" GROUP BY unit, pe.{column}"
        f" UNION ALL SELECT NULL, pe.{column}, COUNT(*) FROM m JOIN person pe ON pe.id = m.person"
        f" GROUP BY pe.{column}"
    )


def _one_shoulder_sql(scope: Scope) -> str:
    """Villages with a serving secretary, and those whose secretary is also the director (一肩挑)."""
    where = SERVING_ON + (" AND p.village_id = :village" if scope.village_id else "")
    unit = "COALESCE(v.township, '')" if scope.county else "COALESCE(v.village, '')"
    return (
        "WITH pv AS (SELECT p.village_id AS village, MAX(p.origin_township) AS township, p.person_id,"
        f" MAX(p.post IN {sql_list(SECRETARY_POSTS)}) AS sec, MAX(p.post IN {sql_list(DIRECTOR_POSTS)}) AS dir"
        f" FROM cadre_post p JOIN person pe ON pe.id = p.person_id WHERE {where}"
        " GROUP BY p.village_id, p.person_id),"
        " v AS (SELECT village, MAX(township) AS township, MAX(sec) AS has_sec, MAX(sec AND dir) AS both"
        " FROM pv WHERE village IS NOT NULL GROUP BY village)"
        f" SELECT {unit} AS unit, SUM(has_sec), SUM(both) FROM v GROUP BY unit"
        " UNION ALL SELECT NULL, SUM(has_sec), SUM(both) FROM v"
    )


def unit_labels(scope: Scope) -> dict[str, tuple[int, str]]:
    """Unit key → (sort position, label): villages by their order, townships by name."""
    if scope.county:
        return {}
    rows = _rows(
        "SELECT id, name, sort_order FROM village WHERE deleted_at IS NULL ORDER BY sort_order, name", {}
    )
    return {str(row[0]): (index, str(row[1])) for index, row in enumerate(rows)}


def _figures(unit: str, label: str, values: tuple[Any, ...]) -> Figures:
    v = [int(x or 0) for x in values]
    return Figures(
        unit=unit, label=label, total=v[0], women=v[1], ages=tuple(v[2:7]), age_unknown=v[7], age_sum=v[8],
        education=tuple(v[9:13]), education_unknown=v[0] - sum(v[9:13]), party_members=v[13],
        minorities=v[14], ethnicity_unknown=v[15], new=v[16], cross=v[17], from_reserve=v[18],
    )


def group_structure(group: Group, on: date, scope: Scope, labels: dict[str, tuple[int, str]],
                    one_shoulder: dict[str | None, tuple[int, int]]) -> GroupStructure:
    params = _params(on, scope)
    units: dict[str | None, Figures] = {}
    for row in _rows(_main_sql(group, scope), params):
        key = None if row[0] is None else str(row[0])
        if key is None and not row[1]:
            units[None] = Figures("", "合计")
            continue
        label = "合计" if key is None else _label(key, scope, labels)
        units[key] = _figures(key or "", label, row[1:])
    for column, attr in (("political", "political"), ("ethnicity", "ethnicity")):
        for unit, value, count in _rows(_distribution_sql(group, scope, column), params):
            figures = units.get(None if unit is None else str(unit))
            if figures is not None:
                getattr(figures, attr)[str(value or UNKNOWN)] = int(count)
    if group.has_posts and group.kind == "cadre":
        for key, figures in units.items():
            figures.villages, figures.one_shoulder = one_shoulder.get(key, (0, 0))
    total = units.pop(None, Figures("", "合计"))
    ordered = sorted(units.values(), key=lambda f: (labels.get(f.unit, (len(labels), f.label))[0], f.label))
    return GroupStructure(group, ordered, total)


def _label(key: str, scope: Scope, labels: dict[str, tuple[int, str]]) -> str:
    if scope.county:
        return key or "（未注明乡镇）"
    return labels[key][1] if key in labels else ("（未注明村）" if not key else "（已删除的村）")


def one_shoulder_counts(on: date, scope: Scope) -> dict[str | None, tuple[int, int]]:
    counts: dict[str | None, tuple[int, int]] = {}
    for unit, has_sec, both in _rows(_one_shoulder_sql(scope), _params(on, scope)):
        counts[None if unit is None else str(unit)] = (int(has_sec or 0), int(both or 0))
    return counts


def structures(on: date, scope: Scope) -> dict[str, GroupStructure]:
    """Every registered group's structure on a date."""
    labels = unit_labels(scope)
    shoulder = one_shoulder_counts(on, scope)
    return {key: group_structure(group, on, scope, labels, shoulder) for key, group in GROUPS.items()}
