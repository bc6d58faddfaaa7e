"""Households, pairings, visits and matters through the services: rules, the kept copies, the lists."""

from __future__ import annotations

import datetime as dt

import pytest

from township_desk.db import database
from township_desk.models.households import (
    Household,
    HouseholdMatter,
    HouseholdPairing,
    HouseholdVisit,
    recompute_copies,
)
from township_desk.models.people import Person, Village
from township_desk.services import clock, households, recycle_bin, visits
from township_desk.services.id_numbers import make_id_number
from township_desk.services.listing import ListState
from township_desk.services.people import save_person
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.records import ValidationError

TODAY = clock.today()
HEAD_1 = make_id_number("430725", dt.date(1958, 4, 2), 11, male=True)
HEAD_2 = make_id_number("430725", dt.date(1966, 9, 20), 22, male=False)
MEMBER_ID = make_id_number("430725", dt.date(1980, 1, 15), 33, male=True)


def member(name: str, village: str = "桃花村", political: str = "中共党员") -> str:
    with database.atomic():
        person = save_person(
            None,
            {
                "name": name,
                "initials": name_initials(name),
                "pinyin": name_pinyin(name),
                "id_number": None,
                "sex": "男",
                "birth_date": None,
                "ethnicity": "汉族",
                "political": political,
                "party_joined_on": None,
                "education": "高中",
                "phone": "13900000000",
                "village": village,
                "notes": "",
            },
        )
    return str(person.id)


def household(
    head: str = "张大山", number: str = HEAD_1, village: str = "桃花村", group: str = "3组", **extra
):
    values = {
        "head": head,
        "id_number": number,
        "phone": "13812345678",
        "village": village,
        "group": group,
        "member_count": "4人",
        "category": "脱贫户",
        **extra,
    }
    return households.save_household(None, values)


def visit(household_id: str, visitor: str, day: dt.date, **extra) -> str:
    values = {
        "visited_on": day.isoformat(),
        "visitor": visitor,
        "form": "入户走访",
        "item_1": True,
        "situation": "身体健康，收入稳定。",
    }
    values.update((key.removeprefix("the_"), value) for key, value in extra.items())
    return visits.save_visit(household_id, None, values)


def fresh(household_id: str) -> Household:
    return Household.get_by_id(household_id)


def test_saving_a_household_creates_its_head_and_the_list_copies(db):
    household_id = household()
    row = fresh(household_id)
    head = Person.get_by_id(row.head_id)
    assert (head.name, head.id_number, head.sex, head.birth_date) == (
        "张大山",
        HEAD_1,
        "男",
        dt.date(1958, 4, 2),
    )
    assert (row.head_name, row.head_initials, row.head_pinyin, row.head_id_number) == (
        "张大山",
        "zds",
        "zhangdashan",
        HEAD_1,
    )
    assert row.member_count == 4 and row.category == "脱贫户" and row.village.name == "桃花村"
    assert row.village_order == Village.get(Village.name == "桃花村").sort_order

    # editing the head elsewhere (the person record) keeps the household's copies right
    head.name, head.initials, head.pinyin, head.phone = "张大川", "zdc", "zhangdachuan", "13700000000"
    head.save()
    assert (fresh(household_id).head_name, fresh(household_id).head_phone) == ("张大川", "13700000000")


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"head": ""}, "head", "户主姓名"),
        ({"id_number": HEAD_1[:-1] + ("0" if HEAD_1[-1] != "0" else "1")}, "id_number", "校验位"),
        ({"village": ""}, "village", "村(社区)"),
        ({"member_count": "很多"}, "member_count", "家庭人口"),
        ({"member_count": "45"}, "member_count", "不合理"),
    ],
)
def test_household_form_refuses_bad_values_naming_the_field(db, values, field, words):
    with pytest.raises(ValidationError) as error:
        household(
            **{"head": "李四", "number": HEAD_2, **{k: v for k, v in values.items() if k != "id_number"}},
            **({"id_number": values["id_number"]} if "id_number" in values else {}),
        )
    assert error.value.field == field and words in error.value.message
    assert not Household.select().exists()


def test_same_head_twice_is_refused_and_a_known_person_becomes_the_head(db):
    household()
    with pytest.raises(ValidationError, match="重复录入"):
        household(head="张大山", group="5组")
    # a cadre already in the database (same ID number, same name) is linked, not duplicated
    with database.atomic():
        cadre = save_person(
            None,
            {
                "name": "王秀英",
                "initials": "wxy",
                "pinyin": "wangxiuying",
                "id_number": HEAD_2,
                "sex": "女",
                "birth_date": dt.date(1966, 9, 20),
                "ethnicity": "汉族",
                "political": "中共党员",
                "party_joined_on": None,
                "education": "高中",
                "phone": "13600000000",
                "village": "杏林村",
                "notes": "",
            },
        )
    linked = household(head="王秀英", number=HEAD_2, village="杏林村")
    assert fresh(linked).head_id == cadre.id
    assert Person.select().where(Person.id_number == HEAD_2).count() == 1
    with pytest.raises(ValidationError, match="重复录入"):
        household(head="王秀英", number=HEAD_2, village="杏林村")
    member_id = member("李党员")
    Person.update(id_number=MEMBER_ID).where(Person.id == member_id).execute()
    with pytest.raises(ValidationError, match="请核对姓名"):
        household(head="李当原", number=MEMBER_ID, village="杏林村")


def test_pairings_only_with_party_members_and_not_twice(db):
    household_id = household()
    party = member("李党员")
    villager = member("赵群众", political="群众")
    with pytest.raises(ValidationError, match="只有党员"):
        households.save_pairing(household_id, None, {"member": villager, "started_on": "2022-03-01"})
    pairing_id = households.save_pairing(household_id, None, {"member": party, "started_on": "2022-03-01"})
    assert fresh(household_id).pairing_count == 1
    with pytest.raises(ValidationError, match="已经在联系"):
        households.save_pairing(household_id, None, {"member": party})
    with pytest.raises(ValidationError, match="不能晚于今天"):
        households.save_pairing(household_id, pairing_id, {"member": party, "ended_on": "2099-01-01"})
    households.end_pairing(pairing_id)
    assert fresh(household_id).pairing_count == 0
    assert households.HouseholdListing().count(ListState(filters={"state": households.STATE_UNPAIRED})) == 1


def test_visits_keep_last_visit_counts_and_pairing_dates_through_edit_delete_and_restore(db):
    household_id = household()
    party, other = member("李党员"), member("孙同行")
    pairing_id = households.save_pairing(household_id, None, {"member": party, "started_on": "2022-03-01"})
    first = visit(household_id, party, TODAY - dt.timedelta(days=200))
    second = visit(household_id, other, TODAY - dt.timedelta(days=20), companion=party)
    row = fresh(household_id)
    assert (row.visit_count, row.last_visit_on) == (2, TODAY - dt.timedelta(days=20))
    assert HouseholdPairing.get_by_id(pairing_id).last_visit_on == TODAY - dt.timedelta(days=20)

    # the companion is taken off the visit: the member's last visit is the older one again
    values = visits.load_visit(household_id, second)
    values["companion"] = ""
    visits.save_visit(household_id, second, values)
    assert HouseholdPairing.get_by_id(pairing_id).last_visit_on == TODAY - dt.timedelta(days=200)
    assert fresh(household_id).last_visit_on == TODAY - dt.timedelta(days=20)

    recycle_bin.soft_delete(HouseholdVisit.get_by_id(second))
    assert (fresh(household_id).visit_count, fresh(household_id).last_visit_on) == (
        1,
        TODAY - dt.timedelta(days=200),
    )
    recycle_bin.restore("HouseholdVisit", second)
    assert fresh(household_id).visit_count == 2
    before = [(h.last_visit_on, h.visit_count, h.open_matters, h.pairing_count) for h in Household.select()]
    recompute_copies(database)
    assert before == [
        (h.last_visit_on, h.visit_count, h.open_matters, h.pairing_count) for h in Household.select()
    ]
    assert first


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"item_1": False}, "item_1", "五个到户"),
        ({"visited_on": (TODAY + dt.timedelta(days=3)).isoformat()}, "visited_on", "不能晚于今天"),
        ({"visited_on": ""}, "visited_on", "走访日期"),
        ({"situation": " "}, "situation", "走访情况"),
        ({"the_visitor": ""}, "visitor", "走访人"),
    ],
)
def test_visit_form_refuses_incomplete_visits(db, extra, field, words):
    household_id = household()
    party = member("李党员")
    with pytest.raises(ValidationError) as error:
        visit(household_id, party, TODAY, **extra)
    assert error.value.field == field and words in error.value.message
    assert not HouseholdVisit.select().exists()


def test_matters_raised_in_a_visit_are_followed_until_resolved(db):
    household_id = household()
    party = member("李党员")
    visit_id = visit(
        household_id, party, TODAY - dt.timedelta(days=40), new_matters="通组公路破损\n\n申请危房改造补助\n"
    )
    matters = visits.matter_rows(household_id)
    assert [m["content"] for m in matters] == ["通组公路破损", "申请危房改造补助"]
    assert all(m["status"] == "待办" and m["stale"] and m["age"] == 40 for m in matters)
    assert fresh(household_id).open_matters == 2
    assert HouseholdMatter.get(HouseholdMatter.content == "通组公路破损").visit_id == visit_id

    road = matters[0]["id"]
    visits.set_matter_status(road, "办理中")
    with pytest.raises(ValidationError, match="办理结果"):
        visits.set_matter_status(road, "已办结")
    values = visits.load_matter(road)
    values.update(status="已办结", resolution="村委会组织修补", resolved_on="")
    assert visits.derive_matter(values) == {"resolved_on": TODAY.isoformat()}
    visits.save_matter(household_id, road, values)
    resolved = HouseholdMatter.get_by_id(road)
    assert (resolved.status, resolved.resolved_on, resolved.responsible) == ("已办结", TODAY, "")
    assert fresh(household_id).open_matters == 1
    values.update(resolved_on=(TODAY - dt.timedelta(days=60)).isoformat())
    with pytest.raises(ValidationError, match="早于提出日期"):
        visits.save_matter(household_id, road, values)


def test_overdue_pairings_and_stale_matters_follow_the_setting(db):
    visited_long_ago, visited_lately, never = (
        household("甲户", HEAD_1),
        household("乙户", HEAD_2),
        household("丙户", make_id_number("430725", dt.date(1970, 1, 1), 5, male=True)),
    )
    party = member("李党员")
    for household_id in (visited_long_ago, visited_lately, never):
        households.save_pairing(household_id, None, {"member": party, "started_on": "2022-01-01"})
    visit(visited_long_ago, party, TODAY - dt.timedelta(days=120), new_matters="申请低保")
    visit(visited_lately, party, TODAY - dt.timedelta(days=10), new_matters="咨询医保")

    def overdue_heads():
        listing = visits.OverduePairingListing()
        rows = listing.fetch(ListState(), 0, 50)
        assert listing.count(ListState()) == len(rows)
        return [row["head"] for row in rows]

    assert households.overdue_days() == 90
    assert overdue_heads() == ["丙户", "甲户"]  # never visited first, then the longest ago
    households.set_overdue_days(150)
    assert overdue_heads() == ["丙户"]
    with pytest.raises(ValidationError):
        households.set_overdue_days(3)
    stale = visits.StaleMatterListing()
    assert [row["content"] for row in stale.fetch(ListState(), 0, 10)] == ["申请低保"]
    assert visits.overdue_counts() == {"pairings": 1, "matters": 1}
    stale.village = "杏林村"
    assert stale.count(ListState()) == 0


def test_household_list_search_filters_and_sorting(db):
    party = member("李党员")
    ids = {}
    for index, (name, village, group, category) in enumerate(
        [
            ("张三", "桃花村", "10组", "一般户"),
            ("张四", "桃花村", "2组", "低保户"),
            ("王五", "杏林村", "1组", "脱贫户"),
        ]
    ):
        ids[name] = household(
            name,
            make_id_number("430725", dt.date(1960 + index, 5, 5), index, male=True),
            village=village,
            group=group,
            category=category,
        )
    visit(ids["王五"], party, TODAY - dt.timedelta(days=5), new_matters="路灯坏了")
    visit(ids["张四"], party, TODAY - dt.timedelta(days=300))
    listing = households.HouseholdListing()

    def heads(state):
        rows = listing.fetch(state, 0, 50)
        assert listing.count(state) == len(rows)
        return [row["head"] for row in rows]

    assert heads(ListState()) == ["张四", "张三", "王五"]  # village order, then group number 2 before 10
    assert heads(ListState(search="zs")) == ["张四", "张三"]
    assert heads(ListState(search="张")) == ["张四", "张三"]
    assert heads(ListState(search=fresh(ids["王五"]).head_id_number[-6:])) == ["王五"]
    assert heads(ListState(filters={"village": "杏林村"})) == ["王五"]
    assert heads(ListState(filters={"category": "低保户"})) == ["张四"]
    assert heads(ListState(filters={"state": households.STATE_NEVER})) == ["张三"]
    assert heads(ListState(filters={"state": households.STATE_OVERDUE})) == ["张四", "张三"]
    assert heads(ListState(filters={"matters": households.MATTERS_OPEN})) == ["王五"]
    assert heads(ListState(filters={"matters": "有待办诉求"})) == ["王五"]
    assert heads(ListState(filters={"state": households.STATE_UNPAIRED})) == ["张四", "张三", "王五"]
    households.save_pairing(ids["张三"], None, {"member": party})
    assert heads(ListState(filters={"member": party})) == ["张三"]
    assert heads(ListState(sort_key="last_visit_on", descending=True)) == ["王五", "张四", "张三"]
    assert heads(ListState(sort_key="visit_count")) == ["张三", "张四", "王五"]
    row = listing.fetch(ListState(search="张三"), 0, 1)[0]
    assert row["members_paired"] == "李党员" and row["village"] == "桃花村" and row["group"] == "10组"


def test_deleting_a_household_takes_its_visits_and_matters_to_the_bin(db):
    household_id = household()
    party = member("李党员")
    visit(household_id, party, TODAY, new_matters="申请低保")
    recycle_bin.soft_delete(fresh(household_id))
    assert households.household_counts()["households"] == 0
    assert not HouseholdVisit.live().exists() and not HouseholdMatter.live().exists()
    assert visits.overdue_counts()["matters"] == 0
    recycle_bin.restore("Household", household_id)
    assert fresh(household_id).visit_count == 1 and fresh(household_id).open_matters == 1


def test_the_home_pages_overdue_counts_leave_out_the_recycle_bin_as_the_lists_do(db):
    party = member("李党员")
    heads = [make_id_number("430725", dt.date(1960 + i, 3, 3), i, male=True) for i in range(4)]
    homes = [household(f"户{i}", head) for i, head in enumerate(heads)]
    for home in homes:
        households.save_pairing(home, None, {"member": party, "started_on": "2022-01-01"})
        visit(home, party, TODAY - dt.timedelta(days=120), new_matters="申请低保")
    recycle_bin.soft_delete(fresh(homes[0]))  # its pairing and matter go to the bin with it
    binned_pairing = HouseholdPairing.live().where(HouseholdPairing.household == homes[1]).get()
    recycle_bin.soft_delete(binned_pairing)  # a pairing alone
    lists = {
        "pairings": visits.OverduePairingListing().count(ListState()),
        "matters": visits.StaleMatterListing().count(ListState()),
    }
    assert visits.overdue_counts() == lists == {"pairings": 2, "matters": 3}
