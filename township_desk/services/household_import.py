"""Importing the office's Excel list of households (联系户花名册), with their paired members when given."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database, refresh_statistics
from township_desk.models.base import insert_rows, new_id, utc_now
from township_desk.models.households import Household, HouseholdPairing
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.cadre_import import RESTORE_NOTE, deleted_holders
from township_desk.services.excel_import import (
    ImportColumn,
    ImportPlan,
    RowRefused,
    id_mismatches,
    id_number_key,
    person_name,
    plan_import,
)
from township_desk.services.households import PARTY_MEMBERS, live, parse_member_count
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.normalize import DateParseError, clean_name, clean_phone, clean_text, parse_date
from township_desk.services.people import village_ids
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.progress import Progress, no_progress
from township_desk.services.recycle_bin import restore

COLUMNS = (
    ImportColumn("head", "户主姓名", ("户主", "姓名", "户主名字", "户名", "户主名称"), required=True),
    ImportColumn(
        "id_number",
        "身份证号",
        (
            "户主身份证号",
            "户主身份证号码",
            "身份证号码",
            "公民身份号码",
            "身份证",
            "证件号码",
            "户主公民身份号码",
        ),
    ),
    ImportColumn("sex", "性别", ("户主性别",)),
    ImportColumn("birth_date", "出生年月", ("出生日期", "出生年月日", "户主出生年月")),
    ImportColumn(
        "phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "户主电话", "户主联系电话")
    ),
    ImportColumn(
        "village", "村(社区)", ("村", "社区", "村社区", "所在村", "村别", "行政村", "所在村(社区)", "村居")
    ),
    ImportColumn("group", "村民小组", ("组", "小组", "组别", "村组", "所在组", "居民小组", "村民组")),
    ImportColumn("address", "家庭住址", ("住址", "地址", "家庭地址", "详细地址", "现住址", "居住地址")),
    ImportColumn(
        "member_count",
        "家庭人口",
        ("人口", "人口数", "家庭人口数", "家庭人数", "人数", "户人口", "家庭成员数"),
    ),
    ImportColumn("members", "家庭成员", ("家庭成员情况", "成员", "家庭主要成员", "家庭成员姓名")),
    ImportColumn(
        "category", "户类型", ("类别", "户别", "户属性", "家庭类别", "户类别", "农户类型", "类型", "户籍类型")
    ),
    ImportColumn(
        "member", "联系党员", ("结对党员", "联系人", "帮扶党员", "结对联系党员", "联系干部", "联系党员姓名")
    ),
    ImportColumn("paired_on", "结对时间", ("结对日期", "联系时间", "结对联系时间")),
    ImportColumn("notes", "备注", ("说明", "情况说明")),
)


@dataclass(frozen=True)
class HouseholdRecord:
    """One accepted row, cleaned; person_id is set when the head is already in the database.

    id_number is "" for a household listed without one (many village lists have none): such a household
    is known again by 户主姓名 + 村 + 村民小组.
    """

    head: str
    id_number: str
    sex: str
    birth_date: date | None
    phone: str
    village: str
    group: str
    address: str
    member_count: int | None
    members: str
    category: str
    member_id: str | None
    member: str
    paired_on: date | None
    notes: str
    person_id: str | None
    warnings: tuple[str, ...] = ()
    restore_id: str | None = None  # the head is in the recycle bin: restored with the import

    @property
    def key(self) -> str:
        return self.id_number or place_key(self.head, self.village, self.group)


def place_key(head: str, village: str, group: str) -> str:
    """How a household without an ID number is known again: 户主姓名 + 村 + 村民小组."""
    return f"户:{head}|{village}|{group}"


def describe_key(key: str) -> str:
    if key.startswith("户:"):
        head, village, group = key[2:].split("|")
        return f"户主姓名、村、村民小组相同：{head}，{village}{group}"
    return id_number_key(key)


class _Known:
    """What the database already holds, read once for the whole plan."""

    def __init__(self) -> None:
        self.households: dict[str, str] = {}
        self.without_number: set[str] = set()  # place keys of households whose head has no ID number
        for number, name, village, group in (
            Household.select(
                Household.head_id_number, Household.head_name, Village.name, Household.group_name
            )
            .join(Village, peewee.JOIN.LEFT_OUTER, on=Household.village == Village.id)
            .where(live(Household))
            .tuples()
        ):
            self.households[place_key(name, village or "", group)] = f"{name}户"
            if number:
                self.households[number] = f"{name}户"
            else:
                self.without_number.add(place_key(name, village or "", group))
        self.deleted = deleted_holders()
        self.people = {
            number: (str(person_id), name)
            for person_id, number, name in Person.live(Person.id, Person.id_number, Person.name)
            .where(Person.id_number.is_null(False))
            .tuples()
        }
        self.members: dict[str, list[str]] = {}
        for person_id, name in (
            Person.live(Person.id, Person.name).where(Person.political.in_(PARTY_MEMBERS)).tuples()
        ):
            self.members.setdefault(name, []).append(str(person_id))


def _group(value: object) -> str:
    """村民小组 as the office writes it; a bare number gets its 组 ("3" → "3组")."""
    text = clean_text(value).replace(" ", "")
    return f"{text}组" if text.isdigit() else text


def convert_row(raw: dict[str, Any], known: _Known) -> HouseholdRecord:
    head = person_name(raw.get("head"), "户主姓名")
    number, sex, birth = "", "", None
    warnings: tuple[str, ...] = ()
    person_id: str | None = None
    restore_id: str | None = None
    if clean_text(raw.get("id_number")):
        try:
            info = parse_id_number(raw.get("id_number"))
        except IdNumberError as exc:
            raise RowRefused(str(exc)) from exc
        number, sex, birth = info.number, info.sex, info.birth_date
        warnings = id_mismatches(raw, sex, birth)
        holder = known.people.get(number)
        if holder is not None:
            if holder[1] != head:
                raise RowRefused(f"身份证号 {number} 已登记在“{holder[1]}”名下，与户主姓名“{head}”不符")
            person_id = holder[0]
        else:
            restore_id = known.deleted.get(number)
            if restore_id is not None:
                warnings += (RESTORE_NOTE,)
    try:
        member_count = parse_member_count(raw.get("member_count"))
    except ValueError as exc:
        raise RowRefused(str(exc)) from exc
    category_text = clean_text(raw.get("category"))
    category = (
        (vocab.HOUSEHOLD_CATEGORIES.normalize(category_text) or category_text) if category_text else "一般户"
    )
    member = clean_name(raw.get("member"))
    member_id: str | None = None
    if member:
        found = known.members.get(member, [])
        if not found:
            raise RowRefused(f"联系党员“{member}”不在库中（或不是党员），请先录入该党员，或清空此格")
        if len(found) > 1:
            raise RowRefused(
                f"库中有 {len(found)} 名党员叫“{member}”，无法确定联系党员，请清空此格后在软件中结对"
            )
        member_id = found[0]
    try:
        paired_on = parse_date(raw.get("paired_on"))
    except DateParseError as exc:
        raise RowRefused(f"结对时间{exc}") from exc
    village, group = clean_text(raw.get("village")), _group(raw.get("group"))
    if number and place_key(head, village, group) in known.without_number:
        raise RowRefused(
            f"已在库中（{head}户，{village}{group}，登记时没有身份证号），不重复导入；"
            "如需补登身份证号，请在联系户中修改"
        )
    return HouseholdRecord(
        head=head,
        id_number=number,
        sex=sex,
        birth_date=birth,
        phone=clean_phone(raw.get("phone")),
        village=village,
        group=group,
        address=clean_text(raw.get("address")),
        member_count=member_count,
        members=clean_text(raw.get("members")),
        category=category,
        member_id=member_id,
        member=member,
        paired_on=paired_on,
        notes=clean_text(raw.get("notes")),
        person_id=person_id,
        warnings=warnings,
        restore_id=restore_id,
    )


def plan_household_import(
    path: Path | str, progress: Progress = no_progress, sheet: str | None = None
) -> ImportPlan[HouseholdRecord]:
    """Read a household workbook (the named sheet, or the one with a header) and decide every row; nothing is
    written. A household is the same as one in the database, or an earlier row, by its head's ID number, or
    when it has none, by 户主姓名 + 村 + 村民小组."""
    known = _Known()
    return plan_import(
        path,
        COLUMNS,
        lambda raw: convert_row(raw, known),
        key_of=lambda record: record.key,
        existing=known.households.get,
        name_of=lambda raw: clean_name(raw.get("head")),
        progress=progress,
        sheet=sheet,
        describe_key=describe_key,
    )


def _restore_head(record: HouseholdRecord, village_id: str | None) -> str | None:
    """Bring the head back from the recycle bin (with the household deleted with them); returns the id of
    their household when it came back too, which is then updated instead of a second one being added."""
    assert record.restore_id is not None
    restore("Person", record.restore_id)
    fields: dict[str, Any] = {
        "name": record.head,
        "initials": name_initials(record.head),
        "pinyin": name_pinyin(record.head),
        "updated_at": utc_now(),
    }
    if record.phone:
        fields["phone"] = record.phone
    Person.update(**fields).where(Person.id == record.restore_id).execute()
    household = Household.live().where(Household.head == record.restore_id).first()
    if household is None:
        return None
    Household.update(
        village=village_id,
        group_name=record.group,
        address=record.address or household.address,
        member_count=record.member_count if record.member_count is not None else household.member_count,
        members=record.members or household.members,
        category=record.category,
        notes=record.notes or household.notes,
        updated_at=utc_now(),
    ).where(Household.id == household.id).execute()
    return str(household.id)


def apply_household_import(plan: ImportPlan[HouseholdRecord], progress: Progress = no_progress) -> int:
    """Write the accepted rows in one transaction with bulk inserts; returns how many households were added.

    Rows whose household appeared meanwhile (another import, another window) are skipped. A head in the
    recycle bin is restored (with their household, when it was deleted with them) instead of doubled.
    """
    total = len(plan.accepted)
    added = 0
    with database.atomic():
        known = _Known()
        villages = village_ids(
            record.village for _row, record in plan.accepted if record.key not in known.households
        )
        people: list[dict[str, Any]] = []
        households: list[dict[str, Any]] = []
        pairings: list[dict[str, Any]] = []
        for index, (_row, record) in enumerate(plan.accepted, 1):
            if record.key in known.households:
                continue
            known.households[record.key] = record.head
            village_id = villages.get(record.village)
            household_id: str | None = None
            number = record.id_number
            person_id = (record.person_id or (known.people.get(number) or (None, ""))[0]) if number else None
            if person_id is None and number and known.deleted.get(number):
                restored = known.deleted.pop(number)
                record = replace(record, restore_id=restored)
                household_id = _restore_head(record, village_id)
                known.people[number] = (restored, record.head)
                person_id = restored
            if person_id is None:
                person_id = new_id()
                if number:
                    known.people[number] = (person_id, record.head)
                people.append(
                    {
                        "id": person_id,
                        "name": record.head,
                        "initials": name_initials(record.head),
                        "pinyin": name_pinyin(record.head),
                        "id_number": number or None,
                        "sex": record.sex,
                        "birth_date": record.birth_date,
                        "ethnicity": "汉族",
                        "political": "群众",
                        "party_joined_on": None,
                        "education": "",
                        "phone": record.phone,
                        "village": village_id,
                        "notes": "",
                    }
                )
            if household_id is None:
                household_id = new_id()
                households.append(
                    {
                        "id": household_id,
                        "head": person_id,
                        "village": village_id,
                        "group_name": record.group,
                        "address": record.address,
                        "member_count": record.member_count,
                        "members": record.members,
                        "category": record.category,
                        "notes": record.notes,
                    }
                )
            elif (
                record.member_id
                and HouseholdPairing.live()
                .where(
                    (HouseholdPairing.household == household_id)
                    & (HouseholdPairing.member == record.member_id)
                    & HouseholdPairing.ended_on.is_null()
                )
                .exists()
            ):
                record = replace(record, member_id=None)
            if record.member_id:
                pairings.append(
                    {
                        "id": new_id(),
                        "member": record.member_id,
                        "household": household_id,
                        "started_on": record.paired_on or clock.today(),
                        "ended_on": None,
                        "notes": "",
                    }
                )
            added += 1
            if index % 500 == 0:
                progress(index, total)
        insert_rows(Person, people)
        insert_rows(Household, households)
        insert_rows(HouseholdPairing, pairings)
        refresh_statistics(models=(Person, Household, HouseholdPairing))
        progress(total, total)
    return added
