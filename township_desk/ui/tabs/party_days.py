"""The 主题党日 tab: every branch's monthly theme Party day, the year matrix, and the branches that missed a month."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton, QTabWidget

from township_desk.models.party_days import PartyDay
from township_desk.services import clock, party_day_matrix, party_days
from township_desk.services.party_day_calendar import last_friday
from township_desk.services.records import Values
from township_desk.ui.party_branch_dialogs import BranchesDialog, FixedItemsDialog
from township_desk.ui.party_day_widgets import MissedPanel, PartyDayEditor, YearMatrixPanel
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf


class PartyDaysTab(RecordTab):
    title = "主题党日"
    record_noun = "主题党日"
    search_hint = "输入支部、主题、地点或主持人查找"
    form = party_days.PARTY_DAY_FORM
    model_class = PartyDay

    def __init__(self, window: Any) -> None:
        super().__init__(window, party_days.PartyDayListing())
        self.branches_button = QPushButton("党支部和党员…")
        self.branches_button.setObjectName("branches_button")
        self.branches_button.clicked.connect(self.open_branches)
        self.items_button = QPushButton("固定动作…")
        self.items_button.setObjectName("items_button")
        self.items_button.setToolTip(
            "设置各年度“4+X”的固定动作（默认集中学习、过组织生活、民主议事、志愿服务）"
        )
        self.items_button.clicked.connect(self.open_fixed_items)
        self.add_to_bar(self.branches_button)
        self.add_to_bar(self.items_button)

        self.matrix = YearMatrixPanel()
        self.matrix.cell_clicked.connect(self.open_month)
        self.missed = MissedPanel()
        self.missed.record_requested.connect(
            lambda branch, year, month: self.open_month(branch, year, month, "")
        )
        self.views = QTabWidget()
        self.views.setObjectName("views")
        self.master_detail(
            master=self.views, right=self.missed, count_with_table=False, stretch=(4, 1), sizes=(1000, 260)
        )
        self.views.addTab(self.table, "活动记录")
        self.views.addTab(self.matrix, "年度台账")

    # ---- loading
    def reload(self) -> None:
        super().reload()
        self.matrix.reload()
        self.missed.reload()

    def count_unit(self) -> str:
        return "条"

    def summary(self) -> str:
        counts = party_days.party_day_counts()
        return f"党支部 {counts['branches']} 个 · 本月已开展主题党日 {counts['held_this_month']} 个"

    # ---- records
    def open_editor(self, record_id: str | None, initial: dict[str, Any] | None = None) -> RecordEditor:
        assert self.form is not None
        return PartyDayEditor(self.form, record_id, self, initial)

    def open_month(self, branch_id: str, year: int, month: int, day_id: str) -> None:
        """A matrix cell or a missed branch: open that month's record, or start one on its last Friday."""
        day_id = day_id or party_days.day_for(branch_id, year, month) or ""
        if day_id:
            self._run_editor(self.open_editor(day_id))
            return
        if (year, month) > (clock.today().year, clock.today().month):
            self.window_.show_status(f"{year}年{month}月还没到，不能登记。")
            return
        initial: Values = {"branch": branch_id, "held_on": last_friday(year, month).isoformat()}
        self._run_editor(self.open_editor(None, initial))

    def current_editor(self) -> PartyDayEditor | None:
        editors = [e for e in self.findChildren(PartyDayEditor) if e.isVisible()]
        return editors[-1] if editors else None

    # ---- dialogs
    def open_branches(self) -> BranchesDialog:
        dialog = BranchesDialog(self)
        dialog.changed.connect(self.after_change)
        dialog.open()
        return dialog

    def open_fixed_items(self) -> FixedItemsDialog:
        dialog = FixedItemsDialog(self.matrix.year_box.value(), self)
        dialog.accepted.connect(lambda: self.window_.show_status("已保存固定动作设置。"))
        dialog.open()
        return dialog

    # ---- export and paper
    def export_rows(self, path: Path, progress: Any) -> int:
        return party_days.export_party_days(path, progress, self.model.state)

    def print_selected(self, path: Path | None = None) -> None:
        day_id = self.selected_id()
        if not day_id:
            from township_desk.ui import messages

            messages.show_error(self, "打印活动记录", "请先在“活动记录”中选中一条主题党日记录。")
            return
        values = party_days.record_values(day_id)
        name = f"{values['branch']}{values['held_on'].isoformat()}主题党日活动记录.pdf"
        print_to_pdf(
            self,
            "打印主题党日活动记录",
            name,
            lambda out, progress: party_days.print_day_records(out, [day_id], progress),
            path,
        )

    def print_blank(self, path: Path | None = None) -> None:
        print_to_pdf(
            self,
            "打印空白活动记录",
            "主题党日活动记录（空白）.pdf",
            lambda out, _progress: party_days.print_blank_record(out),
            path,
        )

    def print_ledger(self, path: Path | None = None) -> None:
        year = self.matrix.year_box.value()
        print_to_pdf(
            self,
            "打印年度台账",
            f"{year}年度主题党日开展情况台账.pdf",
            lambda out, progress: party_day_matrix.print_ledger(out, year, progress),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("活动记录（选中的记录）…", self.print_selected, "Ctrl+P"),
            TabAction("空白活动记录…", self.print_blank),
            TabAction("年度开展情况台账（年度台账所选年度）…", self.print_ledger),
        ]


TAB_CLASS = PartyDaysTab
