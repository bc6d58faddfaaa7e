"""The cadre file's own records, entered per person: 简历 lines, education, rewards and penalties, family,
the photo; and 简历 lines imported from Excel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.elections import (
    EducationRecord,
    FamilyMember,
    PersonPhoto,
    ResumeLine,
    RewardPenalty,
)
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.excel_import import ImportColumn, ImportPlan, RowRefused, plan_import
from township_desk.services.normalize import DateParseError, clean_text, parse_date
from township_desk.services.people import parse_date_field
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values

PHOTO_LIMIT = 2 * 1024 * 1024
PHOTO_KINDS = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


@dataclass(frozen=True)
class RecordKind:
    """One kind of the file's records: its model, title and fields (dates are the first date field)."""

    key: str
    title: str
    model: type[peewee.Model]
    fields: tuple[Field, ...]


KINDS = {
    "resume": RecordKind(
        "resume",
        "简历",
        ResumeLine,
        (
            Field("started_on", "起始时间", "date", required=True, placeholder="如 2015.03"),
            Field("ended_on", "终止时间", "date", placeholder="留空：至今"),
            Field("unit", "单位", required=True),
            Field("post", "职务"),
        ),
    ),
    "education": RecordKind(
        "education",
        "学历学位",
        EducationRecord,
        (
            Field("mode", "类别", "choice", choices=lambda: ["全日制", "在职"], editable_choice=False),
            Field("level", "学历", "choice", required=True, choices=vocab.EDUCATION.labels),
            Field("school", "毕业院校"),
            Field("major", "专业"),
            Field("graduated_on", "毕业时间", "date"),
        ),
    ),
    "reward": RecordKind(
        "reward",
        "奖惩情况",
        RewardPenalty,
        (
            Field("given_on", "时间", "date", required=True),
            Field("kind", "类别", "choice", choices=lambda: ["奖励", "惩处"], editable_choice=False),
            Field("title", "名称", required=True),
            Field("given_by", "批准机关"),
        ),
    ),
    "family": RecordKind(
        "family",
        "家庭主要成员",
        FamilyMember,
        (
            Field(
                "relation",
                "称谓",
                "choice",
                required=True,
                choices=lambda: ["配偶", "父亲", "母亲", "儿子", "女儿"],
            ),
            Field("name", "姓名", required=True),
            Field("birth_year", "出生年份", placeholder="如 1975"),
            Field("political", "政治面貌", "choice", choices=vocab.POLITICAL_STANDING.labels),
            Field("work", "工作单位及职务"),
        ),
    ),
}


def _clean(kind: RecordKind, values: Mapping[str, Any], birth: date | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in kind.fields:
        if field.kind == "date":
            day = parse_date_field(values, field.key, field.label)
            if field.required and day is None:
                raise ValidationError(field.key, f"请填写“{field.label}”。")
            if day is not None and day > clock.today():
                raise ValidationError(field.key, f"“{field.label}”不能晚于今天。")
            if day is not None and birth is not None and day < birth and kind.key != "family":
                raise ValidationError(field.key, f"“{field.label}”早于出生日期，请核对。")
            out[field.key] = day
        elif field.key == "birth_year":
            text = clean_text(values.get(field.key))
            if text and not (text.isdigit() and 1900 <= int(text) <= clock.today().year):
                raise ValidationError(field.key, "“出生年份”应为四位年份，如 1975。")
            out[field.key] = int(text) if text else None
        else:
            text = clean_text(values.get(field.key))
            if field.required and not text:
                raise ValidationError(field.key, f"请填写“{field.label}”。")
            out[field.key] = text
    started, ended = out.get("started_on"), out.get("ended_on")
    if started and ended and ended < started:
        raise ValidationError("ended_on", "终止时间早于起始时间，请核对。")
    return out


def record_form(kind_key: str, person_id: str) -> FormSpec:
    """The form of one record of the person's file (add with record id None, or edit)."""
    kind = KINDS[kind_key]
    person = Person.get_by_id(person_id)

    def load(record_id: str | None) -> Values:
        if record_id is None:
            return {"mode": "全日制", "kind": "奖励"}
        row = kind.model.get_by_id(record_id)
        return {f.key: getattr(row, f.key) or "" for f in kind.fields}

    def save(record_id: str | None, values: Mapping[str, Any]) -> str:
        fields = _clean(kind, values, person.birth_date)
        with database.atomic():
            if record_id is None:
                row = kind.model.create(person=person_id, **fields)
            else:
                row = kind.model.get_by_id(record_id)
                for key, value in fields.items():
                    setattr(row, key, value)
                row.save()
        return str(row.id)

    return FormSpec(f"{kind.title}（{person.name}）", (Section(kind.title, kind.fields),), load, save)


def set_photo(person_id: str, path: Path) -> str:
    """Keep a JPEG or PNG (≤ 2 MB) as the person's photo, replacing the one before."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("photo", f"无法读取照片文件“{path.name}”：{exc.strerror or exc}") from exc
    if not any(data.startswith(magic) for magic in PHOTO_KINDS):
        raise ValidationError("photo", f"“{path.name}”不是 JPG 或 PNG 图片。")
    if len(data) > PHOTO_LIMIT:
        raise ValidationError("photo", f"照片“{path.name}”超过 2MB，请先缩小。")
    with database.atomic():
        PersonPhoto.delete().where(PersonPhoto.person == person_id).execute()
        photo = PersonPhoto.create(person=person_id, image=data, file_name=path.name)
    return str(photo.id)


RESUME_COLUMNS = (
    ImportColumn("name", "姓名", (), required=True),
    ImportColumn("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    ImportColumn("started_on", "起始时间", ("开始时间", "起始年月", "起"), required=True),
    ImportColumn("ended_on", "终止时间", ("结束时间", "终止年月", "止")),
    ImportColumn("unit", "单位", ("工作单位", "单位及职务"), required=True),
    ImportColumn("post", "职务", ()),
)


def _resume_row(raw: dict[str, Any]) -> dict[str, Any]:
    name = clean_text(raw.get("name"))
    id_number = clean_text(raw.get("id_number")).upper()
    query = Person.live().where(Person.name == name)
    if id_number:
        query = query.where(Person.id_number == id_number)
    people = list(query.limit(2))
    if not people:
        raise RowRefused(f"库中没有此人（{name}）")
    if len(people) > 1:
        raise RowRefused(f"有多人名为“{name}”，请填写身份证号")
    ended_text = clean_text(raw.get("ended_on"))
    try:
        started = parse_date(raw.get("started_on"))
        ended = None if ended_text in ("至今", "今", "现在") else parse_date(raw.get("ended_on"))
    except DateParseError as exc:
        raise RowRefused(str(exc)) from None
    try:
        fields = _clean(
            KINDS["resume"],
            {"started_on": started, "ended_on": ended, "unit": raw.get("unit"), "post": raw.get("post")},
            people[0].birth_date,
        )
    except ValidationError as exc:
        raise RowRefused(exc.message) from None
    return {"person": people[0].id, **fields}


def plan_resume(path: Path, progress: Progress = no_progress) -> ImportPlan[dict[str, Any]]:
    def key(row: dict[str, Any]) -> str:
        return f"{row['person']}|{row['started_on']}|{row['unit']}|{row['post']}"

    def existing(text: str) -> str | None:
        person, started, unit, post = text.split("|")
        found = ResumeLine.live().where(
            (ResumeLine.person == person)
            & (ResumeLine.started_on == started)
            & (ResumeLine.unit == unit)
            & (ResumeLine.post == post)
        )
        return "这一行简历" if found.exists() else None

    return plan_import(
        path, RESUME_COLUMNS, _resume_row, key, existing, lambda raw: clean_text(raw.get("name")), progress
    )


def apply_resume(plan: ImportPlan[dict[str, Any]], progress: Progress = no_progress) -> int:
    with database.atomic():
        for _row, fields in plan.accepted:
            ResumeLine.create(**fields)
    return len(plan.accepted)
