"""Small builders for the 主题党日 tests: branches with members, and a day saved through the service."""

from __future__ import annotations

from datetime import date
from typing import Any

from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.people import Person
from township_desk.services import party_branches, party_days

NAMES = "赵一 钱二 孙三 李四 周五 吴六 郑七 王八 冯九 陈十 褚十一 卫十二".split()


def make_branch(
    name: str = "桃花村党支部", village: str = "桃花村", members: int = 5, joined: date = date(2010, 7, 1)
) -> tuple[str, list[str]]:
    """A branch (through the service) and members (persons through the member form); returns ids."""
    branch_id = party_branches.save_branch(None, {"name": name, "village": village})
    person_ids = []
    for index in range(members):
        member_id = party_branches.save_member(
            None,
            {
                "name": f"{NAMES[index % len(NAMES)]}{name[:2]}",
                "political": "中共党员" if index else "中共预备党员",
                "party_joined_on": joined.isoformat(),
                "village": village,
                "branch": branch_id,
            },
        )
        person_ids.append(str(BranchMember.get_by_id(member_id).person_id))
    party_branches.set_secretary(branch_id, person_ids[-1])
    return branch_id, person_ids


def day_values(branch_id: str, held_on: date, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "branch": branch_id,
        "held_on": held_on.isoformat(),
        "theme": "学习贯彻党的二十大精神",
        "items": list(party_branches.DEFAULT_ITEMS),
        "place": "党员活动室",
        "host": "",
        "recorder": "",
        "summary": "集中学习，民主议事。",
        "attendance": party_days.new_attendance(branch_id, held_on),
    }
    values.update(extra)
    return values


def person_name(person_id: str) -> str:
    return str(Person.get_by_id(person_id).name)


def branch_name(branch_id: str) -> str:
    return str(PartyBranch.get_by_id(branch_id).name)
