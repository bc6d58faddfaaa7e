"""The window on real office trouble: a full disk while saving in the editor, an unexpected error written to
the log file and shown as a Chinese dialog naming it."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from window_helpers import show_tab

from township_desk.db import database
from township_desk.models.people import Person
from township_desk.ui import messages
from township_desk.ui.record_editor import set_value


def test_a_full_disk_while_saving_in_the_editor_is_said_in_chinese_and_nothing_is_lost(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    person_id = tab.model.row_id(0)
    before = Person.get_by_id(person_id)
    editor = tab.open_editor(person_id)
    editor.show()
    qtbot.addWidget(editor)
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full
    editor.widgets["phone"].setText("13800000009")
    programme = editor.widgets["programme"]
    set_value(programme, programme.itemText(1))  # a reserve record, with a long training note: new pages
    editor.widgets["training"].setPlainText("参加县委党校培训。" * 5000)
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert editor.isVisible()  # still open: the clerk's typing is not lost either
    assert "磁盘空间已满" in editor.error_label.text() and "原有数据完好" in editor.error_label.text()
    assert Person.get_by_id(person_id).phone == before.phone  # nothing half-written
    database.execute_sql("PRAGMA max_page_count = 1073741823")  # room again
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not editor.isVisible() and Person.get_by_id(person_id).phone == "13800000009"


def test_an_unexpected_error_goes_to_the_log_file_and_a_chinese_dialog_naming_it(
    qapp, qtbot, tmp_path, monkeypatch
):
    from township_desk.ui import app

    monkeypatch.setattr("platformdirs.user_log_dir", lambda *args, **kwargs: str(tmp_path / "logs"))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: shown.append((title, str(text))))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    level = root.level
    path = app.install_error_log()
    try:
        assert path == tmp_path / "logs" / "township-desk.log"
        try:
            {}["不存在的键"]
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        for handler in root.handlers:
            handler.flush()
        logged = path.read_text(encoding="utf-8")
        assert "Traceback" in logged and "KeyError" in logged and "test_file_safety_window.py" in logged
        ((title, text),) = shown
        assert title == "程序出错" and str(path) in text and "日志" in text and "Traceback" not in text
        worker = threading.Thread(
            target=lambda: 1 / 0
        )  # an error in another thread: shown from the GUI thread
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
        assert shown[1][0] == "程序出错" and "ZeroDivisionError" in path.read_text(encoding="utf-8")
    finally:
        for handler in [h for h in root.handlers if getattr(h, "township_desk_log", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
