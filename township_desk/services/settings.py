"""The township's own settings kept inside its database file (name, unit, code)."""

from __future__ import annotations

from township_desk.db import database
from township_desk.models.people import Setting
from township_desk.services import clock

DEFAULTS = {
    "township": "示例镇",
    "unit": "中共示例镇委员会组织办",
    "township_code": "",
}


def get_setting(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key, "")
    return str(row.value)


def set_setting(key: str, value: str) -> None:
    with database.atomic():
        Setting.insert(key=key, value=value).on_conflict_replace().execute()


def township_name() -> str:
    return get_setting("township")


def report_context(**extra: str) -> dict[str, str]:
    """What every printed form's title and subtitle may use: township, unit, today's date."""

    today = clock.today()
    context = {
        "township": township_name(),
        "unit": get_setting("unit"),
        "date": f"{today.year}年{today.month}月{today.day}日",
    }
    context.update(extra)
    return context
