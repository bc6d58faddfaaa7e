"""The 导师帮带 tab driven through the real window: coverage and one-click pairing, stale mentors,
exchanges, growth plans, deleting with undo, printing and exporting."""

from __future__ import annotations

import re
from datetime import date, timedelta

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.mentoring import MentorExchange, Mentorship
from township_desk.services import clock, mentoring
from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.workers import wait_for_tasks


def mentoring_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "导师帮带")
    window.tabs.setCurrentWidget(tab)
    return tab


def column(tab, key):
    return [c.key for c in tab.listing.columns].index(key)


def cells(tab, key):
    model = tab.model
    return [model.data(model.index(row, column(tab, key))) for row in range(model.rowCount())]


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot, editor):
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))


def open_editor(tab):
    editors = [e for e in tab.findChildren(RecordEditor) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def pdf_text(path):
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def select_pair(tab, mentee):
    tab.search.setText(mentee)
    row = cells(tab, "mentee").index(mentee)
    tab.table.selectRow(row)
    return tab.selected_id()


def test_coverage_panel_and_one_click_pairing(main_window, qtbot):
    tab = mentoring_tab(main_window)
    cover = mentoring.coverage()
    panel = tab.coverage
    assert panel.coverage_label.text().startswith(f"新任干部已结对 {cover.paired}/{cover.total}")
    assert panel.unpaired_list.count() == len(cover.unpaired) >= 2
    assert tab.model.total == Mentorship.live().count()
    assert "新任干部已结对" in main_window.counts_label.text()

    target = cover.unpaired[0]
    panel.unpaired_list.setCurrentRow(0)
    click(qtbot, panel.pair_button)
    editor = open_editor(tab)
    assert editor.widgets["mentee"].currentText().startswith(target.name)
    assert editor.widgets["mentee_info"].text().startswith(target.village)
    assert editor.widgets["mentor"].currentText(), "a mentor is proposed"
    assert editor.widgets["mentor_kind"].currentText() in ("村党组织书记", "乡镇干部", "县直单位干部")
    assert editor.widgets["status"].currentText() == "帮带中"
    save(qtbot, editor)
    assert not editor.isVisible(), editor.error_label.text()

    assert panel.coverage_label.text().startswith(f"新任干部已结对 {cover.paired + 1}/{cover.total}")
    assert target.name not in [panel.unpaired_list.item(i).text() for i in range(panel.unpaired_list.count())]
    assert tab.model.total == Mentorship.live().count()
    assert tab.selected_id() is not None
    assert cells(tab, "mentee")[tab.table.selectionModel().selectedRows()[0].row()] == target.name


def test_pair_form_refuses_a_second_active_mentor(main_window, qtbot):
    tab = mentoring_tab(main_window)
    existing = Mentorship.live().where(Mentorship.status == "帮带中").first()
    other = Mentorship.live().where(Mentorship.mentor != existing.mentor).first()
    click(qtbot, tab.add_button)
    editor = open_editor(tab)
    editor.set_values({"mentee": existing.mentee_id, "mentor": other.mentor_id})
    editor._derive()
    assert editor.widgets["mentor_kind"].currentText() == other.mentor_kind  # filled from the mentor
    save(qtbot, editor)
    assert editor.isVisible()
    assert "已由导师" in editor.error_label.text() and "帮带中" in editor.error_label.text()
    editor.reject()


def test_stale_mentors_are_flagged_and_can_be_listed(main_window, qtbot):
    tab = mentoring_tab(main_window)
    stale = mentoring.stale_mentors()
    assert stale
    assert tab.coverage.stale_list.count() == len(stale)
    assert tab.coverage.stale_label.text().startswith(f"{len(stale)} 名导师超过90天未交流")
    click(qtbot, tab.coverage.stale_button)
    assert tab.filter_boxes["flag"].currentText() == mentoring.STALE_FLAG
    mentors = set(cells(tab, "mentor"))
    assert mentors == {s.name for s in stale}
    assert set(cells(tab, "flag")) == {"⚠ 超90天未交流"}
    cutoff = clock.today() - timedelta(days=90)
    assert all(not d or date.fromisoformat(d) < cutoff for d in cells(tab, "last_exchange"))


def test_adding_an_exchange_to_the_selected_pair(main_window, qtbot):
    tab = mentoring_tab(main_window)
    pair = Mentorship.live().where(Mentorship.status == "帮带中").first()
    before = MentorExchange.live().where(MentorExchange.mentorship == pair.id).count()
    select_pair(tab, pair.mentee.name)
    panel = tab.exchanges
    assert panel.model.total == before and panel.info.text() == f"共 {before} 次交流"
    click(qtbot, panel.add_button)
    editor = open_editor(tab)
    assert editor.widgets["pair"].text() == f"导师 {pair.mentor.name} — 帮带对象 {pair.mentee.name}"
    editor.widgets["date"].setText((clock.today() + timedelta(days=5)).isoformat())
    editor.widgets["form"].setCurrentText("现场指导")
    editor.widgets["content"].setPlainText("到村指导换届后首次党员大会的筹备")
    save(qtbot, editor)
    assert editor.isVisible() and "不能晚于今天" in editor.error_label.text()
    editor.widgets["date"].setText(clock.today().isoformat())
    editor.widgets["outcome"].setPlainText("会议程序规范")
    save(qtbot, editor)
    assert not editor.isVisible()
    assert tab.selected_id() == pair.id
    assert panel.model.total == before + 1
    contents = [panel.model.data(panel.model.index(r, 4)) for r in range(panel.model.rowCount())]
    assert contents[0] == "到村指导换届后首次党员大会的筹备"  # newest first
    row = tab.table.selectionModel().selectedRows()[0].row()
    assert cells(tab, "exchanges")[row] == str(before + 1)
    assert cells(tab, "last_exchange")[row] == clock.today().isoformat()

    panel.table.selectRow(0)
    click(qtbot, panel.delete_button)
    assert tab.selected_id() == pair.id and panel.model.total == before
    main_window.undo_deletion()
    select_pair(tab, pair.mentee.name)
    assert tab.exchanges.model.total == before + 1


def test_export_the_exchange_log_from_the_tab(main_window, qtbot, tmp_path):
    tab = mentoring_tab(main_window)
    out = tmp_path / "exchanges.xlsx"
    tab.export_exchanges(out)
    qtbot.waitUntil(out.exists, timeout=20000)
    wait_for_tasks()
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[2]][:3] == ["交流日期", "交流方式", "导师"]
    assert sheet.max_row - 2 == MentorExchange.live().count()


def test_editing_and_printing_a_growth_plan(main_window, qtbot, tmp_path):
    tab = mentoring_tab(main_window)
    pair = Mentorship.live().where(Mentorship.status == "帮带中").first()
    select_pair(tab, pair.mentee.name)
    click(qtbot, tab.plan.edit_button)
    editor = open_editor(tab)
    editor.widgets["goals"].setPlainText("一年内独立主持村民代表会议；两年内牵头一个产业项目。")
    editor.widgets["measures"].setPlainText("每月面谈一次；每季度现场指导一次。")
    editor.widgets["period_start"].setText("2021.07")
    editor.widgets["period_end"].setText("2024.06")
    save(qtbot, editor)
    assert not editor.isVisible(), editor.error_label.text()
    text = tab.plan.text.toPlainText()
    assert "计划期限：2021年7月至2024年6月" in text and "一年内独立主持村民代表会议" in text

    out = tmp_path / "plan.pdf"
    assert tab.plan.print_button.isEnabled()
    tab.print_growth_plan(out)  # what 打印成长计划… does once the file name is chosen
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    wait_for_tasks()
    pages = PdfReader(out).pages
    assert len(pages) == 1
    printed = pdf_text(out)
    assert "一年内独立主持村民代表会议" in printed and "每季度现场指导一次" in printed
    assert pair.mentee.name in printed and pair.mentor.name in printed
    assert "导师（签字）" in printed and "帮带对象（签字）" in printed


def test_delete_a_pair_then_undo(main_window, qtbot):
    tab = mentoring_tab(main_window)
    pair = Mentorship.live().where(Mentorship.status == "帮带中").first()
    cover = mentoring.coverage()
    select_pair(tab, pair.mentee.name)
    click(qtbot, tab.delete_button)
    assert pair.mentee.name not in cells(tab, "mentee")
    assert tab.coverage.coverage_label.text().startswith(f"新任干部已结对 {cover.paired - 1}/")
    main_window.undo_deletion()
    assert pair.mentee.name in cells(tab, "mentee")
    assert tab.coverage.coverage_label.text().startswith(f"新任干部已结对 {cover.paired}/")


def test_print_and_export_the_filtered_list(main_window, qtbot, tmp_path):
    tab = mentoring_tab(main_window)
    box = tab.filter_boxes["kind"]
    box.setCurrentIndex(box.findText("县直单位干部"))
    shown = set(cells(tab, "mentee"))
    assert shown and set(cells(tab, "mentor_kind")) == {"县直单位干部"}
    out = tmp_path / "roster.pdf"
    tab.print_roster(out)
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    wait_for_tasks()
    text = pdf_text(out)
    assert "导师帮带花名册" in text and all(name in text for name in shown)
    others = {p.mentee.name for p in Mentorship.live() if p.mentor_kind != "县直单位干部"} - shown
    assert not any(name in text for name in others)

    xlsx = tmp_path / "pairs.xlsx"
    tab.export_excel(xlsx)
    qtbot.waitUntil(xlsx.exists, timeout=20000)
    wait_for_tasks()
    sheet = openpyxl.load_workbook(xlsx).active
    header = [c.value for c in sheet[2]]
    kinds = {row[header.index("导师类别")] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert kinds == {"县直单位干部"} and sheet.max_row - 2 == len(shown)


def test_the_pair_and_exchange_models_pass_qt_model_checks(main_window, qtmodeltester):
    tab = mentoring_tab(main_window)
    qtmodeltester.check(tab.model, force_py=True)
    tab.table.selectRow(0)
    qtmodeltester.check(tab.exchanges.model, force_py=True)
