"""The 组织生活 tab driven through the real window: the list and its filters, a 屋场会 entered with
attendance, households and an issue that becomes a matter, the ledger, groups, appraisals and printing."""

from __future__ import annotations

from datetime import timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from township_desk.models.households import HouseholdMatter
from township_desk.models.meetings import Meeting, MeetingIssue, MemberAppraisal, PartyGroup, PartyGroupMember
from township_desk.models.party_days import PartyBranch
from township_desk.services import clock
from township_desk.services.meetings import groups
from township_desk.ui.meeting_widgets import MeetingEditor
from township_desk.ui.workers import wait_for_tasks


def meetings_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "组织生活")
    window.tabs.setCurrentWidget(tab)
    return tab


def column(tab, key):
    index = [c.key for c in tab.listing.columns].index(key)
    return [tab.model.data(tab.model.index(r, index)) for r in range(tab.model.rowCount())]


def pdf_text(path):
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_list_filters_and_the_ledger(main_window):
    tab = meetings_tab(main_window)
    assert main_window.tabs.tabText(main_window.tabs.count() - 1) == "组织生活"
    assert tab.model.total == Meeting.live().count() > 100
    tab.filter_boxes["kind"].setCurrentText("屋场会")
    assert column(tab, "kind") and set(column(tab, "kind")) == {"屋场会"}
    year = column(tab, "held_on")[-1][:4]  # a year with courtyard meetings, whatever today is
    tab.filter_boxes["year"].setCurrentText(year)
    assert column(tab, "held_on") and all(d.startswith(year) for d in column(tab, "held_on"))
    assert set(column(tab, "kind")) == {"屋场会"}
    tab.filter_boxes["kind"].setCurrentText("全部")
    tab.show_view("三会一课台账", clock.today().year)
    assert tab.views.currentWidget() is tab.ledger
    assert tab.ledger.model.rowCount() == 7 * PartyBranch.live().count()
    assert "应开" in tab.ledger.stats.text()
    kinds = {tab.ledger.model.text(r, 1) for r in range(tab.ledger.model.rowCount())}
    assert {"支部党员大会", "支部委员会", "党小组会", "党课", "主题党日"} <= kinds
    assert "逾期未开" in tab.summary()
    tab.show_view("党小组和网格")
    assert tab.groups.models["groups"].rowCount() == PartyGroup.live().count()


def test_a_courtyard_meeting_entered_in_the_editor_raises_a_matter(main_window, qtbot):
    tab = meetings_tab(main_window)
    group = PartyGroup.live().where(PartyGroup.kind == "服务型党小组").first()
    households = groups.group_households(str(group.id))
    assert households
    tab.add_record()
    editor = next(e for e in tab.findChildren(MeetingEditor) if e.isVisible())
    editor.widgets["kind"].setCurrentText("屋场会")
    branch = editor.widgets["branch"]
    branch.setCurrentIndex(branch.findData(str(group.branch_id)))
    combo = editor.widgets["group"]
    combo.setCurrentIndex(combo.findData(str(group.id)))
    editor.widgets["held_on"].setText((clock.today() - timedelta(days=1)).isoformat())
    editor.widgets["topic"].setText("屋场会：商议修路")
    members = PartyGroupMember.live().where(PartyGroupMember.group == group.id).count()
    assert editor.attendance.rowCount() == members > 0
    editor.attendance.set_status(0, "请假", "外出务工")
    assert editor.households.rowCount() == len(households)
    editor.households.set_checked(0, True)
    qtbot.mouseClick(editor.findChild(QPushButton, "add_issue"), Qt.MouseButton.LeftButton)
    editor.issues.cellWidget(0, 0).setText("村道破损")
    household_box = editor.issues.cellWidget(0, 1)
    household_box.setCurrentIndex(1)
    editor.issues.cellWidget(0, 2).setChecked(True)
    before = HouseholdMatter.select().count()
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not editor.isVisible(), editor.error_label.text()
    meeting = Meeting.get(Meeting.topic == "屋场会：商议修路")
    issue = MeetingIssue.get(MeetingIssue.meeting == meeting.id)
    assert str(issue.household_id) == households[0][0]
    assert HouseholdMatter.select().count() == before + 1
    assert "村道破损" in HouseholdMatter.get_by_id(issue.matter_id).content
    assert tab.selected_id() == meeting.id


def test_appraisals_saved_from_the_tab_and_printing(main_window, qtbot, tmp_path):
    tab = meetings_tab(main_window)
    tab.show_view("民主评议党员")
    panel = tab.appraisals
    panel.year_box.setValue(clock.today().year)
    assert panel.table.rowCount() > 0
    panel.result_box(0).setCurrentText("不合格")
    panel.save()
    assert "处置意见" in panel.message.text()
    panel.note_edit(0).setText("限期改正")
    for row in range(1, panel.table.rowCount()):
        panel.result_box(row).setCurrentText("合格")
    panel.save()
    assert panel.message.text() == "已保存。"
    assert (
        MemberAppraisal.live().where(MemberAppraisal.year == clock.today().year).count()
        == panel.table.rowCount()
    )
    assert "不合格 1 人" in panel.counts.text()

    sheet = tmp_path / "测评表.pdf"
    tab.print_appraisal_sheet(sheet)
    qtbot.waitUntil(sheet.exists, timeout=20000)
    wait_for_tasks()
    assert "民主评议党员测评表" in pdf_text(sheet)
    tab.views.setCurrentIndex(0)
    tab.table.selectRow(0)
    record = tmp_path / "记录.pdf"
    tab.print_selected(record)
    qtbot.waitUntil(record.exists, timeout=20000)
    wait_for_tasks()
    meeting = Meeting.get_by_id(tab.selected_id())
    assert "会议记录" in pdf_text(record) and "".join(meeting.topic.split()) in pdf_text(record)
    roster = tmp_path / "公示表.pdf"
    tab.print_post_roster(roster)
    qtbot.waitUntil(roster.exists, timeout=20000)
    wait_for_tasks()
    assert "设岗定责公示表" in pdf_text(roster)


def test_groups_grids_and_posts_from_the_dialogs(main_window, qtbot):
    from party_days_helpers import make_branch

    from township_desk.services import households
    from township_desk.ui.meeting_group_dialogs import GridDialog, GroupDialog, PostDialog

    tab = meetings_tab(main_window)
    tab.show_view("党小组和网格")
    branch, people = make_branch("新建村党支部", "新建村", members=4)  # the last one is the secretary
    homes = [
        households.save_household(None, {"head": head, "village": "新建村", "group": "1组"})
        for head in ("甲大户", "乙小户")
    ]
    tab.after_change()
    before = tab.groups.models["groups"].rowCount()
    dialog = tab.open_group(None)
    assert isinstance(dialog, GroupDialog)
    dialog.branch.setCurrentIndex(dialog.branch.findData(branch))
    assert {key for key, _ in dialog.members.items} == set(people)
    dialog.name.setText("")
    dialog.save()
    assert "名称" in dialog.error.text() and dialog.isVisible()
    dialog.name.setText("测试服务型党小组")
    for row, (key, _label) in enumerate(dialog.members.items):
        dialog.members.set_checked(row, key in people[:3])
    dialog.leader.setCurrentIndex(dialog.leader.findData(people[0]))
    dialog.save()
    assert not dialog.isVisible(), dialog.error.text()
    assert tab.groups.models["groups"].rowCount() == before + 1
    new_group = PartyGroup.get(PartyGroup.name == "测试服务型党小组")
    assert len(groups.load_group(str(new_group.id))["members"]) == 3

    grid = tab.open_grid(None)
    assert isinstance(grid, GridDialog)
    grid.group.setCurrentIndex(grid.group.findData(str(new_group.id)))
    assert sorted(key for key, _ in grid.households.items) == sorted(homes)
    grid.name.setText("测试网格")
    grid.households.set_checked(0, True)
    grid.households.set_checked(1, True)
    grid.save()
    assert not grid.isVisible(), grid.error.text()
    assert groups.grid_rows(str(new_group.id))[0]["household_count"] == 2
    assert groups.household_place(homes[0]).text() == "党小组：测试服务型党小组；网格：测试网格"

    post = tab.open_post()
    assert isinstance(post, PostDialog)
    post.group.setCurrentIndex(post.group.findData(str(new_group.id)))
    assert post.person.count() == 3  # the secretary holds an office and is not offered
    post.post.setEditText("电商服务岗")
    post.duties.setText("帮村民网上卖农产品")
    post.grid.setCurrentIndex(1)
    post.save()
    assert not post.isVisible(), post.error.text()
    row = next(r for r in groups.post_roster() if r["post"] == "电商服务岗")
    assert (row["group"], row["grid"], row["duties"]) == (
        "测试服务型党小组",
        "测试网格",
        "帮村民网上卖农产品",
    )
    assert tab.groups.models["posts"].rowCount() == len(groups.post_roster())


def test_a_households_grid_and_group_show_in_the_household_tab(main_window):
    from township_desk.models.meetings import GridHousehold

    covered = GridHousehold.live().first()
    place = groups.household_place(str(covered.household_id))
    tab = next(page for page in main_window.tab_pages if page.title == "联系户")
    main_window.tabs.setCurrentWidget(tab)
    tab.show_household(str(covered.household_id))
    assert f"党小组：{place.group}" in tab.heading.text() and f"网格：{place.grid}" in tab.heading.text()
