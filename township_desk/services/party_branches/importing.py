"""Importing a branch's Party-member list (党员名册): one member a row, the branch named in the row, the person
found by ID number (a cadre already registered keeps what the sheet leaves empty) or added.

Each accepted row is saved through save_member (the form's own rules), all rows in one transaction: a row
refused while writing undoes the whole import and names the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.excel_import import (
    ImportColumn,
    ImportPlan,
    RowRefused,
    id_mismatches,
    person_name,
    plan_import,
    row_date,
    row_id_number,
)
from township_desk.services.normalize import clean_name, clean_phone, clean_text
from township_desk.services.party_branches.branches import FULL_MEMBER, PARTY_STANDINGS
from township_desk.services.party_branches.members import save_member
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError

COLUMNS = (
    ImportColumn("name", "姓名", ("党员姓名", "名字"), required=True),
    ImportColumn(
        "id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码"), required=True
    ),
    ImportColumn("sex", "性别"),
    ImportColumn("birth_date", "出生年月", ("出生日期", "出生年月日")),
    ImportColumn(
        "branch", "党支部", ("所在党支部", "所在支部", "支部", "党组织", "所在党组织"), required=True
    ),
    ImportColumn("political", "党员类别", ("政治面貌", "人员类别", "党籍状态")),
    ImportColumn("party_joined_on", "入党时间", ("入党日期", "入党年月"), required=True),
    ImportColumn("joined_on", "转入本支部时间", ("转入时间", "进入支部时间")),
    ImportColumn("education", "学历", ("文化程度", "最高学历")),
    ImportColumn("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式")),
    ImportColumn("member_notes", "备注", ("说明",)),
)
_STANDING_WORDS = {
    "正式党员": FULL_MEMBER,
    "预备党员": PARTY_STANDINGS[1],
    "正式": FULL_MEMBER,
    "预备": PARTY_STANDINGS[1],
    "党员": FULL_MEMBER,
}


@dataclass(frozen=True)
class MemberRecord:
    name: str
    id_number: str
    branch: str  # the branch's name as shown
    values: dict[str, Any]  # the form's values, as save_member takes them
    warnings: tuple[str, ...] = ()


def convert_row(raw: dict[str, Any], branches: dict[str, str]) -> MemberRecord:
    """One row as a record, or RowRefused; branches maps live branch names to their ids."""
    name = person_name(raw.get("name"))
    info = row_id_number(raw)
    branch = clean_text(raw.get("branch"))
    if not branch:
        raise RowRefused("没有党支部")
    branch_id = branches.get(branch) or branches.get(branch.removeprefix("中共"))
    if branch_id is None:
        raise RowRefused(f"没有名为“{branch}”的党支部（请先在 组织生活 中登记党支部，或核对名称）")
    text = clean_text(raw.get("political"))
    standing = _STANDING_WORDS.get(text) or vocab.POLITICAL_STANDING.normalize(text) or text or FULL_MEMBER
    if standing not in PARTY_STANDINGS:
        raise RowRefused(f"党员类别“{text}”应为 正式党员 或 预备党员")
    joined_party = row_date(raw, "party_joined_on", "入党时间")
    if joined_party is None:
        raise RowRefused("没有入党时间")
    if joined_party > clock.today() or joined_party < info.birth_date:
        raise RowRefused(f"入党时间 {joined_party.isoformat()} 不合理（晚于今天或早于出生日期），请核对")
    joined = row_date(raw, "joined_on", "转入本支部时间")
    values = {
        "name": name,
        "id_number": info.number,
        "political": standing,
        "party_joined_on": joined_party,
        "branch": branch_id,
        "joined_on": joined,
        "member_notes": clean_text(raw.get("member_notes")),
    }
    for key in ("education", "phone"):
        text = clean_phone(raw.get(key)) if key == "phone" else clean_text(raw.get(key))
        if text:
            values[key] = text
    return MemberRecord(name, info.number, branch, values, id_mismatches(raw, info.sex, info.birth_date))


def _branches() -> dict[str, str]:
    return {
        str(name): str(branch_id)
        for branch_id, name in PartyBranch.live(PartyBranch.id, PartyBranch.name).tuples()
    }


def _members() -> dict[str, str]:
    query = (
        BranchMember.live(Person.id_number, Person.name, PartyBranch.name)
        .join(Person)
        .switch(BranchMember)
        .join(PartyBranch)
        .where(BranchMember.left_on.is_null() & Person.id_number.is_null(False))
        .tuples()
    )
    return {number: f"{name}，已是{branch}党员" for number, name, branch in query}


def plan_member_import(
    path: Path | str, progress: Progress = no_progress, sheet: str | None = None
) -> ImportPlan[MemberRecord]:
    """Read a member list and decide every row; nothing is written."""
    branches = _branches()
    members = _members()
    return plan_import(
        path,
        COLUMNS,
        lambda raw: convert_row(raw, branches),
        key_of=lambda r: r.id_number,
        existing=members.get,
        name_of=lambda raw: clean_name(raw.get("name")),
        progress=progress,
        sheet=sheet,
    )


def apply_member_import(plan: ImportPlan[MemberRecord], progress: Progress = no_progress) -> int:
    """Save every accepted row in one transaction; returns how many members were added."""
    total = len(plan.accepted)
    with database.atomic():
        for count, (number, record) in enumerate(plan.accepted, 1):
            try:
                save_member(None, record.values)
            except ValidationError as exc:
                raise ValidationError(
                    exc.field, f"第 {number} 行（{record.name}）：{exc.message}（未导入任何一行）"
                ) from exc
            if count % 50 == 0:
                progress(count, total)
    progress(total, total)
    return total
