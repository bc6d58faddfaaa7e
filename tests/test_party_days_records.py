"""Rules of the theme Party day record: dates and reasons, one per month, attendance and its rate, the list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from party_days_helpers import day_values, make_branch, person_name

from township_desk.db import database
from township_desk.models.party_days import BranchMember, PartyBranch, PartyDay, PartyDayAttendance
from township_desk.models.people import Person
from township_desk.services import clock, party_branches, party_day_matrix, party_days
from township_desk.services.listing import ListState
from township_desk.services.records import ValidationError
from township_desk.services.recycle_bin import restore, soft_delete

MARCH = date(2024, 3, 29)  # the last Friday of March 2024


def test_a_day_on_the_last_friday_saves_with_attendance_counted(db):
    branch, people = make_branch(members=5)
    values = day_values(branch, MARCH)
    by_person = {row["person_id"]: row for row in values["attendance"]}
    by_person[people[0]].update(status="请假", reason="外出务工")
    by_person[people[1]].update(status="缺席")
    day_id = party_days.save_day(None, values)

    row = party_days.PartyDayListing().fetch(ListState(), 0, 10)[0]
    assert row["id"] == day_id
    assert (row["expected"], row["present"], row["leave"], row["absent"]) == (5, 3, 1, 1)
    assert row["rate"] == "60%" and row["low"] is True
    assert "出席率低于80%" in row["flag"] and row["status"] == party_days.STATUS_ON_TIME
    stored = {a.person_id: (a.status, a.reason) for a in PartyDayAttendance.live()}
    assert stored[people[0]] == ("请假", "外出务工")
    assert PartyDay.get_by_id(day_id).month == "2024-03"


def test_another_date_needs_a_reason_and_writes_nothing_without_one(db):
    branch, _people = make_branch()
    with pytest.raises(ValidationError) as caught:
        party_days.save_day(None, day_values(branch, date(2024, 3, 27)))
    assert caught.value.field == "late_reason"
    assert "2024-03-29" in caught.value.message and "星期三" in caught.value.message
    assert PartyDay.select().count() == 0 and PartyDayAttendance.select().count() == 0

    day_id = party_days.save_day(None, day_values(branch, date(2024, 3, 27), late_reason="星期五防汛值守"))
    row = party_days.PartyDayListing().fetch(ListState(), 0, 1)[0]
    assert row["id"] == day_id and row["late"] and row["late_reason"] == "星期五防汛值守"
    assert row["status"] == party_days.STATUS_LATE


def test_reason_is_dropped_when_the_date_is_moved_back_to_the_last_friday(db):
    branch, _ = make_branch()
    day_id = party_days.save_day(None, day_values(branch, date(2024, 3, 27), late_reason="防汛"))
    party_days.save_day(day_id, day_values(branch, MARCH, late_reason="防汛"))
    assert PartyDay.get_by_id(day_id).late_reason == ""


def test_one_record_per_branch_and_month(db):
    branch, _ = make_branch()
    first = party_days.save_day(None, day_values(branch, MARCH))
    with pytest.raises(ValidationError) as caught:
        party_days.save_day(None, day_values(branch, date(2024, 3, 22), late_reason="补开"))
    assert caught.value.field == "held_on"
    assert "2024年3月已有主题党日记录" in caught.value.message
    assert PartyDay.select().count() == 1
    # editing the same record is fine; another branch in the same month is fine
    party_days.save_day(first, day_values(branch, MARCH, theme="乡村振兴"))
    other, _ = make_branch("李家村党支部", "李家村", members=3)
    party_days.save_day(None, day_values(other, MARCH))
    # a record in the recycle bin does not block a new one
    soft_delete(PartyDay.get_by_id(first))
    party_days.save_day(None, day_values(branch, MARCH))
    assert PartyDay.live().count() == 2


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"branch": ""}, "branch", "党支部"),
        ({"held_on": ""}, "held_on", "活动日期"),
        ({"held_on": "2024-02-30"}, "held_on", "无法识别"),
        ({"theme": "  "}, "theme", "活动主题"),
        ({"items": ["集中学习", "集中学习"]}, "items", "重复"),
    ],
)
def test_missing_or_wrong_fields_are_named(db, change, field, words):
    branch, _ = make_branch()
    with pytest.raises(ValidationError) as caught:
        party_days.save_day(None, {**day_values(branch, MARCH), **change})
    assert caught.value.field == field and words in caught.value.message
    assert PartyDay.select().count() == 0


def test_a_future_date_is_refused(db):
    branch, _ = make_branch()
    future = party_days.last_friday_of(clock.today() + timedelta(days=40))
    with pytest.raises(ValidationError, match="晚于今天"):
        party_days.save_day(None, day_values(branch, future))


def test_leave_needs_a_reason_and_status_must_be_known(db):
    branch, people = make_branch()
    values = day_values(branch, MARCH)
    row = next(r for r in values["attendance"] if r["person_id"] == people[2])
    row.update(status="请假", reason="")
    with pytest.raises(ValidationError) as caught:
        party_days.save_day(None, values)
    assert caught.value.field == "attendance" and person_name(people[2]) in caught.value.message
    row.update(status="出差？")
    with pytest.raises(ValidationError, match="出席、请假或缺席"):
        party_days.save_day(None, values)
    row.update(status="病假", reason="住院")  # an alias of 请假
    day_id = party_days.save_day(None, values)
    assert PartyDayAttendance.get(PartyDayAttendance.person == people[2]).status == "请假"
    assert party_days.record_values(day_id)["leave_names"] == f"{person_name(people[2])}（住院）"


def test_editing_attendance_updates_rows_in_place_and_bins_removed_ones(db):
    branch, people = make_branch(members=4)
    day_id = party_days.save_day(None, day_values(branch, MARCH))
    before = {a.person_id: a.id for a in PartyDayAttendance.live()}
    values = party_days.load_day(day_id)
    values["attendance"] = [r for r in values["attendance"] if r["person_id"] != people[0]]
    values["attendance"][0]["status"] = "缺席"
    assert len(values["attendance"]) == 3
    party_days.save_day(day_id, values)
    after = {a.person_id: a for a in PartyDayAttendance.live()}
    assert set(after) == set(people[1:])
    assert all(after[p].id == before[p] for p in after)  # same rows, edited (a county merge sees edits)
    assert PartyDayAttendance.get_by_id(before[people[0]]).deleted_at is not None


def test_new_attendance_lists_members_of_that_day(db):
    branch, people = make_branch(members=4)
    member = BranchMember.get(BranchMember.person == people[1])
    party_branches.transfer_out(str(member.id), date(2024, 2, 1))
    late_joiner = Person.get_by_id(people[2])
    late_joiner.party_joined_on = date(2024, 3, 1)
    late_joiner.save()
    names = [r["name"] for r in party_days.new_attendance(branch, date(2024, 1, 26))]
    assert person_name(people[1]) in names and person_name(people[2]) not in names
    march = party_days.new_attendance(branch, MARCH)
    assert person_name(people[1]) not in [r["name"] for r in march]
    assert {r["status"] for r in march} == {"出席"}
    assert {r["standing"] for r in march} == {"正式党员", "预备党员"}


def test_list_filters_search_and_sort(db):
    branch, _ = make_branch(members=5)
    other, _ = make_branch("李家村党支部", "李家村", members=5)
    for month in (1, 2, 3):
        party_days.save_day(None, day_values(branch, party_days.last_friday(2024, month)))
    low = day_values(other, date(2024, 2, 21), late_reason="春节后补开", theme="乡村振兴")
    for row in low["attendance"][:2]:
        row.update(status="缺席")
    party_days.save_day(None, low)
    listing = party_days.PartyDayListing()

    def rows(**state):
        return listing.fetch(ListState(**state), 0, 50)

    assert listing.count(ListState()) == 4
    assert [r["branch"] for r in rows(filters={"status": party_days.STATUS_LOW})] == ["李家村党支部"]
    assert [r["branch"] for r in rows(filters={"status": party_days.STATUS_LATE})] == ["李家村党支部"]
    assert len(rows(filters={"status": party_days.STATUS_ON_TIME})) == 3
    assert len(rows(filters={"month": "2月"})) == 2
    assert len(rows(filters={"year": "2024年", "branch": "桃花村党支部"})) == 3
    assert listing.filters[0].choices() == ["2024年"]
    assert [r["theme"] for r in rows(search="振兴")] == ["乡村振兴"]
    by_rate = [r["rate"] for r in rows(sort_key="rate")]
    assert by_rate[0] == "60%" and set(by_rate[1:]) == {"100%"}
    assert [r["held_on"] for r in rows()][:2] == [MARCH, date(2024, 2, 23)]


def test_year_matrix_and_missed_branches(db):
    branch, _ = make_branch(members=3)
    other, _ = make_branch("李家村党支部", "李家村", members=3)
    party_days.save_day(None, day_values(branch, date(2024, 1, 26)))
    party_days.save_day(None, day_values(branch, date(2024, 2, 21), late_reason="春节后补开"))
    party_days.save_day(None, day_values(other, date(2024, 2, 23)))
    today = date(2024, 3, 5)  # March is not due yet
    matrix = party_day_matrix.year_matrix(2024, today)
    assert [b.name for b in matrix.branches] == ["桃花村党支部", "李家村党支部"]
    assert matrix.cell(branch, 1).status == party_day_matrix.HELD
    assert (
        matrix.cell(branch, 2).status == party_day_matrix.LATE and matrix.cell(branch, 2).short() == "21日*"
    )
    assert (
        matrix.cell(other, 1).status == party_day_matrix.MISSED and matrix.cell(other, 1).short() == "未开展"
    )
    assert matrix.cell(other, 3).status == party_day_matrix.NOT_DUE and matrix.cell(other, 3).short() == ""
    assert matrix.totals() == {"expected": 4, "held": 3, "late": 1, "missed": 1}
    assert matrix.cell(branch, 1).day_id == party_days.day_for(branch, 2024, 1)

    missed = party_day_matrix.missed_branches(2024, 1, today)
    assert [b.name for b in missed.branches] == ["李家村党支部"] and missed.overdue
    march = party_day_matrix.missed_branches(2024, 3, today)
    assert len(march.branches) == 2 and not march.overdue and march.due == MARCH
    soft_delete(PartyBranch.get_by_id(other))  # a deleted branch is no longer listed anywhere
    assert party_day_matrix.missed_branches(2024, 1, today).branches == []
    assert [b.name for b in party_day_matrix.year_matrix(2024, today).branches] == ["桃花村党支部"]
    restore("PartyBranch", other)
    assert party_days.day_for(other, 2024, 2) is not None


def test_matrix_and_list_cost_a_fixed_number_of_queries_whatever_the_branches(db):
    """400 branches × 24 months must stay quick: the work is in SQL, not per cell or per row."""
    for index in range(12):
        branch, _ = make_branch(f"第{index}村党支部", f"第{index}村", members=3)
        for month in range(1, 4):
            party_days.save_day(None, day_values(branch, party_days.last_friday(2024, month)))
    statements = []
    real_execute = database.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return real_execute(sql, params, *args, **kwargs)

    database.obj.execute_sql = counting
    try:
        party_day_matrix.year_matrix(2024, date(2024, 12, 31))
        matrix_queries = len(statements)
        statements.clear()
        listing = party_days.PartyDayListing()
        listing.count(ListState())
        rows = listing.fetch(ListState(sort_key="rate"), 0, 200)
        list_queries = len(statements)
    finally:
        database.obj.execute_sql = real_execute
    assert len(rows) == 36
    assert matrix_queries <= 2
    assert list_queries <= 3


def test_fixed_items_per_year_with_local_variants(db):
    assert party_branches.fixed_items(2024) == ["集中学习", "过组织生活", "民主议事", "志愿服务"]
    party_branches.set_fixed_items(
        2024, ["集中学习", "过组织生活", "民主议事", "志愿服务", "重温入党誓词", "交纳党费"]
    )
    assert party_branches.fixed_items(2024)[-2:] == ["重温入党誓词", "交纳党费"]
    assert party_branches.fixed_items(2023) == list(party_branches.DEFAULT_ITEMS)
    party_branches.set_fixed_items(2024, ["交纳党费", "集中学习"])
    assert party_branches.fixed_items(2024) == ["交纳党费", "集中学习"]
    for bad, words in ((["集中学习、民主议事"], "顿号"), ([], "至少"), (["交纳党费", "交纳党费"], "重复")):
        with pytest.raises(ValidationError, match=words):
            party_branches.set_fixed_items(2024, bad)
    assert party_branches.fixed_items(2024) == ["交纳党费", "集中学习"]
    # a record keeps the items it was saved with, and prints what of the year's list was not done
    branch, _ = make_branch(members=2)
    day_id = party_days.save_day(None, day_values(branch, MARCH, items=["集中学习", "志愿服务"]))
    values = party_days.record_values(day_id)
    assert values["items"] == "集中学习、志愿服务" and values["items_not_done"] == "交纳党费"


def test_members_belong_to_one_branch_and_join_by_id_number(db):
    branch, _ = make_branch(members=1)
    other, _ = make_branch("李家村党支部", "李家村", members=1)
    cadre = Person.create(
        name="张建国",
        initials="zjg",
        pinyin="zhangjianguo",
        political="中共党员",
        id_number="11010519491231002X",
        education="大学本科",
        phone="13800000000",
    )
    member_id = party_branches.save_member(
        None,
        {
            "name": "张建国",
            "id_number": "11010519491231002x",
            "political": "中共党员",
            "party_joined_on": "1980.07",
            "branch": branch,
        },
    )
    member = BranchMember.get_by_id(member_id)
    assert member.person_id == cadre.id  # the registered person joined; nobody was duplicated
    kept = Person.get_by_id(cadre.id)
    assert (kept.education, kept.phone, kept.party_joined_on) == ("大学本科", "13800000000", date(1980, 7, 1))
    with pytest.raises(ValidationError) as caught:
        party_branches.add_person_to_branch(other, cadre.id)
    assert "请先在原支部办理转出" in caught.value.message
    party_branches.transfer_out(member_id, date(2024, 5, 1))
    party_branches.add_person_to_branch(other, cadre.id, date(2024, 5, 1))
    with pytest.raises(ValidationError, match="入党时间"):
        party_branches.save_member(None, {"name": "王五", "political": "中共党员", "branch": branch})
    with pytest.raises(ValidationError, match="政治面貌"):
        party_branches.save_member(
            None, {"name": "王五", "political": "群众", "party_joined_on": "2000.1", "branch": branch}
        )
    crowd = Person.create(name="李群众", political="群众")
    with pytest.raises(ValidationError, match="不是党员"):
        party_branches.add_person_to_branch(branch, crowd.id)


def test_branch_names_are_unique_and_found_by_part_of_the_name(db):
    make_branch(members=1)
    make_branch("桃花社区党支部", "桃花社区", members=1)
    with pytest.raises(ValidationError, match="已有名为"):
        party_branches.save_branch(None, {"name": "桃花村党支部"})
    assert party_branches.find_branch("桃花村").name == "桃花村党支部"
    with pytest.raises(ValidationError, match="多个党支部"):
        party_branches.find_branch("桃花")
    with pytest.raises(ValidationError, match="没有名为"):
        party_branches.find_branch("梨花村")
    rows = party_branches.BranchListing().fetch(ListState(), 0, 10)
    assert [(r["name"], r["village"], r["members"], r["probationary"]) for r in rows] == [
        ("桃花村党支部", "桃花村", 1, 1),
        ("桃花社区党支部", "桃花社区", 1, 1),
    ]
    assert rows[0]["secretary"]


def test_deleting_a_person_keeps_branches_and_days(db):
    branch, people = make_branch(members=3)
    day_id = party_days.save_day(None, day_values(branch, MARCH, host=person_name(people[2])))
    soft_delete(Person.get_by_id(people[2]))  # the secretary and host
    assert PartyBranch.get_by_id(branch).deleted_at is None
    assert PartyDay.get_by_id(day_id).deleted_at is None
    assert party_days.record_values(day_id)["expected"] == "2 人"
