"""The annual assessment: its rules, pure (grades, ranking, bottom places)."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from township_desk.services import vocab
from township_desk.services.normalize import clean_text, to_halfwidth
from township_desk.services.records import ValidationError

DEFAULT_CRITERIA: tuple[tuple[str, float], ...] = (
    ("德", 20.0),
    ("能", 15.0),
    ("勤", 15.0),
    ("绩", 30.0),
    ("廉", 20.0),
)
GRADES: tuple[str, ...] = tuple(vocab.ASSESSMENT_GRADES.labels())
RULE_SCORE, RULE_QUOTA = "score", "quota"
RULE_LABELS: dict[str, str] = {RULE_SCORE: "按分数段", RULE_QUOTA: "按名次比例"}
PLACES = 3
MARK_RECOMMENDED = "优先推荐"
MARK_BOTTOM = "提醒谈话"
MARK_UNSCORED = "未评分"
REMINDER_KIND = "提醒谈话"
SCORE_PREFIX = "score:"
EARLIEST_YEAR = 2000


# ---------------------------------------------------------------- the rules (pure)


@dataclass(frozen=True)
class GradeRule:
    """How totals become grades in one year (see the module docstring)."""

    kind: str = RULE_SCORE
    excellent_min: float = 90.0
    competent_min: float = 70.0
    basic_min: float = 60.0
    excellent_quota: float = 20.0

    def check(self) -> None:
        if self.kind not in RULE_LABELS:
            raise ValidationError("grade_rule", "等次规则只能是“按分数段”或“按名次比例”。")
        lines = (self.excellent_min, self.competent_min, self.basic_min)
        if not all(0 <= line <= 100 for line in lines) or not (
            self.excellent_min > self.competent_min > self.basic_min
        ):
            raise ValidationError("excellent_min", "分数线应在0—100分之间，且 优秀 > 称职 > 基本称职。")
        if not 0 < self.excellent_quota <= 100:
            raise ValidationError("excellent_quota", "优秀比例应大于0%、不超过100%。")

    def describe(self) -> str:
        bands = f"称职≥{self.competent_min:g}分，基本称职≥{self.basic_min:g}分，其余为不称职"
        if self.kind == RULE_QUOTA:
            return f"按名次比例：前{self.excellent_quota:g}%且≥{self.competent_min:g}分为优秀，{bands}"
        return f"按分数段：优秀≥{self.excellent_min:g}分，{bands}"

    def band(self, total: float) -> str:
        if total >= self.excellent_min:
            return "优秀"
        if total >= self.competent_min:
            return "称职"
        if total >= self.basic_min:
            return "基本称职"
        return "不称职"

    def excellent_places(self, ranked: int) -> int:
        return max(1, math.floor(ranked * self.excellent_quota / 100 + 1e-9)) if ranked else 0

    def grade(self, total: float, rank: int, tied: int, ranked: int) -> str:
        """The grade of a total placed `rank` among `ranked` candidates, `tied` of them (itself included) equal."""
        if self.kind == RULE_SCORE:
            return self.band(total)
        if rank + tied - 1 <= self.excellent_places(ranked) and total >= self.competent_min:
            return "优秀"
        band = self.band(total)
        return "称职" if band == "优秀" else band


@dataclass(frozen=True)
class Standing:
    """Where a candidate stands after ranking."""

    total: float | None
    rank: int | None = None
    grade: str = ""
    recommended: bool = False
    bottom: bool = False


def weighted_total(scores: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """Σ score × weight ÷ 100 over every criterion; None while any criterion is unscored."""
    if not weights or any(key not in scores for key in weights):
        return None
    return round(sum(scores[key] * weight for key, weight in weights.items()) / 100.0, 2)


def rank_totals(
    totals: Mapping[str, float | None], rule: GradeRule, places: int = PLACES
) -> dict[str, Standing]:
    """Rank, grade and mark the top and bottom `places` (see the module docstring for ties)."""
    scored = sorted(t for t in totals.values() if t is not None)
    count = len(scored)
    complete = count == len(totals)
    out: dict[str, Standing] = {}
    for key, total in totals.items():
        if total is None:
            out[key] = Standing(None)
            continue
        lower = bisect_left(scored, total)
        higher = count - bisect_right(scored, total)
        tied = count - higher - lower
        rank = higher + 1
        recommended = rank <= places
        bottom = complete and count > places and lower + 1 <= places and not recommended
        out[key] = Standing(total, rank, rule.grade(total, rank, tied, count), recommended, bottom)
    return out


def parse_score(value: object, where: str) -> float | None:
    """A score 0–100 from typed text ("" is no score); half-width digits, at most two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("scores", f"{where}：得分应为0—100之间的数。")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = to_halfwidth(clean_text(value)).removesuffix("分").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValidationError("scores", f"{where}：得分“{clean_text(value)}”不是数字。") from None
    if math.isnan(number) or not 0 <= number <= 100:
        raise ValidationError("scores", f"{where}：得分{number:g}超出0—100分。")
    return round(number, 2)


def parse_weight(value: object, where: str) -> float:
    text = to_halfwidth(clean_text(value)).removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise ValidationError("criteria", f"{where}：权重“{clean_text(value)}”不是数字。") from None
    if not 0 < number <= 100:
        raise ValidationError("criteria", f"{where}：权重应大于0%、不超过100%。")
    return round(number, 2)


def clean_criteria(rows: Sequence[tuple[str | None, object, object]]) -> list[tuple[str | None, str, float]]:
    """Validated (id, name, weight) rows: names unique, weights positive and adding up to 100%."""
    cleaned: list[tuple[str | None, str, float]] = []
    for index, (criterion_id, name_value, weight_value) in enumerate(rows, start=1):
        name = clean_text(name_value)
        if not name and not clean_text(weight_value):
            continue
        if not name:
            raise ValidationError("criteria", f"第{index}项：请填写考评项目名称。")
        if any(name == other for _id, other, _w in cleaned):
            raise ValidationError("criteria", f"考评项目“{name}”重复了。")
        cleaned.append((criterion_id or None, name, parse_weight(weight_value, f"“{name}”")))
    if not cleaned:
        raise ValidationError("criteria", "至少要有一个考评项目。")
    total = round(sum(w for _id, _name, w in cleaned), 2)
    if abs(total - 100) > 0.001:
        raise ValidationError("criteria", f"各项权重合计为{total:g}%，应为100%。")
    return cleaned
