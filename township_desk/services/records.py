"""What a record editor shows: field specifications, form layout and validation errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

FieldKind = Literal["text", "multiline", "choice", "date", "bool", "readonly", "ref"]
Values = dict[str, Any]


class ValidationError(ValueError):
    """A value a user must correct; `field` names the form field, str() is the Chinese message."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Field:
    """One field of a record form."""

    key: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: Callable[[], Sequence[str]] | None = None  # for kind "choice": the suggested values
    # for kind "ref": (value, label) pairs, e.g. (person id, "张三（桃花村）"); the value is saved
    options: Callable[[], Sequence[tuple[str, str]]] | None = None
    editable_choice: bool = True  # a choice may also be typed freely
    placeholder: str = ""
    tooltip: str = ""


@dataclass(frozen=True)
class Section:
    """A titled group of fields in the editor."""

    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class FormSpec:
    """A whole record form: sections, how to load, derive and save values."""

    title: str
    sections: tuple[Section, ...]
    load: Callable[[str | None], Values]
    save: Callable[[str | None, Values], str]
    derive: Callable[[Values], Values] = field(default=lambda values: {})

    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]

    def field(self, key: str) -> Field:
        for f in self.fields():
            if f.key == key:
                return f
        raise KeyError(key)


def require(values: Mapping[str, Any], key: str, label: str) -> str:
    """The stripped text of a required field, or a ValidationError naming it."""
    text = str(values.get(key) or "").strip()
    if not text:
        raise ValidationError(key, f"请填写“{label}”。")
    return text


# ---------------------------------------------------------------- the save pattern, in one place


def find(model: Any, record_id: str | None) -> Any:
    """The row an editor opens: the stored one, or None for a new record."""
    return model.get_by_id(record_id) if record_id else None


def write_record(model: Any, record_id: str | None, values: Mapping[str, Any], **new: Any) -> Any:
    """Write cleaned values onto the stored row, or onto a new row made with `new` (its parent …), and save
    it: an INSERT for a new row (the id is made in Python), an UPDATE otherwise. Call inside a transaction."""
    row = model.get_by_id(record_id) if record_id else model(**new)
    for key, value in values.items():
        setattr(row, key, value)
    row.save(force_insert=record_id is None)
    return row
