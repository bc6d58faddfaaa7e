"""Dialogs of the county exchange: 导出上报文件, 合并乡镇文件 with its result, and the ID-number review list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.db import database
from township_desk.services import db_files
from township_desk.services.exchange import SUFFIX, ExportResult, export_for_county, suggested_name
from township_desk.services.merge import (
    MergeReport,
    ReviewItem,
    is_county_database,
    make_county_database,
    merge_files,
    review_items,
)
from township_desk.services.settings import get_setting, set_setting
from township_desk.ui import file_dialogs, messages
from township_desk.ui.workers import run_task

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow

PACKAGE_FILTER = "上报文件 (*.tdx *.zip);;所有文件 (*)"


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _documents() -> str:
    stored = QSettings().value("paths/last_folder", "")
    if stored and Path(str(stored)).is_dir():
        return str(stored)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def ask_open_files(parent: QWidget | None) -> list[Path]:
    """Choose township files (several at once); tests replace this."""
    names, _ = QFileDialog.getOpenFileNames(parent, "选择各乡镇的上报文件", _documents(), PACKAGE_FILTER)
    if names:
        QSettings().setValue("paths/last_folder", str(Path(names[0]).parent))
    return [Path(name) for name in names]


# ---------------------------------------------------------------- 导出上报文件


class CountyExportDialog(QDialog):
    """Township name and code, what the file will hold, where to write it; then export and show the SHA-256."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.result: ExportResult | None = None
        self.setWindowTitle("导出上报文件")
        self.name = QLineEdit(get_setting("township"))
        self.name.setObjectName("township")
        self.code = QLineEdit(get_setting("township_code"))
        self.code.setObjectName("township_code")
        self.code.setPlaceholderText("统计用区划代码前 9 位，如 430725100（可不填）")
        self.out = QLineEdit(str(Path(_documents()) / suggested_name(self.name.text().strip())))
        self.out.setObjectName("out")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("乡镇(街道)名称", self.name)
        form.addRow("乡镇代码", self.code)
        form.addRow("保存到", where)

        first = ("人员", "村(社区)")
        counts = sorted(self._counts(), key=lambda c: first.index(c[0]) if c[0] in first else len(first))
        self.counts = _table(
            ["数据", "记录数", "其中回收站"],
            [[label, str(rows), str(rows - live) if rows - live else ""] for label, rows, live in counts],
        )
        total = sum(rows for _label, rows, _live in counts)
        note = QLabel(
            f"上报文件是当前数据库的一致副本（共 {total} 条记录，含回收站中的删除记录，删除也会同步到县里），"
            "附带清单：乡镇名称和代码、数据版本、导出时间、各表记录数和 SHA-256 校验值。"
            "县委组织部合并前会逐项核对。"
        )
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.counts, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(620, 520)

    def _counts(self) -> list[tuple[str, int, int]]:
        try:
            with db_files.connect(self.window_.db_path) as connection:
                return [(c.label, c.rows, c.live) for c in db_files.table_counts(connection)]
        except Exception:  # noqa: BLE001 - the preview is only informative
            return []

    def _browse(self) -> None:
        path = file_dialogs.ask_save(self, "导出上报文件", Path(self.out.text()).name, "上报文件 (*.tdx)")
        if path is not None:
            self.out.setText(str(path))

    def _error(self, text: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)

    def export(self) -> None:
        name, code = self.name.text().strip(), self.code.text().strip()
        if not name:
            self._error("请填写乡镇(街道)名称。")
            self.name.setFocus()
            return
        out = Path(self.out.text().strip())
        if not self.out.text().strip():
            self._error("请选择保存位置。")
            return
        if out.suffix.lower() != SUFFIX:
            out = out.with_name(out.name + SUFFIX)
        if name != get_setting("township") or code != get_setting("township_code"):
            with database.atomic():
                set_setting("township", name)
                set_setting("township_code", code)
            self.window_.reload_all()
        self.export_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText("正在导出…")
        db_path = self.window_.db_path
        run_task(
            self,
            "正在导出上报文件…",
            lambda progress: export_for_county(db_path, out, progress),
            on_done=self._done,
            on_error=self._failed,
            on_cancel=lambda: self._error("已取消，没有生成文件。"),
        )

    def _done(self, result: ExportResult) -> None:
        self.result = result
        self.export_button.setEnabled(True)
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(f"{result.summary()}\n文件：{result.path}\nSHA-256：{result.sha256}")
        self.window_.show_status(f"已导出上报文件：{result.path}")

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._error(messages.user_message(exc))


# ---------------------------------------------------------------- 合并乡镇文件


def merge_townships(window: MainWindow, files: list[Path] | None = None, county: Path | None = None) -> None:
    """Choose township files and merge them into the open county database (or a new one)."""
    files = files if files is not None else ask_open_files(window)
    if not files:
        return
    if not is_county_database():
        county = county or file_dialogs.ask_save(
            window, "新建县级汇总数据库", "县级汇总.db", "数据库文件 (*.db)"
        )
        if county is None:
            return
        previous = window.db_path
        if not window.switch_database(county):
            return
        try:
            make_county_database()
        except Exception as exc:  # noqa: BLE001 - e.g. the chosen file holds a township's data
            window.switch_database(previous)
            messages.show_error(window, "合并乡镇文件", exc)
            return
        window.reload_all()
    target = window.db_path

    def done(report: MergeReport) -> None:
        window.reload_all()
        MergeResultDialog(report, window).open()

    run_task(
        window,
        "正在合并乡镇文件…",
        lambda progress: merge_files(target, files, progress),
        on_done=done,
        on_error=lambda exc: messages.show_error(window, "合并乡镇文件", exc),
        on_cancel=lambda: window.show_status("已取消合并，县级汇总数据库没有改动。"),
    )


class MergeResultDialog(QDialog):
    """Each file's outcome (merged, skipped, refused and why) and the ID numbers listed for review."""

    def __init__(self, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("合并结果")
        status = {"merged": "已合并", "skipped": "跳过", "refused": "拒绝"}
        rows = [
            [
                o.path.name,
                o.township,
                status[o.status],
                o.signature if o.status == "merged" else "",
                (f"新增或更新 {o.rows_changed} 条" + (f"；{o.result}" if o.result else ""))
                if o.status == "merged"
                else o.reason,
            ]
            for o in report.files
        ]
        self.files = _table(["文件", "乡镇", "结果", "签名", "说明"], rows)
        changed = sum(o.rows_changed for o in report.merged)
        summary = f"合并 {len(report.merged)} 个文件，新增或更新 {changed} 条记录。"
        if report.refused:
            summary += f"拒绝 {len(report.refused)} 个文件（未写入其中任何数据），原因见上表。"
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.summary)
        groups = report.review_groups()
        if groups:
            layout.addWidget(
                QLabel(f"身份证号相同、来自不同乡镇的人员 {len(groups)} 组（均已保留，待核对）：")
            )
            self.reviews = _review_table(report.reviews)
            layout.addWidget(self.reviews, 1)
        layout.addWidget(_close_buttons(self))
        self.resize(760, 480)


def _close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _review_table(items: list[ReviewItem]) -> QTableWidget:
    return _table(["身份证号", "姓名", "来源乡镇"], [[i.id_number, i.name, i.township] for i in items])


class ReviewDialog(QDialog):
    """The county database's list of ID numbers that arrived from more than one township."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("身份证号重复待核对")
        items = review_items()
        numbers = len({i.id_number for i in items})
        text = (
            f"以下 {numbers} 个身份证号在不同乡镇的上报文件中都出现了。这些记录均已保留，未相互覆盖；"
            "请与相关乡镇核实是同一人调动、重复登记还是录入错误，由乡镇改正后重新上报。"
        )
        label = QLabel(text if items else "没有待核对的重复身份证号。")
        label.setWordWrap(True)
        self.table = _review_table(items)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(_close_buttons(self))
        self.resize(560, 420)
