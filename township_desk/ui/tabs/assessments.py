"""The 年度考评 tab: a year's candidates ranked, scores, criteria and weights, democratic evaluation, paper."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from township_desk.models.assessments import AssessmentEntry
from township_desk.services import assessments, clock
from township_desk.services import democratic_evaluation as evaluation
from township_desk.services.records import FormSpec, Section
from township_desk.ui import messages
from township_desk.ui.assessment_widgets import (
    AssessmentSettingsDialog,
    ScoreDialog,
    SheetOptionsDialog,
    TallyDialog,
    YearDialog,
)
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf

# RecordTab shows 新增/编辑 only when a tab has a form; the real form depends on the year (open_editor).
_PLACEHOLDER_FORM = FormSpec("考评对象", (Section("", ()),), load=lambda _id: {}, save=lambda _id, _v: "")


class AssessmentsTab(RecordTab):
    blank_forms = ("assessment_sheet",)
    title = "年度考评"
    record_noun = "考评对象"
    search_hint = "输入姓名、拼音首字母或村(社区)查找"
    form = _PLACEHOLDER_FORM
    model_class = AssessmentEntry

    def __init__(self, window: Any) -> None:
        listing = assessments.AssessmentListing()
        super().__init__(window, listing)
        self.listing_ = listing
        self.add_button.setText("添加考评对象")
        self.edit_button.setText("评分/编辑")
        self.year_box = QComboBox()
        self.year_box.setObjectName("year_box")
        self.year_box.setMinimumContentsLength(8)
        self.year_box.currentIndexChanged.connect(lambda _i: self._year_changed())
        self.new_year_button = QPushButton("新建年度考评…")
        self.new_year_button.clicked.connect(lambda: self.new_year())
        self.sync_button = QPushButton("补充在任干部")
        self.sync_button.setToolTip("把还不在本年度名单中的在任干部加为考评对象")
        self.sync_button.clicked.connect(self.add_serving_cadres)
        self.settings_button = QPushButton("考评项目与权重…")
        self.settings_button.clicked.connect(lambda: self.edit_settings())
        self.scores_button = QPushButton("批量录入评分…")
        self.scores_button.clicked.connect(lambda: self.enter_scores())
        self.tally_button = QPushButton("民主测评…")
        self.tally_button.clicked.connect(lambda: self.enter_tallies())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_box)
        bar.addWidget(self.new_year_button)
        bar.addWidget(self.sync_button)
        bar.addStretch(1)
        for button in (self.settings_button, self.scores_button, self.tally_button):
            bar.addWidget(button)
        self.info_label = QLabel()
        self.info_label.setObjectName("info_label")
        self.info_label.setWordWrap(True)
        self.add_above(bar, self.info_label, before_bar=True)

    # ---- the chosen year
    def assessment_id(self) -> str | None:
        value = self.year_box.currentData()
        return str(value) if value else None

    def current_year(self) -> int | None:
        text = self.year_box.currentText().removesuffix("年度")
        return int(text) if text.isdigit() else None

    def select_year(self, year: int) -> None:
        index = self.year_box.findText(f"{year}年度")
        if index >= 0:
            self.year_box.setCurrentIndex(index)

    def _fill_years(self) -> None:
        current = self.year_box.currentText()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in assessments.years():
            assessment = assessments.assessment_of_year(year)
            if assessment is not None:
                self.year_box.addItem(f"{year}年度", assessment.id)
        index = self.year_box.findText(current)
        self.year_box.setCurrentIndex(index if index >= 0 else (0 if self.year_box.count() else -1))
        self.year_box.blockSignals(False)

    def _year_changed(self) -> None:
        self.reload(fill_years=False)

    def reload(self, fill_years: bool = True) -> None:
        if fill_years:
            self._fill_years()
        assessment_id = self.assessment_id()
        if assessment_id is not None:
            assessments.refresh_standings(assessment_id)  # after any write (e.g. undoing a deletion)
        self.listing_.set_assessment(assessment_id)
        super().reload()
        for index, column in enumerate(self.listing.columns):
            self.table.setColumnWidth(index, column.width)
        has_year = assessment_id is not None
        for button in (
            self.sync_button,
            self.settings_button,
            self.scores_button,
            self.tally_button,
            self.add_button,
            self.edit_button,
            self.delete_button,
        ):
            button.setEnabled(has_year)
        if has_year:
            assert assessment_id is not None
            self.info_label.setText(assessments.summary(assessment_id).text())
        else:
            self.info_label.setText("还没有年度考评。点“新建年度考评…”开始：全部在任干部将列为考评对象。")

    def summary(self) -> str:
        assessment_id = self.assessment_id()
        if assessment_id is None:
            return ""
        s = assessments.summary(assessment_id)
        return f"{s.year}年度考评 已评分 {s.scored}/{s.candidates} 人"

    # The columns change with the year's criteria: no remembered header layout.
    def save_layout(self, settings: QSettings) -> None:
        pass

    def restore_layout(self, settings: QSettings) -> None:
        pass

    # ---- records
    def open_editor(self, record_id: str | None, initial: dict[str, Any] | None = None) -> RecordEditor:
        assessment_id = self.assessment_id()
        assert assessment_id is not None
        return RecordEditor(assessments.entry_form(assessment_id), record_id, self, initial)

    def add_record(self) -> None:
        if self.assessment_id() is not None:
            self._run_editor(self.open_editor(None))

    def edit_selected(self) -> None:
        record_id = self.selected_id()
        if record_id and self.assessment_id() is not None:
            self._run_editor(self.open_editor(record_id))

    def delete_selected(self) -> None:
        record_id = self.selected_id()
        if not record_id:
            return
        question = (
            "把“{what}”从本年度考评名单中移到回收站？其得分和测评票数一并移除，排名重新计算。\n"
            "可以用 编辑 ▸ 撤销删除（Ctrl+Z）恢复。"
        )
        self.move_to_bin(
            AssessmentEntry,
            record_id,
            title="删除考评对象",
            question=question,
            remove=assessments.remove_candidate,
        )

    def export_rows(self, path: Path, progress: Any) -> int:
        return assessments.export_assessments(path, progress, self.current_year())

    # ---- the year's work
    def new_year(self, year: int | None = None) -> YearDialog | None:
        """Open a new year's assessment; without a year, ask for it in a dialog (returned)."""
        if year is not None:
            self._create_year(year)
            return None
        latest = assessments.years()
        dialog = YearDialog(latest[0] + 1 if latest else clock.today().year, self)
        dialog.accepted.connect(lambda: self._create_year(dialog.year.value()))
        dialog.open()
        return dialog

    def _create_year(self, year: int) -> None:
        try:
            assessments.create_assessment(year)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "新建年度考评", exc)
            return
        self._fill_years()
        self.select_year(year)
        self.after_change()
        self.window_.show_status(f"已建立{year}年度考评。")

    def add_serving_cadres(self) -> None:
        assessment_id = self.assessment_id()
        if assessment_id is None:
            return
        try:
            added = assessments.add_serving_cadres(assessment_id)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "补充在任干部", exc)
            return
        self.after_change()
        self.window_.show_status(f"已补充 {added} 名在任干部。" if added else "在任干部都已在名单中。")

    def _after_dialog(self, dialog: Any) -> None:
        def done() -> None:
            self.after_change()
            report = getattr(dialog, "report", None)
            if report is not None and report.talks_created:
                self.window_.show_status(
                    f"后三名已生成 {report.talks_created} 次待谈话的提醒谈话，见“谈话”页。"
                )

        dialog.accepted.connect(done)
        dialog.open()

    def edit_settings(self) -> AssessmentSettingsDialog | None:
        assessment_id = self.assessment_id()
        if assessment_id is None:
            return None
        dialog = AssessmentSettingsDialog(assessment_id, self)
        self._after_dialog(dialog)
        return dialog

    def enter_scores(self) -> ScoreDialog | None:
        assessment_id = self.assessment_id()
        if assessment_id is None:
            return None
        dialog = ScoreDialog(assessment_id, self)
        self._after_dialog(dialog)
        return dialog

    def enter_tallies(self) -> TallyDialog | None:
        assessment_id = self.assessment_id()
        if assessment_id is None:
            return None
        dialog = TallyDialog(assessment_id, self)
        dialog.print_sheet_requested.connect(lambda: self.print_sheet())
        dialog.print_results_requested.connect(lambda: self.print_results())
        self._after_dialog(dialog)
        return dialog

    # ---- paper
    def print_sheet(self, path: Path | None = None) -> SheetOptionsDialog | None:
        """Ask for village and copies, then print the blank 民主测评表 (returns the options dialog)."""
        assessment_id, year = self.assessment_id(), self.current_year()
        if assessment_id is None or year is None:
            return None
        dialog = SheetOptionsDialog(evaluation.candidate_villages(assessment_id), self)

        def chosen() -> None:
            village, copies = dialog.chosen_village(), dialog.copies.value()
            name = f"{year}年度民主测评表{'-' + village if village else ''}（{copies}份）.pdf"
            print_to_pdf(
                self,
                "打印民主测评表",
                name,
                lambda out, progress: evaluation.print_assessment_sheet(out, year, village, copies, progress),
                path,
            )

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def _ask_and_print_sheet(self) -> None:
        self.print_sheet()

    def print_results(self, path: Path | None = None) -> None:
        year = self.current_year()
        if year is None:
            return
        print_to_pdf(
            self,
            "打印考评结果",
            f"{year}年度综合考评结果汇总表.pdf",
            lambda out, progress: assessments.print_assessment_results(out, year, progress),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("民主测评表（空白，多份）…", self._ask_and_print_sheet),
            TabAction("综合考评结果汇总表…", lambda: self.print_results()),
        ]


TAB_CLASS = AssessmentsTab
