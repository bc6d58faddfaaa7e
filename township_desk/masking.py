"""Masked ID numbers (issue 23): 430725********1234 for the 查看 role everywhere, and on printed lists and
exported lists for everyone when the setting 隐藏身份证号 is on (forms that need the whole number, such as a
cadre's file, print it in full). Plain Python at the level of session.py, so reports/ may use it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from township_desk import session

ID_KEYS = frozenset({"id_number", "head_id_number"})
SETTING_KEY = "mask_id_numbers"  # "1": printed and exported lists mask ID numbers for every role


def mask_id(value: Any) -> Any:
    """430725199001011234 → 430725********1234; anything shorter than 11 characters keeps only its last 2."""
    if not isinstance(value, str) or not value.strip():
        return value
    text = value.strip()
    if len(text) >= 11:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    return "*" * (len(text) - 2) + text[-2:] if len(text) > 2 else text


def on_screen() -> bool:
    return session.is_viewer()


def on_paper() -> bool:
    """Printed and exported lists: for the 查看 role, and for everyone when the setting is on."""
    return session.is_viewer() or lists_setting()


def lists_setting() -> bool:
    """The setting 打印和导出名单时隐藏身份证号, stored in the open file."""
    from township_desk.db import database

    if database.obj is None or database.is_closed():
        return False
    try:
        row = database.execute_sql("SELECT value FROM setting WHERE key = ?", (SETTING_KEY,)).fetchone()
    except Exception:  # noqa: BLE001 - a file without settings: nothing masked
        return False
    return bool(row and str(row[0]).strip() == "1")


def mask_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: mask_id(value) if key in ID_KEYS else value for key, value in row.items()}
