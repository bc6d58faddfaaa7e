"""Widgets of the 年度考评 tab: criteria and weights, grade rule, bulk score entry, tallies, print options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import assessments, talks
from township_desk.services import democratic_evaluation as evaluation
from township_desk.services.records import ValidationError
from township_desk.ui.edit_guard import EditGuard
from township_desk.ui.entry_grid import EntryGrid
from township_desk.ui.messages import user_message
from township_desk.ui.screen_fit import fit_window
from township_desk.ui.table_model import Index

INVALID = QBrush(QColor("#f8d7da"))
CHANGED = QBrush(QColor("#fff3cd"))
ALL_VILLAGES = "全部村(社区)"


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error_label")
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    label.setWordWrap(True)
    label.hide()
    return label


def _buttons(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


# ---------------------------------------------------------------- criteria, weights and the grade rule


class CriteriaEditor(QWidget):
    """A small table of criteria and weights with their sum (which must be 100%)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("criteria_table")
        self.table.setHorizontalHeaderLabels(["考评项目", "权重(%)"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.itemChanged.connect(lambda _item: self._update_sum())
        self.sum_label = QLabel()
        self.sum_label.setObjectName("sum_label")
        add = QPushButton("添加项目")
        add.clicked.connect(lambda: self.add_row("", ""))
        remove = QPushButton("删除所选项目")
        remove.clicked.connect(self.remove_selected)
        default = QPushButton("恢复默认（德能勤绩廉）")
        default.clicked.connect(self.restore_defaults)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addWidget(default)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.sum_label)

    def add_row(self, name: str, weight: str, criterion_id: str | None = None) -> None:
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(Qt.ItemDataRole.UserRole, criterion_id)
        weight_item = QTableWidgetItem(weight)
        weight_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 0, name_item)
        self.table.setItem(row, 1, weight_item)
        self.table.blockSignals(False)
        self._update_sum()

    def set_rows(self, rows: Sequence[tuple[str | None, str, float]]) -> None:
        self.table.setRowCount(0)
        for criterion_id, name, weight in rows:
            self.add_row(name, f"{weight:g}", criterion_id)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self._update_sum()

    def restore_defaults(self) -> None:
        self.set_rows([(None, name, weight) for name, weight in assessments.DEFAULT_CRITERIA])

    def set_weight(self, row: int, text: str) -> None:
        item = self.table.item(row, 1)
        assert item is not None
        item.setText(text)

    def rows(self) -> list[tuple[str | None, str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0)
            weight = self.table.item(row, 1)
            out.append(
                (
                    name.data(Qt.ItemDataRole.UserRole) if name is not None else None,
                    name.text() if name is not None else "",
                    weight.text() if weight is not None else "",
                )
            )
        return out

    def total(self) -> float | None:
        total = 0.0
        for _id, _name, weight in self.rows():
            text = weight.strip().removesuffix("%")
            if not text:
                continue
            try:
                total += float(text)
            except ValueError:
                return None
        return total

    def _update_sum(self) -> None:
        total = self.total()
        if total is None:
            self.sum_label.setText("权重合计：有无法识别的数字")
            ok = False
        else:
            ok = abs(total - 100) < 0.001
            self.sum_label.setText(f"权重合计：{total:g}%" + ("" if ok else "（应为100%）"))
        self.sum_label.setStyleSheet("" if ok else "color: #b00020; font-weight: bold;")


class GradeRuleEditor(QGroupBox):
    """The grade rule of a year: score bands, or a quota of 优秀 by rank."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("等次评定规则", parent)
        self.kind = QComboBox()
        self.kind.setObjectName("rule_kind")
        for code, label in assessments.RULE_LABELS.items():
            self.kind.addItem(label, code)
        self.excellent = self._spin("excellent_min")
        self.competent = self._spin("competent_min")
        self.basic = self._spin("basic_min")
        self.quota = self._spin("excellent_quota")
        self.quota.setSuffix(" %")
        self.description = QLabel()
        self.description.setObjectName("rule_description")
        self.description.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("规则", self.kind)
        form.addRow("优秀分数线", self.excellent)
        form.addRow("优秀比例（按名次）", self.quota)
        form.addRow("称职分数线", self.competent)
        form.addRow("基本称职分数线", self.basic)
        form.addRow(self.description)
        self.kind.currentIndexChanged.connect(lambda _i: self._changed())
        for spin in (self.excellent, self.competent, self.basic, self.quota):
            spin.valueChanged.connect(lambda _v: self._changed())
        self.set_rule(assessments.GradeRule())

    def _spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(0, 100)
        spin.setDecimals(1)
        spin.setSingleStep(1)
        return spin

    def set_rule(self, rule: assessments.GradeRule) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(rule.kind), 0))
        self.excellent.setValue(rule.excellent_min)
        self.competent.setValue(rule.competent_min)
        self.basic.setValue(rule.basic_min)
        self.quota.setValue(rule.excellent_quota)
        self._changed()

    def rule(self) -> assessments.GradeRule:
        return assessments.GradeRule(
            str(self.kind.currentData()),
            self.excellent.value(),
            self.competent.value(),
            self.basic.value(),
            self.quota.value(),
        )

    def _changed(self) -> None:
        quota = self.kind.currentData() == assessments.RULE_QUOTA
        self.quota.setEnabled(quota)
        self.excellent.setEnabled(not quota)
        self.description.setText(self.rule().describe())


class AssessmentSettingsDialog(QDialog):
    """考评项目与等次规则: a year's criteria and weights, its grade rule and who holds the reminder talks."""

    def __init__(self, assessment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment_id = assessment_id
        assessment = assessments.get_assessment(assessment_id)
        self.setWindowTitle(f"{assessment.year}年度考评项目与等次规则")
        self.setObjectName("AssessmentSettingsDialog")
        self.report: assessments.RecomputeReport | None = None
        self.criteria = CriteriaEditor()
        self.criteria.set_rows([(c.id, c.name, c.weight) for c in assessments.criteria_of(assessment_id)])
        self.rule = GradeRuleEditor()
        self.rule.set_rule(assessments.rule_of(assessment))
        self.secretary = QLineEdit(talks.party_secretary())
        self.secretary.setObjectName("secretary")
        self.secretary.setPlaceholderText("后三名的提醒谈话由其进行，如 张建国")
        note = QLabel(
            "各考评项目按百分制评分，总分 = Σ 得分 × 权重；前三名优先推荐，后三名自动生成待谈话的提醒谈话。"
        )
        note.setWordWrap(True)
        self.error_label = _error_label()
        criteria_box = QGroupBox("考评项目及权重（合计100%）")
        QVBoxLayout(criteria_box).addWidget(self.criteria)
        talk_form = QFormLayout()
        talk_form.addRow("乡镇党委书记（提醒谈话人）", self.secretary)
        columns = QHBoxLayout()
        columns.addWidget(criteria_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.rule)
        right.addLayout(talk_form)
        right.addStretch(1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(note)
        layout.addLayout(columns, 1)
        self.buttons = _buttons(self, self.save)
        layout.addWidget(self.buttons)
        self.resize(820, 420)

    def save(self) -> None:
        try:
            self.report = assessments.save_settings(
                self.assessment_id, self.criteria.rows(), self.rule.rule(), self.secretary.text()
            )
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.error_label.setText(user_message(exc))
            self.error_label.show()
            return
        self.accept()


# ---------------------------------------------------------------- bulk score entry


@dataclass
class _ScoreRow:
    entry_id: str
    name: str
    village: str
    post: str
    values: dict[str, str] = field(default_factory=dict)


class _CandidateGridModel(QAbstractTableModel):
    """Candidates (name, village, post) in rows, then editable columns: the part score entry and
    tally entry share. Subclasses set self.rows, width(), editable_at() and their own data."""

    FIXED = ("姓名", "村(社区)", "职务")
    rows: list[Any]
    changed: set[str]  # entry ids edited since the dialog opened

    def width(self) -> int:
        raise NotImplementedError

    def editable_at(self, column: int) -> bool:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.FIXED) + self.width()

    def row_of(self, name: str) -> int:
        for row, item in enumerate(self.rows):
            if item.name == name:
                return row
        raise KeyError(name)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable_at(index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return self.column_header(section)

    def column_header(self, section: int) -> str | None:
        raise NotImplementedError

    def check(self, index: QModelIndex, text: str) -> str | None:
        """Why `text` cannot go into the cell (Chinese), or None: what a paste from Excel is checked with."""
        return None

    def snapshot(self) -> Any:
        """What the user can change, for the 放弃修改？ question."""
        raise NotImplementedError

    def _row_changed(self, row: int, entry_id: str) -> None:
        self.changed.add(entry_id)
        self.dataChanged.emit(self.index(row, len(self.FIXED)), self.index(row, self.columnCount() - 1))


class ScoreTableModel(_CandidateGridModel):
    """Candidates × criteria; criterion cells are editable text, the total follows as you type."""

    def __init__(
        self, criteria: Sequence[tuple[str, str, float]], rows: Sequence[dict[str, Any]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.criteria = list(criteria)
        self.rows = [
            _ScoreRow(
                r["id"],
                r["name"],
                r["village"],
                r["post"],
                {cid: f"{score:g}" for cid, score in r["scores"].items()},
            )
            for r in rows
        ]
        self.changed: set[str] = set()

    def width(self) -> int:
        return len(self.criteria) + 1  # the criteria and the total

    def editable_at(self, column: int) -> bool:
        return self.criterion_at(column) is not None

    def criterion_at(self, column: int) -> str | None:
        offset = column - len(self.FIXED)
        return self.criteria[offset][0] if 0 <= offset < len(self.criteria) else None

    def column_of(self, criterion_name: str) -> int:
        for offset, (_cid, name, _w) in enumerate(self.criteria):
            if name == criterion_name:
                return len(self.FIXED) + offset
        raise KeyError(criterion_name)

    def check(self, index: QModelIndex, text: str) -> str | None:
        try:
            assessments.parse_score(text, "")
        except ValidationError as exc:
            return exc.message.lstrip("：")
        return None

    def snapshot(self) -> Any:
        return [dict(row.values) for row in self.rows]

    def _valid(self, text: str) -> bool:
        try:
            assessments.parse_score(text, "")
        except ValidationError:
            return False
        return True

    def total(self, row: _ScoreRow) -> float | None:
        parsed: dict[str, float] = {}
        for cid, text in row.values.items():
            try:
                value = assessments.parse_score(text, "")
            except ValidationError:
                return None
            if value is not None:
                parsed[cid] = value
        return assessments.weighted_total(parsed, {cid: w for cid, _n, w in self.criteria})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        criterion = self.criterion_at(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column < len(self.FIXED):
                return (row.name, row.village, row.post)[column]
            if criterion is not None:
                return row.values.get(criterion, "")
            total = self.total(row)
            return "" if total is None else f"{total:.2f}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(self.FIXED):
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.BackgroundRole and criterion is not None:
            if not self._valid(row.values.get(criterion, "")):
                return INVALID
            if row.entry_id in self.changed:
                return CHANGED
        if role == Qt.ItemDataRole.ToolTipRole and criterion is not None:
            if not self._valid(row.values.get(criterion, "")):
                return "得分应为0—100之间的数"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        criterion = self.criterion_at(index.column()) if index.isValid() else None
        if criterion is None or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        text = str(value if value is not None else "").strip()
        if row.values.get(criterion, "") == text:
            return True
        row.values[criterion] = text
        self._row_changed(index.row(), row.entry_id)
        return True

    def column_header(self, section: int) -> str | None:
        if section < len(self.FIXED):
            return self.FIXED[section]
        offset = section - len(self.FIXED)
        if offset < len(self.criteria):
            _cid, name, weight = self.criteria[offset]
            return f"{name}({weight:g}%)"
        return "总分"

    def pending(self) -> dict[str, dict[str, str]]:
        """What the user changed: {entry id: {criterion id: text}}."""
        return {
            row.entry_id: {cid: row.values.get(cid, "") for cid, _n, _w in self.criteria}
            for row in self.rows
            if row.entry_id in self.changed
        }


def _village_filter(villages: Sequence[str], view: QTableView, village_of: Callable[[int], str]) -> QComboBox:
    box = QComboBox()
    box.setObjectName("village_filter")
    box.addItems([ALL_VILLAGES, *villages])

    def apply(text: str) -> None:
        model = view.model()
        for row in range(model.rowCount()):
            view.setRowHidden(row, text != ALL_VILLAGES and village_of(row) != text)

    box.currentTextChanged.connect(apply)
    return box


def _editable_view(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setObjectName("table")
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class _CandidateGridDialog(EditGuard, QDialog):
    """A dialog over one year's candidates in an editable grid: village filter, hint, a bar of controls,
    the error line, Save/Cancel. Save calls write(); an error stays in the dialog, which stays open."""

    def __init__(
        self,
        assessment_id: str,
        title: str,
        name: str,
        model: _CandidateGridModel,
        widths: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.assessment_id = assessment_id
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.model = model
        model.setParent(self)
        self.view = _editable_view(model)
        for column, width in enumerate(widths):
            self.view.setColumnWidth(column, width)
        self.entry = EntryGrid(
            self.view, frozen=1, check=model.check, title="粘贴" + title.split("—")[-1].strip()
        )
        self.village = _village_filter(
            evaluation.candidate_villages(assessment_id), self.view, lambda row: model.rows[row].village
        )
        self.error_label = _error_label()
        self.village.currentTextChanged.connect(lambda _text: self.entry.sync())

    def _lay_out(self, hint_text: str, bar: QHBoxLayout, width: int) -> None:
        hint = QLabel(hint_text)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        self.buttons = _buttons(self, self.save)
        layout.addWidget(self.buttons)
        fit_window(self, width, 640)

    def write(self) -> None:
        raise NotImplementedError

    def edit_state(self) -> Any:
        return self.model.snapshot()

    def save(self) -> None:
        try:
            self.write()
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.error_label.setText(user_message(exc))
            self.error_label.show()
            return
        self.accept()


class ScoreDialog(_CandidateGridDialog):
    """批量录入评分: type every candidate's scores from the paper sheets, village by village."""

    def __init__(self, assessment_id: str, parent: QWidget | None = None) -> None:
        assessment = assessments.get_assessment(assessment_id)
        criteria = [(c.id, c.name, c.weight) for c in assessments.criteria_of(assessment_id)]
        model = ScoreTableModel(criteria, assessments.score_sheet(assessment_id))
        super().__init__(
            assessment_id,
            f"{assessment.year}年度考评 — 录入评分",
            "ScoreDialog",
            model,
            (70, 100, 170),
            parent,
        )
        self.model: ScoreTableModel = model
        self.report: assessments.RecomputeReport | None = None
        bar = QHBoxLayout()
        bar.addWidget(QLabel("村(社区)"))
        bar.addWidget(self.village)
        bar.addStretch(1)
        self._lay_out(
            "各项按百分制（0—100）填写，总分自动计算；留空表示未评分。改过的格子显示为黄色，填错的显示为红色。",
            bar,
            900,
        )

    def write(self) -> None:
        self.report = assessments.save_scores(self.assessment_id, self.model.pending())


# ---------------------------------------------------------------- democratic evaluation


class TallyTableModel(_CandidateGridModel):
    """Candidates × grades: ballots typed in, totals and percentages computed as you go."""

    GRADES = evaluation.GRADES
    TAIL = ("合计", *(f"{g}%" for g in evaluation.GRADES), "称职以上率")

    def __init__(self, rows: Sequence[evaluation.TallyRow], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = [evaluation.TallyRow(r.entry_id, r.name, r.village, r.post, dict(r.counts)) for r in rows]
        self.changed: set[str] = set()

    def width(self) -> int:
        return len(self.GRADES) + len(self.TAIL)

    def editable_at(self, column: int) -> bool:
        return self.grade_at(column) is not None

    def check(self, index: QModelIndex, text: str) -> str | None:
        try:
            evaluation.parse_count(text, "")
        except ValidationError as exc:
            return exc.message.lstrip("：")
        return None

    def snapshot(self) -> Any:
        return [dict(row.counts) for row in self.rows]

    def grade_at(self, column: int) -> str | None:
        offset = column - len(self.FIXED)
        return self.GRADES[offset] if 0 <= offset < len(self.GRADES) else None

    def column_of(self, label: str) -> int:
        headers = [*self.FIXED, *self.GRADES, *self.TAIL]
        return headers.index(label)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        grade = self.grade_at(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column < len(self.FIXED):
                return (row.name, row.village, row.post)[column]
            if grade is not None:
                return row.counts.get(grade, 0)
            tail = column - len(self.FIXED) - len(self.GRADES)
            if tail == 0:
                return row.total
            if tail <= len(self.GRADES):
                return evaluation.format_percent(row.percents[self.GRADES[tail - 1]])
            return evaluation.format_percent(row.good_rate)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(self.FIXED):
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.BackgroundRole and grade is not None and row.entry_id in self.changed:
            return CHANGED
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        grade = self.grade_at(index.column()) if index.isValid() else None
        if grade is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            number = evaluation.parse_count(value, "票数")
        except ValidationError:
            return False
        row = self.rows[index.row()]
        if row.counts.get(grade, 0) == number:
            return True
        row.counts[grade] = number
        self._row_changed(index.row(), row.entry_id)
        return True

    def column_header(self, section: int) -> str | None:
        headers = [*self.FIXED, *(f"{g}(票)" for g in self.GRADES), *self.TAIL]
        return headers[section] if 0 <= section < len(headers) else None

    def pending(self) -> dict[str, dict[str, int]]:
        return {row.entry_id: dict(row.counts) for row in self.rows if row.entry_id in self.changed}


class TallyDialog(_CandidateGridDialog):
    """民主测评: enter the ballots per candidate and grade; see counts and percentages; print sheet and results."""

    print_sheet_requested = Signal()
    print_results_requested = Signal()

    def __init__(self, assessment_id: str, parent: QWidget | None = None) -> None:
        assessment = assessments.get_assessment(assessment_id)
        model = TallyTableModel(evaluation.tallies_of(assessment_id))
        super().__init__(
            assessment_id,
            f"{assessment.year}年度民主测评 — 票数录入与结果",
            "TallyDialog",
            model,
            (70, 100, 160),
            parent,
        )
        self.model: TallyTableModel = model
        self.ballots = QSpinBox()
        self.ballots.setObjectName("ballots")
        self.ballots.setRange(0, evaluation.MAX_COUNT)
        self.ballots.setValue(assessment.ballots)
        self.ballots.setToolTip("回收的有效测评票数；每人各等次票数合计不能超过它（0 表示不检查）")
        sheet = QPushButton("打印空白测评表…")
        sheet.clicked.connect(self.print_sheet_requested.emit)
        results = QPushButton("打印测评结果…")
        results.clicked.connect(self.print_results_requested.emit)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("有效票数"))
        bar.addWidget(self.ballots)
        bar.addWidget(QLabel("村(社区)"))
        bar.addWidget(self.village)
        bar.addStretch(1)
        bar.addWidget(sheet)
        bar.addWidget(results)
        self._lay_out(
            "会后按测评表统计每名干部各等次的票数填入；比例 = 该等次票数 ÷ 该干部得票合计。保存后可打印测评结果。",
            bar,
            1040,
        )

    def edit_state(self) -> Any:
        return (self.model.snapshot(), self.ballots.value())

    def write(self) -> None:
        evaluation.save_tallies(self.assessment_id, self.model.pending(), self.ballots.value())


# ---------------------------------------------------------------- small dialogs


class YearDialog(QDialog):
    """Asks which year to open a new assessment for."""

    def __init__(self, suggested: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度考评")
        self.setObjectName("YearDialog")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(assessments.EARLIEST_YEAR, 2100)
        self.year.setValue(suggested)
        self.year.setSuffix(" 年度")
        note = QLabel(
            "考评项目、权重和等次规则沿用上一年度（没有则用默认：德20% 能15% 勤15% 绩30% 廉20%），"
            "全部在任干部列为考评对象。"
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("年度", self.year)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("建立")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(420, 160)


class SheetOptionsDialog(QDialog):
    """Which village and how many copies of the blank democratic-evaluation sheet."""

    def __init__(self, villages: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印民主测评表")
        self.setObjectName("SheetOptionsDialog")
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.village.addItems([ALL_VILLAGES, *villages])
        self.copies = QSpinBox()
        self.copies.setObjectName("copies")
        self.copies.setRange(1, evaluation.MAX_COPIES)
        self.copies.setValue(30)
        self.copies.setSuffix(" 份")
        self.copies.setToolTip("每位参会人员一份")
        form = QFormLayout()
        form.addRow("村(社区)", self.village)
        form.addRow("份数（参会人数）", self.copies)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("打印…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_village(self) -> str | None:
        text = self.village.currentText()
        return None if text == ALL_VILLAGES else text
