"""The 培训 tab driven through the real window: courses, the attendance sub-list, adding a village at once,
importing a sign-in sheet, the shortfall view and the printed sign-in sheet."""

from __future__ import annotations

import re
from datetime import timedelta

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services.training import attendance, days, terms
from township_desk.ui import file_dialogs
from township_desk.ui.dialogs.import_preview import ImportPreviewDialog
from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.tabs.training import AddManyDialog, ShortfallDialog


def training_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "培训")
    window.tabs.setCurrentWidget(tab)
    return tab


def cells(model, key):
    index = [c.key for c in model.listing.columns].index(key)
    return [model.data(model.index(row, index)) for row in range(model.rowCount())]


def select_course(tab, name):
    course = TrainingCourse.live().where(TrainingCourse.name == name).get()
    tab.select_id(course.id)
    assert tab.selected_id() == course.id
    return course


def test_courses_list_and_the_selected_course_people(main_window):
    tab = training_tab(main_window)
    assert tab.model.total == TrainingCourse.live().count() > 20
    course = TrainingCourse.live().order_by(TrainingCourse.start_on).first()
    tab.select_id(course.id)
    expected = TrainingAttendance.live().where(TrainingAttendance.course == course.id).count()
    assert tab.people_model.total == expected
    assert f"参训 {expected} 人" in tab.course_label.text()
    tab.filter_boxes["level"].setCurrentText("县级")
    assert set(cells(tab.model, "level")) == {"县级"}


def test_new_course_add_a_village_and_import_a_sign_in_sheet(main_window, qtbot, tmp_path, today):
    tab = training_tab(main_window)
    tab.add_record()
    editor = tab.findChild(RecordEditor)
    values = {
        "name": "测试专题培训班",
        "start_on": (today - timedelta(1)).isoformat(),
        "end_on": today.isoformat(),
    }
    for key, text in values.items():
        editor.widgets[key].setText(text)
    editor.widgets["target"].setCurrentText("村干部")
    editor.widgets["days"].setText("9")  # more days than calendar days: refused in the dialog
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "日历天数" in editor.error_label.text()
    editor.widgets["days"].setText("1.5")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not editor.isVisible(), editor.error_label.text()
    course = TrainingCourse.get(TrainingCourse.name == "测试专题培训班")
    assert tab.selected_id() == course.id

    dialog = tab.add_many()
    assert isinstance(dialog, AddManyDialog)
    dialog.group.setCurrentText(attendance.GROUP_VILLAGE)
    village = dialog.name.itemText(0)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    wanted = attendance.group_people(attendance.GROUP_VILLAGE, village)
    assert tab.people_model.total == len(wanted) > 0
    assert set(cells(tab.people_model, "village")) <= {village, ""}

    first = TrainingAttendance.live().where(TrainingAttendance.course == course.id).first().person
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "天数"])
    book.active.append([first.name, first.id_number, "1"])
    book.active.append(["查无此人", None, 1])
    book.save(tmp_path / "sign.xlsx")
    tab.import_excel(tmp_path / "sign.xlsx")
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    preview = tab.findChild(ImportPreviewDialog)
    assert preview.refused_table.rowCount() == 1 and "查无此人" in preview.refused_table.item(0, 1).text()
    preview.accept()
    qtbot.waitUntil(
        lambda: (
            TrainingAttendance.live()
            .where((TrainingAttendance.course == course.id) & (TrainingAttendance.person == first.id))
            .get()
            .days
            == 1
        ),
        timeout=10000,
    )
    assert TrainingAttendance.live().where(TrainingAttendance.course == course.id).count() == len(wanted)


def test_shortfall_view_matches_the_service_and_prints_the_sign_in_sheet(
    main_window, qtbot, tmp_path, monkeypatch, today
):
    tab = training_tab(main_window)
    tab.shortfall_button = tab.findChild(type(tab.add_button), "shortfall_button")
    qtbot.mouseClick(tab.shortfall_button, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(ShortfallDialog)
    expected = days.shortfall(today.year, today)
    assert dialog.table.rowCount() == len(expected) > 0
    assert dialog.table.item(0, 1).text() == expected[0].name
    assert re.search(r"\d+ 人中 \d+ 人未达到应训天数", dialog.note.text())
    # the rule per group: a bad value is refused in the editor and changes nothing; 0 stops checking
    qtbot.mouseClick(dialog.findChild(type(tab.add_button), "rule_button"), Qt.MouseButton.LeftButton)
    editor = dialog.findChild(RecordEditor)
    assert editor.widgets["group0"].text() == "12"
    for index in range(4):
        editor.widgets[f"group{index}"].setText("0")
    editor.widgets["group3"].setText("7.3")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "0.5" in editor.error_label.text() and terms.required_days("村党组织书记") == 12
    editor.widgets["group3"].setText("0")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not editor.isVisible()
    assert dialog.table.rowCount() == 0 and days.shortfall(today.year, today) == []
    dialog.close()

    course = select_course(tab, TrainingCourse.live().order_by(TrainingCourse.start_on).first().name)
    out = tmp_path / "签到表.pdf"
    monkeypatch.setattr(file_dialogs, "ask_save", lambda *args: out)
    tab.print_actions()[0].run()
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out).pages))
    title = course.name.replace("(", "（").replace(")", "）")  # titles print full-width brackets
    assert f"{title}签到表" in text and "签名" in text
