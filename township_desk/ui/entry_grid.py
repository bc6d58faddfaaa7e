"""Excel habits for every data-entry grid (scores, tallies, attendance): one helper, installed on a table view.

- Enter commits the cell and moves down; Tab moves right (also out of a combo box in a cell).
- Enter never reaches the dialog, so it never presses 保存 and closes the form.
- The first column(s) (the names) stay put while the rest scrolls sideways: a second view over the same
  model and selection, pinned on the left (Qt's "frozen column" pattern).
- Ctrl+V pastes a block copied from Excel (tab-separated lines) from the current cell on, skipping rows hidden
  by a filter; values a cell cannot take are named in Chinese afterwards, the rest are pasted.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

# A check on a value before it is put into a cell: a Chinese message when it does not fit, else None.
CellCheck = Callable[[QModelIndex, str], "str | None"]

TRUE_TEXTS = {"是", "√", "✓", "✔", "1", "y", "yes", "true", "对"}
FALSE_TEXTS = {"否", "", "×", "✗", "0", "n", "no", "false"}
MAX_LISTED = 12  # problems named after a paste; the rest are counted


class FrozenColumns(QTableView):
    """The grid's first `count` columns drawn again over its left edge, so the names stay in view."""

    def __init__(self, view: QTableView, count: int) -> None:
        super().__init__(view)
        self.main = view
        self.count = count
        self.setObjectName(f"{view.objectName()}_frozen")
        self.setModel(view.model())
        self.setSelectionModel(view.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(view.selectionBehavior())
        self.setSelectionMode(view.selectionMode())
        self.setAlternatingRowColors(view.alternatingRowColors())
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(view.verticalScrollMode())
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setStyleSheet("QTableView { border-right: 2px solid #9aa7b4; }")
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.viewport().stackUnder(self)

        view.horizontalHeader().sectionResized.connect(self._column_resized)
        view.verticalHeader().sectionResized.connect(lambda row, _old, size: self.setRowHeight(row, size))
        view.verticalHeader().geometriesChanged.connect(self.place)
        view.horizontalHeader().geometriesChanged.connect(self.place)
        self.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        view.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        view.selectionModel().currentChanged.connect(self._keep_clear)
        model = view.model()
        for signal in (model.modelReset, model.columnsInserted, model.rowsInserted, model.layoutChanged):
            signal.connect(self.sync)
        self.pressed.connect(lambda _index: view.setFocus())
        self.sync()
        self.show()

    def sync(self, *_args: object) -> None:
        """Show only the frozen columns, at the main view's widths and row heights."""
        if not shiboken6.isValid(self.main) or not shiboken6.isValid(self):
            return  # the grid is being destroyed (its model says goodbye)
        self.verticalHeader().setDefaultSectionSize(self.main.verticalHeader().defaultSectionSize())
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column >= self.count or self.main.isColumnHidden(column))
            if column < self.count:
                self.setColumnWidth(column, self.main.columnWidth(column))
        for row in range(self.model().rowCount()):
            self.setRowHidden(row, self.main.isRowHidden(row))
        self.place()

    def frozen_width(self) -> int:
        return sum(self.main.columnWidth(c) for c in range(self.count) if not self.main.isColumnHidden(c))

    def place(self) -> None:
        view = self.main
        self.setGeometry(
            view.verticalHeader().width() + view.frameWidth(),
            view.frameWidth(),
            self.frozen_width(),
            view.viewport().height() + view.horizontalHeader().height(),
        )
        self.verticalScrollBar().setValue(view.verticalScrollBar().value())

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column < self.count:
            self.setColumnWidth(column, size)
            self.place()

    def _keep_clear(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """A cell moved to by the keyboard is not left hidden under the frozen columns."""
        if not current.isValid() or current.column() < self.count:
            return
        left = self.main.visualRect(current).left()
        if left < self.frozen_width():
            bar = self.main.horizontalScrollBar()
            bar.setValue(bar.value() - (self.frozen_width() - left))


class EntryGrid(QObject):
    """Installs the Excel habits on `view`; keep the object (it is parented to the view)."""

    pasted = Signal()

    def __init__(
        self,
        view: QTableView,
        frozen: int = 1,
        check: CellCheck | None = None,
        title: str = "粘贴",
    ) -> None:
        super().__init__(view)
        self.view = view
        self.check = check
        self.title = title
        view.setTabKeyNavigation(True)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        for child in view.viewport().findChildren(QWidget):
            child.installEventFilter(self)
        view.itemDelegate().closeEditor.connect(self._editor_closed)
        self.frozen = FrozenColumns(view, frozen) if frozen else None

    def sync(self) -> None:
        """After rows or columns of the grid were hidden or shown (a filter): the pinned names follow."""
        if self.frozen is not None:
            self.frozen.sync()

    # ---- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and watched is self.view.viewport():
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget):
                child.installEventFilter(self)
            return False
        if kind == QEvent.Type.FocusIn and isinstance(watched, QWidget) and watched is not self.view:
            index = self._index_of_widget(watched)
            if index is not None and index != self.view.currentIndex():
                self.view.setCurrentIndex(index)
            return False
        if kind != QEvent.Type.KeyPress or watched is self.view.viewport():
            return False
        assert isinstance(event, QKeyEvent)
        in_cell_widget = watched is not self.view and self._index_of_widget(watched) is not None
        if watched is not self.view and not in_cell_widget:
            return False  # an editor: the delegate handles its keys
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return True
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.view.state() != QAbstractItemView.State.EditingState:
                self.move(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1, 0)
            # while editing the delegate commits (queued) and _editor_closed moves down
            return True
        if in_cell_widget and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.move(0, -1 if key == Qt.Key.Key_Backtab else 1)
            return True
        return False

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter (Tab is EditNextItem)
            self.move(1, 0)

    def _index_of_widget(self, widget: QObject) -> QModelIndex | None:
        if not isinstance(widget, QWidget) or widget.parent() is not self.view.viewport():
            return None
        index = self.view.indexAt(widget.geometry().center())
        return index if index.isValid() and self.view.indexWidget(index) is widget else None

    def move(self, rows: int, columns: int) -> QModelIndex:
        """Move the current cell by rows/columns (over hidden ones), as Enter and Tab do; stays at the edge."""
        view, model = self.view, self.view.model()
        current = view.currentIndex()
        if not current.isValid():
            current = model.index(0, 0)
        row, column = current.row(), current.column()
        row = self._step(row, rows, model.rowCount(), view.isRowHidden)
        column = self._step(column, columns, model.columnCount(), view.isColumnHidden)
        target = model.index(row, column)
        if target.isValid():
            view.setCurrentIndex(target)
            view.scrollTo(target)
            widget = view.indexWidget(target)
            (widget or view).setFocus()
        return target

    @staticmethod
    def _step(start: int, by: int, count: int, hidden: Callable[[int], bool]) -> int:
        position = start
        step = 1 if by > 0 else -1
        for _ in range(abs(by)):
            probe = position + step
            while 0 <= probe < count and hidden(probe):
                probe += step
            if not 0 <= probe < count:
                break
            position = probe
        return position

    # ---- pasting a block from Excel
    def paste(self) -> list[str]:
        return self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> list[str]:
        """Fill cells from the current one with tab/newline text; the problems (in Chinese) are shown and returned."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            return []
        block = [line.split("\t") for line in lines]
        view, model = self.view, self.view.model()
        start = view.currentIndex()
        if not start.isValid():
            start = model.index(0, 0)
        rows = [r for r in range(start.row(), model.rowCount()) if not view.isRowHidden(r)]
        columns = [c for c in range(start.column(), model.columnCount()) if not view.isColumnHidden(c)]
        problems: list[str] = []
        if len(block) > len(rows):
            problems.append(
                f"粘贴的内容有 {len(block)} 行，从当前格往下只有 {len(rows)} 行，多出的行没有粘贴。"
            )
        widest = max(len(cells) for cells in block)
        if widest > len(columns):
            problems.append(
                f"粘贴的内容有 {widest} 列，从当前格往右只有 {len(columns)} 列，多出的列没有粘贴。"
            )
        for row, cells in zip(rows, block, strict=False):
            for column, value in zip(columns, cells, strict=False):
                index = model.index(row, column)
                problem = self._put(index, value.strip())
                if problem:
                    problems.append(f"{self._where(model, index)}：{problem}")
        self.pasted.emit()
        if problems:
            from township_desk.ui import messages

            listed = problems[:MAX_LISTED]
            if len(problems) > MAX_LISTED:
                listed.append(f"……另有 {len(problems) - MAX_LISTED} 处")
            messages.show_error(
                self.view.window(), self.title, "以下内容没有粘贴，其余已填入：\n" + "\n".join(listed)
            )
        return problems

    def _where(self, model: QAbstractItemModel, index: QModelIndex) -> str:
        name = str(model.index(index.row(), 0).data() or "").strip()
        header = str(model.headerData(index.column(), Qt.Orientation.Horizontal) or "").strip()
        row = f"第{index.row() + 1}行" + (f"（{name}）" if name else "")
        return f"{row}“{header}”" if header else row

    def _put(self, index: QModelIndex, value: str) -> str | None:
        widget = self.view.indexWidget(index)
        if isinstance(widget, QComboBox):
            found = widget.findText(value)
            if found < 0:
                options = "、".join(t for t in (widget.itemText(i) for i in range(widget.count())) if t)
                return f"“{value}”不是可选的值（可选：{options}）"
            widget.setCurrentIndex(found)
            return None
        if isinstance(widget, QCheckBox):
            if value.lower() in TRUE_TEXTS or value.lower() in FALSE_TEXTS:
                widget.setChecked(value.lower() in TRUE_TEXTS)
                return None
            return f"“{value}”应为“是”或“否”"
        if isinstance(widget, QLineEdit):
            widget.setText(value)
            return None
        if widget is not None:
            return "此格不能粘贴"
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            if value == str(index.data() or "").strip():
                return None  # the names pasted along with the numbers: nothing to change
            return f"此列不能修改（粘贴的是“{value}”）"
        if self.check is not None:
            problem = self.check(index, value)
            if problem:
                return problem
        if not self.view.model().setData(index, value, Qt.ItemDataRole.EditRole):
            return f"“{value}”不是有效的值"
        return None
