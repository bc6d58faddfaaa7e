"""The 干部 tab driven through the real window: search, filter, sort, add, edit, delete, restore."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from window_helpers import show_tab

from township_desk.models.people import Person
from township_desk.ui.record_editor import RecordEditor


def cadre_tab(window):
    return show_tab(window, "干部")


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
    assert [main_window.tabs.tabText(i) for i in (0, 1)] == ["首页", "干部"]
    assert "在任干部" in main_window.counts_label.text()
    assert "demo.db" in main_window.file_label.text()
    tab = cadre_tab(main_window)
    # the whole list is counted; its first rows are read (enough to fill the table)
    assert tab.model.total > 100 and 20 < tab.model.rowCount() < tab.model.total


def test_search_by_pinyin_initials_and_phone(main_window, qtbot):
    tab = cadre_tab(main_window)
    person = Person.get_by_id(tab.model.row_id(0))
    type_text(qtbot, tab.search, person.initials)
    assert person.name in names(tab)
    assert tab.model.total < 50
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


def test_import_through_the_window_previews_then_writes(main_window, qtbot, tmp_path):
    from test_cadre_import import messy_workbook

    from township_desk.ui.dialogs.import_preview import ImportPreviewDialog

    tab = cadre_tab(main_window)
    before = tab.model.total
    tab.import_excel(messy_workbook(tmp_path / "roster.xlsx"))
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    preview = tab.findChild(ImportPreviewDialog)
    assert preview.refused_table.rowCount() == 5
    assert preview.accepted_table.rowCount() == 3
    assert tab.model.total == before  # nothing written before the user confirms
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total == before + 3, timeout=10000)


def test_filters_narrow_the_list(main_window):
    tab = cadre_tab(main_window)
    box = tab.filter_boxes["category"]
    box.setCurrentText("后备干部")
    assert all(tab.model.data(tab.model.index(r, 10)) for r in range(tab.model.rowCount()))
    while tab.model.canFetchMore():
        tab.model.fetchMore()
    reserves_by_village = Counter(tab.model.data(tab.model.index(r, 3)) for r in range(tab.model.rowCount()))
    village_box = tab.filter_boxes["village"]
    village = next(
        village_box.itemText(i)
        for i in range(1, village_box.count())
        if reserves_by_village[village_box.itemText(i)]
    )  # a village with reserves (seed-dependent)
    village_box.setCurrentText(village)
    shown = [tab.model.data(tab.model.index(r, 3)) for r in range(tab.model.rowCount())]
    assert set(shown) == {village} and len(shown) == reserves_by_village[village]


def test_print_roster_from_the_tab_opens_a_preview(main_window, qtbot, tmp_path):
    from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog

    tab = cadre_tab(main_window)
    tab.print_roster(tmp_path / "roster.pdf")
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    preview = main_window.findChild(PdfPreviewDialog)
    assert preview.page_count() >= 3
    assert (tmp_path / "roster.pdf").exists()


def test_window_layout_is_remembered(main_window, qtbot):
    from township_desk.ui.main_window import MainWindow

    tab = cadre_tab(main_window)
    tab.table.setColumnWidth(0, 177)
    main_window.resize(900, 520)
    main_window.close()
    again = MainWindow(main_window.db_path)
    qtbot.addWidget(again)
    assert show_tab(again, "干部").table.columnWidth(0) == 177
    assert again.size().height() == 520


def test_township_settings_change_the_title(main_window):
    from township_desk.ui.dialogs.township_settings import TownshipSettingsDialog

    main_window.edit_township()
    dialog = main_window.findChild(TownshipSettingsDialog)
    dialog.edits["township"].setText("")
    dialog.save()
    assert dialog.isVisible() and "名称" in dialog.error.text()
    dialog.edits["township"].setText("茶庵铺镇")
    dialog.save()
    assert main_window.windowTitle() == "乡镇党建工作台 — 茶庵铺镇"


def test_a_cadres_talks_open_from_the_roster(main_window, qtbot):
    from township_desk.models.talks import Talk
    from township_desk.ui.tabs.talks import PersonTalksDialog

    tab = cadre_tab(main_window)
    talked = Talk.live().first().person
    tab.search.setText(talked.id_number)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.talks_button, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(PersonTalksDialog)
    assert dialog is not None and dialog.isVisible()
    assert talked.name in dialog.windowTitle()


def test_a_search_seen_before_shows_again_at_once_but_never_hides_a_write(main_window, monkeypatch):
    from township_desk.services import cadres

    tab = cadre_tab(main_window)
    everyone = tab.model.total
    reads: list[str] = []
    real = tab.listing.first_page
    monkeypatch.setattr(
        tab.listing, "first_page", lambda state, limit: (reads.append(state.search), real(state, limit))[1]
    )
    tab.search.setText("zzzz")
    tab.search.setText("")
    assert reads == ["zzzz"] and tab.model.total == everyone  # the whole list again, without reading it
    cadres.CADRE_FORM.save(
        None, {"name": "聂卫平", "id_number": "11010519491231002X", "village": "新建村", "post": "村委会主任"}
    )  # written behind the tab's back
    tab.search.setText("zzzz")
    tab.search.setText("")
    assert tab.model.total == everyone + 1
    assert reads == ["zzzz", "zzzz", ""]
