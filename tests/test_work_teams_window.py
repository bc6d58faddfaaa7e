"""The 驻村工作队 tab driven through the real window on the demo: teams with flags, members, the month grid
filled from the keyboard, leave, a spot check that asks for a talk, the assessment's veto shown."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.work_teams import TeamCheckFinding, WorkTeamMember
from township_desk.services.work_teams import attendance, checks, forms, leave
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.work_team_widgets import SpotCheckDialog


def team_tab(window):
    window.tabs.setCurrentIndex([p.title for p in window.tab_pages].index("驻村工作队"))
    return window.current_tab()


def save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_the_tab_lists_teams_and_shows_the_selected_teams_members(main_window, qtbot):
    tab = team_tab(main_window)
    assert tab.model.rowCount() == 6
    assert "共 6 个工作队" in tab.count_label.text()
    tab.table.selectRow(0)
    names = [tab.members.item(r, 0).text() for r in range(tab.members.rowCount())]
    roles = [tab.members.item(r, 1).text() for r in range(tab.members.rowCount())]
    assert names and roles[0] == "队长(第一书记)"
    kinds = [tab.members.item(r, 7).text() for r in range(tab.members.rowCount())]
    assert all(k in ("", "召回", "调整撤换") for k in kinds)
    tab.search.setText("不存在的村")
    assert tab.model.rowCount() == 0
    tab.search.setText("")


def test_a_week_is_filled_in_one_keystroke_and_a_mark_on_a_selection(main_window, qtbot, today):
    tab = team_tab(main_window)
    tab.table.selectRow(0)
    tab.detail.setCurrentIndex(1)
    grid = tab.grid
    while (grid.year, grid.month) != (today.year, today.month):
        grid.shift(-1 if (grid.year, grid.month) > (today.year, today.month) else 1)
    grid.shift(-1)  # last month: wholly in the past, the demo recorded it
    member_id = grid.rows[0].member_id
    year, month = grid.year, grid.month
    attendance.set_days(member_id, [date(year, month, d) for d in range(8, 15)], attendance.UNKNOWN)
    grid.reload()
    grid.table.setFocus()
    grid.table.setCurrentCell(0, 9)  # the 10th
    qtbot.keyClick(grid.table, Qt.Key.Key_W)
    week = attendance.week_of(date(year, month, 10))
    marks = attendance.marks_of(member_id, year, month)
    assert all(marks[d.day - 1] == attendance.IN_VILLAGE for d in week)
    grid.table.setCurrentCell(0, 9)
    qtbot.keyClick(grid.table, Qt.Key.Key_Q)
    assert attendance.marks_of(member_id, year, month)[9] == attendance.ABSENT
    assert grid.table.item(0, 9).text() == attendance.ABSENT


def test_adding_leave_marks_the_grid_and_an_overlap_is_refused_in_the_dialog(main_window, qtbot, today):
    tab = team_tab(main_window)
    tab.table.selectRow(0)
    tab.detail.setCurrentIndex(2)
    editor = tab._edit(forms.leave_form, None)
    member_id = tab.members.ids[0]
    start = today - timedelta(days=3)
    editor.set_values(
        {
            "member": member_id,
            "kind": "病假",
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
            "approved_by": "镇党委副书记",
        }
    )
    save(qtbot, editor)
    assert editor.result() == 1
    assert attendance.marks_of(member_id, start.year, start.month)[start.day - 1] == "病"
    assert any(tab.leaves.item(r, 1).text() == "病假" for r in range(tab.leaves.rowCount()))
    again = tab._edit(forms.leave_form, None)
    again.set_values(
        {"member": member_id, "kind": "事假", "starts_on": start.isoformat(), "ends_on": start.isoformat()}
    )
    save(qtbot, again)
    assert again.isVisible() and "重叠" in again.error_label.text()


def test_a_spot_check_finding_someone_absent_asks_for_a_talk(main_window, qtbot, today):
    tab = team_tab(main_window)
    tab.table.selectRow(2)
    before = len(checks.pending_actions())
    dialog = tab.add_check()
    assert isinstance(dialog, SpotCheckDialog) and dialog.boxes
    member_id, box = dialog.boxes[-1]
    box.setChecked(False)
    day = today - timedelta(days=1)
    while leave.leave_covering(member_id, day) is not None:  # a day without leave
        day -= timedelta(days=1)
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
        Qt.MouseButton.LeftButton,
    )
    assert (
        TeamCheckFinding.live()
        .where(TeamCheckFinding.member == member_id, TeamCheckFinding.present == False)  # noqa: E712
        .exists()
    )
    assert len(checks.pending_actions()) == before + 1
    assert "待处理" in tab.pending_label.text()
    name = WorkTeamMember.get_by_id(member_id).person.name
    texts = [tab.pending.item(r, 1).text() for r in range(tab.pending.rowCount())]
    assert name in texts
    tab.pending.selectRow(texts.index(name))
    tab.complete_action()
    assert len(checks.pending_actions()) == before


def test_the_assessment_page_shows_the_veto(main_window, qtbot):
    tab = team_tab(main_window)
    tab.year -= 1  # last year's assessment is in the demo
    tab.table.selectRow(1)
    tab.show_team()
    assert tab.indicators.rowCount() == 4
    assert "一票否决" in tab.result_label.text() and "不合格" in tab.result_label.text()
    editor = tab.edit_result()
    assert isinstance(editor, RecordEditor)
    editor.set_values({"satisfaction": "95"})
    save(qtbot, editor)
    assert "一票否决" not in tab.result_label.text()


def test_the_rules_button_changes_the_days_rule_the_grid_counts_against(main_window, qtbot):
    from township_desk.services.work_teams import SETTING_MIN_DAYS, rule_setting

    tab = team_tab(main_window)
    qtbot.mouseClick(tab.rules_button, Qt.MouseButton.LeftButton)
    editor = tab.findChild(RecordEditor)
    editor.set_values({"work_teams_min_days_per_month": "10"})
    save(qtbot, editor)
    assert rule_setting(SETTING_MIN_DAYS) == 10
    tab.table.selectRow(0)
    tab.grid.shift(-1)
    assert all(row.required <= 10 for row in tab.grid.rows)


def test_a_team_sent_against_the_match_rule_is_flagged_in_the_list(main_window):
    tab = team_tab(main_window)
    column = [c.key for c in tab.listing.columns].index("problems")
    flags = [tab.model.data(tab.model.index(r, column)) for r in range(tab.model.rowCount())]
    assert any("因村派人" in (flag or "") for flag in flags)
