"""The township's own settings kept inside its database file (name, unit, code).

A new file has no name: the placeholder 示例镇 belongs to the demo data only. Printing and the county
file are refused while the township has no name (report_context raises), so that no paper leaves the
office under a name that is not the township's.
"""

from __future__ import annotations

from township_desk.db import database
from township_desk.models.people import Setting
from township_desk.services import clock
from township_desk.services.records import ValidationError

DEFAULTS = {
    "township": "",
    "unit": "",
    "township_code": "",
}

UNNAMED_MESSAGE = (
    "还没有填写本乡镇(街道)名称：请先在 首页 ▸ 本乡镇信息（或 文件 ▸ 本乡镇信息）中填写，再打印。"
)


def get_setting(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key, "")
    return str(row.value)


def set_setting(key: str, value: str) -> None:
    with database.atomic():
        Setting.insert(key=key, value=value).on_conflict_replace().execute()


def township_name() -> str:
    return get_setting("township").strip()


def require_township_name() -> str:
    """The township's name; refused with a clear message while the file has none."""
    name = township_name()
    if not name:
        raise ValidationError("township", UNNAMED_MESSAGE)
    return name


def unit_name() -> str:
    """The unit printed on forms: as set, else the Party committee's office by the township's name."""
    unit = get_setting("unit").strip()
    if unit:
        return unit
    committee = get_setting("party_committee").strip()
    name = township_name()
    return f"{committee or f'中共{name}委员会'}组织办" if name else ""


def report_context(**extra: str) -> dict[str, str]:
    """What every printed form's title and subtitle may use: township, unit, today's date.

    Refused (ValidationError) while the township has no name."""

    today = clock.today()
    context = {
        "township": require_township_name(),
        "unit": unit_name(),
        "date": f"{today.year}年{today.month}月{today.day}日",
    }
    context.update(extra)
    return context
