"""文件 ▸ 恢复备份: the backups with date and counts, restoring one after confirmation; and the start-up check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.db import close_database
from township_desk.services import backups, startup_check
from township_desk.ui import messages
from township_desk.ui.workers import wait_for_tasks

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def _counts(path: Path, limit: int = 5) -> str:
    try:
        return backups.counts_text(backups.backup_counts(path), limit)
    except Exception:  # noqa: BLE001 - a backup that cannot be read is shown as such
        return "（无法读取）"


class BackupsDialog(QDialog):
    """The backups of the open database, newest first; 恢复 puts one in place after confirmation."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("恢复备份")
        self.items: list[backups.BackupInfo] = []
        folder = backups.folder(window.db_path)
        intro = QLabel(
            f"备份保存在数据库旁的“{folder.name}”文件夹中：启动时和修改后每隔几分钟自动备份，导入和升级前也会备份；"
            "每份备份都经过校验，较旧的按“近 7 天每天、近 4 周每周、近 12 个月每月各保留一份”自动精简。"
            "恢复时，当前的数据库会另存为“恢复前”备份，不会丢失。"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "内容", "大小"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.empty_label = QLabel("还没有备份。可以点“立即备份”。")
        self.backup_button = QPushButton("立即备份")
        self.restore_button = QPushButton("恢复选中的备份…")
        folder_button = QPushButton("打开备份文件夹")
        close_button = QPushButton("关闭")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(820, 440)
        self.reload()

    def reload(self) -> None:
        self.items = backups.list_backups(self.window_.db_path)
        self.table.setRowCount(len(self.items))
        for row, info in enumerate(self.items):
            values = (
                f"{info.taken_at:%Y-%m-%d %H:%M:%S}",
                info.reason_label,
                _counts(info.path, 8),
                _size(info.size),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(
                    _counts(info.path, 100).replace("，", "\n") if column == 2 else str(info.path)
                )
                self.table.setItem(row, column, item)
        self.empty_label.setVisible(not self.items)
        self.restore_button.setEnabled(bool(self.items))
        if self.items:
            self.table.selectRow(0)

    def _selected(self) -> backups.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def backup_now(self) -> None:
        try:
            info = backups.make_backup(self.window_.db_path, "手动")
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "立即备份", exc)
            return
        self.reload()
        self.window_.show_status(f"已备份：{info.path.name}（已校验）")

    def restore_selected(self) -> None:
        info = self._selected()
        if info is None:
            return
        text = (
            f"用 {info.taken_at:%Y-%m-%d %H:%M} 的备份（{info.reason_label}）恢复数据库？\n"
            f"备份内容：{_counts(info.path)}\n\n"
            "当前的数据库会另存为“恢复前”备份，需要时可以再恢复回来。"
        )
        if not messages.confirm(self, "恢复备份", text, "恢复"):
            return
        if restore_in_window(self.window_, info.path):
            self.reload()


def restore_in_window(window: MainWindow, backup: Path) -> bool:
    """Close the database, put the backup in place (the current file kept aside), open it again."""
    wait_for_tasks()
    close_database()
    try:
        aside = backups.restore_backup(window.db_path, backup)
    except Exception as exc:  # noqa: BLE001 - the current file is still in place; open it again
        window.switch_database(window.db_path)
        messages.show_error(window, "恢复备份", exc)
        return False
    window.switch_database(window.db_path)
    kept = f"；原数据库已保留为“{aside.name}”" if aside is not None else ""
    window.show_status(f"已用备份“{backup.name}”恢复{kept}")
    return True


def check_at_start(db_path: Path, parent: QWidget | None = None) -> bool:
    """Before the database opens: a damaged file is moved aside and the latest good backup offered.

    Returns False only when nothing can be opened.
    """
    report = startup_check.check_at_start(db_path)
    if report.status == "ok":
        return True
    if report.status == "inconsistent":
        messages.show_error(
            parent,
            "数据库检查",
            f"启动检查发现：{report.text()}。\n数据库仍可使用；请用 帮助 ▸ 检查数据库 查看，"
            "必要时用 文件 ▸ 恢复备份 恢复较早的备份。",
        )
        return True
    try:
        aside = startup_check.move_aside(db_path)
    except OSError as exc:
        messages.show_error(parent, "数据库已损坏", f"数据库文件已损坏（{report.text()}），且无法移开：{exc}")
        return False
    kept = f"损坏的文件已保留为：{aside}" if aside is not None else ""
    good = backups.latest_good_backup(db_path)
    rescue = "抢救损坏文件中可读的数据" if aside is not None else None
    if good is not None:
        text = (
            f"数据库文件已损坏（{report.text()}）。\n{kept}\n\n"
            f"最近的完好备份：{good.label()}\n内容：{_counts(good.path)}\n\n"
            "可以用这个备份恢复；也可以从损坏的文件中抢救还能读出的数据（可能比备份更新，但可能缺少部分记录）。"
        )
        answers = ["用备份恢复", *([rescue] if rescue else []), "新建空数据库"]
    else:
        text = (
            f"数据库文件已损坏（{report.text()}）。\n{kept}\n没有找到可用的备份。\n\n"
            "可以从损坏的文件中抢救还能读出的数据，写入一个新的数据库。"
        )
        answers = [*([rescue] if rescue else []), "新建空数据库"]
    choice = answers[messages.choose(parent, "数据库已损坏", text, answers)]
    if choice == "用备份恢复" and good is not None:
        try:
            backups.restore_backup(db_path, good.path)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(parent, "恢复备份", exc)
        return True
    if choice == rescue and aside is not None:
        from township_desk.services.salvage import salvage

        try:
            rescued = salvage(aside, db_path)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(parent, "抢救数据", exc)
            return True
        messages.show_error(parent, "抢救数据", "\n".join(rescued.lines()[:12]))
        return True
    messages.show_error(
        parent,
        "数据库已损坏",
        f"将新建一个空数据库。{kept}\n"
        f"备份都在“{backups.folder(db_path)}”中，可随时用 文件 ▸ 恢复备份 选择一份恢复。",
    )
    return True
