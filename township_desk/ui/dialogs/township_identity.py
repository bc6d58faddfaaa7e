"""A township database's identity in the window: 文件 ▸ 重新生成本库标识, and the question asked when the
township's name changes after an export (a rename, or another township made from a copy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from township_desk.ui import messages

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow

Choice = Literal["rename", "rekey"]


def ask_rename_or_new(parent: QWidget | None, question: str) -> Choice | None:
    """改名 (same township), 另一个乡镇 (fresh identities) or cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, "乡镇名称已改", question, parent=parent)
    rename = box.addButton("改名（同一个乡镇）", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("另一个乡镇（重新生成标识）", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(rename)
    box.exec()
    clicked = box.clickedButton()
    return "rename" if clicked is rename else "rekey" if clicked is other else None


def rekey_database(window: MainWindow) -> None:
    """Give the open township database fresh identities after asking (a file copied from another township)."""
    from township_desk.services import township_identity
    from township_desk.services.settings import township_name

    question = (
        f"本库（{township_name()}）是从别的乡镇的文件复制来的吗？\n\n重新生成标识后，本库的乡镇标识和全部记录编号"
        "都换成新的，导出的文件将作为一个新的乡镇合并，不会改动原乡镇在县里的数据。\n"
        "如果本库一直是本乡镇自己的数据，请不要这样做。"
    )
    if not messages.confirm(window, "重新生成本库标识", question, yes="重新生成"):
        return
    try:
        result = township_identity.open_rekey()
    except Exception as exc:  # noqa: BLE001 - shown to the clerk
        messages.show_error(window, "重新生成本库标识", exc)
        return
    window.reload_all()
    window.show_status(result.summary())
