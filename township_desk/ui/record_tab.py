"""The one tab layout every subject uses: search box, filters, lazy table, and add/edit/delete."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from township_desk.models.base import BaseModel
from township_desk.services import column_mapping, deletions, import_guard
from township_desk.services.excel_import import (
    HeaderNotRecognised,
    ImportColumn,
    ImportPlan,
    SheetChoiceNeeded,
)
from township_desk.services.listing import ALL, Listing
from township_desk.services.records import FormSpec
from township_desk.services.workbook_reader import OPEN_FILTER
from township_desk.ui import file_dialogs, list_menus, messages
from township_desk.ui.dialogs.import_preview import ImportPreviewDialog, PreviewColumn, SheetChooserDialog
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.table_model import CountLabel, ListView, RecordTableModel
from township_desk.ui.workers import run_task

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow


@dataclass(frozen=True)
class Importer:
    """How a tab imports a workbook: plan (nothing written), apply (one transaction), preview columns."""

    plan: Callable[..., ImportPlan[Any]]  # (path, progress, sheet=None)
    apply: Callable[[ImportPlan[Any], Any], int]
    columns: Sequence[PreviewColumn]
    subject: str = ""  # the command line's import name: remembered column mappings are kept under it
    fields: tuple[
        ImportColumn, ...
    ] = ()  # what the importer reads: the blank template, the column-mapping step


@dataclass(frozen=True)
class TabAction:
    """An entry the tab adds to the 打印 menu (or elsewhere): label, what it does, a shortcut."""

    label: str
    run: Callable[[], object]
    shortcut: str = ""


class RecordTab(QWidget):
    """A subject's tab. Subclasses set title, listing, form and model, and may add actions or panels."""

    title = ""
    search_hint = "输入姓名、拼音首字母、身份证号或电话查找"
    record_noun = "记录"
    form: FormSpec | None = None
    model_class: type[BaseModel] | None = None
    importer: Importer | None = None
    batch_keys: tuple[str, ...] = ()  # the form's fields 批量修改 offers (services.batch_edit)
    changed = Signal()

    def __init__(self, window: MainWindow, listing: Listing) -> None:
        super().__init__(window)
        self.window_ = window
        self.listing = listing
        self.setObjectName(type(self).__name__)
        self.model = RecordTableModel(listing, self)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)

        self.filter_boxes: dict[str, QComboBox] = {}
        self.bar = bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for spec in listing.filters:
            box = QComboBox()
            box.setObjectName(f"filter_{spec.key}")
            box.setMinimumContentsLength(6)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.currentTextChanged.connect(lambda text, key=spec.key: self._filter_changed(key, text))
            self.filter_boxes[spec.key] = box
            bar.addWidget(QLabel(spec.label))
            bar.addWidget(box, 1)
        self.add_button = QPushButton("新增")
        self.edit_button = QPushButton("编辑")
        self.delete_button = QPushButton("删除")
        for button, slot in (
            (self.add_button, self.add_record),
            (self.edit_button, self.edit_selected),
            (self.delete_button, self.delete_selected),
        ):
            button.clicked.connect(slot)
            bar.addWidget(button)
        if self.form is None:
            for button in (self.add_button, self.edit_button):
                button.hide()

        self.table = ListView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift/Ctrl select several rows (as in Excel); editing and deleting act on the first of them.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(26)
        if not listing.row_numbers:  # the list numbers its rows itself (排名): one row number, not two
            self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        for index, column in enumerate(listing.columns):
            self.table.setColumnWidth(index, column.width)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        # The list's own keys act only while the list has the focus (Enter in the search box moves into the
        # list instead of opening the form; Delete in a text box deletes a character, never a record).
        for key, slot in (
            (QKeySequence(Qt.Key.Key_Return), self.edit_selected),
            (QKeySequence(Qt.Key.Key_Enter), self.edit_selected),
            (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
            (QKeySequence(QKeySequence.StandardKey.Copy), self.copy_selected),
        ):
            QShortcut(key, self.table, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)

        self.count_label = CountLabel()
        self.count_label.setObjectName("count_label")
        self.model.modelReset.connect(self._update_count)

        # The tab's widgets live on an inner page the tab sizes itself (resizeEvent): a size hint that
        # changes inside the list (the row-number column, the search box's clear button, a detail pane's
        # text) then stops at the tab, instead of laying out the whole window again and repainting all of
        # it on every search keystroke.
        self._page = QWidget(self)
        self.body = QVBoxLayout(self._page)
        self._above = 0  # widgets placed between the bar and the table (add_above)
        self.body.addLayout(bar)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.count_label)
        list_menus.install(self)  # right-click menus, Enter in the search box, buttons needing a selection

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._page.setGeometry(self.rect())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._page.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._page.minimumSizeHint()

    # ---- master–detail layout: tabs declare their panes, the base class places them
    def add_to_bar(self, widget: QWidget, *, after: QWidget | None = None, stretch: int = 0) -> None:
        """A widget in the search bar: at its end, or just after another widget of the bar."""
        if after is None:
            self.bar.addWidget(widget, stretch)
        else:
            self.bar.insertWidget(self.bar.indexOf(after) + 1, widget, stretch)

    def add_above(self, *items: QWidget | QLayout, before_bar: bool = False) -> None:
        """Banners and counts between the search bar and the table, in the order given (or above the bar)."""
        bar_index = next(i for i in range(self.body.count()) if self.body.itemAt(i).layout() is self.bar)
        index = bar_index if before_bar else bar_index + 1 + self._above
        for item in items:
            if isinstance(item, QLayout):
                self.body.insertLayout(index, item)
            else:
                self.body.insertWidget(index, item)
            index += 1
            self._above += 0 if before_bar else 1

    def master_detail(
        self,
        *,
        below: Sequence[QWidget] = (),
        right: QWidget | None = None,
        master: QWidget | None = None,
        count_with_table: bool = True,
        name: str = "",
        stretch: tuple[int, int] = (3, 2),
        sizes: Sequence[int] = (),
        below_stretch: Sequence[int] = (),
        inner_stretch: tuple[int, int] = (3, 2),
    ) -> QSplitter:
        """Put the table (or `master`, a widget holding it) in splitters with its detail panes: `below` the
        table (side by side when several), a pane on the `right` of both. The outermost splitter gets the
        object name, stretch factors and first sizes; every splitter's position is remembered."""
        index = self.body.indexOf(self.table)
        self.body.removeWidget(self.table)
        top: QWidget = master or self.table
        if count_with_table and master is None:
            self.body.removeWidget(self.count_label)
            top = QWidget()
            layout = QVBoxLayout(top)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.table, 1)
            layout.addWidget(self.count_label)
        outer = top
        if below:
            lower = (
                below[0] if len(below) == 1 else _splitter(Qt.Orientation.Horizontal, below, below_stretch)
            )
            outer = _splitter(
                Qt.Orientation.Vertical, (top, lower), stretch if right is None else inner_stretch
            )
        if right is not None:
            outer = _splitter(Qt.Orientation.Horizontal, (outer, right), stretch)
        assert isinstance(outer, QSplitter), "master_detail needs a pane below or on the right"
        if name:
            outer.setObjectName(name)
        if sizes:
            outer.setSizes(list(sizes))
        self.body.insertWidget(index, outer, 1)
        return outer

    def follow_selection(self, show: Callable[[], None]) -> None:
        """Call `show` whenever the selected record may have changed (a click, a reload)."""
        self.table.selectionModel().selectionChanged.connect(lambda *_: show())
        self.model.modelReset.connect(show)

    # ---- loading
    def reload(self) -> None:
        """Re-read filters' choices and the list (after a change, an import, another file)."""
        for spec in self.listing.filters:
            box = self.filter_boxes[spec.key]
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems([ALL, *spec.choices()])
            index = box.findText(current)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)
            if index < 0:
                self.model.state.filters.pop(spec.key, None)
        self.model.refresh()

    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)

    def _filter_changed(self, key: str, value: str) -> None:
        self.model.set_filter(key, value)

    def _update_count(self) -> None:
        self.count_label.setText(f"共 {self.model.total} {self.count_unit()}")

    def count_unit(self) -> str:
        return "人"

    def summary(self) -> str:
        """A short text for the status bar (counts of this subject)."""
        return ""

    # ---- remembered layout
    def save_layout(self, settings: QSettings) -> None:
        """Column widths and order, and the position of every splitter the tab has."""
        settings.setValue(f"tabs/{self.objectName()}/header", self.table.horizontalHeader().saveState())
        for index, splitter in enumerate(self.findChildren(QSplitter)):
            settings.setValue(f"tabs/{self.objectName()}/splitter{index}", splitter.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value(f"tabs/{self.objectName()}/header")
        if state:
            self.table.horizontalHeader().restoreState(state)
        for index, splitter in enumerate(self.findChildren(QSplitter)):
            state = settings.value(f"tabs/{self.objectName()}/splitter{index}")
            if state:
                splitter.restoreState(state)

    # ---- selection and editing
    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [record_id for row in rows if (record_id := self.model.row_id(row))]

    def selected_rows(self) -> list[dict[str, Any]]:
        """The selected rows as the list read them (plain dicts), in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row(row) for row in rows]

    def selection_buttons(self) -> list[QWidget]:
        """Buttons that act on the selected row: greyed out while none is selected."""
        return [self.edit_button, self.delete_button]

    def row_actions(self) -> list[TabAction]:
        """Entries of the right-click menu for the selected row beyond 编辑/删除 (a person's 干部档案 …)."""
        return []

    def batch_edit_selected(self) -> Any:
        return list_menus.batch_edit(self)

    def show_history_selected(self) -> Any:
        return list_menus.show_history(self)

    def export_selected(self, path: Path | None = None) -> None:
        list_menus.export_selected(self, path)

    def can_print_selected(self) -> bool:
        return type(self).print_rows is not RecordTab.print_rows

    def print_rows(self, ids: list[str], out: Path, progress: Any) -> Any:
        """The tab's list on paper for these records only (tabs that print their list override it)."""
        raise NotImplementedError

    def print_selected_rows(self, path: Path | None = None) -> None:
        """打印所选: only the selected rows, on the tab's own form."""
        from township_desk.ui.reporting import print_to_pdf

        ids = self.selected_ids()
        if ids and self.can_print_selected():
            print_to_pdf(
                self,
                "打印所选",
                f"{self.title}（所选 {len(ids)} 人）.pdf",
                lambda out, progress: self.print_rows(ids, out, progress),
                path,
            )

    def selected_rows_text(self) -> str:
        """The selected rows as tab-separated text with the column headers, as Excel pastes it."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        columns = [c for c in range(self.model.columnCount()) if not self.table.isColumnHidden(c)]

        def cell(row: int, column: int) -> str:
            value = self.model.data(self.model.index(row, column))
            return str(value if value is not None else "").replace("\t", " ").replace("\n", " ")

        lines = ["\t".join(str(self.model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)]
        lines += ["\t".join(cell(row, c) for c in columns) for row in rows]
        return "\n".join(lines) + "\n" if rows else ""

    def copy_selected(self) -> None:
        """Ctrl+C: the selected rows onto the clipboard, ready to paste into Excel or WPS."""
        from PySide6.QtWidgets import QApplication

        text = self.selected_rows_text()
        if text:
            QApplication.clipboard().setText(text)
            self.window_.show_status(f"已复制 {text.count(chr(10)) - 1} 行（含表头），可粘贴到 Excel")

    def select_id(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        # the list reads only what fills it at first: look as far as a first page of BATCH rows reaches
        while row is None and self.model.canFetchMore() and self.model.loaded_rows() < self.model.BATCH:
            self.model.fetchMore()
            row = self.model.row_of(record_id)
        if row is not None:
            self.select_row(row)
            self.table.scrollTo(self.model.index(row, 0))

    def select_row(self, row: int) -> None:
        """Choose exactly this row (selectRow would toggle it while Ctrl is held)."""
        from PySide6.QtCore import QItemSelectionModel

        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, flags)

    def open_editor(self, record_id: str | None, initial: dict[str, Any] | None = None) -> RecordEditor:
        assert self.form is not None
        return RecordEditor(self.form, record_id, self, initial)

    def _run_editor(self, editor: RecordEditor) -> None:
        list_menus.watch_editor(self, editor)  # 修改记录 button; the save goes on the undo stack

        def saved() -> None:
            if editor.saved_id:
                self.after_change()
                self.select_id(editor.saved_id)

        editor.accepted.connect(saved)
        editor.open()

    def add_record(self) -> None:
        if self.form is not None:
            self._run_editor(self.open_editor(None))

    def edit_selected(self) -> None:
        record_id = self.selected_id()
        if record_id and self.form is not None:
            self._run_editor(self.open_editor(record_id))

    def delete_selected(self) -> None:
        record_id = self.selected_id()
        if not record_id or self.model_class is None:
            return
        self.move_to_bin(self.model_class, record_id)

    def move_to_bin(
        self,
        model: type[BaseModel],
        record_id: str,
        *,
        title: str = "删除",
        question: str = "把“{what}”移到回收站？\n可以用 编辑 ▸ 撤销删除（Ctrl+Z）或在回收站中恢复。",
        remove: Callable[[str], Any] | None = None,
    ) -> bool:
        """The one delete path of lists and sub-lists: confirm, move to the recycle bin (with dependents),
        remember it for 撤销删除, refresh. `question` names the record as {what}."""
        what = deletions.describe(model, record_id)
        if not messages.confirm(self, title, question.format(what=what), "移到回收站"):
            return False
        try:
            deletions.move_to_bin(model, record_id, remove)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, title, exc)
            return False
        from township_desk.services.changes import DeleteChange

        self.window_.push_change(
            DeleteChange(model, record_id, what, remove), f"已把“{what}”移到回收站（Ctrl+Z 撤销）"
        )
        self.after_change()
        return True

    def after_change(self) -> None:
        self.reload()
        self.changed.emit()

    # ---- the File and Print menus
    def import_excel(
        self, path: Path | None = None, sheet: str | None = None, mapping: dict[str, str] | None = None
    ) -> None:
        """File ▸ 导入Excel: read in the background (asking for the sheet when several qualify, and which column
        is which when the header is not recognised), preview, then write in one transaction."""
        importer = self.importer
        if importer is None:
            return
        path = path or file_dialogs.ask_open(self, "导入Excel", OPEN_FILTER)
        if path is None:
            return
        chosen_path = path

        def write(plan: ImportPlan[Any]) -> None:
            from township_desk.services.audit import logged_import  # one line in the operation log

            def apply(plan_: ImportPlan[Any], progress: Any) -> int:
                return logged_import(importer.apply, plan_, progress, self.title)

            run_task(
                self,
                "正在导入…",
                lambda progress: import_guard.apply_import(apply, plan, progress, self.window_.db_path),
                on_done=lambda added: self._imported(added, plan),
                on_error=lambda exc: messages.show_error(self, "导入Excel", exc),
            )

        def preview(plan: ImportPlan[Any]) -> None:
            dialog = ImportPreviewDialog(plan, importer.columns, self)
            dialog.accepted.connect(lambda: write(plan))
            dialog.open()

        def choose_sheet(exc: BaseException) -> None:
            if isinstance(exc, HeaderNotRecognised) and mapping is None and importer.fields and exc.headers:
                self._ask_mapping(importer, chosen_path, sheet, exc)
                return
            if not isinstance(exc, SheetChoiceNeeded) or sheet is not None:
                messages.show_error(self, "导入Excel", exc)
                return
            chooser = SheetChooserDialog(chosen_path.name, exc.sheets, self)
            chooser.accepted.connect(lambda: self.import_excel(chosen_path, chooser.chosen()))
            chooser.open()

        named = {"sheet": sheet} if sheet else {}
        remembered = column_mapping.remembered_for(importer.subject) if importer.subject else {}
        run_task(
            self,
            "正在读取 Excel…",
            lambda progress: column_mapping.planning_with(
                lambda: importer.plan(path, progress, **named), mapping, remembered
            ),
            on_done=preview,
            on_error=choose_sheet,
        )

    def _ask_mapping(
        self, importer: Importer, path: Path, sheet: str | None, exc: HeaderNotRecognised
    ) -> None:
        from township_desk.ui.dialogs.column_mapping import ColumnMappingDialog

        dialog = ColumnMappingDialog(path.name, str(exc), exc.headers, importer.fields, self)

        def mapped() -> None:
            chosen = dialog.mapping()
            if importer.subject:
                column_mapping.remember(importer.subject, exc.headers, chosen)
            self.import_excel(path, sheet, chosen)

        dialog.accepted.connect(mapped)
        dialog.open()

    def save_import_template(self, path: Path | None = None) -> None:
        """File ▸ 下载空白导入模板: the blank workbook this tab's import reads."""
        from township_desk.services.import_templates import write_template

        importer = self.importer
        if importer is None or not importer.fields:
            self.window_.show_status(f"{self.title}页没有导入模板。")
            return
        path = path or file_dialogs.ask_save(
            self, "下载空白模板", f"{self.title}导入模板.xlsx", "Excel 文件 (*.xlsx)"
        )
        if path is None:
            return
        try:
            out = write_template(importer.fields, path, self.title)
        except (OSError, ValueError) as exc:
            messages.show_error(self, "下载空白模板", exc)
            return
        self.window_.show_status(f"已保存空白模板 {out}：填好后用 文件 ▸ 导入Excel… 导入。")

    def _imported(self, added: int, plan: ImportPlan[Any]) -> None:
        self.after_change()
        refused = f"，拒绝 {len(plan.refused)} 行" if plan.refused else ""
        self.window_.show_status(f"已从“{plan.file.name}”导入 {added} 行{refused}。")

    def export_columns(self) -> Any:
        return None

    def export_rows(self, path: Path, progress: Any) -> int:
        raise NotImplementedError

    def export_excel(self, path: Path | None = None) -> None:
        """File ▸ 导出Excel: the list as it is shown (search and filters applied)."""
        path = path or file_dialogs.ask_save(
            self, "导出Excel", f"{self.title}名单.xlsx", "Excel 文件 (*.xlsx)"
        )
        if path is None:
            return
        run_task(
            self,
            "正在导出…",
            lambda progress: self.export_rows(path, progress),
            on_done=lambda count: self._exported(path, count),
            on_error=lambda exc: messages.show_error(self, "导出Excel", exc),
        )

    def _exported(self, path: Path, count: int) -> None:
        self.window_.show_status(f"已导出 {count} 行到 {path}")
        messages.export_done(self, "导出Excel", path, f"已导出{self.title}名单 {count} 行。")

    def print_actions(self) -> list[TabAction]:
        return []

    #: The fill-in paper forms of this subject (template names) that print blank, to fill by hand.
    blank_forms: tuple[str, ...] = ()

    def blank_actions(self) -> list[TabAction]:
        """打印 ▸ 空白表：… for each of the tab's fill-in forms (services/blank_forms.py prints them)."""
        from township_desk.services.blank_forms import blank_forms

        return [
            TabAction(f"空白表：{label}…", functools.partial(self.print_blank, None, name))
            for name, label in blank_forms(self.blank_forms)
        ]

    def print_blank(self, path: Path | None = None, name: str | None = None) -> None:
        """Print one of the tab's forms blank (the first when `name` is None)."""
        from township_desk.services.blank_forms import blank_label, print_blank
        from township_desk.ui.reporting import print_to_pdf

        chosen = name or self.blank_forms[0]
        label = blank_label(chosen)
        print_to_pdf(
            self,
            f"打印空白表：{label}",
            f"{label}（空白）.pdf",
            lambda out, progress: print_blank(chosen, out, progress),
            path,
        )


def _splitter(orientation: Qt.Orientation, widgets: Sequence[QWidget], stretch: Sequence[int]) -> QSplitter:
    splitter = QSplitter(orientation)
    for index, widget in enumerate(widgets):
        splitter.addWidget(widget)
        if index < len(stretch):
            splitter.setStretchFactor(index, stretch[index])
    return splitter
