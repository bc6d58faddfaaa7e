"""The window's one undo stack (编辑 ▸ 撤销 Ctrl+Z, 重做 Ctrl+Y / Ctrl+Shift+Z): edits, additions, batch changes
and deletions made from the lists, each a `services.changes` object that writes through the services.

A plain Python stack rather than QUndoStack: the changes already happened when they are pushed (QUndoStack
would redo them on push), and a refused undo (another window changed the record) must stay on the stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window makes its stack before the first paint; the services load after it
    from township_desk.services.changes import Change

LIMIT = 100


@dataclass
class UndoStack:
    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def push(self, change: Change) -> None:
        """A change just made: it can be undone; what was undone before can no longer be redone."""
        self.done.append(change)
        del self.done[:-LIMIT]
        self.undone.clear()

    def can_undo(self) -> bool:
        return bool(self.done)

    def can_redo(self) -> bool:
        return bool(self.undone)

    def undo_text(self) -> str:
        return self.done[-1].text if self.done else ""

    def redo_text(self) -> str:
        return self.undone[-1].text if self.undone else ""

    def undo(self) -> Change | None:
        """Undo the last change (it raises, and stays on the stack, when the service refuses)."""
        if not self.done:
            return None
        change = self.done[-1]
        change.undo()
        self.undone.append(self.done.pop())
        return change

    def redo(self) -> Change | None:
        if not self.undone:
            return None
        change = self.undone[-1]
        change.redo()
        self.done.append(self.undone.pop())
        return change

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()
