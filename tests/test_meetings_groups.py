"""Party groups, grids and posts (设岗定责), and the chain group → grid → household → 屋场会 → matter in 联系户."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from meetings_helpers import meeting_values
from party_days_helpers import make_branch, person_name

from township_desk.models.cadres import CadrePost
from township_desk.models.households import Household, HouseholdMatter
from township_desk.models.meetings import MeetingIssue
from township_desk.services import households, visits
from township_desk.services.listing import ListState
from township_desk.services.meetings import groups, records
from township_desk.services.records import ValidationError


def household(head: str, group: str = "3组") -> str:
    return households.save_household(None, {"head": head, "village": "桃花村", "group": group})


def test_a_member_is_in_one_group_only_and_must_belong_to_the_branch(db):
    branch, people = make_branch(members=4)
    other, strangers = make_branch("杏花村党支部", "杏花村", members=1)
    first = groups.save_group(
        None,
        {
            "branch": branch,
            "name": "第一党小组",
            "kind": "服务型党小组",
            "leader": people[0],
            "members": people[1:2],
        },
    )
    assert groups.load_group(first)["members"] == [people[0], people[1]]  # the leader is a member
    with pytest.raises(ValidationError) as error:
        groups.save_group(None, {"branch": branch, "name": "第二党小组", "members": [people[1]]})
    assert "只编入一个党小组" in error.value.message
    with pytest.raises(ValidationError) as error:
        groups.save_group(None, {"branch": branch, "name": "第二党小组", "members": strangers})
    assert "不是本支部的党员" in error.value.message
    with pytest.raises(ValidationError):
        groups.save_group(None, {"branch": branch, "name": "第一党小组"})
    row = groups.group_rows(branch)[0]
    assert (row["kind"], row["member_count"], row["leader"]) == ("服务型党小组", 2, person_name(people[0]))
    assert groups.member_place(people[1]).group == "第一党小组"
    assert other


def test_posts_go_to_members_without_office_and_show_on_the_roster(db, today):
    branch, people = make_branch(members=4)  # the last one is the branch secretary
    group = groups.save_group(None, {"branch": branch, "name": "第一党小组", "members": people[:3]})
    posts = {row["name"]: row["id"] for row in groups.post_rows()}
    assert list(posts)[:6] == [
        "政策宣传岗",
        "矛盾调解岗",
        "环境卫生岗",
        "产业帮扶岗",
        "治安巡逻岗",
        "文明新风岗",
    ]
    groups.save_post(None, "电商服务岗", "帮助村民网上销售")
    assert "电商服务岗" in [row["name"] for row in groups.post_rows()]
    with pytest.raises(ValidationError):
        groups.save_post(None, "政策宣传岗")

    groups.assign_post(people[0], posts["矛盾调解岗"])
    with pytest.raises(ValidationError) as error:
        groups.assign_post(people[3], posts["政策宣传岗"])
    assert "党支部书记" in error.value.message
    CadrePost.create(person=people[1], post="村委会委员", started_on=date(2021, 3, 1))
    with pytest.raises(ValidationError) as error:
        groups.assign_post(people[1], posts["政策宣传岗"])
    assert "村委会委员" in error.value.message and "无职党员" in error.value.message
    with pytest.raises(ValidationError):  # a new post name is not written when the member is refused
        groups.assign_named_post(people[1], "河长助理岗")
    assert "河长助理岗" not in [row["name"] for row in groups.post_rows()]
    # a new post replaces the old one
    groups.assign_post(people[0], posts["环境卫生岗"], duties="负责3组门前三包督促")
    roster = groups.post_roster()
    assert [(r["name"], r["post"], r["group"], r["duties"]) for r in roster] == [
        (person_name(people[0]), "环境卫生岗", "第一党小组", "负责3组门前三包督促")
    ]
    assert groups.member_place(people[0]).post == "环境卫生岗"
    assert group


def test_chain_group_grid_household_courtyard_meeting_matter(db, today):
    branch, people = make_branch(members=4)
    group = groups.save_group(
        None,
        {
            "branch": branch,
            "name": "三组服务型党小组",
            "kind": "服务型党小组",
            "leader": people[0],
            "members": people[:3],
        },
    )
    zhang, li = household("张大山"), household("李小河")
    grid = groups.save_grid(
        None, {"group": group, "name": "三组网格", "keeper": people[1], "households": [zhang, li]}
    )
    assert groups.household_place(zhang).text() == "党小组：三组服务型党小组；网格：三组网格"
    assert groups.grid_rows()[0]["household_count"] == 2
    with pytest.raises(ValidationError) as error:  # a household belongs to one grid
        groups.save_grid(None, {"group": group, "name": "二组网格", "households": [zhang]})
    assert "一户只属于一个网格" in error.value.message
    groups.assign_post(people[2], groups.find_post("治安巡逻岗").id, grid_id=grid)
    assert (
        groups.member_place(people[2]).text() == "党小组：三组服务型党小组；网格：三组网格；岗位：治安巡逻岗"
    )

    held = today - timedelta(days=2)
    values = meeting_values(
        branch,
        "屋场会",
        held,
        group=group,
        villagers="张大山、李小河等村民12人",
        households=groups.grid_households(grid),
        issues=[
            {"content": "3组路灯坏了三盏", "household_id": zhang, "as_matter": True},
            {"content": "希望组织一次农技培训", "household_id": "", "as_matter": False},
        ],
    )
    meeting_id = records.save_meeting(None, values)
    assert {r["person_id"] for r in records.attendance_rows(meeting_id)} == set(people[:3])
    assert {r["name"] for r in records.household_rows(meeting_id)} == {"张大山户", "李小河户"}

    # the issue is now a matter of the household, followed in 联系户 until it is resolved
    matter = HouseholdMatter.get(HouseholdMatter.household == zhang)
    assert "3组路灯坏了三盏" in matter.content and matter.status == "待办" and matter.raised_on == held
    assert Household.get_by_id(zhang).open_matters == 1
    listed = [r for r in households.HouseholdListing().fetch(ListState(search="张大山"), 0, 5)]
    assert listed[0]["open_matters"] == 1
    assert "3组路灯坏了三盏" in visits.matter_rows(zhang)[0]["content"]

    # saving the meeting again does not raise the matter twice
    loaded = records.load_meeting(meeting_id)
    assert [i["matter_status"] for i in loaded["issues"]] == ["待办", ""]
    records.save_meeting(meeting_id, loaded)
    assert HouseholdMatter.select().count() == 1 and MeetingIssue.live().count() == 2

    visits.set_matter_status(str(matter.id), "已办结", "村里已更换路灯")
    assert Household.get_by_id(zhang).open_matters == 0
    assert records.issue_rows(meeting_id)[0]["matter_status"] == "已办结"

    # an issue to become a matter needs its household
    loaded["issues"].append({"content": "河道垃圾多", "household_id": "", "as_matter": True})
    with pytest.raises(ValidationError) as error:
        records.save_meeting(meeting_id, loaded)
    assert error.value.field == "issues"
