"""Saving an edited record without overwriting another window's change (the save path of every FormSpec).

The editor remembers the record as it was opened. At save, inside one write transaction, the record is read
again: the fields this clerk changed are laid over the record as it is now, so a field that someone else
changed meanwhile (another window, an import from the command line) keeps their value. When both changed
the same field to different values, nothing is written and ConcurrentChangeError names the fields: the
editor offers to reload (此记录已被其他窗口修改). A record nobody else touched is saved as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.services.records import FormSpec, ValidationError, Values


class ConcurrentChangeError(ValidationError):
    """Another window changed the same fields since the record was opened; `current` is the record now."""

    def __init__(self, current: Values, fields: list[str], labels: list[str]) -> None:
        super().__init__(
            fields[0] if fields else None,
            "此记录已被其他窗口修改：" + "、".join(labels) + "。为免覆盖别人的修改，本次没有保存。",
        )
        self.current = current
        self.fields = fields


def _norm(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def same(a: Any, b: Any) -> bool:
    return bool(_norm(a) == _norm(b))


def differing(before: Mapping[str, Any], after: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    return [key for key in keys if not same(before.get(key), after.get(key))]


def editable_keys(spec: FormSpec) -> list[str]:
    return [f.key for f in spec.fields() if f.kind != "readonly"]


def save_changes(
    spec: FormSpec,
    record_id: str | None,
    opened: Values,
    edited: Values,
    shown: Values | None = None,
    *,
    overwrite: bool = False,
) -> str:
    """Save what the clerk changed in `edited` since `opened` (the record as loaded).

    `shown` is the record as the editor showed it when opened (widget values; defaults to `opened`): what
    the clerk changed is measured against it. overwrite=True writes the clerk's changed fields even where
    another window changed them too (after the clerk chose to).
    """
    if record_id is None:
        return spec.save(None, edited)
    keys = editable_keys(spec)
    mine = differing(shown if shown is not None else opened, edited, keys)
    with database.atomic("IMMEDIATE"):  # read and write in one go: no other writer in between
        current = spec.load(record_id)
        theirs = set(differing(opened, current, keys))
        clash = [key for key in mine if key in theirs and not same(edited.get(key), current.get(key))]
        if clash and not overwrite:
            raise ConcurrentChangeError(current, clash, [spec.field(key).label for key in clash])
        if not mine:
            return record_id
        merged = {key: current.get(key, value) for key, value in edited.items()}  # the record as it is now …
        merged.update({key: edited[key] for key in mine})  # … with this clerk's changes
        return spec.save(record_id, merged)
