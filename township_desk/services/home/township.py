"""本乡镇信息: the township's name, code, Party committee, office and contact person, kept in its file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from township_desk.db import database
from township_desk.services.normalize import clean_text
from township_desk.services.records import ValidationError
from township_desk.services.settings import get_setting, set_setting


@dataclass(frozen=True)
class InfoField:
    key: str  # the setting's key
    label: str
    hint: str


FIELDS: tuple[InfoField, ...] = (
    InfoField("township", "乡镇(街道)名称", "如 漳江镇"),
    InfoField("township_code", "乡镇代码", "统计用区划代码前 9 位，如 430725100（可不填）"),
    InfoField("party_committee", "党委名称", "如 中共漳江镇委员会（可不填，按名称生成）"),
    InfoField("unit", "填报单位", "如 中共漳江镇委员会组织办（打印在表格上）"),
    InfoField("contact", "联系人", "如 张三"),
    InfoField("contact_phone", "联系电话", "如 0736-1234567"),
)
KEYS = tuple(f.key for f in FIELDS)


def load_info() -> dict[str, str]:
    return {key: get_setting(key) for key in KEYS}


def clean_info(values: Mapping[str, object]) -> dict[str, str]:
    """The values to store, checked: a name is required; the code is digits only."""
    cleaned = {key: clean_text(values.get(key)) for key in KEYS if key in values}
    if "township" in cleaned and not cleaned["township"]:
        raise ValidationError("township", "请填写乡镇(街道)名称。")
    if "township" not in cleaned and not get_setting("township").strip():
        raise ValidationError("township", "请填写乡镇(街道)名称。")
    code = cleaned.get("township_code", "")
    if code and not (code.isascii() and code.isdigit() and len(code) <= 15):
        raise ValidationError("township_code", "乡镇代码只能是数字（统计用区划代码前 9 位，如 430725100）。")
    return cleaned


def save_info(values: Mapping[str, object]) -> dict[str, str]:
    """Store the given fields (others unchanged) in one transaction; returns what was stored."""
    cleaned = clean_info(values)
    with database.atomic():
        for key, value in cleaned.items():
            set_setting(key, value)
    return cleaned


def is_named() -> bool:
    return bool(get_setting("township").strip())
