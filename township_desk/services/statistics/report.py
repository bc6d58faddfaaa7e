"""A whole statistics report on a date (optionally beside another date): structures, targets, tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from township_desk.models.people import Village
from township_desk.services import clock
from township_desk.services.records import ValidationError
from township_desk.services.settings import get_setting, township_name
from township_desk.services.statistics.groups import GROUPS
from township_desk.services.statistics.structure import (
    AGE_BANDS,
    EDUCATION_BANDS,
    Figures,
    GroupStructure,
    Scope,
    structures,
)
from township_desk.services.statistics.targets import Context, TargetResult, evaluate_targets, percent_text

Cell = str | int | float


@dataclass
class Table:
    """One table of the report as plain cells (the terminal, the workbook, the PDF and the window read it)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    sheet: str = ""  # the workbook sheet's name (≤ 31 characters)


@dataclass
class Report:
    on: date
    scope: Scope
    scope_label: str  # the township (or county) name, or the village
    unit: str  # the office printing it
    structures: dict[str, GroupStructure]
    targets: list[TargetResult]
    compare: Report | None = None

    def target(self, key: str) -> TargetResult:
        return next(t for t in self.targets if t.key == key)


def _is_county() -> bool:
    from township_desk.services.county_file import is_county_database

    return is_county_database()


def make_scope(village: str | None = None) -> tuple[Scope, str]:
    county = _is_county()
    if not village:
        return Scope(county=county), township_name()
    row = Village.live().where(Village.name == village.strip()).order_by(Village.sort_order).first()
    if row is None:
        raise ValidationError("village", f"没有名为“{village.strip()}”的村(社区)。")
    return Scope(county=county, village_id=str(row.id)), str(row.name)


def compute(on: date | None = None, compare: date | None = None, village: str | None = None) -> Report:
    """The report on `on` (today by default), with `compare` beside it when given."""
    on = on or clock.today()
    scope, label = make_scope(village)
    found = structures(on, scope)
    report = Report(on, scope, label, get_setting("unit"), found, evaluate_targets(Context(on, scope, found)))
    if compare is not None:
        report.compare = compute(compare, None, village)
    return report


# ---------------------------------------------------------------- figures as cells


def _pct(count: int, base: int) -> str:
    return percent_text(100.0 * count / base if base else None)


def _age(f: Figures) -> str:
    return "—" if f.average_age is None else f"{f.average_age:.1f}"


STRUCTURE_HEADERS = [
    "人数",
    "女性",
    "女性占比",
    *AGE_BANDS,
    "平均年龄",
    *EDUCATION_BANDS,
    "高中以上占比",
    "中共党员",
    "少数民族",
    "一肩挑",
    "交叉任职",
    "新任",
    "新任占比",
    "后备任用",
]


def structure_cells(f: Figures, has_posts: bool) -> list[Cell]:
    posts: list[Cell] = (
        [
            f"{f.one_shoulder}/{f.villages}" if f.villages else "—",
            f.cross,
            f.new,
            _pct(f.new, f.total),
            f.from_reserve,
        ]
        if has_posts
        else ["—"] * 5
    )
    return [
        f.total,
        f.women,
        _pct(f.women, f.total),
        *f.ages,
        _age(f),
        *f.education,
        _pct(f.high_school_or_above, f.total),
        f.party_members,
        f.minorities,
        *posts,
    ]


def summary_table(report: Report) -> Table:
    table = Table(
        "summary",
        f"村(社区)干部队伍结构总表（{report.on.isoformat()}）",
        ["类别", *STRUCTURE_HEADERS],
        sheet="结构总表",
    )
    for key, structure in report.structures.items():
        table.rows.append(
            [structure.group.label, *structure_cells(structure.total, structure.group.has_posts)]
        )
        del key
    return table


def by_unit_table(report: Report, group_key: str) -> Table:
    structure = report.structures[group_key]
    unit = report.scope.unit_label
    table = Table(
        f"by_unit_{group_key}",
        f"{structure.group.label}结构（按{unit}，{report.on.isoformat()}）",
        [unit, *STRUCTURE_HEADERS],
        sheet=f"{structure.group.label}按{unit}"[:31],
    )
    for f in [*structure.units, structure.total]:
        table.rows.append([f.label, *structure_cells(f, structure.group.has_posts)])
    return table


def distribution_table(report: Report, attr: str, title: str) -> Table:
    groups = list(report.structures.values())
    values: dict[str, None] = {}
    for structure in groups:
        for value, _count in sorted(getattr(structure.total, attr).items(), key=lambda kv: -kv[1]):
            values.setdefault(value)
    table = Table(
        attr, f"{title}（{report.on.isoformat()}）", [title, *(s.group.label for s in groups)], sheet=title
    )
    for value in values:
        table.rows.append([value, *(getattr(s.total, attr).get(value, 0) for s in groups)])
    table.rows.append(["合计", *(s.total.total for s in groups)])
    return table


def targets_table(report: Report) -> Table:
    table = Table(
        "targets",
        f"目标达标情况（{report.on.isoformat()}）",
        ["指标", "目标", "实际", "结果", f"未达标{report.scope.unit_label}"],
        sheet="目标达标",
    )
    for result in report.targets:
        misses = "、".join(result.misses) if result.misses else ("无" if result.met is not None else "—")
        table.rows.append([result.label, result.target_text, result.value_text, result.verdict, misses])
    return table


# (label, group, value of a Figures as a number)
INDICATORS: tuple[tuple[str, str, Callable[[Figures], float | None]], ...] = (
    ("人数", "all", lambda f: float(f.total)),
    ("女性占比", "all", lambda f: f.share(f.women)),
    ("35岁及以下占比", "all", lambda f: f.share(f.ages[0])),
    ("60岁以上占比", "all", lambda f: f.share(f.ages[4])),
    ("平均年龄", "all", lambda f: f.average_age),
    ("高中以上占比", "all", lambda f: f.share(f.high_school_or_above)),
    ("大专以上占比", "all", lambda f: f.share(f.college_or_above)),
    ("中共党员占比", "all", lambda f: f.share(f.party_members)),
    ("少数民族占比", "all", lambda f: f.share(f.minorities)),
    ("一肩挑比例", "all", lambda f: f.share(f.one_shoulder, f.villages)),
    ("交叉任职占比", "committee", lambda f: f.share(f.cross)),
    ("新任占比", "all", lambda f: f.share(f.new)),
    ("后备任用占比", "all", lambda f: f.share(f.from_reserve)),
    ("书记人数", "secretary", lambda f: float(f.total)),
    ("书记平均年龄", "secretary", lambda f: f.average_age),
    ("书记高中以上占比", "secretary", lambda f: f.share(f.high_school_or_above)),
    ("后备干部人数", "reserve", lambda f: float(f.total)),
    ("后备干部高中以上占比", "reserve", lambda f: f.share(f.high_school_or_above)),
)


def _number(label: str, value: float | None) -> str:
    if value is None:
        return "—"
    if label.endswith("人数"):
        return str(int(value))
    return f"{value:.1f}" if "年龄" in label else f"{value:.1f}%"


def _change(label: str, new: float | None, old: float | None) -> str:
    if new is None or old is None:
        return "—"
    diff = new - old
    if label.endswith("人数"):
        return f"{int(diff):+d}"
    unit = "岁" if "年龄" in label else "个百分点"
    return f"{diff:+.1f}{unit}"


def indicator_value(report: Report, label: str) -> float | None:
    for name, group, value in INDICATORS:
        if name == label:
            return value(report.structures[group].total)
    raise KeyError(label)


def comparison_table(report: Report) -> Table | None:
    old = report.compare
    if old is None:
        return None
    table = Table(
        "compare",
        f"对比（{old.on.isoformat()} 与 {report.on.isoformat()}）",
        ["指标", old.on.isoformat(), report.on.isoformat(), "变化"],
        sheet="对比",
    )
    for label, group, value in INDICATORS:
        new_value = value(report.structures[group].total)
        old_value = value(old.structures[group].total)
        table.rows.append(
            [
                label,
                _number(label, old_value),
                _number(label, new_value),
                _change(label, new_value, old_value),
            ]
        )
    return table


def tables(report: Report, *, every_group: bool = True) -> list[Table]:
    """The report's tables in print order."""
    out = [summary_table(report), targets_table(report)]
    if (compare := comparison_table(report)) is not None:
        out.append(compare)
    out.append(by_unit_table(report, "all"))
    if every_group:
        out += [by_unit_table(report, key) for key in GROUPS if key != "all"]
    out.append(distribution_table(report, "political", "政治面貌"))
    out.append(distribution_table(report, "ethnicity", "民族"))
    return out


def misses_of(report: Report, key: str) -> tuple[str, ...]:
    return next(t.misses for t in report.targets if t.key == key)


def cells_text(row: list[Any]) -> list[str]:
    return [str(cell) for cell in row]
