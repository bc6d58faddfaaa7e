"""Undoable changes of records: one edit, a batch change of one field, a deletion (issue 22).

The window keeps a stack of these (编辑 ▸ 撤销 / 重做). Each change knows how to write itself again (redo) and
how to write the values it replaced (undo), always through the services: an edit and a batch change go through
`record_save.save_changes`, so a field another window changed since is never silently overwritten (the undo is
refused with ConcurrentChangeError, naming the field); a deletion goes through the recycle bin. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from township_desk.db import database
from township_desk.models.base import BaseModel
from township_desk.services.record_save import ConcurrentChangeError, differing, editable_keys, save_changes
from township_desk.services.records import FormSpec, ValidationError, Values


def model_named(kind: str) -> type[BaseModel]:
    """The model whose class name is `kind` (the recycle bin's kinds)."""
    from township_desk.models.base import all_models

    for model in all_models():
        if model.__name__ == kind:
            return model
    raise KeyError(kind)


class Change(Protocol):
    """What the window's undo stack holds."""

    text: str  # 修改“张三”, 批量修改 12 人的 村(社区) …

    def undo(self) -> None: ...

    def redo(self) -> None: ...


@dataclass
class EditChange:
    """One record saved from its form: `before` and `after` are the form's values (spec.load)."""

    spec: FormSpec
    record_id: str
    before: Values
    after: Values
    text: str = ""

    @classmethod
    def after_save(cls, spec: FormSpec, record_id: str, before: Values, name: str = "") -> EditChange | None:
        """The change a save made, or None when it changed nothing the form shows."""
        after = spec.load(record_id)
        keys = differing(before, after, editable_keys(spec))
        if not keys:
            return None
        labels = "、".join(spec.field(key).label for key in keys[:3]) + ("等" if len(keys) > 3 else "")
        return cls(spec, record_id, dict(before), after, f"修改“{name or spec.title}”的{labels}")

    def fields(self) -> list[str]:
        return differing(self.before, self.after, editable_keys(self.spec))

    def undo(self) -> None:
        # measured against the record as this change left it: a field someone changed since is a clash
        save_changes(self.spec, self.record_id, self.after, self._over(self.after, self.before), self.after)

    def redo(self) -> None:
        save_changes(self.spec, self.record_id, self.before, self._over(self.before, self.after), self.before)

    def _over(self, base: Values, target: Values) -> Values:
        values = dict(base)
        values.update({key: target.get(key) for key in self.fields()})
        return values


@dataclass
class AddChange:
    """A record added from its form: undo moves it to the recycle bin, redo brings it back."""

    model: type[BaseModel]
    record_id: str
    text: str = ""

    def undo(self) -> None:
        from township_desk.services.recycle_bin import soft_delete

        with database.atomic():
            soft_delete(self.model.get_by_id(self.record_id))

    def redo(self) -> None:
        from township_desk.services.recycle_bin import restore

        restore(self.model.__name__, self.record_id)


@dataclass
class DeleteChange:
    """A record moved to the recycle bin: undo restores it (with what hung on it), redo moves it again."""

    model: type[BaseModel]
    record_id: str
    description: str
    remove: Any = None  # the subject's own removal, when it does more than soft_delete
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or f"删除“{self.description}”"

    def undo(self) -> None:
        from township_desk.services.recycle_bin import restore

        restore(self.model.__name__, self.record_id)

    def redo(self) -> None:
        from township_desk.services.deletions import move_to_bin

        with database.atomic():
            move_to_bin(self.model, self.record_id, self.remove)


@dataclass
class BatchChange:
    """One field set to one value on many records (services.batch_edit): each record's old value kept."""

    spec: FormSpec
    key: str
    value: Any
    before: dict[str, Values] = field(default_factory=dict)  # record id → the form's values before
    after: dict[str, Values] = field(default_factory=dict)
    text: str = ""

    def undo(self) -> None:
        self._write(self.after, self.before)

    def redo(self) -> None:
        self._write(self.before, self.after)

    def _write(self, source: dict[str, Values], target: dict[str, Values]) -> None:
        """Every record back (or forward) in one transaction; a record another window changed in this field
        since refuses the whole step, naming it."""
        keys = editable_keys(self.spec)
        with database.atomic():
            for record_id, values in source.items():
                wanted = dict(values)
                changed = differing(values, target[record_id], keys)
                wanted.update({k: target[record_id].get(k) for k in changed})
                try:
                    save_changes(self.spec, record_id, values, wanted, values)
                except ConcurrentChangeError as exc:
                    name = values.get("name") or record_id[:8]
                    raise ValidationError(exc.field, f"“{name}”{exc.message}") from exc
