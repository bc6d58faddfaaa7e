"""The 组织生活 tab: meetings of every kind (filters by kind, branch and year), the 三会一课 ledger, Party groups
with grids and posts, and 民主评议党员."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QTabWidget, QWidget

from township_desk.models.meetings import Meeting
from township_desk.services import clock
from township_desk.services.meetings import ledger, output, records
from township_desk.ui import messages
from township_desk.ui.meeting_group_dialogs import GridDialog, GroupDialog, PostDialog
from township_desk.ui.meeting_widgets import AppraisalPanel, GroupsPanel, LedgerPanel, MeetingEditor
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf

VIEWS = ("会议记录", "三会一课台账", "党小组和网格", "民主评议党员")


class MeetingsTab(RecordTab):
    blank_forms = ("meeting_record", "member_appraisal_sheet", "post_roster")
    title = "组织生活"
    record_noun = "会议记录"
    search_hint = "输入支部、主题、地点、主持人或记录内容查找"
    form = records.MEETING_FORM
    model_class = Meeting

    def __init__(self, window: Any) -> None:
        super().__init__(window, records.MeetingListing())
        self.ledger = LedgerPanel()
        self.groups = GroupsPanel()
        for label, name, slot in (
            ("新增党小组…", "add_group", lambda: self.open_group(None)),
            ("编辑党小组…", "edit_group", lambda: self.edit_chosen("groups", self.open_group)),
            ("新增网格…", "add_grid", lambda: self.open_grid(None)),
            ("编辑网格…", "edit_grid", lambda: self.edit_chosen("grids", self.open_grid)),
            ("设岗定责…", "assign_post", self.open_post),
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.groups.bar.addWidget(button)
        self.groups.bar.addStretch(1)
        self.appraisals = AppraisalPanel()
        self.appraisals.saved.connect(self.changed.emit)
        self.views = QTabWidget()
        self.views.setObjectName("views")
        self.body.removeWidget(self.table)
        for widget, title in zip((self.table, self.ledger, self.groups, self.appraisals), VIEWS, strict=True):
            self.views.addTab(widget, title)
        self.body.insertWidget(1, self.views, 1)
        # The ledger, groups and appraisals are read when their view is shown, not with the list: together
        # they take over a second on a county file, and the tab opens on 会议记录.
        self.stale_views: set[QWidget] = set()
        self.views.currentChanged.connect(lambda _index: self.read_view(self.views.currentWidget()))

    def reload(self) -> None:
        super().reload()
        self.stale_views = {self.ledger, self.groups, self.appraisals}
        self.read_view(self.views.currentWidget())

    def read_view(self, view: QWidget) -> None:
        """Read a view (ledger, groups, appraisals) if something changed since it was last read."""
        if view in self.stale_views:
            self.stale_views.discard(view)
            view.reload()  # type: ignore[attr-defined]

    def count_unit(self) -> str:
        return "次"

    def summary(self) -> str:
        found = ledger.missing_meetings()
        return f"会议记录 {self.model.total} 次 · 逾期未开 {found.count} 个"

    def show_overdue_ledger(self) -> None:
        """The 三会一课 ledger of the year whose overdue meetings the 首页 counts."""
        from township_desk.services.meetings.ledger import missing_meetings

        self.show_view("三会一课台账", int(missing_meetings().filters.get("year") or 0) or None)

    def show_view(self, name: str, year: int | None = None) -> None:
        """Open one of the views (the home page's line opens the ledger of its year)."""
        if year is not None and name == "三会一课台账" and year != self.ledger.year_box.value():
            self.ledger.year_box.blockSignals(True)  # read once, when shown, for that year
            self.ledger.year_box.setValue(year)
            self.ledger.year_box.blockSignals(False)
            self.stale_views.add(self.ledger)
        self.views.setCurrentIndex(VIEWS.index(name))
        self.read_view(self.views.currentWidget())  # (already the current view: no currentChanged)

    # ---- groups, grids, posts
    def _open(self, dialog: QDialog) -> QDialog:
        dialog.accepted.connect(self.after_change)
        dialog.open()
        return dialog

    def edit_chosen(self, key: str, opener: Any) -> None:
        chosen = self.groups.selected_id(key)
        if chosen is None:
            self.window_.show_status("请先在列表中选中要编辑的一行。")
            return
        opener(chosen)

    def open_group(self, group_id: str | None) -> QDialog:
        return self._open(GroupDialog(group_id, self))

    def open_grid(self, grid_id: str | None) -> QDialog:
        return self._open(GridDialog(grid_id, self))

    def open_post(self) -> QDialog:
        return self._open(PostDialog(self))

    def open_editor(self, record_id: str | None, initial: dict[str, Any] | None = None) -> RecordEditor:
        assert self.form is not None
        return MeetingEditor(self.form, record_id, self, initial)

    def export_rows(self, path: Path, progress: Any) -> int:
        return output.export_meetings(path, progress, self.model.state)

    # ---- paper
    def print_selected(self, path: Path | None = None) -> None:
        meeting_id = self.selected_id()
        if not meeting_id:
            messages.show_error(self, "打印会议记录", "请先在“会议记录”中选中一次会议。")
            return
        values = output.record_values(meeting_id)
        name = f"{values['branch']}{values['held_on'].isoformat()}{values['kind']}会议记录.pdf"
        print_to_pdf(
            self, "打印会议记录", name, lambda out, _p: output.print_meeting_record(out, meeting_id), path
        )

    def print_ledger(self, path: Path | None = None) -> None:
        year = self.ledger.year_box.value()
        print_to_pdf(
            self,
            "打印三会一课台账",
            f"{year}年度三会一课台账.pdf",
            lambda out, progress: output.print_ledger(out, year, progress),
            path,
        )

    def print_appraisal_sheet(self, path: Path | None = None) -> None:
        self.read_view(self.appraisals)  # its branch box is filled when read
        branch, year = self.appraisals.branch_box.currentText(), self.appraisals.year_box.value()
        print_to_pdf(
            self,
            "打印民主评议党员测评表",
            f"{branch}{year}年度民主评议党员测评表.pdf",
            lambda out, _p: output.print_appraisal_sheet(out, branch, year),
            path,
        )

    def print_appraisal_results(self, path: Path | None = None) -> None:
        year = self.appraisals.year_box.value()
        print_to_pdf(
            self,
            "打印民主评议党员结果",
            f"{year}年度民主评议党员结果.pdf",
            lambda out, _p: output.print_appraisal_results(out, year),
            path,
        )

    def print_post_roster(self, path: Path | None = None) -> None:
        print_to_pdf(
            self,
            "打印设岗定责公示表",
            f"设岗定责公示表{clock.today().isoformat()}.pdf",
            lambda out, _p: output.print_post_roster(out),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("会议记录（选中的会议）…", self.print_selected, "Ctrl+P"),
            TabAction("三会一课台账（台账所选年度）…", self.print_ledger),
            TabAction("民主评议党员测评表（所选支部和年度）…", self.print_appraisal_sheet),
            TabAction("民主评议党员结果（所选年度）…", self.print_appraisal_results),
            TabAction("设岗定责公示表…", self.print_post_roster),
        ]


TAB_CLASS = MeetingsTab
