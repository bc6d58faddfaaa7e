"""The 后备干部 tab: the reserve pool by programme and status, appointing a reserve, the reserve share."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton

from township_desk.models.cadres import ReserveCadre
from township_desk.services import reserves
from township_desk.services.listing import ListState
from township_desk.services.reserves import importing as reserve_import
from township_desk.ui import messages
from township_desk.ui.mentoring_widgets import AppointDialog, HistoryPanel
from township_desk.ui.record_tab import Importer, RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf


def _copy_state(state: ListState) -> ListState:
    return dataclasses.replace(state, filters=dict(state.filters))


class ReservesTab(RecordTab):
    blank_forms = ("reserve_roster",)
    title = "后备干部"
    record_noun = "后备干部"
    form = reserves.RESERVE_FORM
    model_class = ReserveCadre
    batch_keys = ("village", "programme", "status", "nomination", "education", "political")
    importer = Importer(
        plan=reserve_import.plan_reserve_import,
        apply=reserve_import.apply_reserve_import,
        columns=(
            ("姓名", lambda r: r.name),
            ("身份证号", lambda r: r.id_number),
            ("村(社区)", lambda r: r.values["village"]),
            ("培养工程", lambda r: r.values["programme"]),
            ("入库时间", lambda r: r.values["registered_on"]),
        ),
        subject="reserves",
        fields=reserve_import.COLUMNS,
    )

    def __init__(self, window: Any) -> None:
        super().__init__(window, reserves.ReserveListing())
        self.add_button.setText("登记后备干部")
        self.appoint_button = QPushButton("任用…")
        self.appoint_button.setObjectName("appoint_button")
        self.appoint_button.setToolTip("把选中的后备干部任用到村(社区)“两委”职务，记录任用时间和职务")
        self.appoint_button.clicked.connect(lambda: self.appoint_selected())
        self.add_to_bar(self.appoint_button, after=self.edit_button)

        self.share_label = QLabel()
        self.share_label.setObjectName("share_label")
        self.share_label.setStyleSheet("font-weight: bold;")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("reserve_counts")
        self.history = HistoryPanel()
        self.add_above(self.share_label, self.counts_label)
        self.splitter = self.master_detail(
            below=[self.history], name="reserves_splitter", stretch=(4, 1), sizes=(560, 170)
        )
        self.follow_selection(self._selection_changed)

    def reload(self) -> None:
        super().reload()
        share = reserves.reserve_share()
        self.share_label.setText(share.text())
        self.counts_label.setText(reserves.reserves_summary())
        self._selection_changed()

    def count_unit(self) -> str:
        return "人"

    def summary(self) -> str:
        # the same number as this tab's total, the 干部 tab's summary and its 类别 后备干部 filter
        counts = reserves.status_counts()
        return f"后备干部 {sum(counts.values())} 人（培养中 {counts.get(reserves.TRAINING, 0)} 人）"

    def _selection_changed(self) -> None:
        reserve_id = self.selected_id()
        self.history.show_reserve(reserve_id)
        self.appoint_button.setEnabled(reserve_id is not None)

    # ---- appointing
    def appoint_selected(self) -> AppointDialog | None:
        reserve_id = self.selected_id()
        if reserve_id is None:
            messages.show_error(self, "任用", "请先在列表中选择一名后备干部。")
            return None
        reserve = ReserveCadre.get_by_id(reserve_id)
        if reserve.status == reserves.LEFT:
            messages.show_error(self, "任用", f"“{reserve.person.name}”已退出后备干部库，不能任用。")
            return None
        village = reserve.village.name if reserve.village_id else ""
        dialog = AppointDialog(reserve_id, reserve.person.name, village, self)

        def appointed() -> None:
            self.window_.reload_all()  # the 干部 and 导师帮带 tabs see the new post
            self.changed.emit()
            self.select_id(reserve_id)
            self.window_.show_status(f"已任用“{reserve.person.name}”为{dialog.post.currentText()}。")

        dialog.accepted.connect(appointed)
        dialog.open()
        return dialog

    # ---- export and paper
    def export_rows(self, path: Path, progress: Any) -> int:
        return reserves.export_reserves(path, progress, _copy_state(self.model.state))

    def print_roster(self, path: Path | None = None) -> None:
        state = _copy_state(self.model.state)
        print_to_pdf(
            self,
            "打印后备干部花名册",
            "后备干部花名册.pdf",
            lambda out, progress: reserves.print_reserve_roster(out, progress, state),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [TabAction("后备干部花名册（当前列表）…", self.print_roster, "Ctrl+P")]


TAB_CLASS = ReservesTab
