"""The structure of each group on a date, counted in SQL by village (or by township in a county file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.services.statistics.groups import GROUPS, SERVING_SQL, Group, sql_list

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
    political: dict[str, int] = field(default_factory=dict)  # filled for the total only
    ethnicity: dict[str, int] = field(default_factory=dict)  # filled for the total only

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


def _params(on: date, scope: Scope) -> dict[str, Any]:
    params: dict[str, Any] = {"d": on.isoformat()}
    if scope.village_id:
        params["village"] = scope.village_id
    return params


def _rows(sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    return list(database.execute_sql(sql, params or {}).fetchall())


def prepare(on: date, scope: Scope) -> None:
    """Count who is in every group on `on` into two temporary tables of this connection (never the file):
    temp.stats_serving, the serving cadres with their posts' flags, and temp.stats_members, one row per
    group and member with the person's age on that day, sex, education, political standing, ethnicity."""
    params = _params(on, scope)
    village = " WHERE m.village = :village" if scope.village_id else ""
    unit = "COALESCE(m.township, '')" if scope.county else "COALESCE(m.village, '')"
    education = " ".join(
        f"WHEN pe.education IN {sql_list(labels)} THEN {i}" for i, labels in enumerate(_EDUCATION_SQL)
    )
    members = " UNION ALL ".join(
        f"SELECT '{key}' AS grp, {unit} AS unit, m.person, m.village, m.is_new, m.in_party AND m.in_committee AS cross,"
        f" m.from_reserve, {AGE_SQL} AS age, pe.sex = '女' AS woman, CASE {education} END AS edu,"
        f" pe.political IN {sql_list(PARTY_MEMBER)} AS party,"
        f" pe.ethnicity <> '' AND pe.ethnicity <> '{HAN}' AS minority, pe.ethnicity = '' AS no_ethnicity,"
        " pe.political AS political, pe.ethnicity AS ethnicity"
        f" FROM ({group.members_sql}) m JOIN person pe ON pe.id = m.person{village}"
        for key, group in GROUPS.items()
    )
    with database.atomic():
        database.execute_sql("DROP TABLE IF EXISTS temp.stats_serving")
        database.execute_sql("DROP TABLE IF EXISTS temp.stats_members")
        database.execute_sql(f"CREATE TEMP TABLE stats_serving AS {SERVING_SQL}", params)
        database.execute_sql(f"CREATE TEMP TABLE stats_members AS {members}", params)


def _main_sql() -> str:
    education = ", ".join(f"SUM(edu = {i})" for i in range(len(_EDUCATION_SQL)))
    select = (
        "COUNT(*), SUM(woman), SUM(age <= 35), SUM(age BETWEEN 36 AND 45), SUM(age BETWEEN 46 AND 55),"
        " SUM(age BETWEEN 56 AND 60), SUM(age > 60), SUM(age IS NULL), COALESCE(SUM(age), 0),"
        f" {education}, SUM(party), SUM(minority), SUM(no_ethnicity), SUM(is_new), SUM(cross), SUM(from_reserve)"
    )
    return (
        f"SELECT grp, unit, {select} FROM temp.stats_members GROUP BY grp, unit"
        f" UNION ALL SELECT grp, NULL, {select} FROM temp.stats_members GROUP BY grp"
    )


def _distribution_sql(column: str) -> str:
    """Each group's members by one column's values, for the whole (the tables show no unit's)."""
    return f"SELECT grp, NULL, {column}, COUNT(*) FROM temp.stats_members GROUP BY grp, {column}"


def _one_shoulder_sql(scope: Scope) -> str:
    """Villages with a serving secretary, and those whose secretary is also the director (一肩挑)."""
    where = " AND village = :village" if scope.village_id else ""
    unit = "COALESCE(township, '')" if scope.county else "COALESCE(village, '')"
    return (
        "WITH v AS (SELECT village, MAX(township) AS township, MAX(is_secretary) AS has_sec,"
        " MAX(is_secretary AND is_director) AS both FROM temp.stats_serving"
        f" WHERE village IS NOT NULL{where} GROUP BY village)"
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
        unit=unit,
        label=label,
        total=v[0],
        women=v[1],
        ages=tuple(v[2:7]),
        age_unknown=v[7],
        age_sum=v[8],
        education=tuple(v[9:13]),
        education_unknown=v[0] - sum(v[9:13]),
        party_members=v[13],
        minorities=v[14],
        ethnicity_unknown=v[15],
        new=v[16],
        cross=v[17],
        from_reserve=v[18],
    )


def _key(unit: Any) -> str | None:
    return None if unit is None else str(unit)


def structures(on: date, scope: Scope) -> dict[str, GroupStructure]:
    """Every registered group's structure on a date, by unit and in total."""
    prepare(on, scope)
    labels = unit_labels(scope)
    params = _params(on, scope)
    shoulder = {_key(u): (int(a or 0), int(b or 0)) for u, a, b in _rows(_one_shoulder_sql(scope), params)}
    found: dict[str, dict[str | None, Figures]] = {key: {} for key in GROUPS}
    for grp, unit, *values in _rows(_main_sql()):
        key = _key(unit)
        label = "合计" if key is None else _label(key, scope, labels)
        found[grp][key] = _figures(key or "", label, tuple(values))
    for column in ("political", "ethnicity"):
        for grp, unit, value, count in _rows(_distribution_sql(column)):
            getattr(found[grp][_key(unit)], column)[str(value or UNKNOWN)] = int(count)
    result = {}
    for key, group in GROUPS.items():
        units = found[key]
        if group.has_posts and group.kind == "cadre":
            for unit, figures in units.items():
                figures.villages, figures.one_shoulder = shoulder.get(unit, (0, 0))
        total = units.pop(None, None) or Figures("", "合计")
        ordered = sorted(units.values(), key=lambda f: (labels.get(f.unit, (len(labels), ""))[0], f.label))
        result[key] = GroupStructure(group, ordered, total)
    return result


def _label(key: str, scope: Scope, labels: dict[str, tuple[int, str]]) -> str:
    if scope.county:
        return key or "（未注明乡镇）"
    return labels[key][1] if key in labels else ("（未注明村）" if not key else "（已删除的村）")
