"""The 联系户 tab driven through the real window: find, filter, sort; visits, matters and pairings of a
household; overdue at a glance; deleting with undo; import, export and printing."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.households import Household, HouseholdMatter, HouseholdPairing, HouseholdVisit
from township_desk.services import clock, households, visits
from township_desk.services.listing import ListState
from township_desk.ui import file_dialogs
from township_desk.ui.dialogs.import_preview import ImportPreviewDialog
from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog
from township_desk.ui.household_widgets import LedgerDialog, RowsModel
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.workers import wait_for_tasks


def households_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "联系户")
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


def button(panel, name):
    return next(b for b in panel.button_list if b.objectName() == name)


def save(qtbot, editor):
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))


def visible_editor(tab):
    editors = [e for e in tab.findChildren(RecordEditor) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def panel_cells(panel, key):
    model = panel.model
    index = [c.key for c in model.columns].index(key)
    return [model.data(model.index(row, index)) for row in range(model.rowCount())]


def pdf_text(path):
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def select_household(tab, household):
    """Find a household by its head's ID number, as a clerk would, and select it."""
    for box in tab.filter_boxes.values():
        box.setCurrentIndex(0)
    tab.search.setText(household.head_id_number)
    assert cells(tab, "head") == [household.head_name]
    tab.table.selectRow(0)
    assert tab.current == household.id
    return household.id


def paired_household():
    return (
        Household.live()
        .where((Household.pairing_count > 0) & (Household.open_matters == 0))
        .order_by(Household.head_pinyin)
        .first()
    )


def test_tab_shows_households_counts_and_overdue_banner(main_window, qtbot):
    tab = households_tab(main_window)
    total = Household.live().count()
    assert tab.model.total == total and tab.count_label.text() == f"共 {total} 户"
    # only the rows that fill the list (and a few more) are read at first
    shown = tab.table.viewport().height() // tab.table.verticalHeader().defaultSectionSize()
    assert min(total, shown) <= tab.model.rowCount() <= min(total, tab.model.BATCH)
    assert tab.model.rowCount() < total
    counts = visits.overdue_counts()
    banner = tab.banner.text()
    assert (
        f"{counts['pairings']} 个结对超过 90 天未走访" in banner
        and f"{counts['matters']} 件诉求超过 30 天未办结" in banner
    )
    assert f"联系户 {total} 户" in main_window.counts_label.text()
    assert "在上面的列表中选中一户" in tab.heading.text()
    assert not button(tab.visits, "add_visit").isEnabled()
    # the first page follows village, group number, pinyin; scrolling fetches more
    tab.table.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() > tab.model.BATCH, timeout=5000)


def test_search_filters_and_sorting_through_the_widgets(main_window):
    tab = households_tab(main_window)
    target = Household.live().order_by(Household.head_pinyin).first()
    tab.search.setText(target.head_initials)
    assert target.head_name in cells(tab, "head")
    tab.search.setText(target.head_phone[-7:])
    assert cells(tab, "head") == [target.head_name]
    tab.search.setText("")

    village = tab.filter_boxes["village"].itemText(2)
    tab.filter_boxes["village"].setCurrentText(village)
    assert set(cells(tab, "village")) == {village}
    tab.filter_boxes["category"].setCurrentText("脱贫户")
    assert set(cells(tab, "category")) <= {"脱贫户"}
    tab.filter_boxes["village"].setCurrentIndex(0)
    tab.filter_boxes["category"].setCurrentIndex(0)

    tab.filter_boxes["state"].setCurrentText(households.STATE_UNPAIRED)
    unpaired = Household.live().where(Household.pairing_count == 0).count()
    assert tab.model.total == unpaired > 0 and set(cells(tab, "members_paired")) == {""}
    tab.filter_boxes["state"].setCurrentIndex(0)
    tab.filter_boxes["matters"].setCurrentText("有待办诉求")
    pending = (
        HouseholdMatter.select(HouseholdMatter.household)
        .distinct()
        .where((HouseholdMatter.status == "待办") & HouseholdMatter.deleted_at.is_null())
        .count()
    )
    assert tab.model.total == pending
    tab.filter_boxes["matters"].setCurrentIndex(0)

    tab.table.sortByColumn(column(tab, "last_visit_on"), Qt.SortOrder.DescendingOrder)
    days = [d for d in cells(tab, "last_visit_on") if d]
    assert days == sorted(days, reverse=True) and days[0] == str(
        Household.select(Household.last_visit_on).order_by(Household.last_visit_on.desc()).scalar()
    )
    tab.table.sortByColumn(column(tab, "visit_count"), Qt.SortOrder.AscendingOrder)
    counts = [int(c) for c in cells(tab, "visit_count")]
    assert counts == sorted(counts)


def test_member_filter_finds_a_members_households(main_window):
    tab = households_tab(main_window)
    pairing = HouseholdPairing.live().where(HouseholdPairing.ended_on.is_null()).first()
    member_id = str(pairing.member_id)
    tab.member_filter.setFocus()
    label = next(label for label, person in tab.member_filter._ids.items() if person == member_id)
    tab.member_filter.setText(label)
    tab.member_filter.editingFinished.emit()
    expected = (
        HouseholdPairing.live()
        .where((HouseholdPairing.member == member_id) & HouseholdPairing.ended_on.is_null())
        .count()
    )
    assert tab.model.total == expected
    assert all(pairing.member.name in names for names in cells(tab, "members_paired"))
    tab.member_filter.setText("")
    tab.member_filter.textEdited.emit("")
    assert tab.model.total == Household.live().count()


def test_add_a_household_through_the_form(main_window, qtbot):
    tab = households_tab(main_window)
    click(qtbot, tab.add_button)
    editor = visible_editor(tab)
    editor.widgets["head"].setText("欧阳春花")
    editor.widgets["id_number"].setText("11010519491231002x")
    assert editor.widgets["sex"].text() == "女" and editor.widgets["birth_date"].text() == "1949-12-31"
    editor.widgets["village"].setEditText("新建村")
    editor.widgets["group"].setText("7组")
    editor.widgets["member_count"].setText("3")
    editor.widgets["category"].setCurrentText("监测户")
    save(qtbot, editor)
    assert not editor.isVisible()
    tab.search.setText("oych")
    assert cells(tab, "head") == ["欧阳春花"]
    assert cells(tab, "category") == ["监测户"] and cells(tab, "village") == ["新建村"]
    assert tab.current == Household.get(Household.head_name == "欧阳春花").id


def test_record_a_visit_with_a_matter_then_resolve_it(main_window, qtbot):
    tab = households_tab(main_window)
    household = paired_household()
    household_id = select_household(tab, household)
    before = household.visit_count
    assert tab.visits.model.rowCount() == before
    assert household.head_name in tab.heading.text()

    click(qtbot, button(tab.visits, "add_visit"))
    editor = visible_editor(tab)
    member = visits.current_members(household_id)[0]
    assert editor.widgets["visitor"].currentData() == member.id  # the paired member is proposed
    assert editor.widgets["visited_on"].text() == clock.today().isoformat()
    assert editor.widgets["item_1"].isChecked() and editor.widgets["item_2"].isChecked()
    editor.widgets["item_4"].setChecked(True)
    editor.widgets["situation"].setPlainText("宣讲防返贫监测政策，家中无新增困难。")
    editor.widgets["new_matters"].setPlainText("申请危房改造补助")
    save(qtbot, editor)
    assert not editor.isVisible()
    assert panel_cells(tab.visits, "situation")[0] == "宣讲防返贫监测政策，家中无新增困难。"
    assert panel_cells(tab.visits, "items")[0] == "联系、走访、政策"
    assert cells(tab, "visit_count") == [str(before + 1)] and cells(tab, "last_visit_on") == [
        clock.today().isoformat()
    ]
    assert cells(tab, "open_matters") == ["1"]
    assert tab.detail.tabText(1) == "诉求（1 件未办结）"

    matters = tab.matters
    row = panel_cells(matters, "content").index("申请危房改造补助")
    matters.select_row(row)
    click(qtbot, button(matters, "start_matter"))
    assert (
        panel_cells(matters, "status")[panel_cells(matters, "content").index("申请危房改造补助")] == "办理中"
    )
    matters.select_row(panel_cells(matters, "content").index("申请危房改造补助"))
    click(qtbot, button(matters, "resolve_matter"))
    editor = visible_editor(tab)
    assert editor.widgets["status"].currentText() == "已办结"
    editor.save()
    assert editor.isVisible() and "办理结果" in editor.error_label.text()
    editor.widgets["responsible"].setEditText("村委会")
    editor.widgets["resolution"].setPlainText("已纳入危房改造计划")
    save(qtbot, editor)
    matter = HouseholdMatter.get(HouseholdMatter.content == "申请危房改造补助")
    assert (matter.status, matter.resolved_on, matter.responsible) == ("已办结", clock.today(), "村委会")
    assert cells(tab, "open_matters") == ["0"] and tab.detail.tabText(1) == "诉求"


def test_pair_a_member_then_end_the_pairing(main_window, qtbot):
    tab = households_tab(main_window)
    household = Household.live().where(Household.pairing_count == 0).first()
    select_household(tab, household)
    tab.detail.setCurrentIndex(2)
    assert tab.pairings.model.rowCount() == 0 and "还没有结对党员" in tab.pairings.note.text()
    click(qtbot, button(tab.pairings, "add_pairing"))
    editor = visible_editor(tab)
    editor.widgets["member"].setCurrentIndex(1)  # the first member of the household's own village
    chosen = editor.widgets["member"].currentText()
    save(qtbot, editor)
    assert panel_cells(tab.pairings, "member") == [chosen.split("（")[0]]
    assert cells(tab, "members_paired") == [chosen.split("（")[0]]
    tab.pairings.select_row(0)
    click(qtbot, button(tab.pairings, "end_pairing"))
    assert panel_cells(tab.pairings, "ended_on") == [clock.today().isoformat()]
    assert cells(tab, "members_paired") == [""]


def test_delete_a_visit_then_undo(main_window, qtbot):
    tab = households_tab(main_window)
    household = paired_household()
    select_household(tab, household)
    before = household.visit_count
    newest = panel_cells(tab.visits, "visited_on")[0]
    tab.visits.select_row(0)
    click(qtbot, button(tab.visits, "delete_visit"))
    assert tab.visits.model.rowCount() == before - 1
    assert cells(tab, "visit_count") == [str(before - 1)]
    assert HouseholdVisit.live().where(HouseholdVisit.household == household.id).count() == before - 1
    main_window.undo_deletion()
    assert Household.get_by_id(household.id).visit_count == before
    assert tab.visits.model.rowCount() == before and panel_cells(tab.visits, "visited_on")[0] == newest


def test_overdue_panel_setting_and_jump_to_household(main_window, qtbot):
    tab = households_tab(main_window)
    tab.banner.linkActivated.emit("overdue")
    assert tab.detail.currentWidget() is tab.overdue
    listing = visits.OverduePairingListing()
    assert tab.overdue.pairings_model.total == listing.count(ListState()) > 0
    tab.overdue.days.setValue(30)
    assert households.overdue_days() == 30
    assert tab.overdue.pairings_model.total == listing.count(ListState()) > 0
    assert "超过 30 天未走访的结对" in tab.overdue.pairings_label.text()
    assert "30 天未走访" in tab.banner.text()
    model = tab.overdue.pairings_model
    tab.overdue.pairings_table.doubleClicked.emit(model.index(0, 0))
    row = model.row_values(0)
    assert tab.current == row["household_id"] and row["head"] in tab.heading.text()
    assert tab.detail.currentWidget() is tab.visits
    # stale matters: double-click opens the household too
    matters = tab.overdue.matters_model
    assert matters.total == visits.StaleMatterListing().count(ListState()) > 0
    tab.overdue.matters_table.doubleClicked.emit(matters.index(0, 0))
    assert tab.current == matters.row_values(0)["household_id"]
    # the village filter narrows the overdue lists too
    village = tab.filter_boxes["village"].itemText(1)
    tab.filter_boxes["village"].setCurrentText(village)
    assert set(model.data(model.index(r, 2)) for r in range(model.rowCount())) <= {village}


def test_rows_model_passes_the_model_tester(main_window, qtmodeltester):
    tab = households_tab(main_window)
    select_household(tab, paired_household())
    assert isinstance(tab.visits.model, RowsModel) and tab.visits.model.rowCount() > 0
    qtmodeltester.check(tab.visits.model)
    qtmodeltester.check(tab.matters.model)


def test_print_ledger_and_card_from_the_tab(main_window, qtbot, tmp_path, monkeypatch):
    tab = households_tab(main_window)
    village = tab.filter_boxes["village"].itemText(1)
    tab.filter_boxes["village"].setCurrentText(village)
    out = tmp_path / "ledger.pdf"
    monkeypatch.setattr(file_dialogs, "ask_save", lambda *args: out)
    dialog = tab.ask_ledger()
    assert isinstance(dialog, LedgerDialog) and dialog.village.currentText() == village
    start = date(clock.today().year - 1, 1, 1).isoformat()
    dialog.date_from.setText(start)
    dialog.accept()
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    wait_for_tasks()
    text = pdf_text(out)
    assert "党员联系户走访台账" in text and f"村（社区）：{village}" in text
    rows = list(
        visits.ledger_rows(
            visits.LedgerQuery(village=village, date_from=date.fromisoformat(start), date_to=clock.today())
        )
    )
    assert rows and rows[0]["situation"][:12] in text

    household = paired_household()
    select_household(tab, household)
    card = tmp_path / "card.pdf"
    tab.print_card(card)
    qtbot.waitUntil(card.exists, timeout=20000)
    wait_for_tasks()
    text = pdf_text(card)
    assert "五个到户" in text and household.head_name in text and household.head_id_number in text


def test_export_households_and_visits_as_shown(main_window, qtbot, tmp_path):
    tab = households_tab(main_window)
    village = tab.filter_boxes["village"].itemText(1)
    tab.filter_boxes["village"].setCurrentText(village)
    xlsx = tmp_path / "households.xlsx"
    tab.export_excel(xlsx)
    qtbot.waitUntil(xlsx.exists, timeout=20000)
    wait_for_tasks()
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) - 1 == tab.model.total and {r[3] for r in rows[1:]} == {village}
    visits_xlsx = tmp_path / "visits.xlsx"
    tab.export_visits(visits_xlsx)
    qtbot.waitUntil(visits_xlsx.exists, timeout=20000)
    wait_for_tasks()
    rows = list(openpyxl.load_workbook(visits_xlsx).active.iter_rows(min_row=2, values_only=True))
    expected = (
        HouseholdVisit.live()
        .join(Household)
        .where(
            Household.village
            == Household.select(Household.village).where(Household.id.in_([tab.model.row_id(0)]))
        )
        .count()
    )
    assert len(rows) - 1 == expected and {r[1] for r in rows[1:]} == {village}


def test_import_through_the_window_previews_then_writes(main_window, qtbot, tmp_path):
    from test_households_import import messy_workbook

    tab = households_tab(main_window)
    before = tab.model.total
    tab.import_excel(messy_workbook(tmp_path / "households.xlsx"))
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    preview = tab.findChild(ImportPreviewDialog)
    assert preview.accepted_table.rowCount() + preview.refused_table.rowCount() == 10
    accepted = preview.accepted_table.rowCount()
    assert tab.model.total == before
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total == before + accepted, timeout=10000)
