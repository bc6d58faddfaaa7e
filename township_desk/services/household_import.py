"""Importing the office's Excel list of households (联系户花名册), with their paired members when given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from township_desk.db import database, refresh_statistics
from township_desk.models.base import insert_rows, new_id
from township_desk.models.households import Household, HouseholdPairing
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.excel_import import ImportColumn, ImportPlan, RowRefused, plan_import
from township_desk.services.households import PARTY_MEMBERS, live, parse_member_count
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.normalize import DateParseError, clean_name, clean_phone, clean_text, parse_date
from township_desk.services.people import village_ids
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.progress import Progress, no_progress

COLUMNS = (
    ImportColumn("head", "户主姓名", ("户主", "姓名", "户主名字", "户名", "户主名称"), required=True),
    ImportColumn(
        "id_number", "身份证号",
        ("户主身份证号", "户主身份证号码", "身份证号码", "公民身份号码", "身份证", "证件号码", "户主公民身份号码"),
        required=True,
    ),
    ImportColumn("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "户主电话", "户主联系电话")),
    ImportColumn("village", "村(社区)", ("村", "社区", "村社区", "所在村", "村别", "行政村", "所在村(社区)", "村居")),
    ImportColumn("group", "村民小组", ("组", "小组", "组别", "村组", "所在组", "居民小组", "村民组")),
    ImportColumn("address", "家庭住址", ("住址", "地址", "家庭地址", "详细地址", "现住址", "居住地址")),
    ImportColumn("member_count", "家庭人口", ("人口", "人口数", "家庭人口数", "家庭人数", "人数", "户人口", "家庭成员数")),
    ImportColumn("members", "家庭成员", ("家庭成员情况", "成员", "家庭主要成员", "家庭成员姓名")),
    ImportColumn("category", "户类型", ("类别", "户别", "户属性", "家庭类别", "户类别", "农户类型", "类型", "户籍类型")),
    ImportColumn("member", "联系党员", ("结对党员", "联系人", "帮扶党员", "结对联系党员", "联系干部", "联系党员姓名")),
    ImportColumn("paired_on", "结对时间", ("结对日期", "联系时间", "结对联系时间")),
    ImportColumn("notes", "备注", ("说明", "情况说明")),
)


@dataclass(frozen=True)
class HouseholdRecord:
    """One accepted row, cleaned; person_id is set when the head is already in the database."""

    head: str
    id_number: str
    sex: str
    birth_date: date
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


class _Known:
    """What the database already holds, read once for the whole plan."""

    def __init__(self) -> None:
        self.households = {
            number: f"{name}户" for number, name in
            Household.select(Household.head_id_number, Household.head_name)
            .where(live(Household) & (Household.head_id_number != "")).tuples()
        }
        self.people = {
            number: (str(person_id), name) for person_id, number, name in
            Person.live(Person.id, Person.id_number, Person.name).where(Person.id_number.is_null(False)).tuples()
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
    head = clean_name(raw.get("head"))
    if not head:
        raise RowRefused("没有户主姓名")
    try:
        info = parse_id_number(raw.get("id_number"))
    except IdNumberError as exc:
        raise RowRefused(str(exc)) from exc
    person_id: str | None = None
    holder = known.people.get(info.number)
    if holder is not None:
        if holder[1] != head:
            raise RowRefused(f"身份证号 {info.number} 已登记在“{holder[1]}”名下，与户主姓名“{head}”不符")
        person_id = holder[0]
    try:
        member_count = parse_member_count(raw.get("member_count"))
    except ValueError as exc:
        raise RowRefused(str(exc)) from exc
    category_text = clean_text(raw.get("category"))
    category = (vocab.HOUSEHOLD_CATEGORIES.normalize(category_text) or category_text) if category_text else "一般户"
    member = clean_name(raw.get("member"))
    member_id: str | None = None
    if member:
        found = known.members.get(member, [])
        if not found:
            raise RowRefused(f"联系党员“{member}”不在库中（或不是党员），请先录入该党员，或清空此格")
        if len(found) > 1:
            raise RowRefused(f"库中有 {len(found)} 名党员叫“{member}”，无法确定联系党员，请清空此格后在软件中结对")
        member_id = found[0]
    try:
        paired_on = parse_date(raw.get("paired_on"))
    except DateParseError as exc:
        raise RowRefused(f"结对时间{exc}") from exc
    return HouseholdRecord(
        head=head, id_number=info.number, sex=info.sex, birth_date=info.birth_date,
        phone=clean_phone(raw.get("phone")), village=clean_text(raw.get("village")), group=_group(raw.get("group")),
        address=clean_text(raw.get("address")), member_count=member_count, members=clean_text(raw.get("members")),
        category=category, member_id=member_id, member=member, paired_on=paired_on,
        notes=clean_text(raw.get("notes")), person_id=person_id,
    )


def plan_household_import(path: Path | str, progress: Progress = no_progress) -> ImportPlan[HouseholdRecord]:
    """Read a household workbook and decide every row; nothing is written."""
    known = _Known()
    return plan_import(
        path,
        COLUMNS,
        lambda raw: convert_row(raw, known),
        key_of=lambda record: record.id_number,
        existing=known.households.get,
        name_of=lambda raw: clean_name(raw.get("head")),
        progress=progress,
    )


def apply_household_import(plan: ImportPlan[HouseholdRecord], progress: Progress = no_progress) -> int:
    """Write the accepted rows in one transaction with bulk inserts; returns how many households were added.

    Rows whose household appeared meanwhile (another import, another window) are skipped.
    """
    total = len(plan.accepted)
    added = 0
    with database.atomic():
        known = _Known()
        villages = village_ids(record.village for _row, record in plan.accepted
                               if record.id_number not in known.households)
        people: list[dict[str, Any]] = []
        households: list[dict[str, Any]] = []
        pairings: list[dict[str, Any]] = []
        for index, (_row, record) in enumerate(plan.accepted, 1):
            if record.id_number in known.households:
                continue
            known.households[record.id_number] = record.head
            village_id = villages.get(record.village)
            person_id = record.person_id or (known.people.get(record.id_number) or (None, ""))[0]
            if person_id is None:
                person_id = new_id()
                known.people[record.id_number] = (person_id, record.head)
                people.append({
                    "id": person_id, "name": record.head, "initials": name_initials(record.head),
                    "pinyin": name_pinyin(record.head), "id_number": record.id_number, "sex": record.sex,
                    "birth_date": record.birth_date, "ethnicity": "汉族", "political": "群众",
                    "party_joined_on": None, "education": "", "phone": record.phone, "village": village_id,
                    "notes": "",
                })
            household_id = new_id()
            households.append({
                "id": household_id, "head": person_id, "village": village_id, "group_name": record.group,
                "address": record.address, "member_count": record.member_count, "members": record.members,
                "category": record.category, "notes": record.notes,
            })
            if record.member_id:
                pairings.append({
                    "id": new_id(), "member": record.member_id, "household": household_id,
                    "started_on": record.paired_on or clock.today(), "ended_on": None, "notes": "",
                })
            added += 1
            if index % 500 == 0:
                progress(index, total)
        insert_rows(Person, people)
        insert_rows(Household, households)
        insert_rows(HouseholdPairing, pairings)
        refresh_statistics()
        progress(total, total)
    return added
