"""Panels of the 导师帮带 and 后备干部 tabs: coverage, exchanges, growth plan, appointing a reserve."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import clock, mentoring, reserves, vocab
from township_desk.services.people import village_names
from township_desk.services.records import ValidationError
from township_desk.ui.messages import user_message
from township_desk.ui.table_model import RecordTableModel

NO_PAIR = "-"  # a filter value that matches no pair, so the exchange list is empty without a selection
WARNING_STYLE = "color: #b00020;"


def _small_button(text: str, slot: Callable[[], None], name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


class CoveragePanel(QGroupBox):
    """已结对 N/M of new cadres, the unpaired ones with a 结对 button, and the mentors gone quiet."""

    pair_requested = Signal(str)  # person id of the new cadre to pair
    show_stale_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("全覆盖情况", parent)
        self.setObjectName("coverage_panel")
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("coverage_label")
        self.coverage_label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.coverage_label.setWordWrap(True)
        self.unpaired_list = QListWidget()
        self.unpaired_list.setObjectName("unpaired_list")
        self.unpaired_list.itemDoubleClicked.connect(lambda _item: self._pair())
        self.unpaired_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.pair_button = _small_button("为选中干部结对…", self._pair, "pair_button")
        self.pair_button.setToolTip("打开结对表，已按本村党组织书记或帮带人数最少的导师预填，核对后保存")
        self.stale_label = QLabel()
        self.stale_label.setObjectName("stale_label")
        self.stale_label.setWordWrap(True)
        self.stale_list = QListWidget()
        self.stale_list.setObjectName("stale_list")
        self.stale_list.setWordWrap(True)
        self.stale_button = _small_button(
            f"只看{mentoring.STALE_FLAG}的结对", self.show_stale_requested.emit, "stale_button"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.coverage_label)
        layout.addWidget(QLabel("尚未结对的新任干部："))
        layout.addWidget(self.unpaired_list, 2)
        layout.addWidget(self.pair_button)
        layout.addSpacing(6)
        layout.addWidget(self.stale_label)
        layout.addWidget(self.stale_list, 1)
        layout.addWidget(self.stale_button)

    def refresh(self) -> None:
        cover = mentoring.coverage()
        full = cover.total > 0 and cover.paired == cover.total
        self.coverage_label.setText(cover.text() + ("　已全覆盖" if full else ""))
        self.coverage_label.setStyleSheet(  # red only when someone is waiting for a mentor
            "font-weight: bold; font-size: 11pt;" + (WARNING_STYLE if cover.paired < cover.total else "")
        )
        current = self.selected_person()
        self.unpaired_list.clear()
        for cadre in cover.unpaired:
            item = QListWidgetItem(cadre.label())
            item.setData(Qt.ItemDataRole.UserRole, cadre.person_id)
            self.unpaired_list.addItem(item)
            if cadre.person_id == current or (current is None and self.unpaired_list.count() == 1):
                self.unpaired_list.setCurrentItem(item)
        if not cover.unpaired:
            self.unpaired_list.addItem("（无，新任干部已全部结对）")
        stale = mentoring.stale_mentors()
        self.stale_label.setText(
            f"{len(stale)} 名导师超过{mentoring.STALE_DAYS}天未交流："
            if stale
            else f"所有导师近{mentoring.STALE_DAYS}天内都有交流。"
        )
        self.stale_label.setStyleSheet(WARNING_STYLE if stale else "")
        self.stale_list.clear()
        for activity in stale:
            last = activity.last_exchange.isoformat() if activity.last_exchange else "从未交流"
            unit = f"（{activity.unit}）" if activity.unit else ""
            self.stale_list.addItem(f"⚠ {activity.name}{unit}，帮带{activity.mentees}人，最近交流 {last}")
        self.stale_button.setEnabled(bool(stale))
        self._update_buttons()

    def selected_person(self) -> str | None:
        item = self.unpaired_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def select_person(self, person_id: str) -> None:
        for row in range(self.unpaired_list.count()):
            item = self.unpaired_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == person_id:
                self.unpaired_list.setCurrentItem(item)
                return

    def _update_buttons(self) -> None:
        self.pair_button.setEnabled(self.selected_person() is not None)

    def _pair(self) -> None:
        person_id = self.selected_person()
        if person_id:
            self.pair_requested.emit(person_id)


class ExchangePanel(QGroupBox):
    """The exchange log of the selected pair (the shared table model over the exchange listing)."""

    add_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("交流记录", parent)
        self.setObjectName("exchange_panel")
        self.listing = mentoring.ExchangeListing()
        self.model = RecordTableModel(self.listing, self)
        self.model.state.filters["pair"] = NO_PAIR
        self.table = QTableView()
        self.table.setObjectName("exchange_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for index, column in enumerate(self.listing.columns):
            self.table.setColumnWidth(index, column.width)
            if column.key in ("mentor", "mentee"):
                self.table.setColumnHidden(index, True)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.add_button = _small_button("新增交流", self.add_requested.emit, "add_exchange")
        self.edit_button = _small_button("编辑", self._edit, "edit_exchange")
        self.delete_button = _small_button("删除", self._delete, "delete_exchange")
        self.export_button = _small_button(
            "导出全部交流记录…", self.export_requested.emit, "export_exchanges"
        )
        self.info = QLabel()
        self.info.setObjectName("exchange_info")
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        for button in (self.add_button, self.edit_button, self.delete_button, self.export_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.show_pair(None)

    def show_pair(self, pair_id: str | None) -> None:
        self.pair_id = pair_id
        self.model.set_filter("pair", pair_id or NO_PAIR)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(pair_id is not None)
        self.info.setText(f"共 {self.model.total} 次交流" if pair_id else "请在上方选择一个结对")

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _edit(self) -> None:
        exchange_id = self.selected_id()
        if exchange_id:
            self.edit_requested.emit(exchange_id)

    def _delete(self) -> None:
        exchange_id = self.selected_id()
        if exchange_id:
            self.delete_requested.emit(exchange_id)


class PlanPanel(QGroupBox):
    """The growth plan of the selected pair, read-only, with 编辑 and 打印 buttons."""

    edit_requested = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("成长计划", parent)
        self.setObjectName("plan_panel")
        self.text = QPlainTextEdit()
        self.text.setObjectName("plan_text")
        self.text.setReadOnly(True)
        self.edit_button = _small_button("编辑成长计划…", self.edit_requested.emit, "edit_plan")
        self.print_button = _small_button("打印成长计划…", self.print_requested.emit, "print_plan")
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(bar)
        self.show_pair(None)

    def show_pair(self, pair_id: str | None) -> None:
        self.edit_button.setEnabled(pair_id is not None)
        self.print_button.setEnabled(pair_id is not None)
        if pair_id is None:
            self.text.setPlainText("请在上方选择一个结对。")
            return
        record = mentoring.plan_record(pair_id)
        head = (
            f"导师 {record['mentor']}（{record['mentor_unit_post'] or record['mentor_kind']}）"
            f" — 帮带对象 {record['mentee']}（{record['village']} {record['mentee_post']}）"
        )
        if not record["has_plan"]:
            self.text.setPlainText(f"{head}\n\n尚未制定成长计划，请点“编辑成长计划…”填写。")
            return
        self.text.setPlainText(
            f"{head}\n计划期限：{record['period'] or '未填写'}\n\n成长目标：\n{record['goals']}\n\n"
            f"帮带措施：\n{record['measures']}"
            + (f"\n\n备注：{record['plan_notes']}" if record["plan_notes"] else "")
        )


class AppointDialog(QDialog):
    """任用: the post, village and date a reserve cadre is appointed to; saved through the reserve service."""

    def __init__(self, reserve_id: str, name: str, village: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AppointDialog")
        self.setWindowTitle(f"任用后备干部 — {name}")
        self.reserve_id = reserve_id
        self.appointment_id: str | None = None
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.post = QComboBox()
        self.post.setObjectName("post")
        self.post.addItems(vocab.CADRE_POSTS.labels())
        self.post.setCurrentIndex(self.post.findText("村(居)委会委员"))
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.village.addItems(village_names())
        self.village.setCurrentIndex(max(self.village.findText(village), 0))
        self.on = QLineEdit(clock.today().isoformat())
        self.on.setObjectName("on")
        self.on.setPlaceholderText("如 2024-03-15")
        self.is_new = QCheckBox("列为新任干部（需结对导师）")
        self.is_new.setObjectName("is_new")
        self.is_new.setChecked(True)
        self.notes = QLineEdit()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText("如 补选、调整")
        form = QFormLayout()
        form.addRow("任用职务＊", self.post)
        form.addRow("村(社区)＊", self.village)
        form.addRow("任用时间＊", self.on)
        form.addRow("", self.is_new)
        form.addRow("备注", self.notes)
        hint = QLabel("任用后将新增一条任职记录（原任职务同日离任），后备状态改为“已任用”，并保留任用记录。")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("任用")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(460, 300)

    def save(self) -> None:
        try:
            appointment = reserves.appoint_reserve(
                self.reserve_id,
                self.post.currentText(),
                self.on.text(),
                self.village.currentText(),
                is_new=self.is_new.isChecked(),
                notes=self.notes.text(),
            )
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            return
        except Exception as exc:  # noqa: BLE001 - a database error is shown, the dialog stays open
            self.error_label.setText(user_message(exc))
            self.error_label.show()
            return
        self.appointment_id = str(appointment.id)
        self.accept()


class HistoryPanel(QGroupBox):
    """The appointment history of the selected reserve cadre."""

    HEADERS = ("任用时间", "任用职务", "村(社区)", "原任职务", "现状", "备注")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("任用记录", parent)
        self.setObjectName("history_panel")
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        for index, width in enumerate((90, 150, 90, 120, 60)):
            self.table.setColumnWidth(index, width)
        self.info = QLabel()
        self.info.setObjectName("history_info")
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table)
        self.show_reserve(None)

    def show_reserve(self, reserve_id: str | None) -> None:
        entries = reserves.appointment_history(reserve_id) if reserve_id else []
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (
                entry.appointed_on.isoformat(),
                entry.post,
                entry.village,
                entry.previous_post,
                "在任" if entry.serving else "",
                entry.notes,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if reserve_id is None:
            self.info.setText("请在上方选择一名后备干部")
        else:
            self.info.setText(f"共 {len(entries)} 次任用" if entries else "尚未任用")
