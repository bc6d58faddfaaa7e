"""Importing the office's existing Excel roster of cadres (导入Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import database, refresh_statistics
from township_desk.models.base import insert_rows, new_id
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services import vocab
from township_desk.services.excel_import import ImportColumn, ImportPlan, RowRefused, plan_import
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.normalize import DateParseError, clean_name, clean_phone, clean_text, parse_date
from township_desk.services.people import village_ids
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.progress import Progress, no_progress

COLUMNS = (
    ImportColumn("name", "姓名", ("名字", "干部姓名"), required=True),
    ImportColumn("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码"), required=True),
    ImportColumn("sex", "性别"),
    ImportColumn("ethnicity", "民族"),
    ImportColumn("birth_date", "出生年月", ("出生日期", "出生年月日")),
    ImportColumn("village", "村(社区)", ("村", "社区", "村社区", "所在村", "村别", "单位", "所在村(社区)")),
    ImportColumn("post", "现任职务", ("职务", "现任职", "任职", "现职务", "两委职务"), required=True),
    ImportColumn("post_start", "任职时间", ("任现职时间", "任职日期", "任现职日期")),
    ImportColumn("education", "学历", ("文化程度", "全日制学历", "最高学历")),
    ImportColumn("political", "政治面貌", ("面貌",)),
    ImportColumn("party_joined_on", "入党时间", ("入党日期", "入党年月")),
    ImportColumn("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式")),
    ImportColumn("is_new", "新任", ("是否新任", "新任干部")),
)
TRUE_WORDS = {"是", "新任", "√", "✓", "y", "yes", "1", "true"}


@dataclass(frozen=True)
class CadreRecord:
    """One accepted row, cleaned."""

    name: str
    id_number: str
    sex: str
    birth_date: Any
    ethnicity: str
    village: str
    post: str
    post_start: Any
    education: str
    political: str
    party_joined_on: Any
    phone: str
    is_new: bool


def _date(raw: dict[str, Any], key: str, label: str) -> Any:
    try:
        return parse_date(raw.get(key))
    except DateParseError as exc:
        raise RowRefused(f"{label}{exc}") from exc


def _vocab(raw: dict[str, Any], key: str, vocabulary: vocab.Vocabulary) -> str:
    text = clean_text(raw.get(key))
    return (vocabulary.normalize(text) or text) if text else ""


def convert_row(raw: dict[str, Any]) -> CadreRecord:
    name = clean_name(raw.get("name"))
    if not name:
        raise RowRefused("没有姓名")
    try:
        info = parse_id_number(raw.get("id_number"))
    except IdNumberError as exc:
        raise RowRefused(str(exc)) from exc
    post = clean_text(raw.get("post"))
    if not post:
        raise RowRefused("没有现任职务")
    return CadreRecord(
        name=name,
        id_number=info.number,
        sex=info.sex,
        birth_date=info.birth_date,
        ethnicity=_vocab(raw, "ethnicity", vocab.ETHNICITY) or "汉族",
        village=clean_text(raw.get("village")),
        post=(vocab.CADRE_POSTS.normalize(post) or post) if post else "",
        post_start=_date(raw, "post_start", "任职时间"),
        education=_vocab(raw, "education", vocab.EDUCATION),
        political=_vocab(raw, "political", vocab.POLITICAL_STANDING),
        party_joined_on=_date(raw, "party_joined_on", "入党时间"),
        phone=clean_phone(raw.get("phone")),
        is_new=clean_text(raw.get("is_new")).lower() in TRUE_WORDS,
    )


def _holders() -> dict[str, str]:
    query = Person.live(Person.id_number, Person.name).where(Person.id_number.is_null(False)).tuples()
    return {number: name for number, name in query}


def plan_cadre_import(path: Path | str, progress: Progress = no_progress) -> ImportPlan[CadreRecord]:
    """Read a roster workbook and decide every row; nothing is written."""
    holders = _holders()
    return plan_import(
        path,
        COLUMNS,
        convert_row,
        key_of=lambda record: record.id_number,
        existing=holders.get,
        name_of=lambda raw: clean_name(raw.get("name")),
        progress=progress,
    )


def apply_cadre_import(plan: ImportPlan[CadreRecord], progress: Progress = no_progress) -> int:
    """Write the accepted rows in one transaction; rows whose person appeared meanwhile are skipped.

    Returns how many people were added.
    """
    added = 0
    total = len(plan.accepted)
    with database.atomic():
        holders = _holders()
        villages = village_ids(record.village for _row, record in plan.accepted if record.id_number not in holders)
        people: list[dict[str, Any]] = []
        posts: list[dict[str, Any]] = []
        for index, (_row, record) in enumerate(plan.accepted, 1):
            if record.id_number in holders:
                continue
            holders[record.id_number] = record.name
            village = villages.get(record.village)
            person_id = new_id()
            people.append({
                "id": person_id,
                "name": record.name,
                "initials": name_initials(record.name),
                "pinyin": name_pinyin(record.name),
                "id_number": record.id_number,
                "sex": record.sex,
                "birth_date": record.birth_date,
                "ethnicity": record.ethnicity,
                "political": record.political,
                "party_joined_on": record.party_joined_on,
                "education": record.education,
                "phone": record.phone,
                "village": village,
            })
            posts.append({
                "person": person_id, "village": village, "post": record.post,
                "started_on": record.post_start, "is_new": record.is_new,
            })
            added += 1
            if index % 500 == 0:
                progress(index, total)
        insert_rows(Person, people)
        insert_rows(CadrePost, posts)
        refresh_statistics()
        progress(total, total)
    return added
