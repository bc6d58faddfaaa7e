"""The one table model of every tab: a Listing read from SQL a page at a time."""

from __future__ import annotations

from typing import Any, TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView, QWidget

from township_desk import masking
from township_desk.db import write_mark
from township_desk.masking import ID_KEYS, PHONE_KEYS
from township_desk.services.listing import ALL, Column, Listing, ListState, Row, display

Index: TypeAlias = QModelIndex | QPersistentModelIndex
MASKED_KEYS = ID_KEYS | PHONE_KEYS
ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
}
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ALIGN_VALUES = {key: int(value.value) for key, value in ALIGN.items()}
_LEFT = _ALIGN_VALUES["left"]
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
)  # read-only cells: edits go through forms


def _text(row: Row, column: Column) -> str:
    """A cell as the list shows it."""
    value = row.get(column.key)
    if column.key in MASKED_KEYS:  # 430725********1234, 138****1234 (role, setting)
        value = masking.list_value(column.key, value)
    return display(value, column.format)


class RecordTableModel(QStandardItemModel):
    """Rows come from the listing BATCH at a time as the view scrolls; search, filters, sort run in SQL.

    The rows read are handed to Qt as items (their texts as the list shows them, masked where needed), so
    that painting a list never calls Python: with a Python model each painted cell cost three calls into
    Python (the cell, and the row and column counts Qt checks it against), some 5 ms a search keystroke
    on a full screen. Texts are made when rows are read: a change of who may see what reloads the lists."""

    BATCH = 100
    REMEMBERED = 8  # first pages kept for searches the clerk may come back to
    FIRST_MARGIN = 10  # rows read beyond what the view shows, so that a little scrolling reads nothing

    def __init__(self, listing: Listing, parent: Any = None) -> None:
        super().__init__(parent)
        self.listing = listing
        self.state = ListState()
        self.total = 0
        self._rows: list[Row] = []
        self._labels: tuple[str, ...] = ()
        self._sync_columns()
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
        self.blockSignals(True)  # one reset for the view, not a signal per row removed and added
        try:
            self._sync_columns()
            self.setRowCount(0)
            self.total, self._rows = page[0], list(page[1])
            self._append_items(self._rows)
        finally:
            self.blockSignals(False)
        self.endResetModel()

    def _sync_columns(self) -> None:
        """The listing's columns as the model's (a county file adds 乡镇 and 最近报送)."""
        labels = tuple(column.label for column in self.listing.columns)
        if labels != self._labels:
            self._labels = labels
            self.setColumnCount(len(labels))
            self.setHorizontalHeaderLabels(list(labels))

    def _append_items(self, rows: list[Row]) -> None:
        columns = [(column, _ALIGN_VALUES.get(column.align, _LEFT)) for column in self.listing.columns]
        for row in rows:
            items = []
            for column, align in columns:
                text = _text(row, column)
                item = QStandardItem(text)
                item.setFlags(_ROW_FLAGS)
                if align != _LEFT:
                    item.setData(align, _ALIGNMENT)
                if text:
                    item.setToolTip(text)  # the whole text where the column cuts it short
                items.append(item)
            self.appendRow(items)

    def set_search(self, text: str) -> None:
        self.state.search = text
        self._show()

    def set_filter(self, key: str, value: str) -> None:
        if value and value != ALL:
            self.state.filters[key] = value
        else:
            self.state.filters.pop(key, None)
        self._show()

    # ---- Qt's model interface (cells, counts and headers are the items')
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self.listing.fetch(self.state, len(self._rows), self.BATCH)
        if not more:
            self.total = len(self._rows)
            return
        self._rows.extend(more)
        self._append_items(more)

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
