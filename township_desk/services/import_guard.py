"""The rule every import obeys, from the window and from the command line: the data as it is goes into a
verified backup (when it changed since the last backup) before the import writes anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from township_desk.services.backups import backup_before_import
from township_desk.services.excel_import import ImportPlan
from township_desk.services.progress import Progress, no_progress

R = TypeVar("R")


def apply_import(
    apply: Callable[[ImportPlan[R], Progress], int],
    plan: ImportPlan[R],
    progress: Progress = no_progress,
    db_path: Path | None = None,
) -> int:
    """Back up (into "<name>-备份/"), then write the planned rows in the subject's one transaction."""
    backup_before_import(db_path)
    return apply(plan, progress)
