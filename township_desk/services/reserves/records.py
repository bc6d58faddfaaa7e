"""后备干部: the declared fields, the reserve list and the record form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.cadres import ReserveCadre
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.fields import Decl, Fields, of
from township_desk.services.listing import Listing, Row, in_listed_order
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    PERSON,
    PERSON_FIELDS,
    age_on,
    clean_person,
    derive_person,
    person_search,
    person_values,
    save_person,
    vocab_field,
)
from township_desk.services.records import FormSpec, Section, ValidationError, Values, find

TRAINING = "培养中"
APPOINTED = "已任用"
LEFT = "退出"


# ---------------------------------------------------------------- the fields, declared once

RESERVE = Fields(
    PERSON,
    of(
        ReserveCadre.programme,
        "choice",
        required=True,
        vocabulary=vocab.RESERVE_PROGRAMMES,
        sort=ReserveCadre.programme,
        width=80,
    ),
    of(
        ReserveCadre.registered_on,
        "date",
        required=True,
        placeholder="如 2022.03",
        sort=ReserveCadre.registered_on,
        align="center",
        width=85,
    ),
    of(
        ReserveCadre.nomination,
        "choice",
        vocabulary=vocab.RESERVE_NOMINATIONS,
        sort=ReserveCadre.nomination,
        width=75,
    ),
    of(
        ReserveCadre.status,
        "choice",
        vocabulary=vocab.RESERVE_STATUS,
        editable_choice=False,
        tooltip="任用请用“任用”按钮，以便记录任用时间和职务",
        sort=in_listed_order(ReserveCadre.status, vocab.RESERVE_STATUS.labels()),
        align="center",
        width=60,
    ),
    of(ReserveCadre.appointed_on, "date", sort=ReserveCadre.appointed_on, align="center", width=85),
    of(ReserveCadre.appointed_post, sort=ReserveCadre.appointed_post, width=130),
    of(
        ReserveCadre.training,
        "multiline",
        placeholder="参加的培训、跟岗锻炼等",
        sort=ReserveCadre.training,
        width=260,
    ),
    Decl("appointment", "任用情况", "readonly"),
    of(ReserveCadre.notes, "multiline", key="reserve_notes"),
)


class ReserveListing(Listing):
    """The reserve pool, one row per reserve record, with programme, status and appointment."""

    title = "后备干部"

    def __init__(self) -> None:
        self.columns = RESERVE.columns(
            "name",
            "sex",
            "age",
            "education",
            "political",
            "village",
            "programme",
            "registered_on",
            "nomination",
            "status",
            "appointed_on",
            "appointed_post",
            "training",
            name={"width": 70},
            education={"width": 75},
            political={"width": 85},
            village={"width": 90},
        )
        self.default_sort = (
            Village.sort_order,
            in_listed_order(ReserveCadre.status, vocab.RESERVE_STATUS.labels()),
            Person.pinyin,
        )
        self.filters = (
            RESERVE.filter("programme"),
            RESERVE.filter("status"),
            RESERVE.filter("village", where=lambda value: Village.name == value),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            ReserveCadre.select(ReserveCadre, Person, Village)
            .join(Person, on=(ReserveCadre.person == Person.id))
            .switch(ReserveCadre)
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(ReserveCadre.village == Village.id))
            .where(ReserveCadre.deleted_at.is_null() & Person.deleted_at.is_null())
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        """A person, or a village by name or pinyin (岗湖, gh)."""
        from township_desk.services.place_search import village_condition

        return query.where(person_search(text) | village_condition(Village.name, text))

    def to_row(self, reserve: Any) -> Row:
        person = reserve.person
        village = reserve.village if reserve.village_id else None
        return {
            "id": reserve.id,
            "person_id": person.id,
            "name": person.name,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "age": age_on(person.birth_date),
            "id_number": person.id_number or "",
            "phone": person.phone,
            "education": person.education,
            "political": person.political,
            "village": village.name if village is not None and village.id else "",
            "programme": reserve.programme,
            "registered_on": reserve.registered_on,
            "nomination": reserve.nomination,
            "training": reserve.training,
            "status": reserve.status,
            "appointed_on": reserve.appointed_on,
            "appointed_post": reserve.appointed_post,
            "remark": reserve.notes,
        }


# ---------------------------------------------------------------- the record form

RESERVE_FIELDS = RESERVE.form(
    "programme", "registered_on", "nomination", "status", "training", "appointment", "reserve_notes"
)


def _appointment_text(reserve: ReserveCadre | None) -> str:
    if reserve is None or not reserve.appointed_on:
        return ""
    return f"{reserve.appointed_on.isoformat()} 任{reserve.appointed_post}"


def load_reserve(reserve_id: str | None) -> Values:
    reserve = find(ReserveCadre, reserve_id)
    values = person_values(reserve.person if reserve else None)
    if reserve is None:
        values.update(status=TRAINING, registered_on=clock.today().isoformat())
        return values
    values.update(
        programme=reserve.programme,
        registered_on=reserve.registered_on.isoformat() if reserve.registered_on else "",
        nomination=reserve.nomination,
        status=reserve.status,
        training=reserve.training,
        appointment=_appointment_text(reserve),
        reserve_notes=reserve.notes,
    )
    return values


def programme_label(text: str) -> str:
    """青蓝工程 / 育青计划 / 其他 from any spelling or a unique beginning ("育青"); others are refused."""
    label = vocab.RESERVE_PROGRAMMES.normalize(text)
    if label is None:
        starting = [x for x in vocab.RESERVE_PROGRAMMES.labels() if x.startswith(text)]
        label = starting[0] if len(starting) == 1 else None
    if label is None:
        choices = "、".join(vocab.RESERVE_PROGRAMMES.labels())
        raise ValidationError(
            "programme", f"培养工程“{text}”无法识别，请选择{choices}（其他工程选“其他”并在备注中说明）。"
        )
    return label


def _live_reserve_of(person_id: str) -> ReserveCadre | None:
    return ReserveCadre.live().where(ReserveCadre.person == person_id).first()


def save_reserve(reserve_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a reserve cadre with their person in one transaction; returns the reserve's id.

    A new reserve whose ID number belongs to someone already registered (e.g. a serving cadre)
    is added to that person instead of refusing the number.
    """
    reserve = find(ReserveCadre, reserve_id)
    person_id: str | None = reserve.person_id if reserve else None
    if reserve is None:
        number = clean_text(values.get("id_number")).upper()
        existing = Person.live().where(Person.id_number == number).first() if number else None
        if existing is not None:
            if _live_reserve_of(existing.id) is not None:
                raise ValidationError("id_number", f"“{existing.name}”已在后备干部库中，无需重复登记。")
            person_id = existing.id
    person_fields = clean_person(values, person_id)
    programme_text = clean_text(values.get("programme"))
    if not programme_text:
        raise ValidationError("programme", "请填写“培养工程”（青蓝工程、育青计划或其他）。")
    programme = programme_label(programme_text)
    registered = RESERVE["registered_on"].date(values)
    if registered is None:
        raise ValidationError("registered_on", "请填写“入库时间”。")
    if registered > clock.today():
        raise ValidationError("registered_on", "入库时间不能晚于今天。")
    if person_fields["birth_date"] and registered < person_fields["birth_date"]:
        raise ValidationError("registered_on", "入库时间早于出生日期，请核对。")
    status = vocab_field(values, "status", vocab.RESERVE_STATUS) or TRAINING
    if status == APPOINTED and (reserve is None or reserve.appointed_on is None):
        raise ValidationError("status", "任用后备干部请用“任用”按钮，以便记录任用时间和职务。")
    nomination_text = clean_text(values.get("nomination"))
    nomination = vocab.RESERVE_NOMINATIONS.normalize(nomination_text) or nomination_text
    with database.atomic():
        person = save_person(person_id, person_fields)
        row = reserve or ReserveCadre(person=person)
        row.village = person.village
        row.programme = programme
        row.registered_on = registered
        row.nomination = nomination
        row.status = status
        row.training = str(values.get("training") or "").strip()
        row.notes = str(values.get("reserve_notes") or "").strip()
        row.save(force_insert=reserve is None)
    return str(row.id)


RESERVE_FORM = FormSpec(
    title="后备干部",
    sections=(Section("基本信息", PERSON_FIELDS), Section("后备干部", RESERVE_FIELDS)),
    load=load_reserve,
    save=save_reserve,
    derive=derive_person,
)
