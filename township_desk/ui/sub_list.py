"""The one sub-list of master–detail tabs: a small read-only table over plain row dicts with buttons that act
on its selected row (a household's visits, matters and pairings …).

A sub-list is filled by its tab from a service function that returns rows (`set_rows`); its columns come from
the subject's field declarations (`RowColumn.of`) or are written out. Deleting a selected row goes through
`RecordTab.move_to_bin`, the same path as the main list (recycle bin, 撤销删除).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.fields import Decl
from township_desk.services.listing import Row, display
from township_desk.ui.table_model import Index

STATUS_COLOURS = {"待办": "#b00020", "办理中": "#b26a00", "已办结": "#2e7d32"}
STALE_BACKGROUND = "#fdecea"


@dataclass(frozen=True)
class RowColumn:
    key: str
    label: str
    width: int = 90
    align: str = "left"

    @classmethod
    def of(cls, decl: Decl, width: int | None = None) -> RowColumn:
        """A sub-list column from a field declaration (its heading, width and alignment)."""
        return cls(decl.key, decl.title, decl.width if width is None else width, decl.align)


class RowsModel(QAbstractTableModel):
    """A small read-only table over plain row dicts (one household's visits, matters or pairings)."""

    def __init__(self, columns: Sequence[RowColumn], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            from township_desk import masking

            value = row.get(column.key)
            return display(masking.list_value(column.key, value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            flag = Qt.AlignmentFlag.AlignCenter if column.align == "center" else Qt.AlignmentFlag.AlignLeft
            return int((flag | Qt.AlignmentFlag.AlignVCenter).value)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column.key == "status"
            and row.get("status") in STATUS_COLOURS
        ):
            return QBrush(QColor(STATUS_COLOURS[row["status"]]))
        if role == Qt.ItemDataRole.BackgroundRole and row.get("stale"):
            return QBrush(QColor(STALE_BACKGROUND))
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        return None

    def row_id(self, row: int) -> str | None:
        return str(self.rows[row]["id"]) if 0 <= row < len(self.rows) else None


def sub_table(model: QAbstractTableModel, widths: Sequence[int], name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    for index, width in enumerate(widths):
        table.setColumnWidth(index, width)
    return table


class RowsPanel(QWidget):
    """A titled small table with buttons that act on the selected row (or on the household)."""

    activated = Signal(str)  # row id, on double-click

    def __init__(self, name: str, columns: Sequence[RowColumn], empty: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.model = RowsModel(columns, self)
        self.table = sub_table(self.model, [c.width for c in columns], f"{name}_table")
        self.table.doubleClicked.connect(self._double_clicked)
        self.empty = empty
        self.note = QLabel()
        self.note.setObjectName(f"{name}_note")
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.button_list: list[QPushButton] = []
        # right-click on a row: the panel's buttons as a menu (as on the main lists)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._popup)

    def row_menu(self) -> QMenu:
        """The panel's buttons as menu entries, enabled as the buttons are."""
        menu = QMenu(self.table)
        menu.setObjectName(f"{self.objectName()}_menu")
        for button in self.button_list:
            if button.isHidden():
                continue
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(lambda _checked=False, button=button: button.click())
        return menu

    def _popup(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = self.row_menu()
        if menu.actions():
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def add_button(self, text: str, slot: Callable[[], object], name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        self.button_list.append(button)
        return button

    def finish_buttons(self) -> None:
        self.buttons.addStretch(1)

    def set_rows(self, rows: list[Row], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note or ("" if rows else self.empty))

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def set_enabled_for(self, has_household: bool) -> None:
        for button in self.button_list:
            button.setEnabled(has_household)

    def _double_clicked(self, index: QModelIndex) -> None:
        row_id = self.model.row_id(index.row())
        if row_id:
            self.activated.emit(row_id)


SubList = RowsPanel
