"""The 导师帮带 tab: mentor–mentee pairs, coverage of new cadres, exchanges and growth plans."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from township_desk.models.mentoring import MentorExchange, Mentorship
from township_desk.services import mentoring
from township_desk.services.listing import ListState
from township_desk.services.mentoring import importing as pair_import
from township_desk.ui import file_dialogs, messages
from township_desk.ui.mentoring_widgets import CoveragePanel, ExchangePanel, PlanPanel
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import Importer, RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf
from township_desk.ui.workers import run_task


def _copy_state(state: ListState) -> ListState:
    """A snapshot of what the list shows, for work that runs in the background."""
    return dataclasses.replace(state, filters=dict(state.filters))


class MentoringTab(RecordTab):
    blank_forms = ("mentoring_roster", "growth_plan")
    title = "导师帮带"
    record_noun = "结对"
    search_hint = "输入导师或帮带对象的姓名、拼音首字母，或导师单位查找"
    form = mentoring.PAIR_FORM
    model_class = Mentorship
    importer = Importer(
        plan=pair_import.plan_pair_import,
        apply=pair_import.apply_pair_import,
        columns=(
            ("帮带对象", lambda r: r.mentee),
            ("导师", lambda r: r.mentor),
            ("导师类别", lambda r: r.values["mentor_kind"]),
            ("结对时间", lambda r: r.values["started_on"]),
            ("说明", lambda r: "" if r.mentor_id else "新增导师"),
        ),
        subject="mentoring-pairs",
        fields=pair_import.COLUMNS,
    )

    def __init__(self, window: Any) -> None:
        super().__init__(window, mentoring.MentorshipListing())
        self.add_button.setText("新增结对")
        self.coverage = CoveragePanel()
        self.coverage.pair_requested.connect(self.pair_cadre)
        self.coverage.show_stale_requested.connect(self.show_stale)
        self.exchanges = ExchangePanel()
        self.exchanges.add_requested.connect(self.add_exchange)
        self.exchanges.edit_requested.connect(self.edit_exchange)
        self.exchanges.delete_requested.connect(self.delete_exchange)
        self.exchanges.export_requested.connect(self.export_exchanges)
        self.plan = PlanPanel()
        self.plan.edit_requested.connect(self.edit_plan)
        self.plan.print_requested.connect(lambda: self.print_growth_plan())

        self.splitter = self.master_detail(
            below=[self.exchanges, self.plan],
            below_stretch=(3, 2),
            right=self.coverage,
            name="mentoring_splitter",
            stretch=(4, 1),
            sizes=(1000, 330),
        )
        self.follow_selection(self._selection_changed)

    # ---- loading
    def reload(self) -> None:
        super().reload()
        self.coverage.refresh()
        self._selection_changed()

    def count_unit(self) -> str:
        return "对"

    def summary(self) -> str:
        return mentoring.mentoring_summary()

    def _selection_changed(self) -> None:
        pair_id = self.selected_id()
        self.exchanges.show_pair(pair_id)
        self.plan.show_pair(pair_id)

    def after_change(self) -> None:
        selected = self.selected_id()
        super().after_change()
        if selected:
            self.select_id(selected)

    # ---- pairing
    def pair_cadre(self, person_id: str) -> RecordEditor:
        """结对 for an unpaired new cadre: the pair form with the mentee and a suggested mentor filled in."""
        editor = self.open_editor(None, mentoring.pair_initial(person_id))
        self._run_editor(editor)
        return editor

    def show_stale(self) -> None:
        box = self.filter_boxes["flag"]
        box.setCurrentIndex(box.findText(mentoring.STALE_FLAG))

    # ---- exchanges
    def _exchange_editor(self, exchange_id: str | None) -> RecordEditor | None:
        pair_id = self.selected_id()
        if pair_id is None:
            return None
        editor = RecordEditor(mentoring.exchange_form(pair_id), exchange_id, self)

        def saved() -> None:
            self.after_change()
            if editor.saved_id:
                self.exchanges.table.selectRow(self.exchanges.model.row_of(editor.saved_id) or 0)

        editor.accepted.connect(saved)
        editor.open()
        return editor

    def add_exchange(self) -> RecordEditor | None:
        return self._exchange_editor(None)

    def edit_exchange(self, exchange_id: str) -> RecordEditor | None:
        return self._exchange_editor(exchange_id)

    def delete_exchange(self, exchange_id: str) -> None:
        self.move_to_bin(
            MentorExchange, exchange_id, title="删除交流记录", question="把交流记录“{what}”移到回收站？"
        )

    def export_exchanges(self, path: Path | None = None) -> None:
        path = path or file_dialogs.ask_save(
            self, "导出交流记录", "导师帮带交流记录.xlsx", "Excel 文件 (*.xlsx)"
        )
        if path is None:
            return
        run_task(
            self,
            "正在导出…",
            lambda progress: mentoring.export_exchanges(path, progress),
            on_done=lambda count: messages.export_done(
                self, "导出交流记录", path, f"已导出 {count} 条交流记录。"
            ),
            on_error=lambda exc: messages.show_error(self, "导出交流记录", exc),
        )

    # ---- growth plan
    def edit_plan(self) -> RecordEditor | None:
        pair_id = self.selected_id()
        if pair_id is None:
            return None
        editor = RecordEditor(mentoring.PLAN_FORM, pair_id, self)
        editor.accepted.connect(self.after_change)
        editor.open()
        return editor

    # ---- export and paper
    def export_rows(self, path: Path, progress: Any) -> int:
        return mentoring.export_mentorships(path, progress, _copy_state(self.model.state))

    def print_roster(self, path: Path | None = None) -> None:
        state = _copy_state(self.model.state)
        name = "导师帮带花名册.pdf"
        print_to_pdf(
            self,
            "打印导师帮带花名册",
            name,
            lambda out, progress: mentoring.print_mentoring_roster(out, progress, state),
            path,
        )

    def print_growth_plan(self, path: Path | None = None) -> None:
        pair_id = self.selected_id()
        if pair_id is None:
            messages.show_error(self, "打印成长计划", "请先在列表中选择一个结对。")
            return
        record = mentoring.plan_record(pair_id)
        print_to_pdf(
            self,
            "打印成长计划",
            f"{record['mentee']}成长计划.pdf",
            lambda out, _progress: mentoring.print_growth_plan(out, pair_id),
            path,
        )

    def print_all_growth_plans(self, path: Path | None = None) -> None:
        state = _copy_state(self.model.state)
        ids = [str(row["id"]) for row in self.listing.iter_rows(state)]
        if not ids:
            messages.show_error(self, "打印成长计划", "当前列表中没有结对。")
            return
        print_to_pdf(
            self,
            "打印成长计划",
            "成长计划（全部）.pdf",
            lambda out, progress: mentoring.print_growth_plans(out, ids, progress),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("导师帮带花名册（当前列表）…", self.print_roster, "Ctrl+P"),
            TabAction("成长计划（选中的结对）…", self.print_growth_plan),
            TabAction("成长计划（当前列表，每人一页）…", self.print_all_growth_plans),
        ]


TAB_CLASS = MentoringTab
