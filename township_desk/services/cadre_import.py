"""Importing the office's existing Excel roster of cadres (导入Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import database, refresh_statistics
from township_desk.models.base import insert_rows, new_id, utc_now
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services import vocab
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
from township_desk.services.people import village_ids
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.progress import Progress, no_progress
from township_desk.services.recycle_bin import restore

COLUMNS = (
    ImportColumn("name", "姓名", ("名字", "干部姓名"), required=True),
    ImportColumn(
        "id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码"), required=True
    ),
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
    warnings: tuple[str, ...] = ()
    restore_id: str | None = None  # a person in the recycle bin with this ID number: restored, not doubled


def _vocab(raw: dict[str, Any], key: str, vocabulary: vocab.Vocabulary) -> str:
    text = clean_text(raw.get(key))
    return (vocabulary.normalize(text) or text) if text else ""


RESTORE_NOTE = "回收站中有此人，导入时将恢复"


def convert_row(raw: dict[str, Any], deleted: dict[str, str] | None = None) -> CadreRecord:
    """One row as a record, or RowRefused; deleted maps ID numbers of people in the recycle bin to their ids."""
    name = person_name(raw.get("name"))
    info = row_id_number(raw)
    post = clean_text(raw.get("post"))
    if not post:
        raise RowRefused("没有现任职务")
    post_start = row_date(raw, "post_start", "任职时间")
    party_joined_on = row_date(raw, "party_joined_on", "入党时间")
    if post_start and post_start < info.birth_date:
        raise RowRefused(
            f"任职时间 {post_start.isoformat()} 早于出生日期 {info.birth_date.isoformat()}，请核对"
        )
    if party_joined_on and party_joined_on < info.birth_date:
        raise RowRefused(
            f"入党时间 {party_joined_on.isoformat()} 早于出生日期 {info.birth_date.isoformat()}，请核对"
        )
    warnings = id_mismatches(raw, info.sex, info.birth_date)
    restore_id = (deleted or {}).get(info.number)
    if restore_id is not None:
        warnings += (RESTORE_NOTE,)
    return CadreRecord(
        name=name,
        id_number=info.number,
        sex=info.sex,
        birth_date=info.birth_date,
        ethnicity=_vocab(raw, "ethnicity", vocab.ETHNICITY) or "汉族",
        village=clean_text(raw.get("village")),
        post=(vocab.CADRE_POSTS.normalize(post) or post) if post else "",
        post_start=post_start,
        education=_vocab(raw, "education", vocab.EDUCATION),
        political=_vocab(raw, "political", vocab.POLITICAL_STANDING),
        party_joined_on=party_joined_on,
        phone=clean_phone(raw.get("phone")),
        is_new=clean_text(raw.get("is_new")).lower() in TRUE_WORDS,
        warnings=warnings,
        restore_id=restore_id,
    )


def _holders() -> dict[str, str]:
    query = Person.live(Person.id_number, Person.name).where(Person.id_number.is_null(False)).tuples()
    return {number: name for number, name in query}


def deleted_holders() -> dict[str, str]:
    """ID number → id of the person in the recycle bin holding it (the latest deleted), where no live person does."""
    query = (
        Person.select(Person.id, Person.id_number)
        .where(Person.deleted_at.is_null(False) & Person.id_number.is_null(False))
        .order_by(Person.deleted_at)
        .tuples()
    )
    live = _holders()
    return {number: str(person_id) for person_id, number in query if number not in live}


def plan_cadre_import(
    path: Path | str, progress: Progress = no_progress, sheet: str | None = None
) -> ImportPlan[CadreRecord]:
    """Read a roster workbook (the named sheet, or the one with a header) and decide every row; nothing is written."""
    holders = _holders()
    deleted = deleted_holders()
    return plan_import(
        path,
        COLUMNS,
        lambda raw: convert_row(raw, deleted),
        key_of=lambda record: record.id_number,
        existing=holders.get,
        name_of=lambda raw: clean_name(raw.get("name")),
        progress=progress,
        sheet=sheet,
    )


def _person_fields(record: CadreRecord, village: str | None) -> dict[str, Any]:
    return {
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
    }


def _post_fields(record: CadreRecord, person_id: str, village: str | None) -> dict[str, Any]:
    """The current post a row gives its person."""
    return {
        "person": person_id,
        "village": village,
        "post": record.post,
        "started_on": record.post_start,
        "is_new": record.is_new,
    }


def _restore(record: CadreRecord, village: str | None) -> None:
    """Bring the person back from the recycle bin with what they were deleted with, then take the row's values."""
    assert record.restore_id is not None
    restore("Person", record.restore_id)
    fields = _person_fields(record, village)
    if not record.phone:
        fields.pop("phone")
    for key in ("political", "education", "party_joined_on"):
        if not fields[key]:
            fields.pop(key)
    Person.update(**fields, updated_at=utc_now()).where(Person.id == record.restore_id).execute()
    post = (
        CadrePost.live()
        .where((CadrePost.person == record.restore_id) & CadrePost.ended_on.is_null())
        .order_by(CadrePost.started_on.desc())
        .first()
    )
    if post is None:
        insert_rows(CadrePost, [_post_fields(record, record.restore_id, village)])
        return
    post.village, post.post, post.is_new = village, record.post, record.is_new
    post.started_on = record.post_start or post.started_on
    post.save()


def apply_cadre_import(plan: ImportPlan[CadreRecord], progress: Progress = no_progress) -> int:
    """Write the accepted rows in one transaction; rows whose person appeared meanwhile are skipped.

    A row whose ID number belongs to a person in the recycle bin restores that person (counted as added).
    Returns how many people were added.
    """
    added = 0
    total = len(plan.accepted)
    with database.atomic():
        holders = _holders()
        deleted = deleted_holders()
        villages = village_ids(
            record.village for _row, record in plan.accepted if record.id_number not in holders
        )
        people: list[dict[str, Any]] = []
        posts: list[dict[str, Any]] = []
        for index, (_row, record) in enumerate(plan.accepted, 1):
            if record.id_number in holders:
                continue
            holders[record.id_number] = record.name
            village = villages.get(record.village)
            if record.restore_id is not None and record.id_number in deleted:
                _restore(record, village)
                added += 1
                continue
            person_id = new_id()
            people.append({"id": person_id, **_person_fields(record, village)})
            posts.append(_post_fields(record, person_id, village))
            added += 1
            if index % 500 == 0:
                progress(index, total)
        insert_rows(Person, people)
        insert_rows(CadrePost, posts)
        refresh_statistics(models=(Person, CadrePost))
        progress(total, total)
    return added
