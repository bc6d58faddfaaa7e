"""One declaration per field: the label, kind, vocabulary, required flag and check that the record editor, the
list's columns, the Excel sheets and the printed forms all read.

A subject declares its fields once, most of them from the model so that the label is the model field's
verbose_name::

    CADRE = Fields(
        of(Person.name, required=True, sort=Person.pinyin, width=80),
        of(Person.birth_date, "date", heading="出生年月"),      # lists, sheets and paper say 出生年月
        Decl("age", "年龄", "readonly", align="center"),        # a value with no column of its own
    )
    CADRE.form("name", "birth_date")        # records.Field for the editor
    CADRE.columns("name", "age")            # listing.Column for the table
    CADRE.headers("name", "birth_date")     # (key, heading) for Excel export and import previews
    CADRE.headings()                        # key → heading, for a printed template's columns without label

A new field is one line here and its key in the lists of keys that show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import peewee

from township_desk.services.listing import Column, Filter
from township_desk.services.normalize import DateParseError, clean_text, parse_date
from township_desk.services.records import Field, FieldKind, ValidationError, require
from township_desk.services.vocab import Vocabulary


@dataclass(frozen=True)
class Decl:
    """Everything the program knows about one field of a subject."""

    key: str
    label: str  # the editor's label and the field named in error messages
    kind: FieldKind = "text"
    required: bool = False
    vocabulary: Vocabulary | None = None  # choices offered, and how typed values are normalised
    choices: Callable[[], Sequence[str]] | None = None  # other suggested values (villages …)
    options: Callable[[], Sequence[tuple[str, str]]] | None = None  # kind "ref": (value, label) pairs
    editable_choice: bool = True
    check: Callable[[Any], Any] | None = None  # turns the cleaned value into the saved one, or raises
    heading: str = ""  # in lists, sheets and on paper, when shorter than the label
    sort: Any = None  # SQL the list sorts this column by (None: not sortable)
    align: str = "left"
    width: int = 90
    format: str = ""  # "month": a date shows as 1975.03 in lists
    placeholder: str = ""
    tooltip: str = ""
    expr: Any = None  # the model field (of(): filters compare it with the chosen value)

    @property
    def title(self) -> str:
        """The short label of lists, sheets and paper."""
        return self.heading or self.label

    def field(self) -> Field:
        """The record editor's view of this field."""
        choices = self.choices or (self.vocabulary.labels if self.vocabulary is not None else None)
        return Field(
            self.key,
            self.label,
            self.kind,
            required=self.required,
            choices=choices,
            options=self.options,
            editable_choice=self.editable_choice,
            placeholder=self.placeholder,
            tooltip=self.tooltip,
        )

    def column(self, **changes: Any) -> Column:
        """The list's view of this field; `changes` adjust it for one list (another sort expression …)."""
        column = Column(self.key, self.title, self.sort, self.align, self.width, self.format)
        return replace(column, **changes) if changes else column

    def clean(self, values: Mapping[str, Any]) -> Any:
        """The value to save: required fields filled, dates parsed, vocabulary values normalised, checked."""
        value: Any
        if self.required:
            value = require(values, self.key, self.label)
        elif self.kind in ("multiline",):
            value = str(values.get(self.key) or "").strip()
        elif self.kind == "bool":
            value = bool(values.get(self.key))
        else:
            value = clean_text(values.get(self.key))
        if self.kind == "date":
            value = self.date(values)
        elif value and self.vocabulary is not None:
            normalized = self.vocabulary.normalize(value)
            if normalized is None and not self.editable_choice:
                raise ValidationError(
                    self.key, f"“{self.vocabulary.name}”的值“{value}”无法识别，请从列表中选择。"
                )
            value = normalized or value
        return self.check(value) if self.check is not None else value

    def date(self, values: Mapping[str, Any]) -> date | None:
        try:
            return parse_date(values.get(self.key))
        except DateParseError as exc:
            raise ValidationError(self.key, f"“{self.label}”：{exc}") from exc


def of(
    model_field: peewee.Field, kind: FieldKind = "text", *, key: str = "", label: str = "", **rest: Any
) -> Decl:
    """A declaration read from a model field: key = the field's name, label = its verbose_name."""
    name = key or model_field.name
    text = label or model_field.verbose_name
    if not text:
        raise ValueError(f"{model_field.model.__name__}.{model_field.name} has no verbose_name")
    rest.setdefault("expr", model_field)
    return Decl(name, text, kind, **rest)


class Fields:
    """A subject's declarations, in order, looked up by key."""

    def __init__(self, *decls: Decl | Fields) -> None:
        flat: list[Decl] = []
        for item in decls:
            flat.extend(item if isinstance(item, Fields) else [item])
        self._decls = {d.key: d for d in flat}
        if len(self._decls) != len(flat):
            raise ValueError("two fields share a key")

    def __iter__(self) -> Iterator[Decl]:
        return iter(self._decls.values())

    def __getitem__(self, key: str) -> Decl:
        return self._decls[key]

    def __contains__(self, key: object) -> bool:
        return key in self._decls

    def keys(self) -> list[str]:
        return list(self._decls)

    def pick(self, keys: Iterable[str]) -> list[Decl]:
        return [self._decls[k] for k in keys]

    def label(self, key: str) -> str:
        return self._decls[key].label

    def heading(self, key: str) -> str:
        return self._decls[key].title

    def form(self, *keys: str) -> tuple[Field, ...]:
        """Editor fields (all declared fields when no key is named)."""
        return tuple(d.field() for d in self.pick(keys or self.keys()))

    def columns(self, *keys: str, **changes: dict[str, Any]) -> tuple[Column, ...]:
        """List columns; `changes` maps a key to adjustments for this list, e.g. village={"sort": …}."""
        return tuple(d.column(**changes.get(d.key, {})) for d in self.pick(keys))

    def headers(self, *keys: str, **titles: str) -> tuple[tuple[str, str], ...]:
        """(key, heading) pairs: the columns of an Excel sheet; `titles` renames a column for this sheet."""
        return tuple((d.key, titles.get(d.key, d.title)) for d in self.pick(keys))

    def headings(self) -> dict[str, str]:
        """Key → heading for every field: printed templates take a column's label from here when they have none."""
        return {d.key: d.title for d in self}

    def filter(
        self,
        key: str,
        *,
        choices: Callable[[], Sequence[str]] | None = None,
        where: Callable[[str], Any] | None = None,
    ) -> Filter:
        """A drop-down filter on a declared field: its label, its choices (vocabulary or suggestions) and, unless
        given, the condition `field == value`."""
        decl = self._decls[key]
        offered = choices or decl.choices or (decl.vocabulary.labels if decl.vocabulary is not None else None)
        if offered is None:
            raise ValueError(f"filter {key}: no choices")
        expr = decl.expr
        return Filter(key, decl.label, offered, where or (lambda value: expr == value))

    def clean(self, values: Mapping[str, Any], *keys: str) -> dict[str, Any]:
        return {d.key: d.clean(values) for d in self.pick(keys)}
