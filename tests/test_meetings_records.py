"""Meeting records: kinds, attendance with leave and absence, group meetings, validation, the list's filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from meetings_helpers import hold, meeting_values
from party_days_helpers import make_branch

from township_desk.models.meetings import Meeting, MeetingAttendance
from township_desk.services.listing import ListState
from township_desk.services.meetings import groups, records
from township_desk.services.records import ValidationError


def test_a_committee_meeting_saves_with_leave_and_absence_counted(db, today):
    held = today - timedelta(days=3)
    branch, people = make_branch(members=5)
    values = meeting_values(branch, "支部委员会", held)
    rows = {row["person_id"]: row for row in values["attendance"]}
    rows[people[0]].update(status="请假", reason="外出务工")
    rows[people[1]].update(status="缺席")
    meeting_id = records.save_meeting(None, values)

    loaded = records.load_meeting(meeting_id)
    assert {r["person_id"]: r["status"] for r in loaded["attendance"]}[people[0]] == "请假"
    assert records.derive_meeting(loaded)["counts"].startswith("应到 5 人")
    row = records.MeetingListing().fetch(ListState(), 0, 10)[0]
    assert (row["kind"], row["expected"], row["present"], row["branch"]) == (
        "支部委员会",
        5,
        3,
        "桃花村党支部",
    )

    # leave without a reason is refused and nothing changes
    loaded["attendance"][0].update(status="请假", reason="")
    with pytest.raises(ValidationError) as error:
        records.save_meeting(meeting_id, loaded)
    assert "请假原因" in error.value.message
    assert MeetingAttendance.live().where(MeetingAttendance.status == "请假").count() == 1


def test_refusals_name_the_field(db, today):
    branch, _ = make_branch(members=2)
    cases = [
        ({"kind": "茶话会"}, "kind"),
        ({"topic": ""}, "topic"),
        ({"held_on": (today + timedelta(days=1)).isoformat()}, "held_on"),
        ({"held_on": "2024-13-01"}, "held_on"),
    ]
    for change, field in cases:
        with pytest.raises(ValidationError) as error:
            records.save_meeting(None, {**meeting_values(branch, "党课", today), **change})
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        records.save_meeting(None, meeting_values(branch, "党小组会", today))
    assert error.value.field == "group"
    assert Meeting.select().count() == 0


def test_a_group_meeting_expects_the_group_members_only(db, today):
    branch, people = make_branch(members=5)
    other, _ = make_branch("杏花村党支部", "杏花村", members=2)
    group = groups.save_group(
        None, {"branch": branch, "name": "第一党小组", "leader": people[1], "members": people[:3]}
    )
    expected = records.expected_members(branch, today, group)
    assert {row["person_id"] for row in expected} == set(people[:3])
    meeting_id = hold(branch, "党小组会", today, group=group)
    assert MeetingAttendance.live().where(MeetingAttendance.meeting == meeting_id).count() == 3
    # a group of another branch is refused
    with pytest.raises(ValidationError) as error:
        records.save_meeting(None, meeting_values(other, "党小组会", today, group=group))
    assert error.value.field == "group"


def test_the_list_filters_by_kind_branch_and_year(db, today):
    branch, _ = make_branch(members=2)
    other, _ = make_branch("杏花村党支部", "杏花村", members=2)
    last_year = date(today.year - 1, 6, 15)
    hold(branch, "党课", last_year)
    hold(branch, "支部党员大会", today)
    hold(other, "集体学习", today)
    listing = records.MeetingListing()
    assert listing.count(ListState(filters={"kind": "党课"})) == 1
    assert listing.count(ListState(filters={"branch": "杏花村党支部"})) == 1
    assert listing.count(ListState(filters={"year": str(today.year)})) == 2
    assert str(today.year - 1) in records.meeting_years()
    assert listing.count(ListState(search="杏花")) == 1
    found = records.find_meeting("桃花村", today)
    assert found.kind == "支部党员大会"
    with pytest.raises(ValidationError):
        records.find_meeting("桃花村", today - timedelta(days=400))


def test_a_deleted_meeting_goes_to_the_bin_with_its_attendance_and_comes_back(db, today):
    from township_desk.services.recycle_bin import restore, soft_delete

    branch, _ = make_branch(members=3)
    meeting_id = hold(branch, "党课", today)
    soft_delete(Meeting.get_by_id(meeting_id))
    assert records.MeetingListing().count(ListState()) == 0
    assert MeetingAttendance.live().count() == 0
    restore("Meeting", meeting_id)
    assert records.MeetingListing().count(ListState()) == 1
    assert len(records.load_meeting(meeting_id)["attendance"]) == 3
