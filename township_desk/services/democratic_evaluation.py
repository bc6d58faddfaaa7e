"""Democratic evaluation (民主测评): the blank sheets for the meeting, the tallies per candidate and grade, percentages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.assessments import Assessment, AssessmentCriterion, AssessmentEntry, DemocraticTally
from township_desk.models.people import Person, Village
from township_desk.services import vocab
from township_desk.services.listing import in_listed_order
from township_desk.services.normalize import clean_text, to_halfwidth
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

GRADES: tuple[str, ...] = tuple(vocab.ASSESSMENT_GRADES.labels())
GRADE_KEYS: dict[str, str] = {
    "优秀": "excellent",
    "称职": "competent",
    "基本称职": "basic",
    "不称职": "incompetent",
}
CRITERIA_KEY = "criteria"  # the template column that stands for one column per criterion
MAX_COPIES = 500
MAX_COUNT = 100_000


@dataclass(frozen=True)
class TallyRow:
    """One candidate's ballots per grade."""

    entry_id: str
    name: str
    village: str
    post: str
    counts: dict[str, int] = field(default_factory=dict)
    valid: int = 0  # the year's valid ballots (有效票); 0 when not entered

    @property
    def total(self) -> int:
        return sum(self.counts.get(grade, 0) for grade in GRADES)

    @property
    def percents(self) -> dict[str, float | None]:
        return percentages(self.counts, self.valid)

    @property
    def good_rate(self) -> float | None:
        """The share of 优秀 and 称职 among the valid ballots (称职以上率)."""
        return good_rate(self.counts, self.valid)


def _base(counts: Mapping[str, int], valid: int) -> int:
    """What percentages are of: the valid ballots (有效票) when entered, else the marks counted.

    A ballot that marks no grade for a candidate (弃权) still counts among the valid ones,
    so 43 votes out of 45 valid ballots give at most 95.6 %, never 100 %.
    """
    total = sum(counts.get(grade, 0) for grade in GRADES)
    return max(valid, total)


def abstentions(counts: Mapping[str, int], valid: int) -> int | None:
    """Valid ballots that marked no grade for the candidate (弃权); None without valid ballots."""
    if not valid:
        return None
    return max(0, valid - sum(counts.get(grade, 0) for grade in GRADES))


def percentages(counts: Mapping[str, int], valid: int = 0) -> dict[str, float | None]:
    """Each grade's share of the valid ballots in per cent (None when nobody voted)."""
    total = _base(counts, valid)
    return {grade: (counts.get(grade, 0) * 100.0 / total if total else None) for grade in GRADES}


def good_rate(counts: Mapping[str, int], valid: int = 0) -> float | None:
    """称职以上率: 优秀 and 称职 as a share of the valid ballots."""
    total = _base(counts, valid)
    if not total:
        return None
    return (counts.get("优秀", 0) + counts.get("称职", 0)) * 100.0 / total


def format_percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


def format_count(count: int, percent: float | None) -> str:
    """A cell of the results: 12（34.3%）; empty when nobody voted."""
    return "" if percent is None else f"{count}\n({percent:.1f}%)"


# ---------------------------------------------------------------- reading


def ordered_entries(assessment_id: str, village: str | None = None) -> peewee.ModelSelect:
    """The year's live candidates in village order, then by post (secretary first), then by pinyin: entries
    with id, village_name, post and person.name only (whole joined rows took 0.4 s on a county file)."""
    post_rank = in_listed_order(AssessmentEntry.post, vocab.CADRE_POSTS.labels())
    query = (
        AssessmentEntry.select(
            AssessmentEntry.id, AssessmentEntry.village_name, AssessmentEntry.post, Person.id, Person.name
        )
        .join(Person, on=(AssessmentEntry.person == Person.id))
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
        .where(
            (AssessmentEntry.assessment == assessment_id)
            & AssessmentEntry.deleted_at.is_null()
            & Person.deleted_at.is_null()
        )
        .order_by(
            peewee.fn.COALESCE(Village.sort_order, 1_000_000),
            AssessmentEntry.village_name,
            post_rank,
            Person.pinyin,
        )
    )
    if village:
        query = query.where(AssessmentEntry.village_name == village)
    return query


def counts_by_entry(entry_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """{entry id: {grade: ballots}} for the given candidates (missing grades are 0)."""
    found: dict[str, dict[str, int]] = {}
    for start in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[start : start + 500])
        query = DemocraticTally.live().where(DemocraticTally.entry.in_(chunk))
        for tally in query:
            found.setdefault(tally.entry_id, {})[tally.grade] = int(tally.count)
    return found


def tallies_of(assessment_id: str, village: str | None = None) -> list[TallyRow]:
    entries = list(ordered_entries(assessment_id, village))
    counts = counts_by_entry([e.id for e in entries])
    valid = valid_ballots(assessment_id)
    return [
        TallyRow(
            e.id,
            e.person.name,
            e.village_name,
            e.post,
            {g: counts.get(e.id, {}).get(g, 0) for g in GRADES},
            valid,
        )
        for e in entries
    ]


def valid_ballots(assessment_id: str | None) -> int:
    """The year's valid ballots (有效票), 0 when not entered."""
    if not assessment_id:
        return 0
    found = Assessment.get_or_none(Assessment.id == assessment_id)
    return int(found.ballots or 0) if found is not None else 0


def candidate_villages(assessment_id: str) -> list[str]:
    """The villages of the year's candidates, in the order ordered_entries meets them."""
    query = (
        AssessmentEntry.select(AssessmentEntry.village_name)
        .join(Person, on=(AssessmentEntry.person == Person.id))
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
        .where(
            (AssessmentEntry.assessment == assessment_id)
            & AssessmentEntry.deleted_at.is_null()
            & Person.deleted_at.is_null()
            & (AssessmentEntry.village_name != "")
        )
        .group_by(AssessmentEntry.village_name)
        .order_by(
            peewee.fn.MIN(peewee.fn.COALESCE(Village.sort_order, 1_000_000)), AssessmentEntry.village_name
        )
        .tuples()
    )
    return [name for (name,) in query]


# ---------------------------------------------------------------- writing


def parse_count(value: object, where: str) -> int:
    """A ballot count: a whole number ≥ 0 ("" is 0)."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValidationError("tallies", f"{where}：票数应为整数。")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = to_halfwidth(clean_text(value)).removesuffix("票").strip()
        if not text:
            return 0
        if not text.isdigit():
            raise ValidationError("tallies", f"{where}：票数“{clean_text(value)}”应为不小于0的整数。")
        number = int(text)
    if number < 0 or number > MAX_COUNT:
        raise ValidationError("tallies", f"{where}：票数{number}不合理。")
    return number


def save_tallies(
    assessment_id: str, counts: Mapping[str, Mapping[str, object]], ballots: object = None
) -> int:
    """Store the ballots per candidate and grade (and the number of valid ballots) in one transaction.

    A candidate's four counts may add up to less than the valid ballots (blank or spoilt marks)
    but never to more. Returns the number of candidates written.
    """
    assessment = Assessment.live().where(Assessment.id == assessment_id).first()
    if assessment is None:
        raise ValidationError("year", "这个年度的考评不存在或已被删除。")
    entries = {e.id: e for e in ordered_entries(assessment_id)}
    valid = assessment.ballots if ballots is None else parse_count(ballots, "有效票数")
    parsed: dict[str, dict[str, int]] = {}
    for entry_id, row in counts.items():
        entry = entries.get(entry_id)
        if entry is None:
            raise ValidationError("tallies", "有考评对象不在本年度名单中，请刷新后重试。")
        unknown = [grade for grade in row if grade not in GRADES]
        if unknown:
            raise ValidationError("tallies", f"不认识的等次：{'、'.join(unknown)}。")
        numbers = {grade: parse_count(row.get(grade), f"{entry.person.name}的“{grade}”") for grade in GRADES}
        if valid and sum(numbers.values()) > valid:
            raise ValidationError(
                "tallies",
                f"{entry.person.name}的各等次票数合计{sum(numbers.values())}票，超过有效票数{valid}票。",
            )
        parsed[entry_id] = numbers
    with database.atomic():
        if valid != assessment.ballots:
            assessment.ballots = valid
            assessment.save()
        existing = {
            (t.entry_id, t.grade): t
            for t in DemocraticTally.live().where(DemocraticTally.entry.in_(list(parsed)))
        }
        new_rows = []
        for entry_id, numbers in parsed.items():
            for grade, number in numbers.items():
                tally = existing.get((entry_id, grade))
                if tally is None:
                    if number:
                        new_rows.append({"entry": entry_id, "grade": grade, "count": number})
                elif tally.count != number:
                    tally.count = number
                    tally.save()
        for row in new_rows:
            DemocraticTally.create(**row)
    return len(parsed)


# ---------------------------------------------------------------- paper


def criteria_columns(assessment_id: str) -> list[tuple[str, str, float]]:
    """(id, name, weight) of the year's live criteria in order."""
    query = (
        AssessmentCriterion.live()
        .where(AssessmentCriterion.assessment == assessment_id)
        .order_by(AssessmentCriterion.sort_order, AssessmentCriterion.created_at)
    )
    return [(c.id, c.name, c.weight) for c in query]


def expand_criteria(template: Any, criteria: Sequence[tuple[str, str, float]]) -> Any:
    """The template with its "criteria" column replaced by one column per criterion (sharing its width)."""
    from township_desk.reports import Column

    table = template.table
    columns: list[Any] = []
    for column in table.columns:
        if column.key != CRITERIA_KEY:
            columns.append(column)
            continue
        for criterion_id, name, weight in criteria:
            width = column.width_mm / len(criteria)
            columns.append(
                Column(f"c:{criterion_id}", f"{name}\n({weight:g}%)", width, column.align, column.format)
            )
    return replace(template, table=replace(table, columns=tuple(columns)))


def _copies_renderer(
    template: Any, rows: Sequence[Mapping[str, object]], context: Mapping[str, object], copies: int
) -> Any:
    """A table renderer that prints the same table `copies` times, each copy numbered 第1页 on its own."""
    from reportlab.platypus import PageBreak

    from township_desk.reports.canvas import StartPageGroup
    from township_desk.reports.table import TableRenderer

    class CopiesRenderer(TableRenderer):  # type: ignore[misc]
        def _get_story(self) -> list[Any]:
            story: list[Any] = []
            for copy in range(copies):
                if copy:
                    story.append(PageBreak())
                story.append(StartPageGroup(copy))
                story += super()._get_story()
            return story

    return CopiesRenderer(template, rows, context)


def parse_copies(value: object) -> int:
    text = to_halfwidth(clean_text(value)).removesuffix("份")
    if not text.isdigit() or not 1 <= int(text) <= MAX_COPIES:
        raise ValidationError("copies", f"份数应为1—{MAX_COPIES}之间的整数。")
    return int(text)


def sheet_rows(assessment_id: str, village: str | None = None) -> list[dict[str, object]]:
    """The candidates printed on the blank sheet (name, village, post; every box empty)."""
    return [
        {"name": e.person.name, "village": e.village_name, "post": e.post}
        for e in ordered_entries(assessment_id, village)
    ]


def print_assessment_sheet(
    out: Path, year: int, village: str | None = None, copies: object = 1, progress: Progress = no_progress
) -> Path:
    """Blank 民主测评表 for the meeting: N identical copies (one per attendee) in one PDF."""
    from township_desk.reports import load_template

    count = parse_copies(copies)
    assessment = Assessment.live().where(Assessment.year == year).first()
    if assessment is None:
        raise ValidationError("year", f"没有{year}年度的考评，请先在“年度考评”中建立。")
    village = clean_text(village) or None
    if village and village not in candidate_villages(assessment.id):
        raise ValidationError("village", f"{year}年度考评名单中没有“{village}”的干部。")
    rows = sheet_rows(assessment.id, village)
    if not rows:
        raise ValidationError("year", f"{year}年度考评还没有考评对象。")
    criteria = criteria_columns(assessment.id)
    template = expand_criteria(load_template("assessment_sheet"), criteria)
    context = report_context(
        year=str(year),
        village=village or "全部村(社区)",
        copies=str(count),
        criteria="、".join(name for _id, name, _w in criteria),
    )
    progress(0, count)
    _copies_renderer(template, rows, context, count).render(out)
    progress(count, count)
    return out
