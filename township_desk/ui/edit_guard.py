"""One rule for every form and entry dialog: 取消, Esc or the window's × with changes asks 放弃修改？ first, and
Enter never presses a button (it belongs to the field or grid being typed in; Ctrl+S or a click saves)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QPushButton


def no_default_buttons(dialog: QDialog) -> None:
    """No button of the dialog fires on Enter (Qt makes the first 'auto default' button do so)."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


class EditGuard:
    """Mixin for a QDialog (list it before QDialog): subclasses say what their edits are in edit_state().

    The state when the dialog is first shown is the clean one; reject() (取消, Esc, ×) with another state asks
    放弃修改？ (放弃 / 继续编辑) through ui.messages, and stays open on 继续编辑.
    """

    _clean_state: Any = None
    _clean_taken = False

    def edit_state(self) -> Any:
        """What the user can change, comparable with ==."""
        raise NotImplementedError

    def mark_clean(self) -> None:
        self._clean_state = self.edit_state()
        self._clean_taken = True

    def has_changes(self) -> bool:
        return self._clean_taken and self.edit_state() != self._clean_state

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[misc]
        assert isinstance(self, QDialog)
        no_default_buttons(self)
        if not self._clean_taken:
            self.mark_clean()

    def reject(self) -> None:
        from township_desk.ui import messages

        if self.has_changes() and not messages.confirm_discard(self):  # type: ignore[arg-type]
            return
        super().reject()  # type: ignore[misc]
