"""Assessment years and criteria, scores and tallies, and recomputing the standings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import peewee

from township_desk.db import database, raw_rows, write_mark
from township_desk.models.assessments import (
    Assessment,
    AssessmentCriterion,
    AssessmentEntry,
    AssessmentScore,
)
from township_desk.models.base import utc_now
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village
from township_desk.services import clock, talks
from township_desk.services.assessments.rules import (
    DEFAULT_CRITERIA,
    EARLIEST_YEAR,
    REMINDER_KIND,
    GradeRule,
    clean_criteria,
    parse_score,
    rank_totals,
    weighted_total,
)
from township_desk.services.records import ValidationError

# ---------------------------------------------------------------- years and criteria


def years() -> list[int]:
    """The years that have an assessment, newest first."""
    return [
        int(y)
        for (y,) in Assessment.live(Assessment.year).distinct().order_by(Assessment.year.desc()).tuples()
    ]


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
    return GradeRule(
        assessment.grade_rule,
        assessment.excellent_min,
        assessment.competent_min,
        assessment.basic_min,
        assessment.excellent_quota,
    )


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
        rows.append(
            {
                "assessment": assessment_id,
                "person": post.person_id,
                "village_name": post.village.name if post.village_id else "",
                "post": post.post,
            }
        )
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
                    (AssessmentScore.criterion == criterion_id) & AssessmentScore.deleted_at.is_null()
                ).execute()
                criterion.deleted_at = stamp
                criterion.save()
        for index, (criterion_id, name, weight) in enumerate(cleaned):
            criterion = (
                existing[criterion_id] if criterion_id else AssessmentCriterion(assessment=assessment_id)
            )
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
        AssessmentEntry.select(
            AssessmentEntry.id,
            AssessmentEntry.person,
            Person.name,
            AssessmentEntry.village_name,
            AssessmentEntry.post,
            AssessmentEntry.total,
            AssessmentEntry.rank,
            AssessmentEntry.grade,
            AssessmentEntry.recommended,
            AssessmentEntry.bottom,
        )
        .join(Person, on=(AssessmentEntry.person == Person.id))
        .where(
            (AssessmentEntry.assessment == assessment_id)
            & AssessmentEntry.deleted_at.is_null()
            & Person.deleted_at.is_null()
        )
    )
    return [
        EntryRow(id_, person_id, name, village, post, total, rank, grade, bool(recommended), bool(bottom))
        for id_, person_id, name, village, post, total, rank, grade, recommended, bottom in raw_rows(query)
    ]


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
    query = (
        _live_scores()
        .join_from(AssessmentScore, AssessmentEntry, on=(AssessmentScore.entry == AssessmentEntry.id))
        .where(AssessmentEntry.assessment == assessment_id)
    )
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
                    total=s.total,
                    rank=s.rank,
                    grade=s.grade,
                    recommended=s.recommended,
                    bottom=s.bottom,
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
                    AssessmentScore.id == stored.id
                ).execute()
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
