"""The yearly assessment of a team and its first secretary: indicators set per village under the four
stages, scores, residents' satisfaction with its weight, grades and the one-vote veto (一票否决)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.people import Village
from township_desk.models.work_teams import TeamAssessment, TeamIndicator, WorkTeam
from township_desk.services.normalize import clean_text
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import (
    RESULT_USES,
    ROLE_LEADER,
    SETTING_VETO,
    SETTING_WEIGHT,
    STAGES,
    rule_setting,
)
from township_desk.services.work_teams.teams import members_of

GRADE_EXCELLENT, GRADE_PASS, GRADE_BASIC, GRADE_FAIL = "优秀", "合格", "基本合格", "不合格"
GRADE_LINES = ((90.0, GRADE_EXCELLENT), (70.0, GRADE_PASS), (60.0, GRADE_BASIC))

DEFAULT_INDICATORS = (
    (STAGES[0], "走访全部农户，摸清村情民意，建立民情台账", 25.0),
    (STAGES[1], "找准发展短板和突出问题，理清发展思路，形成问题清单", 25.0),
    (STAGES[2], "提出帮扶对策和年度计划，经村民代表会议征求意见", 25.0),
    (STAGES[3], "推动项目落地、产业发展和基层组织建设，完成年度目标", 25.0),
)


@dataclass(frozen=True)
class Indicator:
    stage: str
    content: str
    max_score: float
    score: float | None = None


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError("year", f"年度“{year}”不合理。")


def indicators_of(team_id: str, year: int) -> list[TeamIndicator]:
    return list(
        TeamIndicator.live()
        .where((TeamIndicator.team == team_id) & (TeamIndicator.year == year))
        .order_by(TeamIndicator.sort_order)
    )


def set_indicators(team_id: str, year: int, items: Sequence[Indicator]) -> None:
    """Replace a team's indicators of a year (set per village; scores may come later)."""
    _check_year(year)
    for index, item in enumerate(items, start=1):
        if item.stage not in STAGES:
            raise ValidationError("stage", f"第{index}项的阶段“{item.stage}”不是四个考核阶段之一。")
        if not clean_text(item.content):
            raise ValidationError("content", f"第{index}项未填写考核指标。")
        if item.max_score <= 0:
            raise ValidationError("max_score", f"第{index}项的分值应大于0。")
        if item.score is not None and not 0 <= item.score <= item.max_score:
            raise ValidationError("score", f"第{index}项得分应在 0 到 {item.max_score:g} 之间。")
    with database.atomic():
        stamp = utc_now()
        TeamIndicator.update(deleted_at=stamp, updated_at=stamp).where(
            (TeamIndicator.team == team_id)
            & (TeamIndicator.year == year)
            & TeamIndicator.deleted_at.is_null()
        ).execute()
        for index, item in enumerate(items, start=1):
            TeamIndicator.create(
                team=team_id,
                year=year,
                stage=item.stage,
                content=clean_text(item.content),
                max_score=item.max_score,
                score=item.score,
                sort_order=index,
            )


def ensure_default_indicators(team_id: str, year: int) -> None:
    """Give a team the four stages' standard indicators for a year when it has none yet."""
    if not indicators_of(team_id, year):
        set_indicators(team_id, year, [Indicator(*item) for item in DEFAULT_INDICATORS])


def score_indicator(indicator_id: str, score: float | None) -> None:
    indicator = TeamIndicator.live().where(TeamIndicator.id == indicator_id).first()
    if indicator is None:
        raise ValidationError("indicator", "该考核指标不存在或已被删除。")
    if score is not None and not 0 <= score <= indicator.max_score:
        raise ValidationError("score", f"得分应在 0 到 {indicator.max_score:g} 之间。")
    with database.atomic():
        indicator.score = score
        indicator.save()


def save_result(
    team_id: str, year: int, satisfaction: float | None, result_use: str = "", notes: str = ""
) -> None:
    """The residents' satisfaction rate (%) and what the result leads to (表彰, 优先推荐, 调整)."""
    _check_year(year)
    if satisfaction is not None and not 0 <= satisfaction <= 100:
        raise ValidationError("satisfaction", "群众满意率应在 0 到 100（%）之间。")
    if result_use not in RESULT_USES:
        raise ValidationError("result_use", f"结果运用应为 {'、'.join(u for u in RESULT_USES if u)} 之一。")
    with database.atomic():
        row = (
            TeamAssessment.live()
            .where((TeamAssessment.team == team_id) & (TeamAssessment.year == year))
            .first()
        )
        new = row is None
        row = row or TeamAssessment(team=team_id, year=year)
        row.satisfaction = satisfaction
        row.result_use = result_use
        row.notes = clean_text(notes)
        row.save(force_insert=new)


def grade(
    indicator_score: float | None, satisfaction: float | None, weight: float, threshold: float
) -> tuple[float | None, str, bool]:
    """(total, grade, vetoed). Satisfaction below the threshold means 不合格 whatever the score."""
    if satisfaction is not None and satisfaction < threshold:
        total = (
            None
            if indicator_score is None
            else round(indicator_score * (1 - weight / 100) + satisfaction * weight / 100, 1)
        )
        return total, GRADE_FAIL, True
    if indicator_score is None or satisfaction is None:
        return None, "", False
    total = round(indicator_score * (1 - weight / 100) + satisfaction * weight / 100, 1)
    for line, label in GRADE_LINES:
        if total >= line:
            return total, label, False
    return total, GRADE_FAIL, False


def suggested_use(grade_label: str) -> str:
    return {GRADE_EXCELLENT: "表彰", GRADE_FAIL: "调整"}.get(grade_label, "")


@dataclass(frozen=True)
class TeamResult:
    team_id: str
    village: str
    sending_unit: str
    leader: str
    stage_scores: tuple[float | None, ...]
    indicator_score: float | None  # the indicators' score out of 100
    satisfaction: float | None
    total: float | None
    grade: str
    vetoed: bool
    result_use: str
    notes: str


def team_result(team: WorkTeam, year: int) -> TeamResult:
    weight, threshold = rule_setting(SETTING_WEIGHT), rule_setting(SETTING_VETO)
    items = indicators_of(team.id, year)
    stage_scores: list[float | None] = []
    for stage in STAGES:
        scored = [i.score for i in items if i.stage == stage]
        stage_scores.append(
            None if not scored or any(s is None for s in scored) else sum(s for s in scored if s is not None)
        )
    full = sum(i.max_score for i in items)
    complete = bool(items) and all(i.score is not None for i in items)
    indicator_score = round(sum(i.score or 0 for i in items) / full * 100, 1) if complete and full else None
    result = (
        TeamAssessment.live().where((TeamAssessment.team == team.id) & (TeamAssessment.year == year)).first()
    )
    satisfaction = result.satisfaction if result else None
    total, label, vetoed = grade(indicator_score, satisfaction, weight, threshold)
    leaders = [
        m.name
        for m in members_of(team.id)
        if m.role == ROLE_LEADER
        and (m.ended_on is None or m.ended_on.year >= year)
        and (m.started_on is None or m.started_on.year <= year)
    ]
    return TeamResult(
        team.id,
        team.village.name,
        team.sending_unit,
        "、".join(leaders[:1]),
        tuple(stage_scores),
        indicator_score,
        satisfaction,
        total,
        label,
        vetoed,
        (result.result_use if result else "") or suggested_use(label),
        result.notes if result else "",
    )


def year_results(year: int) -> list[TeamResult]:
    """Every team that served in the year, by village."""
    _check_year(year)
    query = (
        WorkTeam.live()
        .join(Village)
        .where(Village.deleted_at.is_null())
        .order_by(Village.sort_order, Village.name)
    )
    teams = [
        t
        for t in query
        if (t.started_on is None or t.started_on.year <= year)
        and (t.ended_on is None or t.ended_on.year >= year)
    ]
    return [team_result(team, year) for team in teams]
