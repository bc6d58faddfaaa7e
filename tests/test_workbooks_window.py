"""After an export from the window: a message in Chinese offers 打开文件 / 打开所在文件夹 / 关闭, opens the file or
its folder with the system's program, and says so in Chinese when there is none (issue 22)."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import show_tab

from township_desk.ui import messages
from township_desk.ui.workers import wait_for_tasks


@pytest.fixture
def opened(monkeypatch):
    """What the window asked the system to open (and whether a program was there for it)."""
    urls: list[QUrl] = []
    state = {"program": True}

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return state["program"]

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls, state


def export_cadres(window, qtbot, path, monkeypatch, answer: int) -> list[str]:
    asked: list[str] = []

    def after_export(parent, title, text):
        asked.append(text)
        return answer

    monkeypatch.setattr(messages, "after_export", after_export)
    show_tab(window, "干部").export_excel(path)
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    wait_for_tasks()
    return asked


def test_open_the_exported_file(main_window, qtbot, tmp_path, monkeypatch, opened):
    out = tmp_path / "干部名单.xlsx"
    asked = export_cadres(main_window, qtbot, out, monkeypatch, messages.OPEN_FILE)
    assert "已导出干部名单" in asked[0] and str(out) in asked[0]
    urls, _state = opened
    assert [u.toLocalFile() for u in urls] == [str(out)]
    assert openpyxl.load_workbook(out).active["A1"].value.startswith("漳江镇干部名单")


def test_open_the_folder_of_the_export(main_window, qtbot, tmp_path, monkeypatch, opened):
    out = tmp_path / "干部名单.xlsx"
    export_cadres(main_window, qtbot, out, monkeypatch, messages.OPEN_FOLDER)
    urls, _state = opened
    assert [u.toLocalFile() for u in urls] == [str(tmp_path)]


def test_close_opens_nothing(main_window, qtbot, tmp_path, monkeypatch, opened):
    export_cadres(main_window, qtbot, tmp_path / "干部名单.xlsx", monkeypatch, messages.CLOSE)
    assert opened[0] == [] and main_window.errors_shown == []


def test_no_program_for_the_file_is_said_in_chinese(main_window, qtbot, tmp_path, monkeypatch, opened):
    opened[1]["program"] = False
    out = tmp_path / "干部名单.xlsx"
    export_cadres(main_window, qtbot, out, monkeypatch, messages.OPEN_FILE)
    assert len(main_window.errors_shown) == 1
    assert (
        "没有可以打开 Excel 文件的程序" in main_window.errors_shown[0]
        and str(out) in main_window.errors_shown[0]
    )


def test_the_message_has_the_three_buttons(qtbot, qapp):
    """The real message box: its buttons in Chinese, 打开文件 first, Esc and 关闭 close it."""
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append([button.text() for button in box.buttons()])
        assert box.defaultButton().text() == "打开文件"
        next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()

    QTimer.singleShot(0, answer)
    assert messages.after_export(None, "导出Excel", "已导出干部名单 3 行。") == messages.OPEN_FOLDER
    assert sorted(seen[0]) == sorted(["打开文件", "打开所在文件夹", "关闭"])

    def escape() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, escape)
            return
        box.reject()

    QTimer.singleShot(0, escape)
    assert messages.after_export(None, "导出Excel", "已导出。") == messages.CLOSE
