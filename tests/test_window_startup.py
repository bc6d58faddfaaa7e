"""The tab list of ui/tabs/__init__.py and the tab modules agree, and tabs are built when first needed."""

from __future__ import annotations

import pkgutil

import pytest

from township_desk.ui import tabs
from township_desk.ui.main_window import tab_class
from township_desk.ui.record_tab import RecordTab
from township_desk.ui.tabs.home import HomeTab


def test_every_tab_module_is_listed_in_order_with_its_title() -> None:
    modules = sorted(
        info.name for info in pkgutil.iter_modules(tabs.__path__) if not info.name.startswith("_")
    )
    assert (
        sorted(name for name, _title in tabs.TABS) == modules
    )  # each module listed once; TABS gives the order
    for name, title in tabs.TABS:
        assert tab_class(name).title == title


@pytest.fixture
def fresh_window(qtbot, demo_db, qt_settings):
    """A main window just constructed, not yet shown."""
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    make_application()
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    return window


def test_the_window_paints_with_one_page_built_and_builds_the_rest_after(fresh_window, qtbot) -> None:
    main_window = fresh_window
    built = main_window.built_pages()
    assert built == [main_window.current_tab()]
    home = main_window.current_tab()  # no tab remembered: the home page, first
    assert isinstance(home, HomeTab) and home.todo_list.count() > 0  # read before the first paint
    main_window.show()
    qtbot.waitUntil(lambda: len(main_window.built_pages()) == len(tabs.TABS))
    assert all(
        isinstance(main_window.tabs.widget(i), RecordTab | HomeTab) for i in range(main_window.tabs.count())
    )
    qtbot.waitUntil(lambda: "联系户" in main_window.counts_label.text())
    assert [main_window.tabs.tabText(i) for i in range(main_window.tabs.count())] == [
        t for _n, t in tabs.TABS
    ]


def test_a_tab_opened_before_it_was_built_shows_its_records(fresh_window) -> None:
    main_window = fresh_window
    index = next(i for i, (name, _t) in enumerate(tabs.TABS) if name == "households")
    assert not isinstance(main_window.tabs.widget(index), RecordTab)
    main_window.tabs.setCurrentIndex(index)
    page = main_window.tabs.widget(index)
    assert isinstance(page, RecordTab) and page is main_window.current_tab()
    assert page.model.total > 0


@pytest.fixture
def closed_demo(demo_template, tmp_path):
    """A copy of the demo database that nothing has opened yet."""
    import shutil

    from township_desk.db import close_database

    close_database()
    path = tmp_path / "closed.db"
    shutil.copyfile(demo_template, path)
    return path


def test_the_program_paints_its_window_then_opens_and_reads_the_database(
    qtbot, closed_demo, qt_settings
) -> None:
    from township_desk.db import close_database
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    make_application()
    window = MainWindow(closed_demo, open_after_paint=True)
    qtbot.addWidget(window)
    assert not window.loaded and window.built_pages() == []
    assert window.tabs.tabText(0) == "首页"
    window.show()
    qtbot.waitUntil(lambda: window.loaded)
    assert window.current_tab().todo_list.count() > 0
    assert "漳江镇" in window.windowTitle()
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    qtbot.waitUntil(lambda: len(window.built_pages()) == len(tabs.TABS))
    window.close()
    close_database()


def test_a_file_that_cannot_be_opened_is_named_in_a_message_and_left_untouched(
    qtbot, tmp_path, qt_settings, monkeypatch
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    path = tmp_path / "名单.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    before = path.read_bytes()
    shown: list[str] = []
    codes: list[int] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QApplication, "exit", lambda code=0: codes.append(code))
    make_application()
    window = MainWindow(path, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(codes))
    assert codes == [2]
    assert "无法打开数据库" in shown[0]
    assert not window.loaded
    assert path.read_bytes() == before


def test_the_window_paints_without_loading_the_database_layer() -> None:
    """What the window needs before its first paint does not import peewee, the services or the tabs."""
    import subprocess
    import sys

    code = (
        "import sys, township_desk.cli, township_desk.ui.app, township_desk.ui.main_window; "
        "print(sorted(m for m in sys.modules if m.startswith(('peewee', 'township_desk.services', "
        "'township_desk.models', 'township_desk.ui.tabs.t', 'township_desk.db'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_only_a_bare_database_choice_opens_the_window_directly() -> None:
    from township_desk.cli import window_arguments

    assert window_arguments([]) is not None
    assert str(window_arguments(["--db", "乡镇.db"]).db) == "乡镇.db"
    for argv in (["demo"], ["--version"], ["--help"], ["--db", "x.db", "check"]):
        assert window_arguments(argv) is None
