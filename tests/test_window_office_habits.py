"""The window as an office tool (issue 22, the broken part): unique shortcuts, fits the screen, Qt in Chinese."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QTableView

from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.screen_fit import available_size, fit_window


def window_shortcuts(window):
    """Every shortcut of the window's own actions (menus and the 打印 menu of the current tab)."""
    window._fill_print_menu()
    keys = []
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                keys.append(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    return keys


def test_no_two_actions_share_a_shortcut_on_any_tab(main_window):
    for index in range(main_window.tabs.count()):
        main_window.tabs.setCurrentIndex(index)
        keys = window_shortcuts(main_window)
        assert "Ctrl+N" in keys
        twice = [key for key, count in Counter(keys).items() if count > 1]
        assert twice == [], (main_window.tabs.tabText(index), twice)


def test_ctrl_n_opens_a_new_record_form(main_window, qtbot):
    main_window.tabs.setCurrentIndex([p.title for p in main_window.tab_pages].index("干部"))
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    main_window.current_tab().table.setFocus()
    qtbot.keyClick(main_window.current_tab().table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editors = [e for e in main_window.findChildren(RecordEditor) if e.isVisible()]
    assert len(editors) == 1 and editors[0].windowTitle().startswith("新增")
    editors[0].reject()


def test_the_title_names_the_program_once(main_window):
    assert QApplication.applicationDisplayName() in ("", QApplication.applicationName())
    title = main_window.windowTitle()
    assert title == "乡镇党建工作台 — 漳江镇" and title.count("乡镇党建工作台") == 1


def test_qt_own_texts_are_chinese(main_window):
    assert QCoreApplication.translate("QLineEdit", "&Undo") != "&Undo"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert main_window.findChild(QTableView) is not None


SCREEN_PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from township_desk.db import open_database
from township_desk.ui.app import make_application
from township_desk.ui.main_window import MainWindow

app = make_application()
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
open_database(Path(sys.argv[1]))
window = MainWindow(Path(sys.argv[1]))
window.show()
sizes = []
for index in range(window.tabs.count()):
    window.tabs.setCurrentIndex(index)
    app.processEvents()
    frame = window.frameGeometry()
    status = window.statusBar().geometry()
    sizes.append([window.tabs.tabText(index), frame.width(), frame.height(), status.bottom() < window.height()])
area = window.screen().availableGeometry()
print(json.dumps({"screen": [area.width(), area.height()], "tabs": sizes}))
"""


def test_every_tab_fits_office_screens(demo_template, tmp_path):
    """1366×768, and 1920×1080 at 150 % (1280×720 logical pixels): every tab's window fits the screen."""
    import json
    import os
    import subprocess
    import sys

    for width, height in ((1366, 768), (1280, 720)):
        config = tmp_path / f"screen-{width}.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": "office",
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": height,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            )
        )
        database = tmp_path / f"demo-{width}.db"
        database.write_bytes(demo_template.read_bytes())
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
        done = subprocess.run(
            [sys.executable, "-c", SCREEN_PROBE, str(database), str(tmp_path / f"s{width}")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["screen"] == [width, height]
        for title, frame_width, frame_height, status_visible in result["tabs"]:
            assert frame_width <= width and frame_height <= height, (width, title, frame_width, frame_height)
            assert status_visible, (width, title)


def test_big_dialogs_are_cut_to_the_screen(main_window):
    width, height = available_size(main_window)  # the offscreen test screen: 800 × 800
    dialog = QDialog(main_window)
    assert fit_window(dialog, 1000, 860) is True
    assert dialog.width() <= width and dialog.height() <= height
    assert fit_window(dialog, 400, 300) is False and (dialog.width(), dialog.height()) == (400, 300)


def test_ctrl_c_copies_the_selected_rows_with_headers_for_excel(main_window, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    from township_desk.ui.tabs import TABS

    main_window.tabs.setCurrentIndex([t for _m, t in TABS].index("干部"))
    tab = main_window.current_tab()
    tab.table.selectRow(0)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    tab.table.selectionModel().select(tab.model.index(2, 0), flags)  # Ctrl+click a third row
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:2] == ["姓名", "性别"]
    assert len(lines) == 3  # the header and the two chosen rows, in list order
    assert lines[1].split("\t")[0] == tab.model.data(tab.model.index(0, 0))
    assert lines[2].split("\t")[0] == tab.model.data(tab.model.index(2, 0))
