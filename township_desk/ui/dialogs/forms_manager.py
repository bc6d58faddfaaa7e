"""文件 ▸ 表样管理: every printed form, whether the county has its own file of it, and the steps to
change one (copy it to the forms folder, open the folder, check it, go back to the default)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.reports import form_files
from township_desk.ui import messages

TITLE = "表样管理"
HELP = (
    "打印时优先使用表样文件夹中的同名表样（.toml 文件，可用记事本修改）。"
    "先选中一张表，点“导出到表样文件夹”，改好后点“检查”。表样有误时，打印会改用程序自带的表样并提示。"
)


def open_folder(parent: QWidget | None, folder: object) -> bool:
    """Open a folder in the system's file manager; tell the clerk where it is when that cannot be done."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    messages.show_error(parent, TITLE, f"无法用系统的文件管理器打开文件夹，请手动打开：\n{folder}")
    return False


class FormsManagerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forms_manager")
        self.setWindowTitle(TITLE)
        intro = QLabel(HELP)
        intro.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setObjectName("forms_folder")
        self.folder.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("forms_table")
        self.table.setHorizontalHeaderLabels(["表样", "文件名", "状态"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.result = QLabel()
        self.result.setObjectName("forms_result")
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        self.export_button = self._button(buttons, "导出到表样文件夹", self.export_selected)
        self._button(buttons, "打开表样文件夹", self.open_folder)
        self._button(buttons, "检查", self.check)
        self.restore_button = self._button(buttons, "恢复默认", self.restore_selected)
        buttons.addStretch(1)
        self._button(buttons, "关闭", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.resize(760, 620)
        self.forms: list[form_files.FormFile] = []
        self.refresh()

    def _button(self, layout: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def refresh(self, keep: str | None = None) -> None:
        self.folder.setText(f"表样文件夹：{form_files.user_forms_dir()}")
        self.forms = form_files.list_forms()
        self.table.setRowCount(len(self.forms))
        for row, form in enumerate(self.forms):
            for column, text in enumerate((form.label, f"{form.name}.toml", form.status)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if form.name == keep:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()

    def select(self, name: str) -> None:
        row = next(i for i, form in enumerate(self.forms) if form.name == name)
        self.table.selectRow(row)

    def selected(self) -> form_files.FormFile | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.result.setText("请先在列表中选中一张表。")
            return None
        return self.forms[rows[0].row()]

    def export_selected(self) -> None:
        form = self.selected()
        if form is None:
            return
        existed = form.customised
        try:
            path = form_files.export_form(form.name)
        except (OSError, form_files.TemplateError) as exc:
            messages.show_error(self, TITLE, exc)
            return
        self.refresh(form.name)
        if existed:
            self.result.setText(f"“{form.label}”已有自定义表样，未覆盖：{path}")
        else:
            self.result.setText(f"已把“{form.label}”复制到 {path}，用记事本修改并保存后，打印即使用它。")

    def open_folder(self) -> None:
        try:
            folder = form_files.forms_folder()
        except OSError as exc:
            messages.show_error(self, TITLE, exc)
            return
        open_folder(self, folder)

    def check(self) -> None:
        problems = form_files.check_all()
        customised = sum(1 for form in self.forms if form.customised)
        if not problems:
            self.result.setText(
                f"检查了 {len(self.forms)} 张表样（其中自定义 {customised} 张），都没有问题。"
            )
            return
        self.result.setText(f"{len(problems)} 张表样有误，打印时会改用程序自带的表样：{'、'.join(problems)}")
        messages.show_error(self, TITLE, "\n\n".join(problems.values()))

    def restore_selected(self) -> None:
        form = self.selected()
        if form is None:
            return
        if not form.customised:
            self.result.setText(f"“{form.label}”没有自定义，本来就是程序自带的表样。")
            return
        question = (
            f"删除自定义的“{form.label}”（{form.path}），恢复使用程序自带的表样？对该文件的修改将丢失。"
        )
        if not messages.confirm(self, TITLE, question, "恢复默认"):
            return
        try:
            form_files.restore_default(form.name)
        except OSError as exc:
            messages.show_error(self, TITLE, exc)
            return
        self.refresh(form.name)
        self.result.setText(f"已恢复“{form.label}”的默认表样。")


def open_forms_manager(parent: QWidget) -> FormsManagerDialog:
    dialog = FormsManagerDialog(parent)
    dialog.open()
    return dialog
