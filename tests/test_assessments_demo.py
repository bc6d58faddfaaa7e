"""The demo township's assessments and talks: two years, the bottom three's talks, tallies, same data for a seed."""

from __future__ import annotations

from datetime import date

from township_desk.db import close_database, open_database
from township_desk.models.assessments import AssessmentEntry, DemocraticTally
from township_desk.models.talks import Talk
from township_desk.services import assessments, clock, talks, vocab
from township_desk.services.demo import build_demo


def test_two_years_fully_scored_with_top_and_bottom_three(demo_db):
    this_year = clock.today().year
    assert assessments.years() == [this_year - 1, this_year - 2]
    for year in assessments.years():
        assessment = assessments.assessment_of_year(year)
        summary = assessments.summary(assessment.id)
        assert summary.candidates > 100 and summary.scored == summary.candidates
        # Ties share a place: the top and bottom "three" are those with fewer than three strictly
        # above (below) them, so a tie at the edge makes four; the count itself depends on the seed.
        entries = list(assessments.live_entries(assessment.id))
        totals = [e.total for e in entries]
        for e in entries:
            above = sum(1 for t in totals if t > e.total)
            below = sum(1 for t in totals if t < e.total)
            assert e.recommended == (above < 3), (e.name, e.total)
            assert e.bottom == (below < 3 and not e.recommended), (e.name, e.total)
        assert summary.recommended == sum(e.recommended for e in entries) >= 3
        assert summary.bottom == sum(e.bottom for e in entries) >= 3
        assert summary.criteria == "德20% 能15% 勤15% 绩30% 廉20%"
        report = assessments.recompute(assessment.id)  # the stored ranking is what the rules give
        assert report.talks_created == report.talks_withdrawn == 0
        assert sorted(report.bottom) == sorted(
            e.person.name
            for e in AssessmentEntry.live().where(
                (AssessmentEntry.assessment == assessment.id) & (AssessmentEntry.bottom == True)  # noqa: E712
            )
        )
        for entry in assessments.live_entries(assessment.id):
            counts = [t.count for t in DemocraticTally.live().where(DemocraticTally.entry == entry.id)]
            assert 0 < sum(counts) <= assessment.ballots


def test_talks_of_every_kind_last_years_reminders_held_this_years_pending(demo_db):
    kinds = {t.kind for t in Talk.live()}
    assert kinds == set(vocab.TALK_KINDS.labels())
    older, latest = sorted(assessments.years())
    held = Talk.live().where(Talk.source == f"{older}年度综合考评后三名")
    waiting = Talk.live().where(Talk.source == f"{latest}年度综合考评后三名")

    def bottom_count(year):
        return assessments.summary(assessments.assessment_of_year(year).id).bottom

    assert held.count() == bottom_count(older) >= 3 and all(
        t.status == "已完成" and t.talk_date and t.content for t in held
    )
    assert waiting.count() == bottom_count(latest) >= 3 and all(
        t.status == "待谈话" and t.talk_date is None for t in waiting
    )
    assert all(t.talkers == talks.party_secretary() != "" for t in waiting)
    assert all(t.talk_date <= clock.today() for t in Talk.live().where(Talk.talk_date.is_null(False)))


def test_same_seed_same_assessments_and_talks(tmp_path):
    def digest(path):
        open_database(path)
        try:
            build_demo("small", "漳江镇", seed=11, today=date(2024, 6, 30))
            entries = sorted(
                (e.assessment.year, e.person.name, e.total, e.rank, e.grade) for e in AssessmentEntry.select()
            )
            talk_rows = sorted((t.kind, t.person.name, str(t.talk_date), t.status) for t in Talk.select())
            return entries, talk_rows
        finally:
            close_database()

    first = digest(tmp_path / "a.db")
    assert first == digest(tmp_path / "b.db")
    assert {year for year, *_ in first[0]} == {2022, 2023}
