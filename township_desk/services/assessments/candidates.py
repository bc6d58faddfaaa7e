"""One candidate of the annual assessment: the form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from township_desk.db import database
from township_desk.models.assessments import (
    AssessmentEntry,
)
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services.assessments.rules import (
    MARK_BOTTOM,
    MARK_RECOMMENDED,
    MARK_UNSCORED,
    SCORE_PREFIX,
    parse_score,
    weighted_total,
)
from township_desk.services.assessments.standings import (
    criteria_of,
    get_assessment,
    save_scores,
    scores_by_entry,
    serving_cadres,
)
from township_desk.services.normalize import clean_text
from township_desk.services.people import person_options
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, find

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
        Field(f"{SCORE_PREFIX}{c.id}", f"{c.name}（权重{c.weight:g}%）", placeholder="0—100分")
        for c in criteria
    )

    def load(entry_id: str | None) -> Values:
        if not entry_id:
            return {"person": "", "total": ""}
        entry = AssessmentEntry.get_by_id(entry_id)
        values: Values = {
            "person": entry.person_id,
            "village_name": entry.village_name,
            "post": entry.post,
            "notes": entry.notes,
            "total": "" if entry.total is None else f"{entry.total:g}",
            "standing": _standing_text(entry),
        }
        for criterion_id, score in scores_by_entry([entry.id]).get(entry.id, {}).items():
            values[f"{SCORE_PREFIX}{criterion_id}"] = f"{score:g}"
        return values

    def save(entry_id: str | None, values: Values) -> str:
        return save_entry(assessment_id, entry_id, values)

    def derive(values: Values) -> Values:
        derived: Values = {}
        person_id = clean_text(values.get("person"))
        if person_id and not clean_text(values.get("post")):
            post = (
                CadrePost.live().where((CadrePost.person == person_id) & CadrePost.ended_on.is_null()).first()
            )
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
            Section(
                "考评对象",
                (
                    Field(
                        "person",
                        "姓名",
                        "ref",
                        required=True,
                        options=lambda: _candidate_options(assessment_id),
                    ),
                    Field("village_name", "村(社区)"),
                    Field("post", "职务"),
                    Field("standing", "排名及等次", "readonly"),
                    Field("notes", "备注", "multiline"),
                ),
            ),
            Section(
                "各项得分（百分制，总分=Σ得分×权重）", (*score_fields, Field("total", "总分", "readonly"))
            ),
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
    entry = find(AssessmentEntry, entry_id)
    if entry is not None and entry.person_id != person_id:
        raise ValidationError("person", "考评对象不能更换；请删除这一行后重新添加。")
    if entry is None:
        other = (
            AssessmentEntry.live()
            .where((AssessmentEntry.assessment == assessment_id) & (AssessmentEntry.person == person_id))
            .first()
        )
        if other is not None:
            raise ValidationError("person", f"“{person.name}”已在本年度考评名单中。")
    criteria = criteria_of(assessment_id)
    for c in criteria:  # check before writing anything
        parse_score(values.get(f"{SCORE_PREFIX}{c.id}"), f"“{c.name}”")
    with database.atomic():
        if entry is None:
            entry = AssessmentEntry(assessment=assessment_id, person=person_id)
        entry.village_name = clean_text(values.get("village_name")) or (
            person.village.name if person.village_id else ""
        )
        entry.post = clean_text(values.get("post"))
        entry.notes = str(values.get("notes") or "").strip()
        entry.save(force_insert=entry_id is None)
        save_scores(assessment_id, {entry.id: {c.id: values.get(f"{SCORE_PREFIX}{c.id}") for c in criteria}})
    return str(entry.id)
