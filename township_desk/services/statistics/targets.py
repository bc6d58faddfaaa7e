"""The targets the county checks (seed 002 and common practice), their values on a date, and who misses them.

Each target is registered once (register_target); its threshold is stored in the file's settings under
"stats.target.<key>" (set_target_value), the default otherwise. A subject not built yet (培训) leaves a
placeholder whose result says so; registering a target with the same key replaces the placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from township_desk.services.records import ValidationError
from township_desk.services.settings import get_setting, set_setting
from township_desk.services.statistics.structure import Figures, GroupStructure, Scope, _params, _rows

SETTING_PREFIX = "stats.target."


@dataclass(frozen=True)
class TargetResult:
    """A target's value on a date: met is None when it cannot be judged (no data, no subject)."""

    key: str
    label: str
    target_text: str
    value: float | None
    value_text: str
    met: bool | None
    misses: tuple[str, ...] = ()  # units (villages or townships) that miss it

    @property
    def verdict(self) -> str:
        return {True: "达标", False: "未达标", None: "—"}[self.met]


@dataclass(frozen=True)
class Context:
    on: date
    scope: Scope
    structures: dict[str, GroupStructure]


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    unit: str  # "%" or "天/人·年"
    default: float
    evaluate: Callable[[Target, float, Context], TargetResult]
    maximum: float = 100.0

    def target_text(self, threshold: float) -> str:
        return f"≥ {threshold:g}{self.unit}"


TARGETS: dict[str, Target] = {}


def register_target(target: Target, *, replace: bool = False) -> None:
    if target.key in TARGETS and not replace:
        raise RuntimeError(f"statistics target {target.key!r} registered twice")
    TARGETS[target.key] = target


def target_value(key: str) -> float:
    target = TARGETS[key]
    text = get_setting(SETTING_PREFIX + key)
    try:
        return float(text) if text else target.default
    except ValueError:
        return target.default


def set_target_value(key: str, text: str) -> float:
    """Store a target's threshold (a number within its range); returns the value stored."""
    if key not in TARGETS:
        raise ValidationError("target", f"没有名为“{key}”的指标。")
    target = TARGETS[key]
    cleaned = str(text).strip().removesuffix("%").removesuffix("％").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError("target", f"“{target.label}”的目标值应为数字，如 80。") from None
    if not 0 <= value <= target.maximum:
        raise ValidationError("target", f"“{target.label}”的目标值应在 0 到 {target.maximum:g} 之间。")
    set_setting(SETTING_PREFIX + key, f"{value:g}")
    return value


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


# ---------------------------------------------------------------- education shares of a group


def _share_target(group_key: str) -> Callable[[Target, float, Context], TargetResult]:
    def evaluate(target: Target, threshold: float, ctx: Context) -> TargetResult:
        structure = ctx.structures[group_key]

        def share(f: Figures) -> float | None:
            return f.share(f.high_school_or_above)

        value = share(structure.total)
        misses = tuple(f.label for f in structure.units if (s := share(f)) is not None and s < threshold)
        met = (
            None if value is None else value >= threshold
        )  # the whole's share; misses are the villages below
        return TargetResult(
            target.key,
            target.label,
            target.target_text(threshold),
            value,
            _count_text(structure.total.high_school_or_above, structure.total.total),
            met,
            misses,
        )

    return evaluate


def _count_text(count: int, total: int) -> str:
    return f"{count}/{total}（{percent_text(100.0 * count / total if total else None)}）"


# ---------------------------------------------------------------- mentoring of new cadres


def _mentoring(target: Target, threshold: float, ctx: Context) -> TargetResult:
    """New cadres serving on the date (temp.stats_members, see structure.prepare) with a mentor by then."""
    sql = (
        "SELECT unit, COUNT(*), SUM(EXISTS (SELECT 1 FROM mentorship ms WHERE ms.mentee_id = m.person"
        " AND ms.deleted_at IS NULL AND (ms.started_on IS NULL OR ms.started_on <= :d)))"
        " FROM temp.stats_members m WHERE m.grp = 'all' AND m.is_new GROUP BY unit"
    )
    return _unit_ratio(target, threshold, ctx, sql, "新任干部已结对")


def _unit_ratio(target: Target, threshold: float, ctx: Context, sql: str, what: str) -> TargetResult:
    from township_desk.services.statistics.structure import _label, unit_labels

    labels = unit_labels(ctx.scope)
    total = done = 0
    misses: list[tuple[int, str]] = []
    for unit, count, hit in _rows(sql, _params(ctx.on, ctx.scope)):
        count, hit = int(count or 0), int(hit or 0)
        total, done = total + count, done + hit
        if count and 100.0 * hit / count < threshold:
            key = str(unit or "")
            misses.append((labels.get(key, (len(labels), ""))[0], _label(key, ctx.scope, labels)))
    value = 100.0 * done / total if total else None
    met = None if value is None else value >= threshold
    return TargetResult(
        target.key,
        target.label,
        target.target_text(threshold),
        value,
        f"{what} {done}/{total}（{percent_text(value)}）",
        met,
        tuple(label for _order, label in sorted(misses)),
    )


# ---------------------------------------------------------------- theme Party days, every month


def months_before(on: date, count: int = 12) -> list[str]:
    """The `count` whole months before the month of `on`, oldest first, as 'YYYY-MM'."""
    year, month = on.year, on.month
    months = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(f"{year:04d}-{month:02d}")
    return months[::-1]


def _party_days(target: Target, threshold: float, ctx: Context) -> TargetResult:
    months = months_before(ctx.on)
    marks = ", ".join(f"'{m}'" for m in months)  # computed month strings, never user input
    village = " AND b.village_id = :village" if ctx.scope.village_id else ""
    unit = "COALESCE(b.origin_township, '')" if ctx.scope.county else "COALESCE(b.village_id, '')"
    sql = (
        f"SELECT {unit} AS unit, COUNT(*) * {len(months)},"
        " SUM((SELECT COUNT(DISTINCT d.month) FROM party_day d WHERE d.branch_id = b.id"
        f" AND d.deleted_at IS NULL AND d.month IN ({marks}) AND d.held_on <= :d))"
        " FROM party_branch b WHERE b.deleted_at IS NULL"
        f"{village} GROUP BY unit"
    )
    return _unit_ratio(target, threshold, ctx, sql, f"{months[0]}至{months[-1]}开展月次")


# ---------------------------------------------------------------- training: another subject's


def training_year(on: date) -> int:
    """The year the training rule is judged for on a date: the last whole year (or this one on 31 December)."""
    return on.year if (on.month, on.day) == (12, 31) else on.year - 1


def _training_days(target: Target, threshold: float, ctx: Context) -> TargetResult:
    """Days of training per person in the last whole year, for the people the 12-day rule counts (serving
    cadres and reserves, services.training.days); the villages whose average is below it miss it."""
    from township_desk.services.training import days as training

    year = training_year(ctx.on)
    rows = training.rule_rows(year, ctx.on)
    if ctx.scope.village_id:
        from township_desk.models.people import Village

        village = Village.get_or_none(Village.id == ctx.scope.village_id)
        rows = [r for r in rows if village is not None and r.village == village.name]
    if not rows:
        return TargetResult(
            target.key, target.label, target.target_text(threshold), None, f"{year}年没有应参训人员", None
        )
    by_village: dict[str, list[float]] = {}
    for row in rows:
        by_village.setdefault(row.village or "未填村(社区)", []).append(row.days)
    value = sum(r.days for r in rows) / len(rows)
    misses = tuple(v for v, days in by_village.items() if sum(days) / len(days) < threshold)
    return TargetResult(
        target.key,
        target.label,
        target.target_text(threshold),
        value,
        f"{year}年人均 {value:.1f} 天（{len(rows)} 人）",
        value >= threshold,
        misses,
    )


register_target(
    Target("secretary_high_school", "村党组织书记高中(含中专)以上学历", "%", 80, _share_target("secretary"))
)
register_target(
    Target("reserve_high_school", "村级后备干部高中(含中专)以上学历", "%", 90, _share_target("reserve"))
)
register_target(Target("training_days", "培训天数", "天/人·年", 12, _training_days, maximum=365))
register_target(Target("mentoring", "新任干部导师帮带覆盖", "%", 100, _mentoring))
register_target(Target("party_days", "主题党日每月开展", "%", 100, _party_days))


def evaluate_targets(ctx: Context) -> list[TargetResult]:
    return [target.evaluate(target, target_value(key), ctx) for key, target in TARGETS.items()]
