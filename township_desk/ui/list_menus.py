"""What a list does as an office tool (issue 22): right-click menus on rows and on the header, Enter in the search
box moving into the list, buttons that need a selection greyed out without one, 批量修改, 修改记录, printing and
exporting only the selected rows, and the undo of edits made from the list's form.

Everything here acts on a RecordTab; record_tab.py calls `install(tab)` once and keeps thin methods."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from township_desk.ui import file_dialogs, messages

if TYPE_CHECKING:
    from township_desk.ui.record_editor import RecordEditor
    from township_desk.ui.record_tab import RecordTab


def install(tab: RecordTab) -> None:
    table = tab.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.customContextMenuRequested.connect(lambda pos: _popup(tab, pos))
    header = table.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda pos: header_menu(tab).popup(header.viewport().mapToGlobal(pos))
    )
    tab.search.returnPressed.connect(lambda: enter_list(tab))
    table.selectionModel().selectionChanged.connect(lambda *_: update_buttons(tab))
    tab.model.modelReset.connect(lambda: update_buttons(tab))  # every read of the list clears the selection


def enter_list(tab: RecordTab) -> None:
    """Enter in the search box: into the list, on its first row when none is chosen."""
    tab.table.setFocus(Qt.FocusReason.OtherFocusReason)
    if not tab.table.selectionModel().selectedRows() and tab.model.rowCount():
        tab.select_row(0)


def update_buttons(tab: RecordTab) -> None:
    chosen = bool(tab.table.selectionModel().selectedRows())
    for button in tab.selection_buttons():
        button.setEnabled(chosen)


# ---------------------------------------------------------------- the row menu


def _popup(tab: RecordTab, pos: QPoint) -> None:
    index = tab.table.indexAt(pos)
    if index.isValid() and not tab.table.selectionModel().isRowSelected(index.row()):
        tab.select_row(index.row())  # a right-click on an unselected row chooses it, as in Excel
    row_menu(tab).popup(tab.table.viewport().mapToGlobal(pos))


def row_menu(tab: RecordTab) -> QMenu:
    """The right-click menu of the selected rows (built afresh each time: what applies to this selection)."""
    menu = QMenu(tab.table)
    menu.setObjectName("row_menu")
    rows = tab.selected_ids()
    one = len(rows) == 1

    def add(text: str, slot: Any, enabled: bool = True) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(enabled)
        return action

    if tab.form is not None:
        add("编辑…", tab.edit_selected, one)
    if tab.model_class is not None and not tab.delete_button.isHidden():
        add("删除", tab.delete_selected, one)
    if tab.batch_keys and tab.form is not None:
        add(
            f"批量修改…（{len(rows)} 条）" if len(rows) > 1 else "批量修改…",
            tab.batch_edit_selected,
            bool(rows),
        )
    if tab.model_class is not None:
        add("修改记录…", tab.show_history_selected, one)
    extra = tab.row_actions()
    if extra:
        menu.addSeparator()
        for action in extra:
            add(action.label, action.run, one)
    menu.addSeparator()
    add("复制（含表头）", tab.copy_selected, bool(rows))
    if tab.can_print_selected():
        add("打印所选…", tab.print_selected_rows, bool(rows))
    add("导出所选…", tab.export_selected, bool(rows))
    return menu


# ---------------------------------------------------------------- the header menu: columns shown


def header_menu(tab: RecordTab) -> QMenu:
    """A tick per column; a column unticked is hidden, and stays hidden at the next start."""
    menu = QMenu(tab.table)
    menu.setObjectName("header_menu")
    columns = tab.model.columnCount()
    shown = [c for c in range(columns) if not tab.table.isColumnHidden(c)]
    for column in range(columns):
        label = str(tab.model.headerData(column, Qt.Orientation.Horizontal) or "")
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(not tab.table.isColumnHidden(column))
        action.setEnabled(not (len(shown) == 1 and column in shown))  # the last column shown stays
        action.toggled.connect(lambda on, column=column: set_column_shown(tab, column, on))
    menu.addSeparator()
    menu.addAction("显示全部列").triggered.connect(lambda _checked=False: show_all_columns(tab))
    return menu


def set_column_shown(tab: RecordTab, column: int, shown: bool) -> None:
    tab.table.setColumnHidden(column, not shown)
    if shown and tab.table.columnWidth(column) < 20:
        tab.table.setColumnWidth(column, tab.listing.columns[column].width)
    tab.save_layout(QSettings())  # remembered at once, not only when the window closes


def show_all_columns(tab: RecordTab) -> None:
    for column in range(tab.model.columnCount()):
        if tab.table.isColumnHidden(column):
            set_column_shown(tab, column, True)


# ---------------------------------------------------------------- 批量修改, 修改记录, undo of edits


def batch_edit(tab: RecordTab) -> Any:
    """批量修改…: one field, one value, every selected row, one transaction; Ctrl+Z undoes it."""
    from township_desk.services import batch_edit as batch
    from township_desk.ui.list_dialogs import BatchEditDialog

    ids = tab.selected_ids()
    if not ids or tab.form is None or not tab.batch_keys:
        tab.window_.show_status("请先在列表中选择要批量修改的记录（按住 Shift 或 Ctrl 可多选）。")
        return None
    form = tab.form
    dialog = BatchEditDialog(len(ids), batch.batch_fields(form, tab.batch_keys), tab)

    def apply() -> None:
        from township_desk.services.normalize import DateParseError, parse_date
        from township_desk.services.records import ValidationError

        key, value = dialog.chosen()
        try:
            if key == batch.LEAVE_POST:
                try:
                    ended = parse_date(value)
                except DateParseError as exc:
                    raise ValidationError(key, f"离任日期：{exc}") from exc
                change: Any = batch.leave_posts(ids, ended)
            else:
                change = batch.apply_batch(form, ids, key, value)
        except ValidationError as exc:
            dialog.show_error(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - a database error: said, nothing written
            messages.show_error(dialog, "批量修改", exc)
            return
        dialog.accept()
        tab.after_change()
        tab.window_.push_change(change)
        for record_id in ids[:1]:
            tab.select_id(record_id)

    dialog.apply = apply
    dialog.open()
    return dialog


def show_history(tab: RecordTab, record_id: str | None = None) -> Any:
    """修改记录: the record's history from the operation log."""
    from township_desk.services import deletions, record_history
    from township_desk.ui.list_dialogs import HistoryDialog

    record_id = record_id or tab.selected_id()
    if not record_id or tab.model_class is None:
        return None
    try:
        lines = record_history.history(tab.model_class, record_id)
        title = deletions.describe(tab.model_class, record_id)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, "修改记录", exc)
        return None
    dialog = HistoryDialog(title, lines, tab)
    dialog.open()
    return dialog


def watch_editor(tab: RecordTab, editor: RecordEditor) -> None:
    """An editor opened from the list: a 修改记录 button for a stored record, and its save pushed on the
    window's undo stack (编辑 ▸ 撤销 puts the fields back through the services)."""
    from township_desk.services.changes import AddChange, EditChange
    from township_desk.services.record_save import differing, editable_keys

    record_id = editor.record_id
    if record_id and tab.model_class is not None:
        button = editor.buttons.addButton("修改记录…", QDialogButtonBox.ButtonRole.HelpRole)
        button.setObjectName("history_button")
        button.clicked.connect(lambda: show_history(tab, record_id))

    def saved() -> None:
        if not editor.saved_id:
            return
        name = str(editor.values().get("name") or tab.record_noun)
        try:
            if record_id is None:
                if tab.model_class is not None:
                    change: Any = AddChange(tab.model_class, editor.saved_id, f"新增“{name}”")
                    tab.window_.push_change(change)
                return
            spec = editor.spec
            mine = differing(editor.shown, editor.values(), editable_keys(spec))
            after = spec.load(record_id)
            before = dict(after)
            before.update({key: editor.opened.get(key) for key in mine})
            change = EditChange.after_save(spec, record_id, before, name)
        except Exception:  # noqa: BLE001 - the save itself succeeded: only the undo is not offered
            return
        if change is not None:
            tab.window_.push_change(change)

    editor.accepted.connect(saved)


# ---------------------------------------------------------------- the selection on paper and in Excel


def export_selected(tab: RecordTab, path: Path | None = None) -> None:
    """导出所选: the selected rows as the list shows them (its shown columns), through the one workbook writer."""
    from township_desk.services.excel_export import write_workbook
    from township_desk.ui.workers import run_task

    rows = tab.selected_rows()
    if not rows:
        return
    path = path or file_dialogs.ask_save(
        tab, "导出所选", f"{tab.title}（所选 {len(rows)} 行）.xlsx", "Excel 文件 (*.xlsx)"
    )
    if path is None:
        return
    columns = [
        (column.key, column.label)
        for index, column in enumerate(tab.listing.columns)
        if not tab.table.isColumnHidden(index)
    ]
    out = path
    run_task(
        tab,
        "正在导出…",
        lambda progress: write_workbook(out, f"{tab.title}名单", columns, rows, len(rows), progress),
        on_done=lambda count: messages.export_done(
            tab, "导出所选", out, f"已导出所选{tab.title} {count} 行。"
        ),
        on_error=lambda exc: messages.show_error(tab, "导出所选", exc),
    )
