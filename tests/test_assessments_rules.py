"""The assessment rules a committee expects: weighted totals, ranks with ties, top and bottom three, grades."""

from __future__ import annotations

import pytest

from township_desk.services.assessments import (
    RULE_QUOTA,
    GradeRule,
    clean_criteria,
    parse_score,
    rank_totals,
    weighted_total,
)
from township_desk.services.records import ValidationError

WEIGHTS = {"德": 20.0, "能": 15.0, "勤": 15.0, "绩": 30.0, "廉": 20.0}


def test_total_is_the_weighted_sum_of_hundred_point_scores():
    scores = {"德": 90, "能": 80, "勤": 70, "绩": 60, "廉": 100}
    assert weighted_total(scores, WEIGHTS) == pytest.approx(18 + 12 + 10.5 + 18 + 20)
    assert weighted_total(dict.fromkeys(WEIGHTS, 100.0), WEIGHTS) == 100
    # a criterion without a score: no total yet
    assert weighted_total({"德": 90}, WEIGHTS) is None


def test_ties_share_a_place_and_the_next_place_is_skipped():
    totals = {"a": 95.0, "b": 90.0, "c": 90.0, "d": 80.0, "e": 70.0, "f": 60.0, "g": 50.0, "h": 40.0}
    ranks = {k: s.rank for k, s in rank_totals(totals, GradeRule()).items()}
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8}


def test_top_three_recommended_and_bottom_three_marked():
    totals = {f"p{i}": 100.0 - i * 3 for i in range(10)}
    standings = rank_totals(totals, GradeRule())
    assert sorted(k for k, s in standings.items() if s.recommended) == ["p0", "p1", "p2"]
    assert sorted(k for k, s in standings.items() if s.bottom) == ["p7", "p8", "p9"]


def test_a_tie_for_third_recommends_both_and_a_tie_at_the_bottom_gives_both_a_talk():
    totals = {
        "a": 99.0,
        "b": 98.0,
        "c": 97.0,
        "d": 97.0,
        "e": 80.0,
        "f": 79.0,
        "g": 60.0,
        "h": 60.0,
        "i": 55.0,
    }
    standings = rank_totals(totals, GradeRule())
    assert {k for k, s in standings.items() if s.recommended} == {"a", "b", "c", "d"}
    # i is last, g and h share second-to-last: fewer than three are below each of them
    assert {k for k, s in standings.items() if s.bottom} == {"g", "h", "i"}
    totals["f"] = 60.0  # now three share second-to-last place: all of them are among the bottom three
    standings = rank_totals(totals, GradeRule())
    assert {k for k, s in standings.items() if s.bottom} == {"f", "g", "h", "i"}


def test_nobody_is_both_recommended_and_bottom_in_a_small_village():
    totals = {"a": 90.0, "b": 85.0, "c": 80.0, "d": 75.0, "e": 70.0}
    standings = rank_totals(totals, GradeRule())
    assert {k for k, s in standings.items() if s.recommended} == {"a", "b", "c"}
    assert {k for k, s in standings.items() if s.bottom} == {"d", "e"}
    assert not any(s.bottom for s in rank_totals({"a": 90.0, "b": 80.0, "c": 70.0}, GradeRule()).values())


def test_while_someone_is_unscored_the_ranking_is_provisional_and_marks_no_bottom():
    totals: dict[str, float | None] = {f"p{i}": 90.0 - i for i in range(8)}
    totals["late"] = None
    standings = rank_totals(totals, GradeRule())
    assert standings["late"].rank is None and standings["late"].grade == ""
    assert standings["p0"].recommended
    assert not any(s.bottom for s in standings.values())


def test_grades_by_score_bands():
    rule = GradeRule()
    grades = {
        k: s.grade
        for k, s in rank_totals({"a": 92.0, "b": 90.0, "c": 75.0, "d": 60.0, "e": 59.9}, rule).items()
    }
    assert grades == {"a": "优秀", "b": "优秀", "c": "称职", "d": "基本称职", "e": "不称职"}
    assert "优秀≥90分" in rule.describe()


def test_grades_by_rank_quota_cap_excellent_and_keep_ties_together():
    rule = GradeRule(kind=RULE_QUOTA, excellent_quota=20)
    totals = {f"p{i}": 99.0 - i for i in range(10)}  # 10 ranked → 2 excellent places
    grades = {k: s.grade for k, s in rank_totals(totals, rule).items()}
    assert [grades[f"p{i}"] for i in range(4)] == [
        "优秀",
        "优秀",
        "称职",
        "称职",
    ]  # 97 ≥ 90 but beyond the quota
    totals["p2"] = 98.0  # p1 and p2 tie for second: the tie does not fit in two places, neither is excellent
    grades = {k: s.grade for k, s in rank_totals(totals, rule).items()}
    assert grades["p0"] == "优秀" and grades["p1"] == grades["p2"] == "称职"
    weak = {f"q{i}": 65.0 - i for i in range(5)}
    assert rank_totals(weak, rule)["q0"].grade == "基本称职"  # first place but below the 称职 line
    assert "前20%" in rule.describe()


def test_rule_and_score_checks_name_the_problem():
    with pytest.raises(ValidationError, match="优秀 > 称职"):
        GradeRule(excellent_min=70, competent_min=80).check()
    with pytest.raises(ValidationError, match="优秀比例"):
        GradeRule(kind=RULE_QUOTA, excellent_quota=0).check()
    assert parse_score("９５．５", "x") == 95.5
    assert parse_score("88分", "x") == 88
    assert parse_score("", "x") is None
    with pytest.raises(ValidationError, match="张三的“德”：得分101超出0—100分"):
        parse_score("101", "张三的“德”")
    with pytest.raises(ValidationError, match="不是数字"):
        parse_score("优", "张三的“德”")


def test_criteria_must_add_up_to_a_hundred_and_have_unique_names():
    assert clean_criteria([(None, "德", "20%"), (None, "能", "８０"), (None, "", "")]) == [
        (None, "德", 20.0),
        (None, "能", 80.0),
    ]
    with pytest.raises(ValidationError, match="合计为90%，应为100%"):
        clean_criteria([(None, "德", 40), (None, "能", 50)])
    with pytest.raises(ValidationError, match="重复"):
        clean_criteria([(None, "德", 50), (None, "德", 50)])
    with pytest.raises(ValidationError, match="请填写考评项目名称"):
        clean_criteria([(None, "", 100)])
