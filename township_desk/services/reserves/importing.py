"""Importing the office's 后备干部 list (导入Excel): one reserve a row, the person found by ID number or added.

Each accepted row is saved through save_reserve (the form's own rules), all rows in one transaction: a row
refused while writing (someone registered meanwhile) undoes the whole import and names the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.cadres import ReserveCadre
from township_desk.models.people import Person
from township_desk.services import clock
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
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.reserves.records import save_reserve

COLUMNS = (
    ImportColumn("name", "姓名", ("名字", "后备干部姓名"), required=True),
    ImportColumn(
        "id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码"), required=True
    ),
    ImportColumn("sex", "性别"),
    ImportColumn("birth_date", "出生年月", ("出生日期", "出生年月日")),
    ImportColumn("village", "村(社区)", ("村", "社区", "所在村", "村别", "所在村(社区)")),
    ImportColumn("programme", "培养工程", ("培养计划", "工程", "后备类别"), required=True),
    ImportColumn("registered_on", "入库时间", ("入库日期", "纳入时间", "确定时间"), required=True),
    ImportColumn("nomination", "推荐方式", ("产生方式", "推荐方法")),
    ImportColumn("education", "学历", ("文化程度", "最高学历")),
    ImportColumn("political", "政治面貌", ("面貌",)),
    ImportColumn("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式")),
    ImportColumn("training", "培养情况", ("培养措施", "培训情况", "跟岗锻炼")),
    ImportColumn("reserve_notes", "备注", ("说明",)),
)


@dataclass(frozen=True)
class ReserveRecord:
    name: str
    id_number: str
    values: dict[str, Any]  # the form's values, as save_reserve takes them
    warnings: tuple[str, ...] = ()


def convert_row(raw: dict[str, Any]) -> ReserveRecord:
    name = person_name(raw.get("name"))
    info = row_id_number(raw)
    programme = clean_text(raw.get("programme"))
    if not programme:
        raise RowRefused("没有培养工程（青蓝工程、育青计划或其他）")
    registered = row_date(raw, "registered_on", "入库时间")
    if registered is None:
        raise RowRefused("没有入库时间")
    if registered > clock.today():
        raise RowRefused(f"入库时间 {registered.isoformat()} 晚于今天")
    if registered < info.birth_date:
        raise RowRefused(
            f"入库时间 {registered.isoformat()} 早于出生日期 {info.birth_date.isoformat()}，请核对"
        )
    values = {
        "name": name,
        "id_number": info.number,
        "village": clean_text(raw.get("village")),
        "education": clean_text(raw.get("education")),
        "political": clean_text(raw.get("political")),
        "phone": clean_phone(raw.get("phone")),
        "programme": programme,
        "registered_on": registered,
        "nomination": clean_text(raw.get("nomination")),
        "training": clean_text(raw.get("training")),
        "reserve_notes": clean_text(raw.get("reserve_notes")),
    }
    return ReserveRecord(name, info.number, values, id_mismatches(raw, info.sex, info.birth_date))


def _in_pool() -> dict[str, str]:
    query = (
        ReserveCadre.live(Person.id_number, Person.name)
        .join(Person)
        .where(Person.id_number.is_null(False))
        .tuples()
    )
    return {number: f"{name}，已在后备干部库中" for number, name in query}


def plan_reserve_import(
    path: Path | str, progress: Progress = no_progress, sheet: str | None = None
) -> ImportPlan[ReserveRecord]:
    """Read a reserve list and decide every row; nothing is written."""
    pool = _in_pool()
    return plan_import(
        path,
        COLUMNS,
        convert_row,
        key_of=lambda record: record.id_number,
        existing=pool.get,
        name_of=lambda raw: clean_name(raw.get("name")),
        progress=progress,
        sheet=sheet,
    )


def _kept(values: dict[str, Any]) -> dict[str, Any]:
    """A row for someone already registered (a serving cadre): what the sheet leaves empty keeps its value."""
    person = Person.live().where(Person.id_number == values["id_number"]).first()
    if person is None:
        return values
    kept = dict(values)
    current = {
        "village": person.village.name if person.village_id else "",
        "education": person.education or "",
        "political": person.political or "",
        "phone": person.phone or "",
    }
    for key, value in current.items():
        if not kept.get(key):
            kept[key] = value
    kept["name"] = person.name
    kept["ethnicity"] = person.ethnicity or ""
    kept["party_joined_on"] = person.party_joined_on
    return kept


def apply_reserve_import(plan: ImportPlan[ReserveRecord], progress: Progress = no_progress) -> int:
    """Save every accepted row in one transaction; returns how many reserves were added."""
    total = len(plan.accepted)
    with database.atomic():
        for count, (number, record) in enumerate(plan.accepted, 1):
            try:
                save_reserve(None, _kept(record.values))
            except ValidationError as exc:
                raise ValidationError(
                    exc.field, f"第 {number} 行（{record.name}）：{exc.message}（未导入任何一行）"
                ) from exc
            if count % 50 == 0:
                progress(count, total)
    progress(total, total)
    return total


__all__ = ["COLUMNS", "ReserveRecord", "apply_reserve_import", "convert_row", "plan_reserve_import"]
