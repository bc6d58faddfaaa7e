"""修改记录: a record's change history from the operation log (who, when, what old → new), issue 22/23.

A record is what a list shows as one row: a person (with the cadre post and reserve record that hang on them),
a household, a meeting … The log (services/audit.py) keeps one entry per row written, with its columns' old
and new values; the history gathers the entries of the record's own row and of the rows that point at it, and
says each column by its Chinese label and each reference by the name of what it refers to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import peewee

from township_desk import masking
from township_desk.models.accounts import AuditEntry
from township_desk.models.base import BaseModel, all_models
from township_desk.services.audit import changed_fields

SKIPPED = {"id", "created_at", "updated_at", "deleted_at", "origin_township", "pinyin", "initials"}
LIMIT = 500


@dataclass(frozen=True)
class HistoryLine:
    at: str
    user: str
    action: str
    what: str  # the table's label (干部任职, 后备干部 …)
    changes: str  # 字段：旧 → 新；…


def _models() -> dict[str, type[BaseModel]]:
    return {model._meta.table_name: model for model in all_models()}


def _related_ids(model: type[BaseModel], record_id: str) -> list[str]:
    """The record's id and the ids of rows (live or not) that point at it by a foreign key."""
    ids = [record_id]
    for other in all_models():
        for fk in other._meta.fields.values():
            if isinstance(fk, peewee.ForeignKeyField) and fk.rel_model is model:
                query = other.select(other.id).where(fk == record_id).tuples()
                ids.extend(str(row_id) for (row_id,) in query)
    return ids


def _value_text(model: type[BaseModel] | None, column: str, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if column in masking.ID_KEYS and masking.on_screen():  # 查看: 430725********1234
        return str(masking.mask_id(value))
    if model is not None:
        field = next((f for f in model._meta.fields.values() if f.column_name == column), None)
        if isinstance(field, peewee.ForeignKeyField):
            row = field.rel_model.get_or_none(field.rel_model.id == value)
            return str(row.describe()) if row is not None else str(value)
        if isinstance(field, peewee.BooleanField):
            return "是" if value in (1, True, "1") else "否"
    return str(value)


def _label(model: type[BaseModel] | None, column: str) -> str:
    if model is not None:
        for f in model._meta.fields.values():
            if f.column_name == column:
                return str(f.verbose_name or column)
    return column


def changes_text(table: str, changes: str, models: dict[str, type[BaseModel]] | None = None) -> str:
    """“字段：旧 → 新” per changed column, in Chinese, leaving out bookkeeping columns."""
    model = (models or _models()).get(table)
    fields = changed_fields(changes)
    if fields is None:
        return changes
    return "；".join(
        f"{_label(model, column)}：{_value_text(model, column, old)} → {_value_text(model, column, new)}"
        for column, old, new in fields
        if column not in SKIPPED
    )


def history(model: type[BaseModel], record_id: str) -> list[HistoryLine]:
    """The newest entries first (at most LIMIT) of the record and of the rows hanging on it."""
    models = _models()
    ids = _related_ids(model, record_id)
    query = (
        AuditEntry.select().where(AuditEntry.record_id.in_(ids)).order_by(AuditEntry.id.desc()).limit(LIMIT)
    )
    lines = []
    for entry in query:
        table_model = models.get(entry.table_name)
        what = str(getattr(table_model, "TABLE_LABEL", "") or entry.subject or entry.table_name)
        text = changes_text(entry.table_name, entry.changes, models)
        if entry.action == "新增" and not text:
            text = entry.summary
        lines.append(HistoryLine(entry.at, entry.user_name or "（未登录）", entry.action, what, text))
    return lines
