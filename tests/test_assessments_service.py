"""A year's assessment on a real database: candidates, weights, scores, ranks and the bottom three's talks."""

from __future__ import annotations

from datetime import date

import peewee
import pytest

from township_desk.db import database, open_database
from township_desk.migrations import v005_talks_assessments
from township_desk.models.assessments import AssessmentCriterion, AssessmentEntry, AssessmentScore
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village
from township_desk.models.talks import Talk
from township_desk.services import assessments, talks
from township_desk.services.assessments import RULE_QUOTA, GradeRule
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.records import ValidationError
from township_desk.services.recycle_bin import restore, soft_delete

NAMES = ["张建国", "李秀英", "王志强", "刘丽娟", "陈红梅", "杨海燕", "赵卫东", "黄春花", "周德明", "吴玉兰"]


def make_township(count: int = 10) -> list[Person]:
    people = []
    with database.atomic():
        villages = [
            Village.create(name="桃花村", sort_order=1),
            Village.create(name="杏林社区", sort_order=2),
        ]
        for index, name in enumerate(NAMES[:count]):
            village = villages[index % 2]
            person = Person.create(
                name=name, initials=name_initials(name), pinyin=name_pinyin(name), village=village
            )
            CadrePost.create(
                person=person,
                village=village,
                post="党组织书记" if index < 2 else "村(居)委会委员",
                started_on=date(2021, 5, 1),
            )
            people.append(person)
    return people


def entries_by_name(assessment_id: str) -> dict[str, AssessmentEntry]:
    return {e.name: e for e in assessments.live_entries(assessment_id)}


def score_all(assessment_id: str, totals: dict[str, float]) -> assessments.RecomputeReport:
    """Give every criterion of each named cadre the same score, so the total equals it."""
    entries = entries_by_name(assessment_id)
    criteria = assessments.criteria_of(assessment_id)
    return assessments.save_scores(
        assessment_id,
        {entries[name].id: {c.id: str(total) for c in criteria} for name, total in totals.items()},
    )


def reminder_talks(assessment_id: str) -> list[Talk]:
    return list(Talk.live().where(Talk.source_key.startswith(f"assessment:{assessment_id}:")))


@pytest.fixture
def year(db):
    make_township()
    talks.set_party_secretary("孙书记")
    return assessments.create_assessment(2024)


def test_a_new_year_has_the_default_weights_and_every_serving_cadre(year):
    criteria = [(c.name, c.weight) for c in assessments.criteria_of(year.id)]
    assert criteria == [("德", 20), ("能", 15), ("勤", 15), ("绩", 30), ("廉", 20)]
    entries = entries_by_name(year.id)
    assert sorted(entries) == sorted(NAMES)
    assert entries["张建国"].post == "党组织书记" and entries["张建国"].village_name == "桃花村"
    assert assessments.years() == [2024]
    with pytest.raises(ValidationError, match="2024年度的考评已经建立"):
        assessments.create_assessment(2024)


def test_scores_rank_grade_and_mark_top_and_bottom_three(year):
    totals = dict(zip(NAMES, [95, 91, 88, 85, 80, 76, 72, 68, 62, 55], strict=True))
    report = score_all(year.id, totals)
    entries = entries_by_name(year.id)
    assert [entries[n].rank for n in NAMES] == list(range(1, 11))
    assert [entries[n].grade for n in NAMES[:2]] == ["优秀", "优秀"]
    assert entries["黄春花"].grade == "基本称职" and entries["吴玉兰"].grade == "不称职"
    assert sorted(report.recommended) == sorted(NAMES[:3])
    assert sorted(report.bottom) == sorted(NAMES[7:])
    made = reminder_talks(year.id)
    assert sorted(t.person.name for t in made) == sorted(NAMES[7:])
    for talk in made:
        assert talk.kind == "提醒谈话" and talk.status == "待谈话"
        assert talk.talkers == "孙书记" and talk.talker_post.endswith("党委书记")
        assert "2024年度" in talk.reason and "后三位" in talk.reason
    assert talks.pending_count() == 3


def test_recomputing_never_duplicates_the_reminder_talks(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    first = {t.id for t in reminder_talks(year.id)}
    for _ in range(3):
        report = assessments.recompute(year.id)
        assert report.talks_created == 0
    score_all(year.id, {"张建国": 99})  # a change at the top leaves the bottom alone
    assert {t.id for t in reminder_talks(year.id)} == first
    assert Talk.select().count() == 3


def test_a_corrected_score_moves_the_talk_and_moving_back_brings_the_same_talk_back(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    old = {t.person.name: t.id for t in reminder_talks(year.id)}
    assert set(old) == {"黄春花", "周德明", "吴玉兰"}
    report = score_all(year.id, {"吴玉兰": 88})  # a typing error corrected: she was not last after all
    assert report.talks_withdrawn == 1 and report.talks_created == 1
    names = {t.person.name for t in reminder_talks(year.id)}
    assert names == {"赵卫东", "黄春花", "周德明"}
    score_all(year.id, {"吴玉兰": 81})
    now = {t.person.name: t.id for t in reminder_talks(year.id)}
    assert now == old  # the same rows, not new ones
    assert Talk.select().where(Talk.kind == "提醒谈话").count() == 4  # one withdrawn talk waits in the bin


def test_a_completed_reminder_talk_is_kept_whatever_the_ranking_does(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    talk = next(t for t in reminder_talks(year.id) if t.person.name == "吴玉兰")
    values = talks.load_talk(talk.id) | {"talk_date": "2025-01-10", "content": "指出问题，提出要求。"}
    talks.save_talk(talk.id, values)
    assert Talk.get_by_id(talk.id).status == "已完成"
    score_all(year.id, {"吴玉兰": 99})
    kept = Talk.get_by_id(talk.id)
    assert kept.deleted_at is None and kept.status == "已完成" and kept.year == 2025
    assert talks.pending_count() == 3  # the new bottom three


def test_nothing_is_written_when_one_score_is_wrong(year):
    entries = entries_by_name(year.id)
    criteria = assessments.criteria_of(year.id)
    bad = {entries["张建国"].id: {criteria[0].id: "90"}, entries["李秀英"].id: {criteria[0].id: "九十"}}
    with pytest.raises(ValidationError, match="李秀英的“德”"):
        assessments.save_scores(year.id, bad)
    assert AssessmentScore.select().count() == 0


def test_weights_change_totals_and_must_add_up(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    criteria = assessments.criteria_of(year.id)
    entry = entries_by_name(year.id)["张建国"]
    de = criteria[0]
    assessments.save_scores(year.id, {entry.id: {de.id: "40"}})
    before = AssessmentEntry.get_by_id(entry.id).total
    assert before == pytest.approx(90 - 50 * 0.2)
    rows = [(c.id, c.name, 40 if c.name == "德" else (10 if c.name == "绩" else c.weight)) for c in criteria]
    assessments.save_settings(year.id, rows, GradeRule())
    assert AssessmentEntry.get_by_id(entry.id).total == pytest.approx(90 - 50 * 0.4)
    with pytest.raises(ValidationError, match="应为100%"):
        assessments.save_settings(year.id, [(c.id, c.name, 30) for c in criteria], GradeRule())
    assert AssessmentCriterion.get_by_id(de.id).weight == 40  # the refused change wrote nothing


def test_removing_a_criterion_drops_its_scores_and_the_secretary_is_saved(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    criteria = assessments.criteria_of(year.id)
    rows = [(c.id, c.name, 50) for c in criteria[:2]]
    assessments.save_settings(year.id, rows, GradeRule(kind=RULE_QUOTA, excellent_quota=10), "钱书记")
    assert [c.name for c in assessments.criteria_of(year.id)] == ["德", "能"]
    assert talks.party_secretary() == "钱书记"
    entries = entries_by_name(year.id)
    assert entries["张建国"].total == 90 and entries["张建国"].grade == "优秀"
    assert entries["李秀英"].grade == "称职"  # 89 ≥ 70 but the quota has one place


def test_a_new_year_copies_last_years_criteria_and_rule(year):
    criteria = assessments.criteria_of(year.id)
    assessments.save_settings(
        year.id, [(c.id, c.name, 25) for c in criteria[:4]], GradeRule(kind=RULE_QUOTA, excellent_quota=30)
    )
    following = assessments.create_assessment(2025)
    assert assessments.criteria_text(following.id) == "德25% 能25% 勤25% 绩25%"
    assert assessments.rule_of(following).kind == RULE_QUOTA
    assert assessments.years() == [2025, 2024]


def test_an_incomplete_year_is_provisional_and_makes_no_talks(year):
    totals = dict(zip(NAMES[:9], range(90, 81, -1), strict=True))
    report = score_all(year.id, totals)
    assert report.unscored == 1 and report.bottom == [] and not reminder_talks(year.id)
    text = assessments.summary(year.id).text()
    assert "已评分 9 人" in text and "暂定" in text
    report = score_all(year.id, {"吴玉兰": 50})
    assert set(report.bottom) == {"周德明", "吴玉兰", "黄春花"}


def test_removing_a_candidate_reranks_and_undo_brings_them_back(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    last = entries_by_name(year.id)["吴玉兰"]
    assessments.remove_candidate(last.id)
    assert {t.person.name for t in reminder_talks(year.id)} == {"赵卫东", "黄春花", "周德明"}
    restore("AssessmentEntry", last.id)
    assessments.recompute(year.id)
    assert entries_by_name(year.id)["吴玉兰"].rank == 10
    assert AssessmentScore.live().where(AssessmentScore.entry == last.id).count() == 5


def test_a_deleted_person_leaves_the_ranking_with_their_talk(year):
    score_all(year.id, dict(zip(NAMES, range(90, 80, -1), strict=True)))
    soft_delete(Person.get(Person.name == "吴玉兰"))
    assert "吴玉兰" not in entries_by_name(year.id)
    assessments.recompute(year.id)
    assert len(reminder_talks(year.id)) == 3


def test_add_serving_cadres_and_the_entry_form(year):
    village = Village.get(Village.name == "桃花村")
    person = Person.create(name="郑新人", initials="zxr", pinyin="zhengxinren", village=village)
    CadrePost.create(person=person, village=village, post="党组织委员", started_on=date(2024, 3, 1))
    assert assessments.add_serving_cadres(year.id) == 1
    assert assessments.add_serving_cadres(year.id) == 0
    form = assessments.entry_form(year.id)
    entry = entries_by_name(year.id)["郑新人"]
    values = form.load(entry.id)
    keys = [f.key for f in form.fields() if f.key.startswith("score:")]
    assert len(keys) == 5
    assert form.derive(values | dict.fromkeys(keys, "80"))["total"] == "80"
    form.save(entry.id, values | dict.fromkeys(keys, "80"))
    assert AssessmentEntry.get_by_id(entry.id).total == 80
    with pytest.raises(ValidationError, match="已在本年度考评名单中"):
        form.save(None, {"person": person.id})


def test_the_schema_step_can_run_twice(db_path):
    db = open_database(db_path)
    v005_talks_assessments.apply(db)
    v005_talks_assessments.apply(db)
    assert {"talk", "assessment", "assessment_entry", "democratic_tally"} <= set(db.get_tables())
    assert isinstance(db, peewee.SqliteDatabase)
    db.close()


def test_standings_are_recomputed_after_any_write_and_only_then(demo_db, monkeypatch):
    from township_desk.models.assessments import Assessment, AssessmentEntry
    from township_desk.services import recycle_bin

    assessment = Assessment.live().order_by(Assessment.year.desc()).first()
    calls: list[str] = []
    real = assessments.recompute
    from township_desk.services.assessments import standings  # where refresh_standings looks recompute up

    monkeypatch.setattr(standings, "recompute", lambda a: (calls.append(a), real(a))[1])
    assessments.refresh_standings(assessment.id)
    assessments.refresh_standings(assessment.id)
    assert len(calls) == 1  # nothing written in between: the standings stand
    first = (
        AssessmentEntry.live()
        .where(AssessmentEntry.assessment == assessment.id)
        .order_by(AssessmentEntry.rank)
        .first()
    )
    recycle_bin.soft_delete(first)  # the best candidate leaves: everyone below moves up
    assessments.refresh_standings(assessment.id)
    assert len(calls) == 2
    best = (
        AssessmentEntry.live()
        .where(AssessmentEntry.assessment == assessment.id)
        .order_by(AssessmentEntry.rank)
        .first()
    )
    assert best.id != first.id and best.rank == 1
