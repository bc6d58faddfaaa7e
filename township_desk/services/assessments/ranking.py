"""The ranking list, paper and Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import write_mark
from township_desk.models.assessments import (
    AssessmentCriterion,
    AssessmentEntry,
    DemocraticTally,
)
from township_desk.models.people import Person
from township_desk.models.talks import Talk
from township_desk.services import democratic_evaluation as evaluation
from township_desk.services import talks
from township_desk.services.assessments.rules import (
    GRADES,
    MARK_BOTTOM,
    MARK_RECOMMENDED,
    MARK_UNSCORED,
    SCORE_PREFIX,
)
from township_desk.services.assessments.standings import (
    assessment_of_year,
    criteria_of,
    criteria_text,
    get_assessment,
    live_entries,
    reminder_key,
    require_year,
    rule_of,
    scores_by_entry,
    years,
)
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import Column, Filter, Listing, Row, in_listed_order
from township_desk.services.normalize import clean_text
from township_desk.services.people import person_search
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

# ---------------------------------------------------------------- the ranking list


def _grade_rank() -> Any:
    return in_listed_order(AssessmentEntry.grade, GRADES)


def _mark_rank() -> Any:
    return peewee.Case(
        None,
        [(AssessmentEntry.recommended == True, 0), (AssessmentEntry.bottom == True, 2)],  # noqa: E712
        1,
    )


def entry_villages(assessment_id: str | None) -> list[str]:
    return evaluation.candidate_villages(assessment_id) if assessment_id else []


class AssessmentListing(Listing):
    """The candidates of one year, best first, with their scores, marks and democratic evaluation."""

    title = "年度考评"
    row_numbers = False  # 排名 is the row number
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
            Column(
                "rank", "排名", peewee.fn.COALESCE(AssessmentEntry.rank, 1_000_000), align="center", width=45
            ),
            Column("name", "姓名", Person.pinyin, width=75),
            Column("village", "村(社区)", AssessmentEntry.village_name, width=100),
            Column("post", "职务", AssessmentEntry.post, width=150),
            *(
                Column(
                    f"c:{c.id}", f"{c.name}({c.weight:g}%)", None, align="right", width=62, format="decimal"
                )
                for c in self.criteria
            ),
            Column("total", "总分", AssessmentEntry.total, align="right", width=60, format="decimal2"),
            Column("grade", "等次", _grade_rank(), align="center", width=70),
            Column("mark", "标记", _mark_rank(), align="center", width=75),
            Column("talk", "提醒谈话", None, align="center", width=70),
            Column("excellent_rate", "测评优秀率", None, align="right", width=80, format="percent"),
            Column("good_rate", "测评称职以上率", None, align="right", width=100, format="percent"),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            AssessmentEntry.select(AssessmentEntry, Person)
            .join(Person, on=(AssessmentEntry.person == Person.id))
            .where(
                (AssessmentEntry.assessment == (self.assessment_id or ""))
                & AssessmentEntry.deleted_at.is_null()
                & Person.deleted_at.is_null()
            )
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

    def rows_of(self, records: list[Any]) -> list[Row]:
        """Rows with their scores and tallies. What complete_rows adds to an entry is kept until something is
        written: a search keystroke that shows the same candidates again reads nothing more for them."""
        rows = super().rows_of(records)
        key = (self.assessment_id, tuple(c.id for c in self.criteria), write_mark())
        if self.__dict__.get("_extras_key") != key:
            self._extras_key = key
            self._extras: dict[str, dict[str, Any]] = {}
        extras = self._extras
        missing = [row for row in rows if row["id"] not in extras]
        if missing:
            plain = [dict(row) for row in missing]
            complete_rows(missing, self.assessment_id, self.criteria)
            for before, after in zip(plain, missing, strict=True):
                extras[after["id"]] = {k: v for k, v in after.items() if k not in before or before[k] != v}
        for row in rows:
            row.update(extras[row["id"]])
        return rows


def complete_rows(
    rows: list[Row], assessment_id: str | None, criteria: Sequence[AssessmentCriterion]
) -> None:
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
        provisional = (
            "（评分未完成，排名为暂定，后三名提醒谈话在全部评分后生成）"
            if self.scored < self.candidates
            else ""
        )
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
        .where(
            Talk.source_key.startswith(f"assessment:{assessment_id}:") & (Talk.status == talks.STATUS_PENDING)
        )
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
    context = report_context(
        year=str(year),
        criteria=criteria_text(assessment.id),
        rule=rule_of(assessment).describe(),
        ballots=ballots,
    )
    for row in rows:
        row["mark"] = "" if row["mark"] == MARK_UNSCORED else row["mark"]
        if row["bottom"] and row["talk"]:
            row["mark"] = f"{MARK_BOTTOM}\n({row['talk']})"
    return render_table(template, rows, out, context, progress=progress)


def export_assessments(path: Path, progress: Progress = no_progress, year: int | None = None) -> int:
    """Every year's candidates (or one year's) with scores, total, rank, grade and tallies; returns rows."""
    chosen = [require_year(year)] if year is not None else [assessment_of_year(y) for y in sorted(years())]
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
    columns: list[tuple[str, str]] = [
        ("year", "年度"),
        ("name", "姓名"),
        ("village", "村(社区)"),
        ("post", "职务"),
    ]
    columns += [(f"{SCORE_PREFIX}{name}", name) for name in names]
    columns += [
        ("total", "总分"),
        ("rank", "排名"),
        ("grade", "等次"),
        ("recommended", "优先推荐"),
        ("bottom_mark", "提醒谈话"),
    ]
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
        {
            "id": e.id,
            "name": e.person.name,
            "village": e.village_name,
            "post": e.post,
            "scores": scores.get(e.id, {}),
        }
        for e in entries
    ]
