"""The annual assessment (年度综合考评): criteria and weights, scores, totals, ranks, grades, top and bottom three.

Scoring: every criterion is scored 0–100; the total is Σ score × weight ÷ 100 (so it is 0–100 too),
rounded to two decimals. Only candidates scored on every criterion are ranked.

Ranking: by total, highest first, with ties sharing a place and the next place skipped (1, 2, 2, 4).
Whoever is placed 1–3 is recommended first for honours (so a tie for third recommends both).
The bottom three are those with fewer than three candidates strictly below them (again ties go
together), never someone already recommended, and only once every candidate has been scored —
a half-scored year is provisional and makes no talks. Each of the bottom three gets one pending
reminder talk (提醒谈话) for the township Party secretary; recomputing keeps that one talk, withdraws
it to the recycle bin while still pending if the person leaves the bottom three, and brings it back
if they return. A completed talk is never touched.

Grades (per year, see GradeRule): either by score bands (优秀 ≥ 90, 称职 ≥ 70, 基本称职 ≥ 60, else 不称职)
or by rank quota: 优秀 only for the first N% of the ranked candidates (default 20%, at least one
place) who also reach the 称职 line, ties admitted only if the whole tie fits in the quota; the
others are graded by the bands with 优秀 capped at 称职.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import peewee

from township_desk.db import database, raw_rows, write_mark
from township_desk.models.assessments import (
    Assessment,
    AssessmentCriterion,
    AssessmentEntry,
    AssessmentScore,
    DemocraticTally,
)
from township_desk.models.base import utc_now
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village
from township_desk.models.talks import Talk
from township_desk.services import clock, talks, vocab
from township_desk.services import democratic_evaluation as evaluation
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import Column, Filter, Listing, Row, in_listed_order
from township_desk.services.normalize import clean_text, to_halfwidth
from township_desk.services.people import person_options, person_search
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values
from township_desk.services.settings import report_context

DEFAULT_CRITERIA: tuple[tuple[str, float], ...] = (("德", 20.0), ("能", 15.0), ("勤", 15.0), ("绩", 30.0), ("廉", 20.0))
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


def rank_totals(totals: Mapping[str, float | None], rule: GradeRule, places: int = PLACES) -> dict[str, Standing]:
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


# ---------------------------------------------------------------- years and criteria


def years() -> list[int]:
    """The years that have an assessment, newest first."""
    return [int(y) for (y,) in Assessment.live(Assessment.year).distinct().order_by(Assessment.year.desc()).tuples()]


def assessment_of_year(year: int) -> Assessment | None:
    return Assessment.live().where(Assessment.year == year).first()


def require_year(year: int) -> Assessment:
    found = assessment_of_year(year)
    if found is None:
        raise ValidationError("year", f"没有{year}年度的考评，请先在“年度考评”中建立。")
    return found


def get_assessment(assessment_id: str) -> Assessment:
    found = Assessment.live().where(Assessment.id == assessment_id).first()
    if found is None:
        raise ValidationError("year", "这个年度的考评不存在或已被删除。")
    return found


def rule_of(assessment: Assessment) -> GradeRule:
    return GradeRule(assessment.grade_rule, assessment.excellent_min, assessment.competent_min,
                     assessment.basic_min, assessment.excellent_quota)


def criteria_of(assessment_id: str) -> list[AssessmentCriterion]:
    return list(
        AssessmentCriterion.live()
        .where(AssessmentCriterion.assessment == assessment_id)
        .order_by(AssessmentCriterion.sort_order, AssessmentCriterion.created_at)
    )


def criteria_text(assessment_id: str) -> str:
    """德20% 能15% 勤15% 绩30% 廉20%"""
    return " ".join(f"{c.name}{c.weight:g}%" for c in criteria_of(assessment_id))


def serving_cadres() -> peewee.ModelSelect:
    """(person, current post) of every serving cadre, one row per person (their first post)."""
    return (
        CadrePost.select(CadrePost, Person, Village)
        .join(Person, on=(CadrePost.person == Person.id))
        .switch(CadrePost)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(CadrePost.village == Village.id))
        .where(CadrePost.deleted_at.is_null() & CadrePost.ended_on.is_null() & Person.deleted_at.is_null())
        .order_by(Village.sort_order, CadrePost.started_on)
    )


def _candidate_rows(assessment_id: str, already: set[str]) -> list[dict[str, Any]]:
    rows = []
    for post in serving_cadres():
        if post.person_id in already:
            continue
        already.add(post.person_id)
        rows.append({"assessment": assessment_id, "person": post.person_id,
                     "village_name": post.village.name if post.village_id else "", "post": post.post})
    return rows


def create_assessment(year: int) -> Assessment:
    """A new year: criteria and grade rule copied from the latest earlier year (or the defaults);
    every serving cadre becomes a candidate."""
    if not EARLIEST_YEAR <= year <= clock.today().year + 1:
        raise ValidationError("year", f"年度应在{EARLIEST_YEAR}—{clock.today().year + 1}之间。")
    if assessment_of_year(year) is not None:
        raise ValidationError("year", f"{year}年度的考评已经建立。")
    previous = Assessment.live().where(Assessment.year < year).order_by(Assessment.year.desc()).first()
    with database.atomic():
        assessment = Assessment.create(year=year, title=f"{year}年度村(社区)干部综合考评")
        if previous is not None:
            for name in ("grade_rule", "excellent_min", "competent_min", "basic_min", "excellent_quota"):
                setattr(assessment, name, getattr(previous, name))
            assessment.save()
            criteria = [(c.name, c.weight) for c in criteria_of(previous.id)]
        else:
            criteria = list(DEFAULT_CRITERIA)
        for index, (name, weight) in enumerate(criteria):
            AssessmentCriterion.create(assessment=assessment, name=name, weight=weight, sort_order=index)
        for row in _candidate_rows(assessment.id, set()):
            AssessmentEntry.create(**row)
    return assessment


def add_serving_cadres(assessment_id: str) -> int:
    """Add the serving cadres who are not yet candidates of the year; returns how many."""
    get_assessment(assessment_id)
    already = {e.person_id for e in AssessmentEntry.live().where(AssessmentEntry.assessment == assessment_id)}
    rows = _candidate_rows(assessment_id, already)
    with database.atomic():
        for row in rows:
            AssessmentEntry.create(**row)
        if rows:
            recompute(assessment_id)
    return len(rows)


def save_settings(
    assessment_id: str,
    criteria: Sequence[tuple[str | None, object, object]],
    rule: GradeRule,
    secretary: str | None = None,
) -> RecomputeReport:
    """Save a year's criteria and weights, its grade rule and (optionally) the Party secretary's
    name in one transaction, then recompute. A criterion left out is removed with its scores."""
    assessment = get_assessment(assessment_id)
    cleaned = clean_criteria(criteria)
    rule.check()
    existing = {c.id: c for c in criteria_of(assessment_id)}
    for criterion_id, name, _weight in cleaned:
        if criterion_id and criterion_id not in existing:
            raise ValidationError("criteria", f"考评项目“{name}”已不存在，请刷新后重试。")
    with database.atomic():
        keep = {criterion_id for criterion_id, _n, _w in cleaned if criterion_id}
        stamp = utc_now()
        for criterion_id, criterion in existing.items():
            if criterion_id not in keep:
                AssessmentScore.update(deleted_at=stamp, updated_at=stamp).where(
                    (AssessmentScore.criterion == criterion_id) & AssessmentScore.deleted_at.is_null()).execute()
                criterion.deleted_at = stamp
                criterion.save()
        for index, (criterion_id, name, weight) in enumerate(cleaned):
            criterion = existing[criterion_id] if criterion_id else AssessmentCriterion(assessment=assessment_id)
            criterion.name, criterion.weight, criterion.sort_order = name, weight, index
            criterion.save(force_insert=criterion_id is None)
        assessment.grade_rule = rule.kind
        assessment.excellent_min, assessment.competent_min = rule.excellent_min, rule.competent_min
        assessment.basic_min, assessment.excellent_quota = rule.basic_min, rule.excellent_quota
        assessment.save()
        if secretary is not None:
            talks.set_party_secretary(secretary)
        return recompute(assessment_id)


# ---------------------------------------------------------------- scores and recomputing


@dataclass
class RecomputeReport:
    """What a recomputation found and did."""

    ranked: int = 0
    unscored: int = 0
    recommended: list[str] = field(default_factory=list)
    bottom: list[str] = field(default_factory=list)
    talks_created: int = 0
    talks_withdrawn: int = 0


class EntryRow(NamedTuple):
    """What recomputing and checking a year needs of a candidate (plain values read with db.raw_rows:
    building 3,000 joined peewee objects took 0.4 s on a county file)."""

    id: str
    person_id: str
    name: str
    village_name: str
    post: str
    total: float | None
    rank: int | None
    grade: str
    recommended: bool
    bottom: bool


def live_entries(assessment_id: str) -> list[EntryRow]:
    query = (
        AssessmentEntry.select(AssessmentEntry.id, AssessmentEntry.person, Person.name, AssessmentEntry.village_name,
                               AssessmentEntry.post, AssessmentEntry.total, AssessmentEntry.rank,
                               AssessmentEntry.grade, AssessmentEntry.recommended, AssessmentEntry.bottom)
        .join(Person, on=(AssessmentEntry.person == Person.id))
        .where((AssessmentEntry.assessment == assessment_id) & AssessmentEntry.deleted_at.is_null()
               & Person.deleted_at.is_null())
    )
    return [EntryRow(id_, person_id, name, village, post, total, rank, grade, bool(recommended), bool(bottom))
            for id_, person_id, name, village, post, total, rank, grade, recommended, bottom in raw_rows(query)]


def _live_scores() -> peewee.ModelSelect:
    return (
        AssessmentScore.select(AssessmentScore.entry, AssessmentScore.criterion, AssessmentScore.score)
        .join(AssessmentCriterion, on=(AssessmentScore.criterion == AssessmentCriterion.id))
        .where(AssessmentScore.deleted_at.is_null() & AssessmentCriterion.deleted_at.is_null())
    )


def scores_by_entry(entry_ids: Sequence[str]) -> dict[str, dict[str, float]]:
    """{entry id: {criterion id: score}} of live scores on live criteria."""
    found: dict[str, dict[str, float]] = {}
    for start in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[start : start + 500])
        for entry_id, criterion_id, score in _live_scores().where(AssessmentScore.entry.in_(chunk)).tuples():
            found.setdefault(entry_id, {})[criterion_id] = float(score)
    return found


def scores_of_year(assessment_id: str) -> dict[str, dict[str, float]]:
    """scores_by_entry for every candidate of a year, in one query."""
    query = (_live_scores().join_from(AssessmentScore, AssessmentEntry, on=(AssessmentScore.entry == AssessmentEntry.id))
             .where(AssessmentEntry.assessment == assessment_id))
    found: dict[str, dict[str, float]] = {}
    for entry_id, criterion_id, score in raw_rows(query):
        found.setdefault(entry_id, {})[criterion_id] = float(score)
    return found


def reminder_key(assessment_id: str, person_id: str) -> str:
    return f"assessment:{assessment_id}:{person_id}"


def recompute(assessment_id: str) -> RecomputeReport:
    """Totals, ranks, grades, the top three and the bottom three's reminder talks, in one transaction."""
    assessment = get_assessment(assessment_id)
    weights = {c.id: float(c.weight) for c in criteria_of(assessment_id)}
    entries = live_entries(assessment_id)
    scores = scores_of_year(assessment_id)
    totals = {e.id: weighted_total(scores.get(e.id, {}), weights) for e in entries}
    standings = rank_totals(totals, rule_of(assessment))
    report = RecomputeReport()
    ranked = sum(1 for s in standings.values() if s.rank is not None)
    report.ranked, report.unscored = ranked, len(entries) - ranked
    wanted: set[str] = set()
    stamp = utc_now()
    with database.atomic():
        for entry in entries:
            s = standings[entry.id]
            new = (s.total, s.rank, s.grade, s.recommended, s.bottom)
            if (entry.total, entry.rank, entry.grade, entry.recommended, entry.bottom) != new:
                AssessmentEntry.update(
                    total=s.total, rank=s.rank, grade=s.grade, recommended=s.recommended, bottom=s.bottom,
                    updated_at=stamp,
                ).where(AssessmentEntry.id == entry.id).execute()
            if s.recommended:
                report.recommended.append(entry.name)
            if not s.bottom:
                continue
            report.bottom.append(entry.name)
            key = reminder_key(assessment_id, entry.person_id)
            wanted.add(key)
            _talk, made = talks.ensure_rule_talk(
                key,
                person_id=entry.person_id,
                kind=REMINDER_KIND,
                person_post=" ".join(p for p in (entry.village_name, entry.post) if p),
                reason=(
                    f"{assessment.year}年度村(社区)干部综合考评排名后三位（第{s.rank}名/共{ranked}名，"
                    f"总分{s.total:g}分），由乡镇党委书记进行提醒谈话。"
                ),
                source=f"{assessment.year}年度综合考评后三名",
                year=assessment.year,
            )
            report.talks_created += int(made)
        report.talks_withdrawn = talks.withdraw_rule_talks(f"assessment:{assessment_id}:", wanted)
    return report


_standings_read_at: dict[str, tuple[int, int]] = {}  # assessment id → db.write_mark() when last recomputed


def refresh_standings(assessment_id: str) -> None:
    """recompute() unless nothing has been written through this connection since the last time (the tab
    calls this on every reload; the full recompute reads every score of the year, 0.1 s on a county file).
    The mark counts the rows this connection has written, whatever the table, undo and restore included."""
    if _standings_read_at.get(assessment_id) == write_mark():
        return
    recompute(assessment_id)
    _standings_read_at[assessment_id] = write_mark()


def save_scores(assessment_id: str, scores: Mapping[str, Mapping[str, object]]) -> RecomputeReport:
    """Store scores {entry id: {criterion id: value}} ("" removes a score) and recompute, in one transaction."""
    get_assessment(assessment_id)
    entries = {e.id: e for e in live_entries(assessment_id)}
    criteria = {c.id: c for c in criteria_of(assessment_id)}
    parsed: dict[tuple[str, str], float | None] = {}
    for entry_id, row in scores.items():
        entry = entries.get(entry_id)
        if entry is None:
            raise ValidationError("scores", "有考评对象不在本年度名单中，请刷新后重试。")
        for criterion_id, value in row.items():
            criterion = criteria.get(criterion_id)
            if criterion is None:
                raise ValidationError("scores", "考评项目已更改，请刷新后重试。")
            parsed[(entry_id, criterion_id)] = parse_score(value, f"{entry.name}的“{criterion.name}”")
    with database.atomic():
        existing = {
            (s.entry_id, s.criterion_id): s
            for s in AssessmentScore.live().where(AssessmentScore.entry.in_(list(scores)))
        }
        stamp = utc_now()
        for (entry_id, criterion_id), value in parsed.items():
            stored = existing.get((entry_id, criterion_id))
            if stored is None and value is not None:
                AssessmentScore.create(entry=entry_id, criterion=criterion_id, score=value)
            elif stored is not None and value is None:
                AssessmentScore.update(deleted_at=stamp, updated_at=stamp).where(
                    AssessmentScore.id == stored.id).execute()
            elif stored is not None and value is not None and stored.score != value:
                stored.score = value
                stored.save()
        return recompute(assessment_id)


def remove_candidate(entry_id: str) -> None:
    """Take a candidate off the year (to the recycle bin, with their scores and tallies) and recompute."""
    from township_desk.services.recycle_bin import soft_delete

    entry = AssessmentEntry.get_by_id(entry_id)
    with database.atomic():
        soft_delete(entry)
        recompute(entry.assessment_id)


# ---------------------------------------------------------------- one candidate's form


def _candidate_options(assessment_id: str) -> list[tuple[str, str]]:
    serving = {post.person_id for post in serving_cadres()}
    entered = {e.person_id for e in AssessmentEntry.live().where(AssessmentEntry.assessment == assessment_id)}
    ids = list(serving | entered)
    return person_options(Person.live().where(Person.id.in_(ids))) if ids else []


def entry_form(assessment_id: str) -> FormSpec:
    """The form of one candidate of a year: who, post at the time, one score per criterion."""
    assessment = get_assessment(assessment_id)
    criteria = criteria_of(assessment_id)
    score_fields = tuple(
        Field(f"{SCORE_PREFIX}{c.id}", f"{c.name}（权重{c.weight:g}%）", placeholder="0—100分") for c in criteria
    )

    def load(entry_id: str | None) -> Values:
        if not entry_id:
            return {"person": "", "total": ""}
        entry = AssessmentEntry.get_by_id(entry_id)
        values: Values = {"person": entry.person_id, "village_name": entry.village_name, "post": entry.post,
                          "notes": entry.notes, "total": "" if entry.total is None else f"{entry.total:g}",
                          "standing": _standing_text(entry)}
        for criterion_id, score in scores_by_entry([entry.id]).get(entry.id, {}).items():
            values[f"{SCORE_PREFIX}{criterion_id}"] = f"{score:g}"
        return values

    def save(entry_id: str | None, values: Values) -> str:
        return save_entry(assessment_id, entry_id, values)

    def derive(values: Values) -> Values:
        derived: Values = {}
        person_id = clean_text(values.get("person"))
        if person_id and not clean_text(values.get("post")):
            post = (CadrePost.live().where((CadrePost.person == person_id) & CadrePost.ended_on.is_null())
                    .first())
            if post is not None:
                derived["post"] = post.post
                derived["village_name"] = post.village.name if post.village_id else ""
        weights = {c.id: float(c.weight) for c in criteria}
        parsed: dict[str, float] = {}
        for c in criteria:
            try:
                value = parse_score(values.get(f"{SCORE_PREFIX}{c.id}"), c.name)
            except ValidationError:
                value = None
            if value is not None:
                parsed[c.id] = value
        total = weighted_total(parsed, weights)
        derived["total"] = "" if total is None else f"{total:g}"
        return derived

    return FormSpec(
        title=f"{assessment.year}年度考评对象",
        sections=(
            Section("考评对象", (
                Field("person", "姓名", "ref", required=True, options=lambda: _candidate_options(assessment_id)),
                Field("village_name", "村(社区)"),
                Field("post", "职务"),
                Field("standing", "排名及等次", "readonly"),
                Field("notes", "备注", "multiline"),
            )),
            Section("各项得分（百分制，总分=Σ得分×权重）", (*score_fields, Field("total", "总分", "readonly"))),
        ),
        load=load,
        save=save,
        derive=derive,
    )


def _standing_text(entry: AssessmentEntry) -> str:
    if entry.rank is None:
        return MARK_UNSCORED
    marks = [m for m, on in ((MARK_RECOMMENDED, entry.recommended), (MARK_BOTTOM, entry.bottom)) if on]
    return "　".join([f"第{entry.rank}名", entry.grade, *marks])


def save_entry(assessment_id: str, entry_id: str | None, values: Mapping[str, Any]) -> str:
    """Add or edit one candidate with their scores; recompute the year. Returns the entry id."""
    get_assessment(assessment_id)
    person_id = clean_text(values.get("person"))
    if not person_id:
        raise ValidationError("person", "请选择考评对象。")
    person = Person.live().where(Person.id == person_id).first()
    if person is None:
        raise ValidationError("person", "所选人员不存在或已被删除。")
    entry = AssessmentEntry.get_by_id(entry_id) if entry_id else None
    if entry is not None and entry.person_id != person_id:
        raise ValidationError("person", "考评对象不能更换；请删除这一行后重新添加。")
    if entry is None:
        other = AssessmentEntry.live().where(
            (AssessmentEntry.assessment == assessment_id) & (AssessmentEntry.person == person_id)).first()
        if other is not None:
            raise ValidationError("person", f"“{person.name}”已在本年度考评名单中。")
    criteria = criteria_of(assessment_id)
    for c in criteria:  # check before writing anything
        parse_score(values.get(f"{SCORE_PREFIX}{c.id}"), f"“{c.name}”")
    with database.atomic():
        if entry is None:
            entry = AssessmentEntry(assessment=assessment_id, person=person_id)
        entry.village_name = clean_text(values.get("village_name")) or (person.village.name if person.village_id else "")
        entry.post = clean_text(values.get("post"))
        entry.notes = str(values.get("notes") or "").strip()
        entry.save(force_insert=entry_id is None)
        save_scores(assessment_id, {entry.id: {c.id: values.get(f"{SCORE_PREFIX}{c.id}") for c in criteria}})
    return str(entry.id)


# ---------------------------------------------------------------- the ranking list


def _grade_rank() -> Any:
    return in_listed_order(AssessmentEntry.grade, GRADES)


def _mark_rank() -> Any:
    return peewee.Case(None, [(AssessmentEntry.recommended == True, 0), (AssessmentEntry.bottom == True, 2)], 1)  # noqa: E712


def entry_villages(assessment_id: str | None) -> list[str]:
    return evaluation.candidate_villages(assessment_id) if assessment_id else []


class AssessmentListing(Listing):
    """The candidates of one year, best first, with their scores, marks and democratic evaluation."""

    title = "年度考评"
    default_sort = (peewee.fn.COALESCE(AssessmentEntry.rank, 1_000_000), Person.pinyin)

    def __init__(self, assessment_id: str | None = None) -> None:
        self.assessment_id: str | None = None
        self.criteria: list[AssessmentCriterion] = []
        self.filters = (
            Filter("village", "村(社区)", lambda: entry_villages(self.assessment_id)),
            Filter("grade", "等次", lambda: list(GRADES)),
            Filter("mark", "标记", lambda: [MARK_RECOMMENDED, MARK_BOTTOM, MARK_UNSCORED]),
        )
        self.set_assessment(assessment_id)

    def set_assessment(self, assessment_id: str | None) -> None:
        self.assessment_id = assessment_id
        self.criteria = criteria_of(assessment_id) if assessment_id else []
        self.columns = (
            Column("rank", "排名", peewee.fn.COALESCE(AssessmentEntry.rank, 1_000_000), align="center", width=45),
            Column("name", "姓名", Person.pinyin, width=75),
            Column("village", "村(社区)", AssessmentEntry.village_name, width=100),
            Column("post", "职务", AssessmentEntry.post, width=150),
            *(Column(f"c:{c.id}", f"{c.name}({c.weight:g}%)", None, align="right", width=62) for c in self.criteria),
            Column("total", "总分", AssessmentEntry.total, align="right", width=60),
            Column("grade", "等次", _grade_rank(), align="center", width=70),
            Column("mark", "标记", _mark_rank(), align="center", width=75),
            Column("talk", "提醒谈话", None, align="center", width=70),
            Column("excellent_rate", "测评优秀率", None, align="right", width=80),
            Column("good_rate", "测评称职以上率", None, align="right", width=100),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            AssessmentEntry.select(AssessmentEntry, Person)
            .join(Person, on=(AssessmentEntry.person == Person.id))
            .where((AssessmentEntry.assessment == (self.assessment_id or "")) & AssessmentEntry.deleted_at.is_null()
                   & Person.deleted_at.is_null())
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(person_search(text) | AssessmentEntry.village_name.contains(clean_text(text)))

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "village":
            return query.where(AssessmentEntry.village_name == value)
        if key == "grade":
            return query.where(AssessmentEntry.grade == value)
        if key == "mark":
            if value == MARK_RECOMMENDED:
                return query.where(AssessmentEntry.recommended == True)  # noqa: E712
            if value == MARK_BOTTOM:
                return query.where(AssessmentEntry.bottom == True)  # noqa: E712
            if value == MARK_UNSCORED:
                return query.where(AssessmentEntry.total.is_null())
        return super().apply_filter(query, key, value)

    def to_row(self, entry: Any) -> Row:
        mark = MARK_RECOMMENDED if entry.recommended else (MARK_BOTTOM if entry.bottom else "")
        return {
            "id": entry.id,
            "person_id": entry.person_id,
            "rank": entry.rank,
            "name": entry.person.name,
            "village": entry.village_name,
            "post": entry.post,
            "total": None if entry.total is None else f"{entry.total:.2f}",
            "grade": entry.grade,
            "mark": mark if entry.rank is not None else MARK_UNSCORED,
            "recommended": bool(entry.recommended),
            "bottom": bool(entry.bottom),
            "talk": "",
        }

    def fetch(self, state: Any, offset: int, limit: int) -> list[Row]:
        rows = super().fetch(state, offset, limit)
        complete_rows(rows, self.assessment_id, self.criteria)
        return rows


def complete_rows(rows: list[Row], assessment_id: str | None, criteria: Sequence[AssessmentCriterion]) -> None:
    """Add each row's criterion scores, reminder-talk status and democratic evaluation (a few queries per page)."""
    ids = [row["id"] for row in rows]
    scores = scores_by_entry(ids)
    counts = evaluation.counts_by_entry(ids)
    valid = evaluation.valid_ballots(assessment_id)  # percentages are of the valid ballots
    keys = {reminder_key(assessment_id or "", row["person_id"]): row for row in rows if row["bottom"]}
    statuses: dict[str, str] = {}
    if keys:
        for talk in Talk.live().where(Talk.source_key.in_(list(keys))):
            statuses[talk.source_key] = talk.status
    for row in rows:
        for c in criteria:
            score = scores.get(row["id"], {}).get(c.id)
            row[f"c:{c.id}"] = None if score is None else f"{score:g}"
        row["scores_by_name"] = {c.name: scores.get(row["id"], {}).get(c.id) for c in criteria}
        tally = counts.get(row["id"], {})
        percents = evaluation.percentages(tally, valid)
        row["counts"] = {g: tally.get(g, 0) for g in GRADES}
        row["percents"] = percents
        row["excellent_rate"] = evaluation.format_percent(percents["优秀"])
        row["good_rate"] = evaluation.format_percent(evaluation.good_rate(tally, valid))
        row["vote_abstain"] = evaluation.abstentions(tally, valid)
        for grade, key in evaluation.GRADE_KEYS.items():
            row[f"vote_{key}"] = evaluation.format_count(tally.get(grade, 0), percents[grade])
    for key, row in keys.items():
        row["talk"] = statuses.get(key, "")


def ranking_rows(assessment_id: str) -> list[Row]:
    """Every candidate of the year in ranking order, with scores, marks and tallies."""
    listing = AssessmentListing(assessment_id)
    from township_desk.services.listing import ListState

    return list(listing.iter_rows(ListState()))


@dataclass(frozen=True)
class Summary:
    year: int
    candidates: int
    scored: int
    recommended: int
    bottom: int
    pending_talks: int
    criteria: str
    rule: str

    def text(self) -> str:
        provisional = "（评分未完成，排名为暂定，后三名提醒谈话在全部评分后生成）" if self.scored < self.candidates else ""
        return (
            f"{self.year}年度：考评对象 {self.candidates} 人，已评分 {self.scored} 人{provisional}；"
            f"优先推荐 {self.recommended} 人，提醒谈话 {self.bottom} 人（待谈话 {self.pending_talks}）。"
            f"\n考评项目及权重：{self.criteria}；等次：{self.rule}"
        )


def summary(assessment_id: str) -> Summary:
    assessment = get_assessment(assessment_id)
    entries = live_entries(assessment_id)
    pending = (
        Talk.live()
        .where(Talk.source_key.startswith(f"assessment:{assessment_id}:") & (Talk.status == talks.STATUS_PENDING))
        .count()
    )
    return Summary(
        year=assessment.year,
        candidates=len(entries),
        scored=sum(1 for e in entries if e.total is not None),
        recommended=sum(1 for e in entries if e.recommended),
        bottom=sum(1 for e in entries if e.bottom),
        pending_talks=int(pending),
        criteria=criteria_text(assessment_id),
        rule=rule_of(assessment).describe(),
    )


# ---------------------------------------------------------------- paper and Excel


def print_assessment_results(out: Path, year: int, progress: Progress = no_progress) -> Path:
    """The results table of a year: rank, scores, total, grade, marks and the democratic evaluation."""
    from township_desk.reports import load_template, render_table

    assessment = require_year(year)
    rows = ranking_rows(assessment.id)
    if not rows:
        raise ValidationError("year", f"{year}年度考评还没有考评对象。")
    criteria = evaluation.criteria_columns(assessment.id)
    template = evaluation.expand_criteria(load_template("assessment_results"), criteria)
    ballots = f"{assessment.ballots}票" if assessment.ballots else "未填"
    context = report_context(year=str(year), criteria=criteria_text(assessment.id),
                             rule=rule_of(assessment).describe(), ballots=ballots)
    for row in rows:
        row["mark"] = "" if row["mark"] == MARK_UNSCORED else row["mark"]
        if row["bottom"] and row["talk"]:
            row["mark"] = f"{MARK_BOTTOM}\n({row['talk']})"
    return render_table(template, rows, out, context, progress=progress)


def export_assessments(path: Path, progress: Progress = no_progress, year: int | None = None) -> int:
    """Every year's candidates (or one year's) with scores, total, rank, grade and tallies; returns rows."""
    chosen = [require_year(year)] if year is not None else [
        assessment_of_year(y) for y in sorted(years())
    ]
    names: list[str] = []
    rows: list[Row] = []
    for assessment in chosen:
        if assessment is None:
            continue
        for criterion in criteria_of(assessment.id):
            if criterion.name not in names:
                names.append(criterion.name)
        for row in ranking_rows(assessment.id):
            row["year"] = assessment.year
            row["total"] = None if row["total"] is None else float(row["total"])
            for name, score in row["scores_by_name"].items():
                row[f"{SCORE_PREFIX}{name}"] = score
            row["recommended"] = bool(row["recommended"])
            row["bottom_mark"] = f"是（{row['talk']}）" if row["bottom"] else ""
            for grade in GRADES:
                row[f"votes:{grade}"] = row["counts"][grade]
            rows.append(row)
    columns: list[tuple[str, str]] = [("year", "年度"), ("name", "姓名"), ("village", "村(社区)"), ("post", "职务")]
    columns += [(f"{SCORE_PREFIX}{name}", name) for name in names]
    columns += [("total", "总分"), ("rank", "排名"), ("grade", "等次"), ("recommended", "优先推荐"),
                ("bottom_mark", "提醒谈话")]
    columns += [(f"votes:{grade}", f"测评{grade}(票)") for grade in GRADES]
    columns += [("excellent_rate", "测评优秀率"), ("good_rate", "测评称职以上率")]
    return write_workbook(path, "年度考评", columns, rows, len(rows), progress)


def tally_total(assessment_id: str) -> int:
    """All ballots entered for a year (for tests and summaries)."""
    query = (
        DemocraticTally.live()
        .join(AssessmentEntry, on=(DemocraticTally.entry == AssessmentEntry.id))
        .where((AssessmentEntry.assessment == assessment_id) & AssessmentEntry.deleted_at.is_null())
        .select(peewee.fn.SUM(DemocraticTally.count))
    )
    return int(query.scalar() or 0)


def score_sheet(assessment_id: str) -> list[Row]:
    """The year's candidates in village and post order with their scores {criterion id: score}, for bulk entry."""
    entries = list(evaluation.ordered_entries(assessment_id))
    scores = scores_by_entry([e.id for e in entries])
    return [
        {"id": e.id, "name": e.person.name, "village": e.village_name, "post": e.post,
         "scores": scores.get(e.id, {})}
        for e in entries
    ]
