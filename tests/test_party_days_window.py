"""The 主题党日 tab driven through the real window: list, record editor with attendance, matrix, missed list,
branches and members, fixed items, printing and export."""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import load_workbook
from party_days_helpers import day_values, make_branch, person_name
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.party_days import BranchMember, PartyBranch, PartyDay, PartyDayAttendance
from township_desk.models.people import Person
from township_desk.services import clock, party_branches, party_days
from township_desk.services.party_day_calendar import last_friday
from township_desk.ui.party_branch_dialogs import PersonPicker
from township_desk.ui.party_day_widgets import PartyDayEditor, YearMatrixModel
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.workers import wait_for_tasks


def party_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "主题党日")
    window.tabs.setCurrentWidget(tab)
    return tab


def column(tab, key):
    keys = [c.key for c in tab.listing.columns]
    index = keys.index(key)
    return [tab.model.data(tab.model.index(r, index)) for r in range(tab.model.rowCount())]


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot, editor):
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))


def choose_branch(editor, branch_id):
    combo = editor.widgets["branch"]
    combo.setCurrentIndex(combo.findData(branch_id))


def pdf_text(path):
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def new_branch(tab, name="新建村党支部", members=5):
    branch_id, people = make_branch(name, name.removesuffix("党支部"), members=members)
    tab.after_change()
    return branch_id, people


def test_tab_lists_days_with_counts_flags_and_filters(main_window):
    tab = party_tab(main_window)
    assert main_window.tabs.tabText(main_window.tabs.currentIndex()) == "主题党日"
    assert tab.model.total == PartyDay.live().count() > 400
    labels = [c.label for c in tab.listing.columns]
    assert {"活动日期", "党支部", "应到", "实到", "出席率"} <= set(labels)
    assert tab.count_label.text() == f"共 {tab.model.total} 条"
    assert "党支部" in main_window.counts_label.text()
    tab.filter_boxes["status"].setCurrentText(party_days.STATUS_LOW)
    rates = column(tab, "rate")
    assert rates and all(float(r.rstrip("%")) < 80 for r in rates)
    assert all("出席率低于80%" in flag for flag in column(tab, "flag"))
    tab.filter_boxes["status"].setCurrentText(party_days.STATUS_LATE)
    assert column(tab, "status") and set(column(tab, "status")) == {party_days.STATUS_LATE}
    tab.filter_boxes["status"].setCurrentText("全部")
    branch = PartyBranch.live().order_by(PartyBranch.sort_order).first()
    tab.filter_boxes["branch"].setCurrentText(branch.name)
    assert set(column(tab, "branch")) == {branch.name}
    assert 20 <= tab.model.total <= 24
    tab.search.setText("森林防火")
    assert all("森林防火" in theme for theme in column(tab, "theme"))


def test_add_a_day_through_the_editor_with_attendance(main_window, qtbot):
    tab = party_tab(main_window)
    branch_id, people = new_branch(tab)
    click(qtbot, tab.add_button)
    editor = tab.current_editor()
    assert isinstance(editor, PartyDayEditor)
    proposed = party_days.proposed_day()
    assert editor.widgets["held_on"].text() == proposed.isoformat()
    assert "最后一个星期五" in editor.widgets["due"].text()
    assert editor.attendance.rowCount() == 0
    editor.widgets["branch"].setEditText("新建村党支")  # typing: not a branch yet
    assert editor.attendance.rowCount() == 0
    editor.widgets["branch"].setEditText("新建村党支部")  # the whole name picks the branch
    assert editor.attendance.rowCount() == 5
    choose_branch(editor, branch_id)
    # the branch's members are listed, all present, and the secretary is proposed as host
    assert editor.attendance.rowCount() == 5
    assert {r["status"] for r in editor.attendance.rows()} == {"出席"}
    assert editor.widgets["host"].currentText() == person_name(people[-1])
    assert "出席率 100%" in editor.counts_label.text()
    editor.widgets["theme"].setEditText("人居环境整治")
    editor.widgets["recorder"].setEditText(person_name(people[0]))
    leave_row = editor.attendance.row_of(person_name(people[1]))
    editor.attendance.status_box(leave_row).setCurrentText("请假")
    editor.attendance.item(leave_row, editor.attendance.REASON).setText("外出务工")
    editor.attendance.status_box(editor.attendance.row_of(person_name(people[2]))).setCurrentText("缺席")
    assert "应到 5 人，实到 3 人，请假 1 人，缺席 1 人，出席率 60%（低于80%）" == editor.counts_label.text()
    assert "b00020" in editor.counts_label.styleSheet()  # flagged in red
    assert editor.widgets["counts"].text() == editor.counts_label.text()
    assert set(editor.items.boxes) >= set(party_branches.DEFAULT_ITEMS)
    click(qtbot, editor.items.boxes["志愿服务"])
    save(qtbot, editor)
    assert not editor.isVisible(), editor.error_label.text()

    day = PartyDay.get(PartyDay.branch == branch_id)
    assert day.held_on == proposed and day.theme == "人居环境整治"
    assert "志愿服务" not in day.items_done and "集中学习" in day.items_done
    assert PartyDayAttendance.get(PartyDayAttendance.person == people[1]).reason == "外出务工"
    assert tab.selected_id() == day.id
    tab.filter_boxes["branch"].setCurrentText("新建村党支部")
    assert column(tab, "rate") == ["60.0%"] and column(tab, "present") == ["3"]
    # the matrix shows the day in its month
    matrix = tab.matrix
    matrix.year_box.setValue(proposed.year)
    cell = matrix.model.data(matrix.index_of("新建村党支部", proposed.month))
    assert cell == f"{proposed.day}日"


def test_another_date_needs_a_reason_in_the_editor(main_window, qtbot):
    tab = party_tab(main_window)
    branch_id, _people = new_branch(tab)
    due = last_friday(2024, 3)
    tab.open_month(branch_id, 2024, 3, "")
    editor = tab.current_editor()
    assert editor.widgets["held_on"].text() == "2024-03-29"
    assert editor.attendance.rowCount() == 5
    editor.widgets["held_on"].setText((due - timedelta(days=2)).isoformat())
    assert "请填写调整日期原因" in editor.widgets["due"].text()
    editor.widgets["theme"].setEditText("防汛抗旱")
    save(qtbot, editor)
    assert editor.isVisible()
    assert "调整日期原因" in editor.error_label.text() and "2024-03-29" in editor.error_label.text()
    assert not PartyDay.select().where(PartyDay.branch == branch_id).exists()
    editor.widgets["late_reason"].setText("星期五全村防汛值守，提前两天开展")
    row = editor.attendance.row_of(editor.attendance.rows()[0]["name"])
    editor.attendance.status_box(row).setCurrentText("请假")
    save(qtbot, editor)
    assert editor.isVisible() and "请假原因" in editor.error_label.text()
    editor.attendance.item(row, editor.attendance.REASON).setText("生病住院")
    save(qtbot, editor)
    assert not editor.isVisible(), editor.error_label.text()
    day = PartyDay.get(PartyDay.branch == branch_id)
    assert day.held_on == date(2024, 3, 27) and day.late_reason.startswith("星期五全村防汛值守")
    # the same month again opens the record instead of making a second one
    tab.open_month(branch_id, 2024, 3, "")
    again = tab.current_editor()
    assert again.record_id == day.id and again.widgets["late_reason"].text() == day.late_reason
    assert again.attendance.rows()[row]["reason"] == "生病住院"
    again.reject()


def test_matrix_click_opens_the_record_or_starts_the_missing_one(main_window, qtbot):
    tab = party_tab(main_window)
    year = clock.today().year - 1
    branch = PartyBranch.live().order_by(PartyBranch.sort_order).first()
    june = PartyDay.live().where((PartyDay.branch == branch.id) & (PartyDay.month == f"{year}-06")).first()
    if june is not None:  # make sure June is missed and July held, whatever the demo drew
        june.delete_instance(recursive=True)
    july = PartyDay.live().where((PartyDay.branch == branch.id) & (PartyDay.month == f"{year}-07")).first()
    if july is None:
        july = PartyDay.get_by_id(party_days.save_day(None, day_values(branch.id, last_friday(year, 7))))
    tab.views.setCurrentIndex(1)
    tab.matrix.year_box.setValue(year)
    view = tab.matrix.view
    missed = tab.matrix.index_of(branch.name, 6)
    assert tab.matrix.model.data(missed) == "未开展"
    assert "点击补录" in tab.matrix.model.data(missed, Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(missed).center())
    editor = tab.current_editor()
    assert editor is not None and editor.record_id is None
    assert editor.branch_id() == branch.id
    assert editor.widgets["held_on"].text() == last_friday(year, 6).isoformat()
    assert editor.attendance.rowCount() == len(party_branches.members_on(branch.id, last_friday(year, 6)))
    editor.reject()
    held = tab.matrix.index_of(branch.name, 7)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(held).center())
    editor = tab.current_editor()
    assert editor.record_id == july.id
    assert (
        editor.attendance.rowCount()
        == PartyDayAttendance.live().where(PartyDayAttendance.day == july.id).count()
    )
    editor.reject()
    assert "应开展" in tab.matrix.summary.text()


def test_missed_panel_lists_branches_without_a_day_this_month(main_window, qtbot):
    tab = party_tab(main_window)
    today = clock.today()
    month = f"{today.year:04d}-{today.month:02d}"
    recorded = {d.branch_id for d in PartyDay.live().where(PartyDay.month == month)}
    expected = [b.name for b in PartyBranch.live().order_by(PartyBranch.sort_order) if b.id not in recorded]
    assert tab.missed.names() == expected
    assert f"{today.year}年{today.month}月" in tab.missed.label.text()
    tab.missed.month_box.setCurrentIndex(1)  # last month
    last = PartyDay.live().where(
        PartyDay.month == party_days.key_of(*party_days.previous_month(today.year, today.month))
    )
    assert len(tab.missed.names()) == PartyBranch.live().count() - last.count()
    branch_id, _ = new_branch(tab, "补录村党支部", members=2)
    assert "补录村党支部" in tab.missed.names()
    item = tab.missed.list.findItems("补录村党支部", Qt.MatchFlag.MatchExactly)[0]
    tab.missed.list.setCurrentItem(item)
    click(qtbot, tab.missed.findChild(type(tab.add_button), "record_missed"))
    editor = tab.current_editor()
    year, month_number = party_days.previous_month(today.year, today.month)
    assert editor.branch_id() == branch_id
    assert editor.widgets["held_on"].text() == last_friday(year, month_number).isoformat()
    editor.widgets["theme"].setEditText("党纪学习教育")
    save(qtbot, editor)
    assert not editor.isVisible(), editor.error_label.text()
    assert "补录村党支部" not in tab.missed.names()


def test_branches_dialog_adds_branch_members_and_secretary(main_window, qtbot):
    tab = party_tab(main_window)
    dialog = tab.open_branches()
    before = dialog.branch_model.total
    click(qtbot, dialog.findChild(type(tab.add_button), "add_branch"))
    editor = dialog.findChild(RecordEditor)
    editor.widgets["name"].setText("镇机关第二党支部")
    save(qtbot, editor)
    assert not editor.isVisible()
    assert dialog.branch_model.total == before + 1
    dialog.branch_search.setText("机关第二")
    dialog.branch_view.selectRow(0)
    assert "镇机关第二党支部" in dialog.member_title.text()
    branch = PartyBranch.get(PartyBranch.name == "镇机关第二党支部")

    click(qtbot, dialog.findChild(type(tab.add_button), "add_member"))
    member_editor = [e for e in dialog.findChildren(RecordEditor) if e.isVisible()][-1]
    member_editor.widgets["name"].setText("欧阳红梅")
    member_editor.widgets["id_number"].setText("110105198503070027")
    member_editor.widgets["political"].setCurrentText("中共预备党员")
    member_editor.widgets["party_joined_on"].setText("2024.07.01")
    assert member_editor.widgets["sex"].currentText() == "女"  # filled from the ID number
    save(qtbot, member_editor)
    assert not member_editor.isVisible(), member_editor.error_label.text()
    assert dialog.member_model.total == 1
    assert dialog.member_model.data(dialog.member_model.index(0, 3)) == "预备党员"

    cadre = Person.create(
        name="司马建国",
        initials="smjg",
        pinyin="simajianguo",
        political="中共党员",
        party_joined_on=date(1999, 7, 1),
    )
    click(qtbot, dialog.findChild(type(tab.add_button), "add_existing"))
    picker = dialog.findChild(PersonPicker)
    picker.search.setText("smjg")
    assert picker.results.count() == 1 and "司马建国" in picker.results.item(0).text()
    click(qtbot, picker.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.member_model.total == 2
    dialog.select_member_named("司马建国")
    click(qtbot, dialog.findChild(type(tab.add_button), "make_secretary"))
    assert PartyBranch.get_by_id(branch.id).secretary_id == cadre.id
    assert "支部书记：司马建国" in dialog.member_title.text()
    dialog.select_member_named("欧阳红梅")
    click(qtbot, dialog.findChild(type(tab.add_button), "transfer_out"))
    assert dialog.member_model.total == 1
    assert (
        BranchMember.get(BranchMember.person == Person.get(Person.name == "欧阳红梅").id).left_on
        == clock.today()
    )
    dialog.reject()
    assert "镇机关第二党支部" in [
        tab.filter_boxes["branch"].itemText(i) for i in range(tab.filter_boxes["branch"].count())
    ]


def test_fixed_items_dialog_adds_a_local_item_that_the_editor_offers(main_window, qtbot):
    tab = party_tab(main_window)
    year = party_days.proposed_day().year
    tab.matrix.year_box.setValue(year)
    dialog = tab.open_fixed_items()
    assert dialog.year_box.value() == year
    dialog.new_item.setEditText("重温入党誓词")
    click(qtbot, dialog.findChild(type(tab.add_button), "add_item"))
    dialog.new_item.setEditText("集中学习")
    click(qtbot, dialog.findChild(type(tab.add_button), "add_item"))
    assert "已在列表中" in dialog.error_label.text()
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert party_branches.fixed_items(year)[-1] == "重温入党誓词"
    tab.add_record()
    editor = tab.current_editor()
    assert "重温入党誓词" in editor.items.boxes and editor.items.boxes["重温入党誓词"].isChecked()
    editor.reject()


def test_print_record_and_ledger_and_export_from_the_tab(main_window, qtbot, tmp_path):
    tab = party_tab(main_window)
    tab.table.selectRow(0)
    day = PartyDay.get_by_id(tab.selected_id())
    record = tmp_path / "记录.pdf"
    tab.print_selected(record)
    qtbot.waitUntil(record.exists, timeout=20000)
    wait_for_tasks()
    text = pdf_text(record)
    assert "主题党日活动记录" in text and "".join(day.branch.name.split()) in text and day.theme in text
    ledger = tmp_path / "台账.pdf"
    tab.matrix.year_box.setValue(clock.today().year)
    tab.print_ledger(ledger)
    qtbot.waitUntil(ledger.exists, timeout=20000)
    wait_for_tasks()
    assert f"{clock.today().year}年度主题党日开展情况台账" in pdf_text(ledger)
    actions = [a.label for a in tab.print_actions()]
    assert any("活动记录" in a for a in actions) and any("台账" in a for a in actions)

    tab.filter_boxes["status"].setCurrentText(party_days.STATUS_LATE)
    out = tmp_path / "调整日期.xlsx"
    tab.export_excel(out)
    qtbot.waitUntil(out.exists, timeout=20000)
    wait_for_tasks()
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))  # row 1: the title
    assert len(rows) - 1 == tab.model.total > 0
    assert all(r[-1] for r in rows[1:])  # every exported late day carries its reason


def test_delete_a_day_and_undo(main_window):
    tab = party_tab(main_window)
    before = tab.model.total
    tab.table.selectRow(0)
    day_id = tab.selected_id()
    tab.delete_selected()
    assert tab.model.total == before - 1
    assert PartyDayAttendance.live().where(PartyDayAttendance.day == day_id).count() == 0
    main_window.undo_deletion()
    assert party_tab(main_window).model.total == before
    assert PartyDayAttendance.live().where(PartyDayAttendance.day == day_id).count() > 0


def test_matrix_model_passes_the_model_tester(main_window, qtmodeltester):
    model = YearMatrixModel()
    model.load(clock.today().year - 1)
    qtmodeltester.check(model)
    assert model.rowCount() == PartyBranch.live().count()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "1月"
    assert model.headerData(12, Qt.Orientation.Horizontal) == "已开展"
