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

A package by subject; every name is re-exported here so that callers keep importing from
township_desk.services.assessments.
"""

from __future__ import annotations

# Names the flat module exposed by importing them: callers may still read them from here.
from township_desk.services import (
    clock,
    talks,
    vocab,
)
from township_desk.services import (
    democratic_evaluation as evaluation,
)
from township_desk.services.assessments.candidates import (
    _candidate_options,
    _standing_text,
    entry_form,
    save_entry,
)
from township_desk.services.assessments.ranking import (
    AssessmentListing,
    Summary,
    _grade_rank,
    _mark_rank,
    complete_rows,
    entry_villages,
    export_assessments,
    print_assessment_results,
    ranking_rows,
    score_sheet,
    summary,
    tally_total,
)
from township_desk.services.assessments.rules import (
    DEFAULT_CRITERIA,
    EARLIEST_YEAR,
    GRADES,
    MARK_BOTTOM,
    MARK_RECOMMENDED,
    MARK_UNSCORED,
    PLACES,
    REMINDER_KIND,
    RULE_LABELS,
    RULE_QUOTA,
    RULE_SCORE,
    SCORE_PREFIX,
    GradeRule,
    Standing,
    clean_criteria,
    parse_score,
    parse_weight,
    rank_totals,
    weighted_total,
)
from township_desk.services.assessments.standings import (
    EntryRow,
    RecomputeReport,
    _candidate_rows,
    _live_scores,
    _standings_read_at,
    add_serving_cadres,
    assessment_of_year,
    create_assessment,
    criteria_of,
    criteria_text,
    get_assessment,
    live_entries,
    recompute,
    refresh_standings,
    reminder_key,
    remove_candidate,
    require_year,
    rule_of,
    save_scores,
    save_settings,
    scores_by_entry,
    scores_of_year,
    serving_cadres,
    years,
)
from township_desk.services.excel_export import (
    write_workbook,
)
from township_desk.services.listing import (
    Column,
    Filter,
    Listing,
    Row,
    in_listed_order,
)
from township_desk.services.normalize import (
    clean_text,
    to_halfwidth,
)
from township_desk.services.people import (
    person_options,
    person_search,
)
from township_desk.services.progress import (
    Progress,
    no_progress,
)
from township_desk.services.records import (
    Field,
    FormSpec,
    Section,
    ValidationError,
    Values,
)
from township_desk.services.settings import (
    report_context,
)

__all__ = [
    "AssessmentListing",
    "DEFAULT_CRITERIA",
    "EARLIEST_YEAR",
    "EntryRow",
    "GRADES",
    "GradeRule",
    "MARK_BOTTOM",
    "MARK_RECOMMENDED",
    "MARK_UNSCORED",
    "PLACES",
    "REMINDER_KIND",
    "RULE_LABELS",
    "RULE_QUOTA",
    "RULE_SCORE",
    "RecomputeReport",
    "SCORE_PREFIX",
    "Standing",
    "Summary",
    "_candidate_options",
    "_candidate_rows",
    "_grade_rank",
    "_live_scores",
    "_mark_rank",
    "_standing_text",
    "_standings_read_at",
    "add_serving_cadres",
    "assessment_of_year",
    "clean_criteria",
    "complete_rows",
    "create_assessment",
    "criteria_of",
    "criteria_text",
    "entry_form",
    "entry_villages",
    "export_assessments",
    "get_assessment",
    "live_entries",
    "parse_score",
    "parse_weight",
    "print_assessment_results",
    "rank_totals",
    "ranking_rows",
    "recompute",
    "refresh_standings",
    "reminder_key",
    "remove_candidate",
    "require_year",
    "rule_of",
    "save_entry",
    "save_scores",
    "save_settings",
    "score_sheet",
    "scores_by_entry",
    "scores_of_year",
    "serving_cadres",
    "summary",
    "tally_total",
    "weighted_total",
    "years",
    "clock",
    "talks",
    "vocab",
    "evaluation",
    "write_workbook",
    "Column",
    "Filter",
    "Listing",
    "Row",
    "in_listed_order",
    "clean_text",
    "to_halfwidth",
    "person_options",
    "person_search",
    "Progress",
    "no_progress",
    "Field",
    "FormSpec",
    "Section",
    "ValidationError",
    "Values",
    "report_context",
]
