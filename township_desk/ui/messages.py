"""Telling the user what went wrong, in Chinese, without a traceback."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from township_desk.db import translate_error
from township_desk.services.records import ValidationError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """The plain message for an error a user can act on; a general one for bugs (logged in full)."""
    if isinstance(exc, ValidationError):
        return str(exc)
    from township_desk.services.excel_import import ImportFileError  # only on failure: not at start-up

    if isinstance(exc, ImportFileError):
        return str(exc)
    known = translate_error(exc)
    if known is not None:
        return str(known)
    from township_desk.reports.templates import TemplateError  # only on failure: reportlab loads slowly

    if isinstance(exc, TemplateError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return f"没有权限写入文件：{exc.filename}。文件可能正在被 Excel/WPS 打开，请关闭后重试。"
    if isinstance(exc, OSError):
        return f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）"
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc)))
    return f"操作没有完成：程序内部错误（{type(exc).__name__}: {exc}）。数据未被修改。"


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> None:
    text = exc if isinstance(exc, str) else user_message(exc)
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "确定") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def choose(parent: QWidget | None, title: str, text: str, buttons: list[str]) -> int:
    """Ask with several answers; the index of the one clicked (the last one, "cancel", when closed)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    added = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in buttons[:-1]]
    added.append(box.addButton(buttons[-1], QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(added[0])
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, button in enumerate(added) if button is clicked), len(buttons) - 1)


def confirm_discard(parent: QWidget | None) -> bool:
    """放弃修改？ before a form with changes closes: True to close without saving, False to keep editing."""
    return (
        choose(parent, "放弃修改？", "所做的修改还没有保存。放弃这些修改并关闭吗？", ["放弃", "继续编辑"])
        == 0
    )


AFTER_EXPORT_BUTTONS = ["打开文件", "打开所在文件夹", "关闭"]
OPEN_FILE, OPEN_FOLDER, CLOSE = range(3)


def after_export(parent: QWidget | None, title: str, text: str) -> int:
    """Ask what to do with a file just written: 打开文件 / 打开所在文件夹 / 关闭 (the index clicked; 关闭 when
    the box is closed). Tests answer it by replacing this function."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    added = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in AFTER_EXPORT_BUTTONS[:-1]]
    added.append(box.addButton(AFTER_EXPORT_BUTTONS[-1], QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(added[0])
    box.setEscapeButton(added[-1])
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, button in enumerate(added) if button is clicked), CLOSE)


def export_done(parent: QWidget | None, title: str, path: Path | str, summary: str) -> None:
    """After an export: say what was written where, and offer to open the file or its folder with the
    program the system has for it (in Chinese when there is none)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    path = Path(path)
    choice = after_export(parent, title, f"{summary}\n\n文件：{path}")
    if choice == CLOSE:
        return
    target = path if choice == OPEN_FILE else path.parent
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        if choice == OPEN_FILE:
            text = f"这台电脑上没有可以打开 Excel 文件的程序（如 WPS 或 Excel）。文件已保存在：{target}"
        else:
            text = f"没有能打开文件夹的程序。文件所在的文件夹：{target}"
        show_error(parent, title, text)
