"""The 后备干部 tab driven through the real window: filters, registering, appointing with history, the
reserve share, and the printed roster."""

from __future__ import annotations

import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.services import clock, reserves
from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog
from township_desk.ui.mentoring_widgets import AppointDialog
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.workers import wait_for_tasks


def tab_titled(window, title):
    tab = next(page for page in window.tab_pages if page.title == title)
    window.tabs.setCurrentWidget(tab)
    return tab


def cells(tab, key):
    index = [c.key for c in tab.listing.columns].index(key)
    return [tab.model.data(tab.model.index(row, index)) for row in range(tab.model.rowCount())]


def choose(box, text):
    index = box.findText(text)
    assert index >= 0, text
    box.setCurrentIndex(index)


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_list_filters_and_the_reserve_share(main_window):
    tab = tab_titled(main_window, "后备干部")
    assert tab.model.total == ReserveCadre.live().count()
    share = reserves.reserve_share()
    assert tab.share_label.text() == share.text()
    assert re.fullmatch(r"在任干部中来自后备干部 \d+/\d+ 人（\d+\.\d%）", tab.share_label.text())
    assert tab.counts_label.text().startswith(f"后备干部 {tab.model.total} 人（培养中")
    choose(tab.filter_boxes["status"], "已任用")
    assert set(cells(tab, "status")) == {"已任用"} and all(cells(tab, "appointed_post"))
    choose(tab.filter_boxes["status"], "全部")
    choose(tab.filter_boxes["programme"], "育青计划")
    assert set(cells(tab, "programme")) == {"育青计划"}
    assert tab.model.total == ReserveCadre.live().where(ReserveCadre.programme == "育青计划").count()


def test_appointing_a_reserve_from_the_tab(main_window, qtbot):
    tab = tab_titled(main_window, "后备干部")
    reserve = (
        ReserveCadre.live()
        .where(ReserveCadre.status == "培养中")
        .order_by(ReserveCadre.registered_on)
        .first()
    )
    name = reserve.person.name
    before = reserves.reserve_share()
    tab.search.setText(name)
    tab.table.selectRow(cells(tab, "name").index(name))
    assert tab.history.info.text() == "尚未任用"
    click(qtbot, tab.appoint_button)
    dialog = tab.findChild(AppointDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.village.currentText() == reserve.village.name
    choose(dialog.post, "妇联主席")
    dialog.on.setText("1999-01-01")  # before the reserve was registered
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.isVisible() and "早于入库时间" in dialog.error_label.text()
    dialog.on.setText(clock.today().isoformat())
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert not dialog.isVisible()

    row = tab.table.selectionModel().selectedRows()[0].row()
    assert cells(tab, "status")[row] == "已任用" and cells(tab, "appointed_post")[row] == "妇联主席"
    assert cells(tab, "appointed_on")[row] == clock.today().isoformat()
    assert tab.history.table.rowCount() == 1
    assert [tab.history.table.item(0, c).text() for c in range(5)] == [
        clock.today().isoformat(),
        "妇联主席",
        reserve.village.name,
        "",
        "在任",
    ]
    after = reserves.reserve_share()
    assert (after.from_reserve, after.serving) == (before.from_reserve + 1, before.serving + 1)
    assert tab.share_label.text() == after.text()

    # the other tabs see the new cadre at once: the 干部 roster, and the mentoring coverage
    cadre_tab = tab_titled(main_window, "干部")
    cadre_tab.search.setText(name)
    assert "妇联主席" in cells(cadre_tab, "post")
    mentoring_tab = tab_titled(main_window, "导师帮带")
    unpaired = [
        mentoring_tab.coverage.unpaired_list.item(i).text()
        for i in range(mentoring_tab.coverage.unpaired_list.count())
    ]
    assert f"{name}（{reserve.village.name}，妇联主席）" in unpaired
    assert (
        CadrePost.live().where((CadrePost.person == reserve.person_id) & CadrePost.ended_on.is_null()).count()
        == 1
    )


def test_a_reserve_who_left_cannot_be_appointed(main_window, qtbot):
    tab = tab_titled(main_window, "后备干部")
    choose(tab.filter_boxes["status"], "退出")
    tab.table.selectRow(0)
    click(qtbot, tab.appoint_button)
    assert tab.findChild(AppointDialog) is None
    assert any("已退出后备干部库" in text for text in main_window.errors_shown)


def test_registering_a_reserve_through_the_form(main_window, qtbot):
    tab = tab_titled(main_window, "后备干部")
    before = tab.model.total
    click(qtbot, tab.add_button)
    editor = next(e for e in tab.findChildren(RecordEditor) if e.isVisible())
    editor.widgets["name"].setText("欧阳青青")
    editor.widgets["id_number"].setText("11010519491231002x")
    assert editor.widgets["sex"].currentText() == "女"
    editor.widgets["village"].setEditText(ReserveCadre.live().first().village.name)
    editor.widgets["programme"].setEditText("蓝天工程")
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert editor.isVisible() and "无法识别" in editor.error_label.text()
    editor.widgets["programme"].setEditText("育青计划")
    editor.widgets["nomination"].setEditText("群众推荐")
    editor.widgets["training"].setPlainText("参加县级“育青计划”线上培训12学时")
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not editor.isVisible(), editor.error_label.text()
    assert tab.model.total == before + 1
    tab.search.setText("oyqq")
    assert cells(tab, "name") == ["欧阳青青"] and cells(tab, "status") == ["培养中"]


def test_print_the_roster_of_the_filtered_list(main_window, qtbot, tmp_path):
    tab = tab_titled(main_window, "后备干部")
    choose(tab.filter_boxes["programme"], "青蓝工程")
    names = set(cells(tab, "name"))
    out = tmp_path / "reserves.pdf"
    tab.print_roster(out)
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    wait_for_tasks()
    text = "".join(re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages)
    assert "后备干部花名册" in text and "范围：青蓝工程" in text
    assert all(name in text for name in names)
    others = {r.person.name for r in ReserveCadre.live() if r.programme != "青蓝工程"} - names
    assert not any(name in text for name in others)


def test_the_reserve_model_passes_qt_model_checks(main_window, qtmodeltester):
    qtmodeltester.check(tab_titled(main_window, "后备干部").model, force_py=True)
