"""The one table model of every tab: a Listing read from SQL a page at a time."""

from __future__ import annotations

from typing import Any, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget

from township_desk import masking
from township_desk.db import write_mark
from township_desk.masking import ID_KEYS, PHONE_KEYS
from township_desk.services.listing import ALL, Column, Listing, ListState, Row, display

Index: TypeAlias = QModelIndex | QPersistentModelIndex
MASKED_KEYS = ID_KEYS | PHONE_KEYS
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
}
# data() runs some 1,800 times per repaint of a list: plain ints compare faster than PySide6's enums.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ID = int(ID_ROLE)
_ALIGN_VALUES = {key: int(value.value) for key, value in ALIGN.items()}
_LEFT = _ALIGN_VALUES["left"]
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _text(row: Row, column: Column) -> str:
    """A cell as the list shows it."""
    value = row.get(column.key)
    if column.key in MASKED_KEYS:  # 430725********1234, 138****1234 (role, setting)
        value = masking.list_value(column.key, value)
    return display(value, column.format)


class RecordTableModel(QAbstractTableModel):
    """Rows come from the listing BATCH at a time as the view scrolls; search, filters, sort run in SQL."""

    BATCH = 100
    REMEMBERED = 8  # first pages kept for searches the clerk may come back to
    FIRST_MARGIN = 10  # rows read beyond what the view shows, so that a little scrolling reads nothing

    def __init__(self, listing: Listing, parent: Any = None) -> None:
        super().__init__(parent)
        self.listing = listing
        self.state = ListState()
        self.total = 0
        self._rows: list[Row] = []
        self.loaded = False  # nothing is read until the tab is first shown
        # Rows a search reads at first: what the view shows (ListView sets it), a page without a view. The
        # view fetches more as the clerk scrolls (or when the window grows), BATCH at a time.
        self.first_rows = self.BATCH
        # The first pages of the last few searches, kept while nothing is written through the connection
        # (clearing the search box shows the whole list again at once); refresh() forgets them.
        self._first_pages: dict[tuple[Any, ...], tuple[int, list[Row]]] = {}

    # ---- what the user asks for
    def refresh(self) -> None:
        """Read the list again (after a write, an import, another township or file)."""
        self._first_pages.clear()
        self._show()

    def _show(self) -> None:
        self.loaded = True
        state = self.state
        key = (
            state.search,
            tuple(sorted(state.active_filters().items())),
            state.sort_key,
            state.descending,
            write_mark(),
        )
        page = self._first_pages.pop(key, None)
        if page is not None:
            self._first_pages[key] = page  # used again: the last to be forgotten (the whole list, typically)
        else:
            page = self._first_pages[key] = self.listing.first_page(state, self.first_rows)
            while len(self._first_pages) > self.REMEMBERED:
                del self._first_pages[next(iter(self._first_pages))]
        self.beginResetModel()
        self.total, self._rows = page[0], list(page[1])
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.state.search = text
        self._show()

    def set_filter(self, key: str, value: str) -> None:
        if value and value != ALL:
            self.state.filters[key] = value
        else:
            self.state.filters.pop(key, None)
        self._show()

    # ---- Qt's model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listing.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY and role != _ALIGNMENT and role != _TOOLTIP and role != _ID:
            return None  # decoration, font, colours, check state …: the view asks for them all
        number = index.row()  # -1 for an invalid index
        if not 0 <= number < len(self._rows):
            return None
        column = self.listing.columns[index.column()]
        if role == _ALIGNMENT:
            return _ALIGN_VALUES.get(column.align, _LEFT)
        row = self._rows[number]
        if role == _ID:
            return row["id"]
        return _text(row, column)

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N803
        """A cell's roles in one call (Qt's item delegate asks for seven roles per painted cell): only the
        text and its alignment have values, as in data(); the other roles stay empty."""
        number = index.row()
        if not 0 <= number < len(self._rows):
            return
        column = self.listing.columns[index.column()]
        for position in range(len(roleDataSpan)):
            slot = roleDataSpan[position]
            role = slot.role()
            if role == _DISPLAY or role == _TOOLTIP:
                slot.setData(_text(self._rows[number], column))
            elif role == _ALIGNMENT:
                slot.setData(_ALIGN_VALUES.get(column.align, _LEFT))
            elif role == _ID:
                slot.setData(self._rows[number]["id"])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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
        return _ROW_FLAGS

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
            self._show()

    # ---- helpers for the tab
    def row_id(self, row: int) -> str | None:
        return str(self._rows[row]["id"]) if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int | None:
        for number, row in enumerate(self._rows):
            if row["id"] == record_id:
                return number
        return None

    def row(self, row: int) -> Row:
        return self._rows[row]

    def loaded_rows(self) -> int:
        return len(self._rows)


class ListView(QTableView):
    """A list's table. Tells a RecordTableModel how many rows fill it, so that a search keystroke reads and
    lays out those rows (and a few more), not a whole page of a hundred."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        model = self.model()
        if isinstance(model, RecordTableModel):
            shown = self.viewport().height() // max(1, self.verticalHeader().defaultSectionSize()) + 1
            model.first_rows = min(model.BATCH, shown + model.FIRST_MARGIN)


class CountLabel(QWidget):
    """The one line under a list (共 N 人). It changes with every search keystroke: as a QLabel, each change
    asked the window to lay itself out again and repaint everything in it; this line only repaints itself.
    Text too long for the width ends in “…” (the whole text is its tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setMinimumHeight(self.fontMetrics().height() + 2)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - as QLabel
        if text != self._text:
            self._text = text
            self.setToolTip(text)
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
