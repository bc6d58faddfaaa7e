"""Moving one record to the recycle bin from a list or a sub-list: the one path every tab goes through.

The window asks for a record by its model and id; the row is read and removed here, so that ui/ holds no
query of its own. A subject whose removal does more than soft_delete (an assessment candidate's ranking is
recomputed) passes its own `remove`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from township_desk.models.base import BaseModel
from township_desk.services.recycle_bin import soft_delete


def describe(model: type[BaseModel], record_id: str) -> str:
    """How the record is named in the confirmation and in 编辑 ▸ 撤销删除."""
    return str(model.get_by_id(record_id).describe())


def move_to_bin(model: type[BaseModel], record_id: str, remove: Callable[[str], Any] | None = None) -> None:
    """Soft-delete the record with everything that hangs on it (or run the subject's own removal)."""
    if remove is not None:
        remove(record_id)
    else:
        soft_delete(model.get_by_id(record_id))
