"""Masked ID numbers and phones (issue 23).

ID numbers: 430725********1234 for the 查看 role everywhere, and on printed lists and exported lists for
everyone when the setting 隐藏身份证号 is on (forms that need the whole number, such as a cadre's file, print
it in full). Phones: 138****1234 for the 查看 role everywhere, and for everyone when the setting 隐藏手机号 is on:
in lists on screen, printed lists and exports (the record form keeps the whole number for those who may edit
it, so a save never writes the mask back). Plain Python at the level of session.py, so reports/ may use it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from township_desk import session

ID_KEYS = frozenset({"id_number", "head_id_number"})
SETTING_KEY = "mask_id_numbers"  # "1": printed and exported lists mask ID numbers for every role
PHONE_KEYS = frozenset(
    {"phone", "mentor_phone", "mentee_phone", "head_phone", "contact_phone", "new_mentor_phone"}
)
PHONE_SETTING_KEY = "mask_phones"  # "1": phones masked on screen lists, paper and exports for every role


def mask_id(value: Any) -> Any:
    """430725199001011234 → 430725********1234; anything shorter than 11 characters keeps only its last 2."""
    if not isinstance(value, str) or not value.strip():
        return value
    text = value.strip()
    if len(text) >= 11:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    return "*" * (len(text) - 2) + text[-2:] if len(text) > 2 else text


def mask_phone(value: Any) -> Any:
    """13812341234 → 138****1234; a landline keeps its first 3 and last 4 digits; a short number its last 2."""
    if not isinstance(value, str) or not value.strip():
        return value
    text = value.strip()
    if len(text) >= 8:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * (len(text) - 2) + text[-2:] if len(text) > 2 else text


def on_screen() -> bool:
    return session.is_viewer()


def on_paper() -> bool:
    """Printed and exported lists: for the 查看 role, and for everyone when the setting is on."""
    return session.is_viewer() or lists_setting()


_cache: dict[str, tuple[tuple[int, int], bool]] = {}  # setting → (db.write_mark() when read, value)


def _setting_on(key: str) -> bool:
    """A "1" setting of the open file; read again only after the program wrote something (table cells ask
    for every value they show)."""
    from township_desk.db import database, write_mark

    if database.obj is None or database.is_closed():
        return False
    mark = write_mark()
    cached = _cache.get(key)
    if cached is not None and cached[0] == mark:
        return cached[1]
    try:
        row = database.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except Exception:  # noqa: BLE001 - a file without settings: nothing masked
        return False
    value = bool(row and str(row[0]).strip() == "1")
    _cache[key] = (mark, value)
    return value


def lists_setting() -> bool:
    """The setting 打印和导出名单时隐藏身份证号, stored in the open file."""
    return _setting_on(SETTING_KEY)


def phones_setting() -> bool:
    """The setting 隐藏手机号 (lists on screen, paper and exports), stored in the open file."""
    return _setting_on(PHONE_SETTING_KEY)


def phones_masked() -> bool:
    return session.is_viewer() or phones_setting()


def mask_row(row: Mapping[str, Any], *, phones: bool = False) -> dict[str, Any]:
    """ID numbers masked (and phones, when asked)."""
    return {
        key: mask_id(value)
        if key in ID_KEYS
        else mask_phone(value)
        if phones and key in PHONE_KEYS
        else value
        for key, value in row.items()
    }


def paper_rows(rows: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Rows as printed lists and exports show them: ID numbers and phones masked as the role and settings say."""
    ids, phones = on_paper(), phones_masked()
    if not ids and not phones:
        return rows
    return [mask_paper_row(row, ids, phones) for row in rows]


def masker(key: str, ids: bool, phones: bool) -> Callable[[Any], Any] | None:
    """How a column is masked on paper and in exports (ID numbers when `ids`, phones when `phones`), or None."""
    if ids and key in ID_KEYS:
        return mask_id
    if phones and key in PHONE_KEYS:
        return mask_phone
    return None


def mask_paper_row(row: Mapping[str, Any], ids: bool, phones: bool) -> dict[str, Any]:
    masked = {}
    for key, value in row.items():
        mask = masker(key, ids, phones)
        masked[key] = value if mask is None else mask(value)
    return masked


def list_value(key: str, value: Any) -> Any:
    """A value in a list on screen: an ID number masked for 查看, a phone for 查看 or by the setting."""
    if key in ID_KEYS and on_screen():
        return mask_id(value)
    if key in PHONE_KEYS and phones_masked():
        return mask_phone(value)
    return value
