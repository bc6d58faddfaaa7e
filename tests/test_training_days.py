"""Days of training per person per year: SQL against independent sums, half days, the new year, the rule."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from tests.training_helpers import course, person
from township_desk.models.training import TrainingAttendance
from township_desk.services.records import ValidationError
from township_desk.services.recycle_bin import soft_delete
from township_desk.services.training import attendance, days, terms


def attend(course_id: str, person_id: str, value: float) -> str:
    return attendance.save_attendance(
        None, {"course_id": course_id, "person": person_id, "days": str(value), "completed": True}
    )


def test_half_days_inside_one_year_add_up_to_the_plain_sum(db):
    zhang, li = person("张三"), person("李四")
    a = course("党的二十大精神专题", date(2025, 3, 2), date(2025, 3, 4), 2.5)
    b = course("乡村振兴半天讲座", date(2025, 6, 9), None, 0.5)
    c = course("县级集中培训", date(2025, 11, 1), date(2025, 11, 5), 5, level="县级")
    attend(a, zhang, 2.5), attend(b, zhang, 0.5), attend(c, zhang, 4.5)
    attend(a, li, 1.5), attend(c, li, 5)
    assert days.days_by_person(2025) == {zhang: 7.5, li: 6.5}
    assert days.days_by_person(2024) == {}
    assert days.person_year_days(zhang, 2025) == 7.5


@pytest.mark.parametrize(
    ("attended", "in_2025", "in_2026"), [(5, 3, 2), (2.5, 1.5, 1), (1, 0.5, 0.5), (0.5, 0.5, 0)]
)
def test_a_course_over_the_new_year_counts_in_the_year_of_each_day(db, attended, in_2025, in_2026):
    # 29, 30, 31 December and 1, 2 January: three fifths of the course lie in 2025
    zhang = person("张三")
    winter = course("冬春训", date(2025, 12, 29), date(2026, 1, 2), 5, target="全体党员冬春训")
    attend(winter, zhang, attended)
    got_2025 = days.days_by_person(2025).get(zhang, 0)
    got_2026 = days.days_by_person(2026).get(zhang, 0)
    assert (got_2025, got_2026) == (in_2025, in_2026)
    assert got_2025 + got_2026 == attended


def _independent(rows: list[tuple[date, date, float]], year: int) -> float:
    """Walk every calendar date of each course, exact fractions, then the documented cumulative rounding."""
    total = Fraction(0)
    for start, end, attended in rows:
        dates = [start + timedelta(d) for d in range((end - start).days + 1)]
        upto = sum(1 for d in dates if d.year <= year)
        before = sum(1 for d in dates if d.year < year)

        def half(x: Fraction) -> Fraction:  # to the nearest half day, halves up
            doubled = Decimal(x.numerator * 2) / Decimal(x.denominator)
            return Fraction(int(doubled.quantize(Decimal(1), ROUND_HALF_UP)), 2)

        share = Fraction(str(attended)) * Fraction(upto, len(dates))
        prior = Fraction(str(attended)) * Fraction(before, len(dates))
        total += half(share) - half(prior)
    return float(total)


def test_days_per_person_match_an_independent_count_on_random_courses(db):
    rng = random.Random(18)
    people = [person(f"干部{i}") for i in range(12)]
    spans: dict[str, list[tuple[date, date, float]]] = {p: [] for p in people}
    for index in range(40):
        start = date(2024, 1, 1) + timedelta(rng.randint(0, 1000))
        length = rng.choice([1, 1, 2, 3, 5, 7, 20, 45, 400])
        end = start + timedelta(length - 1)
        course_days = rng.randint(1, min(length, 24) * 2) / 2
        course_id = course(f"培训{index}", start, end, course_days)
        for person_id in rng.sample(people, rng.randint(1, 6)):
            attended = rng.randint(0, int(course_days * 2)) / 2
            attend(course_id, person_id, attended)
            spans[person_id].append((start, end, attended))
    for year in (2023, 2024, 2025, 2026, 2027):
        got = days.days_by_person(year)
        for person_id in people:
            assert got.get(person_id, 0.0) == _independent(spans[person_id], year), (person_id, year)
    # every person's days over all years add up to what they attended
    for person_id in people:
        assert sum(days.days_by_person(y).get(person_id, 0) for y in range(2023, 2029)) == sum(
            a for _s, _e, a in spans[person_id]
        )


def test_deleted_courses_and_rows_do_not_count(db):
    zhang = person("张三")
    a = course("甲班", date(2025, 3, 2), date(2025, 3, 4), 3)
    b = course("乙班", date(2025, 4, 2), date(2025, 4, 4), 3)
    attend(a, zhang, 3)
    row = attend(b, zhang, 2)
    soft_delete(TrainingAttendance.get_by_id(row))
    assert days.days_by_person(2025) == {zhang: 3}
    from township_desk.models.training import TrainingCourse

    soft_delete(TrainingCourse.get_by_id(a))
    assert days.days_by_person(2025) == {}


def test_shortfall_lists_who_is_short_by_village_with_missing_days(db, today):
    year = today.year
    secretary = person("王书记", "桃花村", post="党组织书记、主任")
    new = person("赵新", "杏花村", is_new=True)
    reserve = person("钱后备", "杏花村", post=None, reserve=True)
    done = person("孙达标", "桃花村")
    outsider = person("周群众", "桃花村", post=None)  # no post, no reserve: the rule does not count them
    first = course("县级专题班", date(year, 1, 10), date(year, 1, 21), 12, level="县级")
    half = course("半天讲座", date(year, 1, 5), None, 0.5)
    attend(first, done, 12)
    attend(first, secretary, 9.5)
    attend(half, new, 0.5)
    attend(first, outsider, 3)
    short = days.shortfall(year, today)
    assert [(r.name, r.village, r.days, r.missing) for r in short] == [
        ("王书记", "桃花村", 9.5, 2.5),
        ("钱后备", "杏花村", 0.0, 12.0),
        ("赵新", "杏花村", 0.5, 11.5),
    ]
    assert "村党组织书记" in short[0].groups
    totals = {t.village: t for t in days.village_totals(days.rule_rows(year, today))}
    assert (totals["桃花村"].people, totals["桃花村"].days, totals["桃花村"].short) == (2, 21.5, 1)
    assert (totals["杏花村"].missing) == 23.5
    assert reserve and outsider not in {r.person_id for r in days.rule_rows(year, today)}


def test_the_rule_is_a_setting_per_group_and_a_person_must_reach_their_largest(db, today):
    year = today.year
    secretary = person("王书记", post="党组织书记、主任", is_new=True)
    cadre = person("李委员")
    c = course("县级专题班", date(year, 1, 10), date(year, 1, 21), 12)
    attend(c, secretary, 10), attend(c, cadre, 10)
    terms.set_required_days("村干部", 8)
    terms.set_required_days("村党组织书记", "15.5")
    short = {r.name: r.missing for r in days.shortfall(year, today)}
    assert short == {"王书记": 5.5}
    terms.set_required_days("村党组织书记", 0)
    terms.set_required_days("新任干部", 0)
    assert days.shortfall(year, today) == []
    with pytest.raises(ValidationError, match="0.5"):
        terms.set_required_days("村干部", "7.3")
    with pytest.raises(ValidationError):
        terms.set_required_days("路人", 3)


def test_courses_and_attendance_refuse_bad_days(db):
    zhang = person("张三")
    with pytest.raises(ValidationError, match="日历天数"):
        course("太长", date(2025, 3, 1), date(2025, 3, 2), 3)
    with pytest.raises(ValidationError, match="早于"):
        course("倒序", date(2025, 3, 5), date(2025, 3, 2), 1)
    c = course("两天班", date(2025, 3, 1), date(2025, 3, 2), 2)
    with pytest.raises(ValidationError, match="超过"):
        attend(c, zhang, 2.5)
    with pytest.raises(ValidationError, match="0.5"):
        attend(c, zhang, 1.2)
    attend(c, zhang, 2)
    with pytest.raises(ValidationError, match="已在"):
        attend(c, zhang, 1)
    assert TrainingAttendance.live().count() == 1


def test_a_deleted_course_takes_its_attendance_to_the_bin_and_brings_it_back(db):
    from township_desk.models.training import TrainingCourse
    from township_desk.services.recycle_bin import deleted_items, restore

    zhang, li = person("张三"), person("李四")
    c = course("甲班", date(2025, 3, 2), date(2025, 3, 4), 3)
    attendance.enroll(c, [zhang, li], days=3)
    soft_delete(TrainingCourse.get_by_id(c))
    assert TrainingAttendance.live().count() == 0 and days.days_by_person(2025) == {}
    assert any(item.kind == "TrainingCourse" for item in deleted_items())
    restore("TrainingCourse", c)
    assert days.days_by_person(2025) == {zhang: 3, li: 3}


def test_adding_groups_at_once_skips_those_already_on_the_course(db, today):
    secretary = person("王书记", "桃花村", post="党组织书记、主任")
    new = person("赵新", "桃花村", is_new=True)
    reserve = person("钱后备", "杏花村", post=None, reserve=True)
    other = person("孙委员", "杏花村")
    c = course("专题班", date(2025, 3, 2), date(2025, 3, 4), 3)
    assert attendance.group_people(attendance.GROUP_VILLAGE, "桃花村", today) == [secretary, new]
    assert attendance.group_people(attendance.GROUP_VILLAGE, "杏花村", today) == [reserve, other]
    assert attendance.group_people(attendance.GROUP_SECRETARIES, on=today) == [secretary]
    assert attendance.group_people(attendance.GROUP_NEW, on=today) == [new]
    assert attendance.group_people(attendance.GROUP_RESERVES, on=today) == [reserve]
    assert attendance.enroll(c, attendance.group_people(attendance.GROUP_VILLAGE, "桃花村", today)) == (2, 0)
    assert attendance.enroll(c, attendance.group_people(attendance.GROUP_NEW, on=today)) == (0, 1)
    assert days.days_by_person(2025) == {secretary: 3, new: 3}  # the course has ended: whole days
    with pytest.raises(ValidationError, match="没有名为"):
        attendance.group_people(attendance.GROUP_VILLAGE, "无此村", today)


def test_course_list_sorts_by_people_filters_by_year_and_a_person_sees_their_courses(db):
    from township_desk.services.listing import ListState
    from township_desk.services.training.courses import CourseListing

    zhang, li = person("张三"), person("李四")
    a = course("甲班", date(2025, 3, 2), date(2025, 3, 4), 3, level="县级")
    b = course("乙班", date(2026, 4, 2), None, 0.5)
    attendance.enroll(a, [zhang], days=2.5)
    attendance.enroll(b, [zhang, li], days=0.5)
    listing = CourseListing()
    rows = listing.fetch(ListState(sort_key="people", descending=True), 0, 10)
    assert [(r["name"], r["people"]) for r in rows] == [("乙班", 2), ("甲班", 1)]
    assert [r["name"] for r in listing.fetch(ListState(filters={"year": "2025"}), 0, 10)] == ["甲班"]
    assert listing.filters[0].choices() == ["2026", "2025"]
    assert [(c["course"], c["days"], c["level"]) for c in days.person_training(zhang)] == [
        ("乙班", "0.5", "乡镇"),
        ("甲班", "2.5", "县级"),
    ]


def test_a_course_cannot_shrink_below_the_days_someone_attended(db):
    from township_desk.services.training.courses import load_course, save_course

    zhang = person("张三")
    c = course("三天班", date(2025, 3, 2), date(2025, 3, 4), 3)
    attend(c, zhang, 2.5)
    values = {**load_course(c), "days": "2"}
    with pytest.raises(ValidationError, match="2.5"):
        save_course(c, values)
    save_course(c, {**values, "days": "2.5"})
    assert days.days_by_person(2025) == {zhang: 2.5}


def test_the_attendance_form_offers_cadres_reserves_members_and_those_on_the_course(db):
    cadre = person("李委员")
    reserve = person("钱后备", post=None, reserve=True)
    head = person("周户主", post=None)  # a household head: not offered …
    c = course("专题班", date(2025, 3, 2), date(2025, 3, 4), 3)
    offered = {person_id for person_id, _label in attendance.trainee_options(c)}
    assert {cadre, reserve} <= offered and head not in offered
    attendance.enroll(c, [head], days=1)  # … unless already on the course
    assert head in {person_id for person_id, _label in attendance.trainee_options(c)}
