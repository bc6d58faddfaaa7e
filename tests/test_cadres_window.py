"""The 干部 tab driven through the real window: search, filter, sort, add, edit, delete, restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.people import Person
from township_desk.ui.record_editor import RecordEditor


def cadre_tab(window):
    return window.tab_pages[0]


def names(tab):
    model = tab.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def type_text(qtbot, widget, text):
    """Type text into a line edit (keyClicks with CJK aborts the process, so set text + signal)."""
    widget.setFocus()
    widget.setText(text)


def test_window_shows_title_menus_tab_and_counts(main_window):
    assert main_window.windowTitle().startswith("乡镇党建工作台")
    menus = [a.text() for a in main_window.menuBar().actions()]
    assert [m.split("(")[0] for m in menus] == ["文件", "编辑", "打印", "帮助"]
    assert main_window.tabs.tabText(0) == "干部"
    assert "在任干部" in main_window.counts_label.text()
    assert "demo.db" in main_window.file_label.text()
    tab = cadre_tab(main_window)
    assert tab.model.rowCount() > 100


def test_search_by_pinyin_initials_and_phone(main_window, qtbot):
    tab = cadre_tab(main_window)
    person = Person.live().order_by(Person.name).first()
    type_text(qtbot, tab.search, person.initials)
    assert person.name in names(tab)
    assert all(tab.model.rowCount() < 50 for _ in [0])
    type_text(qtbot, tab.search, person.phone[-6:])
    assert names(tab) == [person.name]


def test_add_cadre_through_the_form(main_window, qtbot):
    tab = cadre_tab(main_window)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    editor = tab.findChild(RecordEditor)
    assert editor is not None and editor.isVisible()
    editor.widgets["name"].setText("张建国")
    editor.widgets["id_number"].setText("11010519491231002x")
    # the ID number fills birth date, sex and age by itself
    assert editor.widgets["birth_date"].text() == "1949-12-31"
    assert editor.widgets["sex"].currentText() == "女"
    assert editor.widgets["age"].text().endswith("岁")
    editor.widgets["village"].setEditText("新建村")
    editor.widgets["post"].setEditText("村委会主任")
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    type_text(qtbot, tab.search, "zjg")
    assert "张建国" in names(tab)
    person = Person.get(Person.name == "张建国")
    assert person.id_number == "11010519491231002X"


def test_wrong_check_digit_keeps_the_form_open_and_names_the_field(main_window, qtbot):
    tab = cadre_tab(main_window)
    tab.add_record()
    editor = tab.findChild(RecordEditor)
    editor.widgets["name"].setText("李四")
    editor.widgets["id_number"].setText("110105194912310021")
    editor.widgets["village"].setEditText("新建村")
    editor.widgets["post"].setEditText("党组织委员")
    editor.save()
    assert editor.isVisible()
    assert "校验位" in editor.error_label.text()
    assert not Person.select().where(Person.name == "李四").exists()


def test_delete_then_undo_and_recycle_bin(main_window, qtbot):
    tab = cadre_tab(main_window)
    tab.table.selectRow(0)
    first = names(tab)[0]
    before = tab.model.total
    tab.delete_selected()
    assert tab.model.total == before - 1
    assert first not in names(tab)[:1] or names(tab).count(first) < 2
    main_window.undo_deletion()
    assert cadre_tab(main_window).model.total == before


def test_sorting_by_age_column(main_window):
    tab = cadre_tab(main_window)
    column = [c.key for c in tab.listing.columns].index("age")
    tab.model.sort(column, Qt.SortOrder.AscendingOrder)
    ages = [int(tab.model.data(tab.model.index(r, column))) for r in range(tab.model.rowCount())]
    assert ages == sorted(ages)
