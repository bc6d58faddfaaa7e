"""Saying which sheet column is which field when an office's header is not one the importer knows.

A mapping is {header text: field key}, an empty key (or 忽略) meaning "ignore this column". It is given
explicitly (the command line's --map FILE.toml, the window's column-mapping step) or found among the
mappings remembered earlier for the same subject and the same header texts.

Remembered mappings live in the database's Setting table, keyed by the subject and a hash of the header
row's texts: they belong to the township's file (they follow it into backups and onto another computer,
and a second file for a test or a second township does not see them), need no schema change, and leave
nothing beside the database to lose or to keep in step with it. They never travel to the county.

The active mapping reaches the generic reader (excel_import.read_table) through a context variable, so
that every subject's plan function gets it without a new parameter; a worker thread must enter the
context itself (`planning_with`).
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from township_desk.services.normalize import clean_text
from township_desk.services.workbook_reader import ImportFileError

if TYPE_CHECKING:
    from township_desk.services.excel_import import ImportColumn

T = TypeVar("T")
IGNORE = ""
IGNORE_WORDS = frozenset({"", "忽略", "ignore", "-", "无"})
SETTING_PREFIX = "import_map"


class MappingRefused(ImportFileError):
    """A mapping that cannot be used (an unknown field, two columns for one field); str() is Chinese."""


@dataclass
class MappingContext:
    explicit: dict[str, str] | None = None  # header text → key ("" = ignore), given for this file
    remembered: dict[str, dict[str, str]] = field(default_factory=dict)  # header hash → mapping


_CONTEXT: contextvars.ContextVar[MappingContext | None] = contextvars.ContextVar(
    "column_mapping", default=None
)


def active() -> MappingContext | None:
    return _CONTEXT.get()


@contextmanager
def mapping_context(
    explicit: Mapping[str, str] | None = None, remembered: Mapping[str, Mapping[str, str]] | None = None
) -> Iterator[None]:
    token = _CONTEXT.set(
        MappingContext(
            dict(explicit) if explicit is not None else None,
            {k: dict(v) for k, v in (remembered or {}).items()},
        )
    )
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def planning_with(
    run: Callable[[], T],
    explicit: Mapping[str, str] | None = None,
    remembered: Mapping[str, Mapping[str, str]] | None = None,
) -> T:
    """run() with the mapping active (call this inside a worker thread)."""
    with mapping_context(explicit, remembered):
        return run()


def headers_hash(headers: Sequence[object]) -> str:
    """What identifies a header row: its non-empty texts in order, spaces and marks ignored."""
    from township_desk.services.excel_import import header_key

    keys = [header_key(text) for text in headers if clean_text(text)]
    return hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()[:24]


def resolve(mapping: Mapping[str, str], columns: Sequence[ImportColumn]) -> dict[str, str]:
    """The mapping with every value a field key ("" = ignore), keyed by header_key; refused in Chinese when a
    value names no field of this import or two columns name the same field."""
    from township_desk.services.excel_import import header_key

    by_word: dict[str, str] = {}
    for column in columns:
        by_word[column.key.lower()] = column.key
        by_word[header_key(column.label)] = column.key
    resolved: dict[str, str] = {}
    owner: dict[str, str] = {}
    for text, value in mapping.items():
        word = clean_text(value)
        if not clean_text(text):
            raise MappingRefused("列对应关系中有一项没有写表头文字。")
        if word.lower() in IGNORE_WORDS:
            resolved[header_key(text)] = IGNORE
            continue
        key = by_word.get(word.lower()) or by_word.get(header_key(word))
        if key is None:
            known = "、".join(f"{c.key}（{c.label}）" for c in columns)
            raise MappingRefused(
                f"列对应关系中“{clean_text(text)}”对应的字段“{word}”不存在。可用的字段：{known}；"
                "不导入的列写“忽略”。"
            )
        if key in owner and owner[key] != header_key(text):
            label = next(c.label for c in columns if c.key == key)
            raise MappingRefused(
                f"列对应关系中“{owner_text(mapping, owner[key])}”和“{clean_text(text)}”"
                f"都对应到“{label}”，一个字段只能对应一列。"
            )
        owner[key] = header_key(text)
        resolved[header_key(text)] = key
    return resolved


def owner_text(mapping: Mapping[str, str], key: str) -> str:
    from township_desk.services.excel_import import header_key

    return next((clean_text(t) for t in mapping if header_key(t) == key), key)


def load_toml(path: Path | str) -> dict[str, str]:
    """A --map file: `"表头文字" = "字段"` lines (at the top or under [columns]); refused in Chinese."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise MappingRefused(f"找不到列对应文件：{path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingRefused(f"无法读取列对应文件“{path.name}”（应为 UTF-8 文本）。") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MappingRefused(
            f'列对应文件“{path.name}”格式有误（{exc}）。每行应为："表头文字" = "字段"。'
        ) from exc
    table: Any = data.get("columns", data)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise MappingRefused(
            f'列对应文件“{path.name}”格式有误：每行应为 "表头文字" = "字段"（字段写成带引号的文字）。'
        )
    return {str(k): v for k, v in table.items()}


# ---- remembered mappings (the Setting table)


def _setting_key(subject: str, digest: str) -> str:
    return f"{SETTING_PREFIX}:{subject}:{digest}"


def remembered_for(subject: str) -> dict[str, dict[str, str]]:
    """header hash → mapping remembered for this subject."""
    from township_desk.models.people import Setting

    prefix = f"{SETTING_PREFIX}:{subject}:"
    found: dict[str, dict[str, str]] = {}
    for row in Setting.select().where(Setting.key.startswith(prefix)):
        try:
            value = json.loads(str(row.value))
        except ValueError:
            continue
        if isinstance(value, dict):
            found[str(row.key)[len(prefix) :]] = {str(k): str(v) for k, v in value.items()}
    return found


def remember(subject: str, headers: Sequence[object], mapping: Mapping[str, str]) -> None:
    """Keep the mapping for the next file of this subject with the same header texts."""
    from township_desk.services.settings import set_setting

    set_setting(_setting_key(subject, headers_hash(headers)), json.dumps(dict(mapping), ensure_ascii=False))
