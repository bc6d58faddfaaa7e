"""Entering data as in Excel, through the real window and its real dialogs (issue 22, the editing side):
Enter moves down / Tab right in grids, Enter never closes a dialog, a block pasted from Excel fills cells,
放弃修改？ only with changes, a duplicate Party day flagged on choosing branch and month, ID numbers checked as
typed, dates picked from a calendar, forms sized to their content within a 1366×768 screen."""

from __future__ import annotations

from datetime import date

import pytest
from party_days_helpers import day_values, make_branch
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWidget

from township_desk.services import party_days
from township_desk.services.id_numbers import make_id_number
from township_desk.ui import messages
from township_desk.ui.date_field import DateField
from township_desk.ui.party_day_widgets import PartyDayEditor
from township_desk.ui.record_editor import RecordEditor


def party_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "主题党日")
    window.tabs.setCurrentWidget(tab)
    return tab


def open_day_editor(window, qtbot, members=5) -> tuple[PartyDayEditor, str, list[str]]:
    tab = party_tab(window)
    branch_id, people = make_branch("新建村党支部", "新建村", members=members)
    tab.after_change()
    tab.add_record()
    editor = tab.current_editor()
    assert isinstance(editor, PartyDayEditor)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitActive(editor)
    combo = editor.widgets["branch"]
    combo.setCurrentIndex(combo.findData(branch_id))
    assert editor.attendance.rowCount() == members
    return editor, branch_id, people


def key(qtbot, widget: QWidget, which: Qt.Key) -> None:
    qtbot.keyClick(widget, which)


def cell_editor(view) -> QLineEdit:
    """The editor open in a grid's cell (the offscreen platform does not move the focus into it)."""
    editors = [
        w for w in view.viewport().findChildren(QLineEdit) if w.isVisible() and w.parent() is view.viewport()
    ]
    assert len(editors) == 1, editors
    return editors[0]


@pytest.fixture
def answers(monkeypatch):
    """The 放弃修改？ prompt answered through ui.messages; records each time it was asked."""
    asked: list[bool] = []
    reply = {"discard": True}

    def confirm_discard(parent):
        asked.append(True)
        return reply["discard"]

    monkeypatch.setattr(messages, "confirm_discard", confirm_discard)
    return asked, reply


# ---------------------------------------------------------------- grids


def test_enter_moves_down_and_tab_right_in_the_attendance_grid(main_window, qtbot):
    editor, _branch, _people = open_day_editor(main_window, qtbot)
    grid = editor.attendance
    grid.setFocus()
    grid.setCurrentCell(0, grid.REASON)
    key(qtbot, grid, Qt.Key.Key_Return)
    assert (grid.currentRow(), grid.currentColumn()) == (1, grid.REASON)
    assert editor.isVisible() and editor.error_label.isHidden()  # Enter did not press 保存
    # typing into a cell and Enter: the text is kept (committed) and the cursor moves down
    grid.edit(grid.currentIndex())
    editor_widget = cell_editor(grid)
    qtbot.keyClicks(editor_widget, "abc")
    key(qtbot, editor_widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.currentRow() == 2)
    assert grid.reason(1) == "abc"
    assert grid.currentColumn() == grid.REASON
    assert editor.isVisible()
    # Tab moves right: from the 出席情况 combo of a row into its reason cell
    grid.setCurrentCell(3, grid.STATUS)
    grid.status_box(3).setFocus()
    key(qtbot, grid.status_box(3), Qt.Key.Key_Tab)
    assert (grid.currentRow(), grid.currentColumn()) == (3, grid.REASON)
    # Enter on the combo moves down too, and never closes the dialog
    grid.status_box(2).setFocus()
    key(qtbot, grid.status_box(2), Qt.Key.Key_Enter)
    assert grid.currentRow() == 3 and editor.isVisible()


def test_enter_never_closes_an_entry_dialog(main_window, qtbot):
    editor, _branch, _people = open_day_editor(main_window, qtbot)
    for button in editor.findChildren(QWidget):
        if hasattr(button, "isDefault"):
            assert not button.isDefault() and not button.autoDefault(), button.text()
    theme = editor.widgets["theme"]
    theme.setFocus()
    key(qtbot, theme, Qt.Key.Key_Return)
    key(qtbot, editor, Qt.Key.Key_Enter)
    assert editor.isVisible()
    assert editor.error_label.isHidden()  # no save was attempted


def assessment_tab(window):
    window.tabs.setCurrentIndex([p.title for p in window.tab_pages].index("年度考评"))
    return window.current_tab()


def test_score_grid_enter_tab_and_pasting_a_block(main_window, qtbot):
    dialog = assessment_tab(main_window).enter_scores()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    view, model = dialog.view, dialog.model
    first = model.column_of("德")
    view.setFocus()
    view.setCurrentIndex(model.index(0, first))
    view.edit(view.currentIndex())
    editor = cell_editor(view)
    qtbot.keyClicks(editor, "88")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 1)
    assert model.data(model.index(0, first)) == "88" and view.currentIndex().column() == first
    assert dialog.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, first + 1)
    # a 3×2 block from Excel (scores of 德 and 能 for three candidates), from the current cell on
    view.setCurrentIndex(model.index(2, first))
    QGuiApplication.clipboard().setText("90\t85\n78.5\t92\n100\t60\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = [[model.data(model.index(r, c)) for c in (first, first + 1)] for r in (2, 3, 4)]
    assert pasted == [["90", "85"], ["78.5", "92"], ["100", "60"]]
    assert main_window.errors_shown == []
    view.setCurrentIndex(model.index(5, first))
    QGuiApplication.clipboard().setText("120\t80\nabc\t70")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert model.data(model.index(5, first + 1)) == "80" and model.data(model.index(6, first + 1)) == "70"
    assert model.data(model.index(5, first)) != "120"
    shown = main_window.errors_shown[-1]
    assert "第6行" in shown and "超出0—100分" in shown and "“abc”不是数字" in shown
    assert dialog.isVisible()


def test_the_name_column_stays_in_view(main_window, qtbot):
    dialog = assessment_tab(main_window).enter_tallies()
    qtbot.waitExposed(dialog)
    view, model = dialog.view, dialog.model
    frozen = dialog.entry.frozen
    assert frozen is not None and frozen.isVisible()
    for column in range(model.columnCount()):
        view.setColumnWidth(column, 160)  # wider than the screen: the grid scrolls sideways
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    assert view.columnViewportPosition(0) < 0  # the real name column scrolled away …
    shown = frozen.indexAt(frozen.viewport().rect().topLeft())
    assert shown.column() == 0 and frozen.model().data(shown) == model.rows[0].name  # … the pinned copy stays
    assert all(frozen.isColumnHidden(c) for c in range(1, model.columnCount()))
    # moving left with the keyboard brings a hidden column out from under the names
    view.setCurrentIndex(model.index(0, 1))
    assert view.visualRect(model.index(0, 1)).left() >= frozen.width() - 1
    dialog.reject()


def test_paste_a_block_from_excel_fills_cells_and_names_bad_values(main_window, qtbot):
    editor, _branch, people = open_day_editor(main_window, qtbot)
    grid = editor.attendance
    grid.setFocus()
    grid.setCurrentCell(1, grid.STATUS)
    QGuiApplication.clipboard().setText("请假\t外出务工\r\n缺席\t\r\n请假\t生病住院\r\n")
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = grid.rows()
    assert [(r["status"], r["reason"]) for r in rows[1:4]] == [
        ("请假", "外出务工"),
        ("缺席", ""),
        ("请假", "生病住院"),
    ]
    assert rows[0]["status"] == "出席" and rows[4]["status"] == "出席"  # outside the block: untouched
    assert "实到 2 人" in editor.counts_label.text()
    assert main_window.errors_shown == []
    # a value the cell cannot take is named in Chinese, the others are pasted
    grid.setCurrentCell(3, grid.STATUS)
    QGuiApplication.clipboard().setText("迟到\t堵车\n出席\t")
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert grid.reason(3) == "堵车" and grid.status_box(4).currentText() == "出席"
    assert grid.status_box(3).currentText() == "请假"  # kept
    shown = main_window.errors_shown[-1]
    assert "第4行" in shown and grid.item(3, grid.NAME).text() in shown and "“迟到”不是可选的值" in shown


# ---------------------------------------------------------------- discard prompt


def test_cancel_asks_only_when_something_changed(main_window, qtbot, answers):
    asked, reply = answers
    editor, _branch, _people = open_day_editor(main_window, qtbot)
    editor.mark_clean()  # the branch was chosen in this test: start from here
    cancel = editor.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    editor.widgets["theme"].setEditText("人居环境整治")
    reply["discard"] = False  # 继续编辑
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert asked == [True] and editor.isVisible()
    assert editor.widgets["theme"].currentText() == "人居环境整治"
    reply["discard"] = True  # 放弃
    key(qtbot, editor, Qt.Key.Key_Escape)
    assert asked == [True, True] and not editor.isVisible()
    # an unchanged form closes without a question
    tab = party_tab(main_window)
    tab.add_record()
    second = tab.current_editor()
    qtbot.waitExposed(second)
    key(qtbot, second, Qt.Key.Key_Escape)
    assert not second.isVisible() and asked == [True, True]


def test_a_changed_attendance_grid_asks_too(main_window, qtbot, answers):
    asked, reply = answers
    editor, _branch, _people = open_day_editor(main_window, qtbot)
    editor.mark_clean()
    editor.attendance.set_status(2, "缺席")
    reply["discard"] = False
    editor.reject()
    assert asked and editor.isVisible()


def test_enter_in_a_form_field_goes_to_the_next_field(main_window, qtbot):
    editor = person_editor(main_window, qtbot)
    name = editor.widgets["name"]
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert editor.focusWidget() is editor.widgets["id_number"]
    village = editor.widgets["village"]
    village.setFocus()
    qtbot.keyClick(village.lineEdit(), Qt.Key.Key_Enter)
    assert editor.focusWidget() is not village.lineEdit() and editor.isVisible()
    assert editor.error_label.isHidden()  # nothing was saved


def test_the_real_prompt_offers_discard_and_keep_editing(qtbot, monkeypatch):
    seen = {}

    def choose(parent, title, text, buttons):
        seen.update(title=title, buttons=buttons)
        return 1

    monkeypatch.setattr(messages, "choose", choose)
    assert messages.confirm_discard(None) is False
    assert seen == {"title": "放弃修改？", "buttons": ["放弃", "继续编辑"]}


# ---------------------------------------------------------------- duplicate Party day


def test_a_duplicate_party_day_is_flagged_when_branch_and_month_are_chosen(main_window, qtbot, today):
    tab = party_tab(main_window)
    branch_id, _people = make_branch("新建村党支部", "新建村", members=3)
    held_on = party_days.proposed_day()
    party_days.save_day(None, day_values(branch_id, held_on, late_reason="调整"))
    tab.after_change()
    tab.add_record()
    editor = tab.current_editor()
    qtbot.waitExposed(editor)
    editor.widgets["held_on"].setText(held_on.isoformat())
    assert editor.duplicate_label.isHidden()
    combo = editor.widgets["branch"]
    combo.setCurrentIndex(combo.findData(branch_id))  # nothing else entered yet
    assert editor.duplicate_label.isVisible()
    assert (
        "已有主题党日记录" in editor.duplicate_label.text()
        and "新建村党支部" in editor.duplicate_label.text()
    )
    other_month = date(held_on.year - 1, held_on.month, 1)
    editor.widgets["held_on"].setText(other_month.isoformat())
    assert editor.duplicate_label.isHidden()


# ---------------------------------------------------------------- ID numbers


def person_editor(window, qtbot) -> RecordEditor:
    tab = next(page for page in window.tab_pages if page.title == "干部")
    window.tabs.setCurrentWidget(tab)
    tab.add_record()
    editor = [e for e in tab.findChildren(RecordEditor) if e.isVisible()][-1]
    assert "id_number" in editor.widgets
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitActive(editor)
    return editor


def test_id_number_checked_as_typed_and_derived_fields_read_only(main_window, qtbot, today):
    editor = person_editor(main_window, qtbot)
    number = make_id_number("430725", date(1975, 3, 8), 3, True)
    id_edit, sex, birth, age = (editor.widgets[k] for k in ("id_number", "sex", "birth_date", "age"))
    assert sex.isEnabled() and not birth.isReadOnly()  # no number: typed by hand
    qtbot.keyClicks(id_edit, number)
    assert editor.id_label.isVisible() and "1975年3月8日" in editor.id_label.text()
    assert sex.currentText() == "男" and birth.text() == "1975-03-08" and age.text().endswith("岁")
    assert not sex.isEnabled() and birth.isReadOnly() and age.isReadOnly()  # shown, not editable
    wrong = "0" if number[-1] != "0" else "1"
    id_edit.setText(number[:17] + wrong)
    assert "校验位错误" in editor.id_label.text() and "b00020" in editor.id_label.styleSheet()
    assert (sex.currentText(), birth.text(), age.text()) == ("", "", "")  # cleared while wrong
    assert not sex.isEnabled() and birth.isReadOnly()
    id_edit.setText("43072519751308")  # no 13th month: said before the number is complete
    assert "出生日期 19751308 无效" in editor.id_label.text()
    id_edit.setText("")
    assert editor.id_label.isHidden() and sex.isEnabled() and not birth.isReadOnly()


# ---------------------------------------------------------------- dates


def test_every_date_field_has_a_calendar_that_sets_the_date(main_window, qtbot):
    editor = person_editor(main_window, qtbot)
    field = editor.widgets["party_joined_on"]
    assert isinstance(field, DateField)
    assert isinstance(editor.widgets["birth_date"], DateField)
    field.setText("1998.07")  # typed formats still work
    calendar = field.open_calendar()
    assert calendar.isVisible()
    assert (calendar.selectedDate().year(), calendar.selectedDate().month()) == (1998, 7)
    calendar.clicked.emit(QDate(1998, 7, 1))
    assert field.text() == "1998-07-01" and not calendar.isVisible()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the keyboard opens it too
    assert calendar.isVisible() and calendar.selectedDate() == QDate(1998, 7, 1)
    calendar.activated.emit(QDate(1999, 12, 31))  # Enter on a day
    assert field.text() == "1999-12-31"
    assert editor.has_changes()


# ---------------------------------------------------------------- layout


def test_forms_fit_their_content_and_a_1366x768_screen(main_window, qtbot):
    editor = person_editor(main_window, qtbot)
    area = editor.screen().availableGeometry()
    assert editor.width() < 860 or editor.height() < 560  # no more fixed 860×560
    assert editor.width() <= area.width() and editor.height() <= area.height()
    editor.reject()
    day, _branch, _people = open_day_editor(main_window, qtbot, members=26)
    assert day.height() <= area.height() and day.width() <= area.width()
    save = day.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isVisible() and save.mapTo(day, save.rect().bottomLeft()).y() <= day.height()


def test_entry_dialogs_ask_before_dropping_typed_scores_tallies_and_choices(main_window, qtbot, answers):
    asked, reply = answers
    reply["discard"] = False
    tab = assessment_tab(main_window)
    scores = tab.enter_scores()
    qtbot.waitExposed(scores)
    qtbot.keyClick(scores, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not scores.isVisible() and asked == []
    tallies = tab.enter_tallies()
    qtbot.waitExposed(tallies)
    model = tallies.model
    model.setData(model.index(0, model.column_of("优秀")), "7")
    qtbot.keyClick(tallies, Qt.Key.Key_Escape)
    assert asked == [True] and tallies.isVisible()  # 继续编辑: the typed ballots are still there
    assert model.data(model.index(0, model.column_of("优秀"))) == 7
    reply["discard"] = True
    tallies.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()  # 放弃
    assert not tallies.isVisible() and len(asked) == 2

    window_tabs = [p.title for p in main_window.tab_pages]
    main_window.tabs.setCurrentIndex(window_tabs.index("换届"))
    changeover = main_window.current_tab().add_record()
    qtbot.waitExposed(changeover)
    assert changeover.members.rowCount() > 0
    assert changeover.member_entry.frozen is not None  # the names stay pinned
    changeover.members.cellWidget(0, 2).setCurrentIndex(1)  # someone leaves
    reply["discard"] = False
    changeover.reject()
    assert changeover.isVisible() and len(asked) == 3


def test_progress_dialogs_are_wide_enough_for_their_titles(main_window, qtbot):
    from township_desk.ui.workers import TITLE_BAR_ROOM, run_task, wait_for_tasks

    title = "正在导入干部名册并核对身份证号（共 2 个工作表）"
    runner = run_task(main_window, title, lambda progress: 1, lambda _result: None, lambda _exc: None)
    wait_for_tasks()
    needed = runner.dialog.fontMetrics().horizontalAdvance(title)
    assert runner.dialog.minimumWidth() >= needed + TITLE_BAR_ROOM
    runner.dialog.show()
    assert runner.dialog.width() >= needed
