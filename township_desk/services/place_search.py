"""Search rules for places and posts: a village (岗湖, or its pinyin gh / ganghu), a Party branch by pinyin, a
post (书记) — issue 22.

The names of villages and branches are few (tens to a few hundred): they are read once and matched in Python
against the typed text (part of the name, the pinyin initials, the whole pinyin), and the list's query then
asks for the matching names (`IN (...)`), so a keystroke costs no extra query. The names are read again only
after this program writes to the file (db.write_mark).
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from township_desk.db import write_mark
from township_desk.services.normalize import clean_text

_CACHE: dict[str, tuple[object, list[str], list[tuple[str, str, str]]]] = {}


def _keys(name: str) -> tuple[str, str, str]:
    from township_desk.services.pinyin import name_initials, name_pinyin

    return name, name_initials(name).lower(), name_pinyin(name).lower().replace(" ", "")


def _names(kind: str, read: Callable[[], list[str]], with_pinyin: bool) -> list[tuple[str, str, str]]:
    """The names (read again after a write), with their pinyin only once a pinyin search needs it (loading
    pypinyin takes a moment: a Chinese search never pays it)."""
    mark = write_mark()
    cached = _CACHE.get(kind)
    if cached is None or cached[0] != mark:
        cached = _CACHE[kind] = (mark, [name for name in read() if name], [])
    if with_pinyin and not cached[2] and cached[1]:
        cached[2].extend(_keys(name) for name in cached[1])
    return cached[2] if with_pinyin else [(name, "", "") for name in cached[1]]


def _is_pinyin(text: str) -> bool:
    lowered = clean_text(text).lower().replace(" ", "")
    return lowered.isascii() and lowered.isalpha()


def matching(text: str, names: list[tuple[str, str, str]]) -> list[str]:
    """The names that contain the text, or whose pinyin initials or pinyin start with it (ASCII letters)."""
    text = clean_text(text)
    lowered = text.lower().replace(" ", "")
    if not lowered:
        return []
    by_pinyin = lowered.isascii() and lowered.isalpha()
    return [
        name
        for name, initials, pinyin in names
        if text in name or (by_pinyin and (initials.startswith(lowered) or pinyin.startswith(lowered)))
    ]


def village_names_matching(text: str) -> list[str]:
    from township_desk.models.people import Village

    names = _names(
        "village", lambda: [str(v) for (v,) in Village.select(Village.name).tuples()], _is_pinyin(text)
    )
    return matching(text, names)


def branch_names_matching(text: str) -> list[str]:
    from township_desk.models.party_days import PartyBranch

    names = _names(
        "branch", lambda: [str(v) for (v,) in PartyBranch.select(PartyBranch.name).tuples()], _is_pinyin(text)
    )
    return matching(text, names)


def village_condition(field: peewee.Field, text: str) -> peewee.Expression:
    """`field` (a village name column) is one of the villages the text names; always false when none."""
    names = village_names_matching(text)
    return field.in_(names) if names else peewee.SQL("0")


def branch_condition(field: peewee.Field, text: str) -> peewee.Expression:
    names = branch_names_matching(text)
    return field.in_(names) if names else peewee.SQL("0")
