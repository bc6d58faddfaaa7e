"""The 谈话 tab driven through the real window: pending talks, filling one in, adding, a person's talks, printing."""

from __future__ import annotations

import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.models.talks import Talk
from township_desk.services import talks
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.tabs.talks import PersonTalksDialog, PersonTalksPanel


def talk_tab(window):
    window.tabs.setCurrentIndex([p.title for p in window.tab_pages].index("谈话"))
    return window.current_tab()


def column(tab, key):
    """Every row's value in a column (the lazy model is asked for all its rows first)."""
    while tab.model.canFetchMore():
        tab.model.fetchMore()
    index = [c.key for c in tab.listing.columns].index(key)
    return [tab.model.data(tab.model.index(r, index)) for r in range(tab.model.rowCount())]


def save(qtbot, editor):
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_pending_talks_are_visible_first_and_can_be_filtered(main_window, qtbot):
    tab = talk_tab(main_window)
    pending = talks.pending_count()
    assert pending >= 3
    assert f"待谈话 {pending} 次" in tab.pending_label.text()
    assert f"待谈话 {pending} 次" in main_window.counts_label.text()
    statuses = column(tab, "status")
    assert statuses[:pending] == ["待谈话"] * pending and "已完成" in statuses
    qtbot.mouseClick(tab.show_pending_button, Qt.MouseButton.LeftButton)
    assert tab.filter_boxes["status"].currentText() == "待谈话"
    assert set(column(tab, "status")) == {"待谈话"} and tab.model.rowCount() == pending
    assert "共 " in tab.count_label.text() and "次" in tab.count_label.text()
    tab.filter_boxes["kind"].setCurrentText("提醒谈话")
    assert set(column(tab, "kind")) == {"提醒谈话"} and set(column(tab, "source")) == {
        f"{next(iter(column(tab, 'source')))[:4]}年度综合考评后三名"
    }


def test_filling_in_a_pending_reminder_talk_completes_it(main_window, qtbot):
    tab = talk_tab(main_window)
    before = talks.pending_count()
    tab.show_pending()
    tab.filter_boxes["kind"].setCurrentText("提醒谈话")
    tab.table.selectRow(0)
    talk_id = tab.selected_id()
    assert "待谈话" in tab.detail.toPlainText() and "后三位" in tab.detail.toPlainText()
    qtbot.mouseClick(tab.fill_button, Qt.MouseButton.LeftButton)
    editor = tab.findChild(RecordEditor)
    assert editor is not None and editor.isVisible()
    assert editor.widgets["kind"].currentText() == "提醒谈话"
    assert editor.widgets["talkers"].currentText() == talks.party_secretary()
    editor.widgets["content"].setPlainText("通报考评排名，指出上班纪律问题，提出整改要求。")
    save(qtbot, editor)
    assert editor.isVisible() and "谈话日期" in editor.error_label.text()  # content without a date is refused
    editor.widgets["talk_date"].setText("2025-01-15")
    editor.widgets["talk_time"].setText("上午9:00")
    editor.widgets["place"].setEditText("镇党委书记办公室")
    editor.widgets["response"].setPlainText("接受提醒，保证整改。")
    save(qtbot, editor)
    assert not editor.isVisible()
    talk = Talk.get_by_id(talk_id)
    assert talk.status == "已完成" and talk.talk_date.isoformat() == "2025-01-15"
    assert talks.pending_count() == before - 1
    assert f"待谈话 {before - 1} 次" in tab.pending_label.text()
    assert talk_id not in [tab.model.row_id(r) for r in range(tab.model.rowCount())]  # left the pending list


def test_add_a_talk_through_the_form(main_window, qtbot):
    tab = talk_tab(main_window)
    person = (
        CadrePost.live().where(CadrePost.ended_on.is_null()).order_by(CadrePost.started_on).first().person
    )
    total = tab.model.total
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    editor = tab.findChild(RecordEditor)
    editor.widgets["kind"].setCurrentText("谈心谈话")
    person_box = editor.widgets["person"]
    assert (
        person_box.findData(
            Person.live()
            .where(Person.id.not_in([key for key, _label in talks.talk_person_options()]))
            .first()
            .id
        )
        == -1
    )  # only cadres, reserves, talked-to
    person_box.setCurrentIndex(person_box.findData(person.id))
    assert editor.widgets["person_post"].text() == talks.post_snapshot(person.id)
    editor.widgets["talkers"].setEditText("组织委员王某")
    editor.widgets["talk_date"].setText("2025-06-01")
    editor.widgets["content"].setPlainText("了解思想和工作情况。")
    save(qtbot, editor)
    assert not editor.isVisible()
    assert tab.model.total == total + 1
    tab.search.setText(person.name)
    assert "谈心谈话" in column(tab, "kind")


def test_a_persons_talks_from_their_record(main_window, qtbot):
    tab = talk_tab(main_window)
    tab.show_pending()
    tab.table.selectRow(0)
    row = tab.selected_row()
    dialog = tab.show_person_of_selected()
    assert isinstance(dialog, PersonTalksDialog) and dialog.isVisible()
    assert dialog.windowTitle() == f"{row['name']}的谈话记录"
    panel = dialog.findChild(PersonTalksPanel)
    assert panel.table.rowCount() == len(talks.talks_of(row["person_id"])) >= 1
    assert panel.table.item(0, 0).text() == "待谈话"
    assert row["reason"][:10] in panel.detail.toPlainText()
    dialog.accept()


def test_print_selected_blank_and_year_records(main_window, qtbot, tmp_path):
    tab = talk_tab(main_window)
    tab.filter_boxes["status"].setCurrentText("已完成")
    tab.table.selectRow(0)
    row = tab.selected_row()
    out = tmp_path / "one.pdf"
    tab.print_selected(out)
    qtbot.waitUntil(lambda: main_window.findChild(object, "pdf_preview") is not None, timeout=15000)
    text = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert row["name"] in text and row["content"][:10] in text
    blank = tmp_path / "blank.pdf"
    tab.print_blank(blank)
    qtbot.waitUntil(blank.exists, timeout=15000)
    year = tmp_path / "year.pdf"
    tab.print_year(year, row["talk_date"].year)
    qtbot.waitUntil(year.exists, timeout=15000)
    assert len(PdfReader(year).pages) == len(talks.year_talks(row["talk_date"].year))
    labels = [a.label for a in [*tab.print_actions(), *tab.blank_actions()]]
    assert "空白表：谈话记录表…" in labels
    assert not main_window.errors_shown


def test_export_what_the_tab_shows(main_window, qtbot, tmp_path):
    import openpyxl

    tab = talk_tab(main_window)
    tab.filter_boxes["kind"].setCurrentText("任前廉政谈话")
    out = tmp_path / "talks.xlsx"
    tab.export_excel(out)
    qtbot.waitUntil(out.exists, timeout=15000)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == tab.model.total > 0 and {row[0] for row in rows} == {"任前廉政谈话"}
