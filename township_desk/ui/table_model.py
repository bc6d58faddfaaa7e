"""The one table model of every tab: a Listing read from SQL a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from township_desk.services.listing import ALL, Listing, ListState, Row, display

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
}


class RecordTableModel(QAbstractTableModel):
    """Rows come from the listing BATCH at a time as the view scrolls; search, filters, sort run in SQL."""

    BATCH = 100

    def __init__(self, listing: Listing, parent: Any = None) -> None:
        super().__init__(parent)
        self.listing = listing
        self.state = ListState()
        self.total = 0
        self._rows: list[Row] = []
        self.loaded = False  # nothing is read until the tab is first shown

    # ---- what the user asks for
    def refresh(self) -> None:
        self.loaded = True
        self.beginResetModel()
        self.total, self._rows = self.listing.first_page(self.state, self.BATCH)
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.state.search = text
        self.refresh()

    def set_filter(self, key: str, value: str) -> None:
        if value and value != ALL:
            self.state.filters[key] = value
        else:
            self.state.filters.pop(key, None)
        self.refresh()

    # ---- Qt's model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listing.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.listing.columns[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display(row.get(column.key), column.format)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(ALIGN.get(column.align, ALIGN["left"]).value)
        if role == ID_ROLE:
            return row["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.listing.columns):
            return self.listing.columns[section].label
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self.listing.fetch(self.state, len(self._rows), self.BATCH)
        if not more:
            self.total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.listing.columns):
            self.state.sort_key = None  # back to the listing's own order
        elif self.listing.columns[column].sort is None:
            return
        else:
            self.state.sort_key = self.listing.columns[column].key
            self.state.descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded:
            self.refresh()

    # ---- helpers for the tab
    def row_id(self, row: int) -> str | None:
        return str(self._rows[row]["id"]) if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int | None:
        for number, row in enumerate(self._rows):
            if row["id"] == record_id:
                return number
        return None

    def loaded_rows(self) -> int:
        return len(self._rows)
