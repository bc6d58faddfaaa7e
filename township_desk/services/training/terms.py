"""The training vocabularies and the yearly rule (12 days by default, a setting per target group)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from township_desk.services.normalize import clean_text
from township_desk.services.records import Field, FormSpec, Section, ValidationError
from township_desk.services.settings import get_setting, set_setting
from township_desk.services.vocab import Entry, Vocabulary

LEVELS = Vocabulary(
    "主办层级",
    [
        Entry("1", "县级", ("县", "县委", "县级以上", "市级", "省级")),
        Entry("2", "乡镇", ("镇", "乡", "乡镇级", "街道")),
        Entry("3", "村", ("村级", "社区")),
    ],
)
MODES = Vocabulary(
    "培训形式",
    [Entry("1", "线下", ("集中", "现场", "面授")), Entry("2", "线上", ("网络", "远程", "在线", "网上"))],
)

SECRETARIES = "村党组织书记"
NEW_CADRES = "新任干部"
RESERVES = "后备干部"
ALL_MEMBERS = "全体党员冬春训"
FIRST_SECRETARIES = "第一书记"
DEGREE = "学历教育"
TARGETS = Vocabulary(
    "培训对象",
    [
        Entry("1", SECRETARIES, ("党组织书记", "村书记", "支部书记", "村(社区)党组织书记")),
        Entry("2", NEW_CADRES, ("新任村干部", "新任", "新任村(社区)干部")),
        Entry("3", RESERVES, ("后备", "村级后备干部")),
        Entry("4", ALL_MEMBERS, ("冬春训", "全体党员", "农村党员冬春训")),
        Entry("5", FIRST_SECRETARIES, ("驻村第一书记",)),
        Entry("6", DEGREE, ("学历", "学历提升")),
        Entry("7", "村干部", ("村(社区)干部", "两委干部", "村两委干部")),
    ],
)

# The groups of people the yearly rule counts, in the order a person's requirement is looked up: a person
# in several groups (a new secretary) must reach the largest of their groups' days.
VILLAGE_CADRES = "村干部"
RULE_GROUPS = (SECRETARIES, NEW_CADRES, VILLAGE_CADRES, RESERVES)
DEFAULT_REQUIRED_DAYS = 12.0
_SETTING = "training_required_days:"


def required_days(group: str) -> float:
    """Days a person of this group must reach in a year (the setting, else 12); 0 means not checked."""
    text = get_setting(_SETTING + group)
    try:
        return float(text) if text else DEFAULT_REQUIRED_DAYS
    except ValueError:
        return DEFAULT_REQUIRED_DAYS


def set_required_days(group: str, days: float | str) -> float:
    """Change one group's yearly requirement (half days allowed)."""
    if group not in RULE_GROUPS:
        raise ValidationError("group", f"“{group}”不是培训考核的人员类别（{'、'.join(RULE_GROUPS)}）。")
    value = parse_days(days, "days", "每年应训天数", allow_zero=True)
    set_setting(_SETTING + group, format_days(value))
    return value


def parse_days(value: object, field: str, label: str, *, allow_zero: bool = False) -> float:
    """A number of days in half days: 3, 2.5, “1.5天”, “半天”; refuses anything else naming the field."""
    text = clean_text(value).replace("天", "").strip()
    if text in {"半", "半天"}:
        return 0.5
    try:
        days = float(text)
    except ValueError:
        raise ValidationError(
            field, f"“{label}”应为天数，可含半天（如 2 或 2.5），不能是“{value}”。"
        ) from None
    if days * 2 != int(days * 2):
        raise ValidationError(field, f"“{label}”按半天计，只能是 0.5 的整数倍（如 1.5），不能是 {text}。")
    if days < 0 or (days == 0 and not allow_zero) or days > 3650:
        raise ValidationError(field, f"“{label}”{text} 不在允许范围内。")
    return days


def format_days(days: float | None) -> str:
    """2.0 → “2”, 2.5 → “2.5”."""
    if days is None:
        return ""
    return str(int(days)) if float(days).is_integer() else f"{days:.1f}"


def _load_rule(_record_id: str | None) -> dict[str, str]:
    return {f"group{index}": format_days(required_days(group)) for index, group in enumerate(RULE_GROUPS)}


def _save_rule(_record_id: str | None, values: Mapping[str, Any]) -> str:
    """All groups checked first, then saved together: a bad value leaves every setting as it was."""
    from township_desk.db import database

    days = {
        group: parse_days(
            values.get(f"group{index}"), f"group{index}", f"{group}每年应训天数", allow_zero=True
        )
        for index, group in enumerate(RULE_GROUPS)
    }
    with database.atomic():
        for group, value in days.items():
            set_required_days(group, value)
    return "rule"


RULE_FORM = FormSpec(
    title="每年应训天数",
    sections=(
        Section(
            "每人每年应参加培训的天数（可含半天；填 0 表示不考核）",
            tuple(
                Field(f"group{index}", group, required=True, placeholder="如 12")
                for index, group in enumerate(RULE_GROUPS)
            ),
        ),
    ),
    load=_load_rule,
    save=_save_rule,
)
