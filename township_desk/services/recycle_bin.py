"""The recycle bin (回收站): soft delete with dependents, restore, purge, and the list of deleted rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from township_desk.db import database
from township_desk.models.base import BaseModel, all_models, utc_now


@dataclass(frozen=True)
class DeletedItem:
    kind: str  # model class name
    kind_label: str
    id: str
    description: str
    deleted_at: datetime


def _model(kind: str) -> type[BaseModel]:
    for model in all_models():
        if model.__name__ == kind:
            return model
    raise KeyError(kind)


def _dependents(row: BaseModel) -> list[tuple[type[BaseModel], peewee.ForeignKeyField]]:
    """(model, foreign key) pairs of rows that point at this row's kind."""
    found = []
    for model in all_models():
        for field in model._meta.refs:
            if field.rel_model is type(row):
                found.append((model, field))
    return found


def _stamp(row: BaseModel, stamp: datetime) -> None:
    type(row).update(deleted_at=stamp, updated_at=stamp).where(type(row).id == row.id).execute()
    for model, field in _dependents(row):
        for child in model.live().where(field == row.id):
            _stamp(child, stamp)


def soft_delete(row: BaseModel) -> datetime:
    """Move a row and everything that hangs on it to the recycle bin, with one shared time stamp."""
    stamp = utc_now()
    with database.atomic():
        _stamp(row, stamp)
    return stamp


def _unstamp(row: BaseModel, stamp: datetime, now: datetime) -> None:
    type(row).update(deleted_at=None, updated_at=now).where(type(row).id == row.id).execute()
    for model, field in _dependents(row):
        for child in model.select().where((field == row.id) & (model.deleted_at == stamp)):
            _unstamp(child, stamp, now)


def _refuse_second_person(row: BaseModel) -> None:
    """A deleted person comes back only when no live person has the same ID number: one person, one row."""
    from township_desk.models.people import Person
    from township_desk.services.records import ValidationError

    if not isinstance(row, Person) or not (row.id_number or "").strip():
        return
    live = Person.live().where((Person.id_number == row.id_number) & (Person.id != row.id)).first()
    if live is not None:
        raise ValidationError(
            None,
            (
                f"不能恢复回收站中的“{_person_text(row)}”：身份证号 {row.id_number} 已属于在册人员“{_person_text(live)}”。"
                "两条记录是同一个人；请在在册人员上补充信息，或先处理在册的那一条。"
            ),
        )


def _person_text(person: BaseModel) -> str:
    village = getattr(person, "village", None)
    return f"{person.name}（{village.name}）" if village is not None else str(person.name)  # type: ignore[attr-defined]


def restore(kind: str, row_id: str) -> None:
    """Bring a deleted row back with the dependents deleted together with it.

    Refused (ValidationError naming both) when a person coming back has the ID number of a live person."""
    model = _model(kind)
    row = model.get_by_id(row_id)
    if row.deleted_at is None:
        return
    with database.atomic():
        _refuse_second_person(row)
        _unstamp(row, row.deleted_at, utc_now())


def purge(kind: str, row_id: str) -> None:
    """Delete a row from the recycle bin for good, with the rows deleted together with it.

    A marker (PurgedRow) is left for each, so that the deletion still reaches the county.
    """
    model = _model(kind)
    row = model.get_by_id(row_id)
    with database.atomic():
        _purge(row, utc_now())


def _purge(row: BaseModel, stamp: datetime) -> None:
    from township_desk.models.exchange import PurgedRow

    for model, field in _dependents(row):
        for child in model.select().where(field == row.id):
            _purge(child, stamp)
    type(row).delete().where(type(row).id == row.id).execute()
    PurgedRow.insert(
        table_name=type(row)._meta.table_name,
        row_id=row.id,
        purged_at=stamp,
        created_at=stamp,
        updated_at=stamp,
    ).execute()


def _deleted_with_parent(row: BaseModel) -> bool:
    """Whether the row went to the bin together with a row it points at (it comes back with that one)."""
    for field in row._meta.refs:
        parent_id = row.__data__.get(field.name)
        if parent_id is None:
            continue
        parent = field.rel_model
        if parent.select().where((parent.id == parent_id) & (parent.deleted_at == row.deleted_at)).exists():
            return True
    return False


def deleted_items() -> list[DeletedItem]:
    """Everything a user deleted and can restore, newest first; rows deleted with their parent are not
    listed on their own."""
    items = []
    for model in all_models():
        if model.KIND_LABEL is None:
            continue
        for row in model.select().where(model.deleted_at.is_null(False)):
            if _deleted_with_parent(row):
                continue
            items.append(
                DeletedItem(model.__name__, model.KIND_LABEL, row.id, row.describe(), row.deleted_at)
            )
    items.sort(key=lambda item: item.deleted_at, reverse=True)
    return items
