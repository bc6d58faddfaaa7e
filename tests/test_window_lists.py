"""The lists as office tools (issue 22): right-click menus, columns shown or hidden, Enter into the list, buttons
needing a selection, 批量修改 with undo, undo and redo of edits, a record's 修改记录, search by village and post,
the roster printing what the list shows, counts that agree, one number format per column."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QApplication
from reports.pdf_helpers import page_texts, squash
from window_helpers import show_tab

from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person, Village
from township_desk.ui.list_dialogs import BatchEditDialog, HistoryDialog
from township_desk.ui.record_editor import RecordEditor


def names(tab):
    return [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())]


def select_rows(tab, rows):
    tab.table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        tab.table.selectionModel().select(tab.model.index(row, 0), flags)


def menu_action(menu, text):
    found = [a for a in menu.actions() if a.text().startswith(text)]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def search(tab, text):
    tab.search.setText(text)  # keyClicks with Chinese aborts pytest: set the text (textChanged fires)


def serving_row(tab):
    """A row of a serving cadre with a village (the demo's first rows are)."""
    for row in range(tab.model.rowCount()):
        values = tab.model.row(row)
        if values["post"] and values["village"]:
            return row
    raise AssertionError("no serving cadre in the list")


# ---------------------------------------------------------------- menus, header, Enter, buttons


def test_row_menu_offers_and_does_what_a_clerk_expects(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    assert not tab.edit_button.isEnabled() and not tab.file_button.isEnabled()  # nothing chosen yet
    tab.table.selectRow(0)
    assert tab.edit_button.isEnabled() and tab.delete_button.isEnabled() and tab.file_button.isEnabled()
    from township_desk.ui.list_menus import row_menu

    menu = row_menu(tab)
    texts = [a.text() for a in menu.actions() if a.text()]
    for wanted in ("编辑…", "删除", "批量修改…", "修改记录…", "干部档案…", "打印所选…", "导出所选…"):
        assert any(t.startswith(wanted) for t in texts), (wanted, texts)
    menu_action(menu, "编辑…").trigger()
    editor = tab.findChild(RecordEditor)
    assert editor is not None and editor.isVisible() and editor.windowTitle().startswith("编辑")
    editor.reject()
    from township_desk.ui.election_widgets import CadreFileDialog

    menu_action(row_menu(tab), "干部档案…").trigger()
    assert tab.findChild(CadreFileDialog) is not None
    name = names(tab)[0]
    menu_action(row_menu(tab), "删除").trigger()
    assert name not in names(tab)
    main_window.undo()
    assert name in names(tab)


def test_export_selected_writes_only_the_chosen_rows(main_window, qtbot, tmp_path):
    from openpyxl import load_workbook

    from township_desk.ui.workers import wait_for_tasks

    tab = show_tab(main_window, "干部")
    select_rows(tab, [0, 3])
    out = tmp_path / "所选.xlsx"
    tab.export_selected(out)
    wait_for_tasks()
    qtbot.waitUntil(out.exists, timeout=10000)
    sheet = load_workbook(out).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    data = [row for row in values if row and row[0] in (names(tab)[0], names(tab)[3])]
    assert len(data) == 2
    assert not any(row and row[0] == names(tab)[1] for row in values)


def test_header_menu_hides_a_column_and_it_stays_hidden(main_window, qtbot):
    from township_desk.ui.list_menus import header_menu
    from township_desk.ui.main_window import MainWindow

    tab = show_tab(main_window, "干部")
    phone = [c.key for c in tab.listing.columns].index("phone")
    menu = header_menu(tab)
    action = menu_action(menu, "联系电话")
    assert action.isChecked()
    action.setChecked(False)
    assert tab.table.isColumnHidden(phone)
    tab.table.selectRow(0)
    assert "联系电话" not in tab.selected_rows_text().splitlines()[0]  # Ctrl+C copies what is shown
    QSettings().sync()
    again = MainWindow(main_window.db_path)
    qtbot.addWidget(again)
    other = show_tab(again, "干部")
    assert other.table.isColumnHidden(phone)
    menu_action(header_menu(other), "显示全部列").trigger()
    assert not other.table.isColumnHidden(phone)


def test_enter_in_the_search_box_moves_into_the_list(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    search(tab, "书记")
    tab.search.setFocus()
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.table, timeout=2000)
    assert tab.selected_id() == tab.model.row_id(0)


# ---------------------------------------------------------------- batch changes, undo, redo


def test_batch_change_of_village_in_one_step_and_its_undo(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    first = serving_row(tab)
    select_rows(tab, [first, first + 1, first + 2])
    ids = tab.selected_ids()
    before = {i: Person.get_by_id(i).village.name for i in ids}
    target = next(v.name for v in Village.select() if v.name not in before.values())
    dialog = tab.batch_edit_selected()
    assert isinstance(dialog, BatchEditDialog)
    dialog.choose("village", target)
    dialog.apply()
    assert {Person.get_by_id(i).village.name for i in ids} == {target}
    assert {CadrePost.get(CadrePost.person == i, CadrePost.ended_on.is_null()).village.name for i in ids} == {
        target
    }
    assert main_window.undo_action.isEnabled() and "批量修改 3 条" in main_window.undo_action.text()
    main_window.undo()
    assert {i: Person.get_by_id(i).village.name for i in ids} == before
    main_window.redo()
    assert {Person.get_by_id(i).village.name for i in ids} == {target}


def test_batch_change_refused_for_one_row_writes_nothing(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    first = serving_row(tab)
    select_rows(tab, [first, first + 1])
    ids = tab.selected_ids()
    before = {i: Person.get_by_id(i).village_id for i in ids}
    dialog = tab.batch_edit_selected()
    dialog.choose("village", "")  # a serving cadre needs a village: refused, for all
    dialog.apply()
    assert dialog.isVisible() and "全部未修改" in dialog.error_label.text()
    assert {i: Person.get_by_id(i).village_id for i in ids} == before
    dialog.reject()


def test_batch_leave_on_a_date_and_undo(main_window, qtbot, today):
    tab = show_tab(main_window, "干部")
    first = serving_row(tab)
    select_rows(tab, [first, first + 1])
    ids = tab.selected_ids()
    dialog = tab.batch_edit_selected()
    dialog.choose("离任", today.isoformat())
    dialog.apply()
    assert not dialog.isVisible()
    for person_id in ids:
        assert (
            not CadrePost.live()
            .where((CadrePost.person == person_id) & CadrePost.ended_on.is_null())
            .exists()
        )
    main_window.undo()
    for person_id in ids:
        assert CadrePost.live().where((CadrePost.person == person_id) & CadrePost.ended_on.is_null()).exists()


def test_edit_then_ctrl_z_and_ctrl_y(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    row = serving_row(tab)
    tab.table.selectRow(row)
    person_id = tab.selected_id()
    old_phone = Person.get_by_id(person_id).phone
    tab.edit_selected()
    editor = tab.findChild(RecordEditor)
    editor.widgets["phone"].setText("13900001111")
    editor.save()
    assert Person.get_by_id(person_id).phone == "13900001111"
    assert "联系电话" in main_window.undo_action.text()
    main_window.activateWindow()
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Person.get_by_id(person_id).phone == old_phone
    qtbot.keyClick(tab.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert Person.get_by_id(person_id).phone == "13900001111"
    main_window.undo()
    assert Person.get_by_id(person_id).phone == old_phone


def test_undo_refused_when_another_window_changed_the_field(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    tab.table.selectRow(serving_row(tab))
    person_id = tab.selected_id()
    tab.edit_selected()
    editor = tab.findChild(RecordEditor)
    editor.widgets["phone"].setText("13900002222")
    editor.save()
    Person.update(phone="13700000000").where(Person.id == person_id).execute()  # "another window"
    main_window.undo()
    assert Person.get_by_id(person_id).phone == "13700000000"  # theirs kept
    assert any("其他窗口" in text for text in main_window.errors_shown)
    assert main_window.undo_stack.can_undo()


def test_ctrl_z_in_the_search_box_stays_the_box_own(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    tab.table.selectRow(0)
    name = names(tab)[0]
    tab.delete_selected()
    main_window.activateWindow()
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "zs")
    qtbot.keyClick(tab.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name not in names(tab)  # the deletion was not undone by the box's Ctrl+Z
    search(tab, "")
    main_window.undo()
    assert name in names(tab)


# ---------------------------------------------------------------- history


def test_history_shows_who_when_old_and_new(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    tab.table.selectRow(serving_row(tab))
    person_id = tab.selected_id()
    old_phone = Person.get_by_id(person_id).phone
    tab.edit_selected()
    editor = tab.findChild(RecordEditor)
    editor.widgets["phone"].setText("13911112222")
    editor.save()
    tab.select_id(person_id)
    dialog = tab.show_history_selected()
    assert isinstance(dialog, HistoryDialog), (
        tab.selected_id(),
        person_id,
        tab.model.row_of(person_id),
        tab.model.total,
        tab.model.state,
        tab.model.loaded_rows(),
    )
    lines = dialog.texts()
    assert any(
        f"联系电话：{old_phone or '（空）'} → 13911112222" in line and "修改" in line for line in lines
    )
    dialog.reject()
    # … and from the record's form
    tab.edit_selected()
    editor = [e for e in tab.findChildren(RecordEditor) if e.isVisible()][-1]
    button = editor.findChild(type(editor.buttons.buttons()[0]), "history_button")
    button.click()
    shown = [d for d in tab.findChildren(HistoryDialog) if d.isVisible()]
    assert shown and any("13911112222" in line for line in shown[-1].texts())
    editor.reject()


# ---------------------------------------------------------------- search


def test_search_finds_a_village_or_a_post(main_window, qtbot):
    tab = show_tab(main_window, "干部")
    village = Village.select().order_by(Village.sort_order).first().name
    search(tab, village[:2])
    assert tab.model.total > 0
    assert {tab.model.row(r)["village"] for r in range(tab.model.rowCount())} == {village}
    from township_desk.services.pinyin import name_initials

    search(tab, name_initials(village))
    assert village in {tab.model.row(r)["village"] for r in range(tab.model.rowCount())}
    search(tab, "书记")
    posts = [tab.model.row(r)["post"] for r in range(tab.model.rowCount())]
    assert posts and all("书记" in p for p in posts)


def test_branches_found_by_pinyin(main_window, qtbot):
    from township_desk.models.party_days import PartyBranch
    from township_desk.services.pinyin import name_initials

    tab = show_tab(main_window, "主题党日")
    branch = PartyBranch.live().first().name
    search(tab, name_initials(branch))
    assert tab.model.total > 0
    assert branch in {tab.model.row(r)["branch"] for r in range(tab.model.rowCount())}


# ---------------------------------------------------------------- paper: what the list shows


def test_roster_prints_the_rows_the_list_shows(main_window, qtbot, tmp_path):
    from township_desk.services import cadres
    from township_desk.services.settings import township_name

    tab = show_tab(main_window, "干部")
    search(tab, "书记")
    tab.filter_boxes["education"].setCurrentText(tab.model.row(0)["education"])
    shown = [tab.model.row(r)["name"] for r in range(tab.model.rowCount())]
    assert 0 < len(shown) == tab.model.total
    out = cadres.print_roster(tmp_path / "r.pdf", state=tab._state())
    text = squash("".join(page_texts(out)))
    assert township_name()
    for name in shown:
        assert name in text
    others = [
        n for n in Person.live().where(Person.id.in_(cadres._cadre_or_reserve_ids())) if n.name not in shown
    ]
    assert not any(p.name in text for p in others[:50] if all(p.name not in s for s in shown))
    select_rows(tab, [0])
    out = cadres.print_roster(tmp_path / "one.pdf", state=tab._state(), ids=tab.selected_ids())
    text = squash("".join(page_texts(out)))
    assert shown[0] in text and not any(name in text for name in shown[1:] if name not in shown[0])


def test_roster_shows_reserves_when_the_list_does(main_window, tmp_path):
    from township_desk.services import cadres

    tab = show_tab(main_window, "干部")
    tab.filter_boxes["category"].setCurrentText("后备干部")
    reserves = [tab.model.row(r) for r in range(tab.model.rowCount()) if not tab.model.row(r)["post"]]
    assert reserves
    text = squash("".join(page_texts(cadres.print_roster(tmp_path / "r.pdf", state=tab._state()))))
    assert reserves[0]["name"] in text and "后备干部" in text


# ---------------------------------------------------------------- counts and numbers


def test_status_bar_and_tabs_count_the_same_reserves(main_window):
    tab = show_tab(main_window, "后备干部")
    total = tab.model.total
    assert ReserveCadre.live().count() == total
    main_window.update_status()
    assert f"后备干部 {total} 人" in main_window.counts_label.text()
    cadre_tab = show_tab(main_window, "干部")
    cadre_tab.filter_boxes["category"].setCurrentText("后备干部")
    assert cadre_tab.model.total == total
    assert tab.counts_label.text().startswith(f"后备干部 {total} 人")


def test_status_bar_fits_a_1366_screen(main_window):
    main_window.resize(1366, 740)
    main_window.update_status()
    label = main_window.counts_label
    assert label.fontMetrics().horizontalAdvance(label.text()) <= 1366 - 260


def test_one_number_format_per_column(main_window):
    from township_desk.services.listing import display

    assert display(84, "percent") == "84.0%" and display("84.6%", "percent") == "84.6%"
    assert display("69", "decimal") == "69.0" and display(65.9, "decimal2") == "65.90"
    tab = show_tab(main_window, "主题党日")
    rate = [c.key for c in tab.listing.columns].index("rate")
    shown = [tab.model.data(tab.model.index(r, rate)) for r in range(min(60, tab.model.rowCount()))]
    shown = [s for s in shown if s]
    assert shown and all(s.endswith("%") and s[-3] == "." for s in shown), shown
    ranking = show_tab(main_window, "年度考评")
    assert ranking.table.verticalHeader().isHidden()  # 排名 numbers the rows: no second row number


def test_guide_opens_from_the_help_menu(main_window, qtbot):
    from township_desk.ui.help_guide import GuideDialog

    actions = [a for a in main_window.findChildren(type(main_window.undo_action)) if a.text() == "使用说明"]
    assert actions and actions[0].shortcut().toString() == "F1"
    actions[0].trigger()
    dialog = main_window.findChild(GuideDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for words in ("第一步", "4+X", "导入", "上报"):
        assert words in text


def test_sub_list_rows_have_the_panel_buttons_as_a_right_click_menu(main_window, qtbot):
    from township_desk.ui.sub_list import RowsPanel

    tab = show_tab(main_window, "联系户")
    tab.table.selectRow(0)
    panels = [p for p in tab.findChildren(RowsPanel) if p.button_list]
    assert panels
    panel = panels[0]
    menu = panel.row_menu()
    assert [a.text() for a in menu.actions()] == [b.text() for b in panel.button_list if not b.isHidden()]
    assert [a.isEnabled() for a in menu.actions()] == [
        b.isEnabled() for b in panel.button_list if not b.isHidden()
    ]


def test_batch_change_of_reserve_status_is_one_step_and_undone(main_window):
    from township_desk.services import reserves

    tab = show_tab(main_window, "后备干部")
    tab.filter_boxes["status"].setCurrentText(reserves.TRAINING)
    select_rows(tab, [0, 1])
    ids = tab.selected_ids()
    dialog = tab.batch_edit_selected()
    dialog.choose("status", "退出")
    dialog.apply()
    assert {ReserveCadre.get_by_id(i).status for i in ids} == {"退出"}
    main_window.undo()
    assert {ReserveCadre.get_by_id(i).status for i in ids} == {reserves.TRAINING}


def test_cadre_list_count_adds_up_to_the_status_bar(main_window):
    from township_desk.services.cadres import cadre_counts

    tab = show_tab(main_window, "干部")
    counts = cadre_counts()
    text = tab.count_label.text()
    assert text.startswith(
        f"共 {tab.model.total} 人：在任干部 {counts['serving']} 人，后备干部 {counts['reserve_records']} 人"
    )
    assert (
        f"在任干部 {counts['serving']} 人 · 后备干部 {counts['reserve_records']} 人"
        in main_window.counts_label.text()
    )
    search(tab, "书记")
    assert tab.count_label.text() == f"共 {tab.model.total} 人"
