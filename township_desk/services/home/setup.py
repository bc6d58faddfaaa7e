"""The set-up checklist of a new file: name the township, add villages, bring in rosters, know the backups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from township_desk.models.people import VILLAGE_MERGED, Person, Village
from township_desk.services import backups
from township_desk.services.settings import get_setting, set_setting, township_name

BACKUPS_SEEN = "home/backups_seen"  # setting: the backups folder the clerk has been shown


@dataclass(frozen=True)
class SetupStep:
    key: str
    label: str
    done: bool
    detail: str


def villages_in_use() -> int:
    return int(Village.live().where(Village.status != VILLAGE_MERGED).count())


def people_count() -> int:
    return int(Person.live().count())


def backups_known(db_path: Path | None) -> bool:
    """The clerk has been shown where the backups go (made automatically, they are easily never looked at)."""
    return db_path is not None and get_setting(BACKUPS_SEEN) == str(backups.folder(db_path))


def acknowledge_backups(db_path: Path) -> None:
    set_setting(BACKUPS_SEEN, str(backups.folder(db_path)))


def setup_steps(db_path: Path | None = None) -> list[SetupStep]:
    name = township_name()
    villages = villages_in_use()
    people = people_count()
    where = str(backups.folder(db_path)) if db_path is not None else ""
    return [
        SetupStep(
            "township",
            "填写本乡镇信息",
            bool(name),
            f"已填写：{name}" if name else "名称、代码、党委、填报单位、联系人",
        ),
        SetupStep(
            "villages",
            "添加村(社区)",
            villages > 0,
            f"已有 {villages} 个村(社区)" if villages else "逐个添加，可改名、合并、排序",
        ),
        SetupStep(
            "rosters",
            "导入已有的花名册",
            people > 0,
            f"已有 {people} 人" if people else "从 Excel 导入干部、联系户等名单",
        ),
        SetupStep("backups", "确认备份位置", backups_known(db_path), f"备份保存在：{where}" if where else ""),
    ]


def needs_setup(db_path: Path | None = None) -> bool:
    """A new or unnamed file: the home page shows the checklist instead of the to-do list."""
    return not township_name() or villages_in_use() == 0 or people_count() == 0
