"""What the county exchange and the backups add to the main window: File-menu entries, the township
filter of a county database (each list narrows itself: Listing.set_county) and the every-N-minutes backup.
The backup before every import is a service rule (services.import_guard), not something added here.

The menu entries are made with the window, before the database is read; the services are imported
when first used so that the window can paint before peewee loads (see ui/main_window.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QWidget

if TYPE_CHECKING:
    from township_desk.services import backups
    from township_desk.ui.main_window import MainWindow
    from township_desk.ui.record_tab import RecordTab

DEFAULT_INTERVAL_MINUTES = 10
START_DELAY_MS = 3000


class _BackupSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _BackupJob(QRunnable):
    """backups.backup_if_changed on the thread pool (plain sqlite3 connections, no peewee state)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _BackupSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # noqa: BLE001 - reported to the window
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class DataSafety(QObject):
    """Created by the main window while it builds the File menu; refresh() follows the open database."""

    def __init__(self, window: MainWindow, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.township = ""  # the township a county database is narrowed to ("" = all)
        self.county = False
        self.job: _BackupJob | None = None

        self.export_action = self._add(file_menu, "导出上报文件…", self.export_for_county)
        self.merge_action = self._add(file_menu, "合并乡镇文件（县级汇总）…", self.merge_townships)
        self.review_action = self._add(file_menu, "身份证号重复待核对…", self.show_reviews)
        self.merge_log_action = self._add(file_menu, "合并记录…", self.show_merge_log)
        self.rekey_action = self._add(file_menu, "重新生成本库标识…", self.rekey)
        self.keys_action = self._add(file_menu, "密钥管理…", self.manage_keys)
        self.install_key_action = self._add(file_menu, "安装县里的密钥…", self.install_key)
        file_menu.addSeparator()
        self.backup_action = self._add(file_menu, "立即备份", lambda: self.backup_in_background("手动", True))
        self.restore_action = self._add(file_menu, "恢复备份…", self.open_backups)

        self.township_box = QComboBox()
        self.township_box.setObjectName("township_filter")
        self.township_box.setMinimumContentsLength(8)
        self.township_box.currentTextChanged.connect(self._township_chosen)
        corner = QWidget()
        layout = QHBoxLayout(corner)
        layout.setContentsMargins(4, 0, 4, 2)
        layout.addWidget(QLabel("乡镇："))
        layout.addWidget(self.township_box)
        self.corner = corner
        window.tabs.setCornerWidget(corner)  # top right
        corner.hide()

        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.backup_in_background("自动"))

    def _add(self, menu: QMenu, text: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ---- following the open database
    def refresh(self) -> None:
        """Show the county parts (township filter, merge review) only for a county database."""
        from township_desk.services.county_file import is_county_database, merged_townships
        from township_desk.services.listing import ALL

        self.county = is_county_database()
        self.export_action.setVisible(not self.county)
        self.review_action.setVisible(self.county)
        self.merge_log_action.setVisible(self.county)
        self.rekey_action.setVisible(not self.county)
        self.keys_action.setVisible(self.county)
        self.install_key_action.setVisible(not self.county)
        self.corner.setVisible(self.county)
        if self.county:
            names = merged_townships()
            if self.township not in names:
                self.township = ""
            self.township_box.blockSignals(True)
            self.township_box.clear()
            self.township_box.addItems([ALL, *names])
            self.township_box.setCurrentText(self.township or ALL)
            self.township_box.blockSignals(False)
        else:
            self.township = ""
        for page in self.window.built_pages():
            self.adopt(page)

    def adopt(self, page: RecordTab) -> None:
        """A page just built (or the file changed): its list knows whether this is a county database."""
        set_county = getattr(page.listing, "set_county", None)  # 首页 lists nothing of its own
        if set_county is not None:
            set_county(self.county, self.township)

    def _township_chosen(self, text: str) -> None:
        from township_desk.services.listing import ALL

        self.township = "" if text == ALL else text
        for page in self.window.built_pages():
            self.adopt(page)
        self.window.reload_all()

    # ---- backups
    def start(self) -> None:
        """Back up soon after start-up when the data changed since the last backup, then every N minutes."""
        QTimer.singleShot(START_DELAY_MS, self, lambda: self.backup_in_background("启动"))  # not after close
        minutes = int(QSettings().value("backups/interval_minutes", DEFAULT_INTERVAL_MINUTES) or 0)
        if minutes > 0:
            self.timer.start(minutes * 60 * 1000)

    def backup_in_background(self, reason: str, always: bool = False) -> None:
        if self.job is not None:
            return
        from township_desk.services import backups

        path = self.window.db_path

        def work() -> backups.BackupInfo | None:
            if always:
                return backups.make_backup(path, reason)
            return backups.backup_if_changed(path, reason)

        self.job = _BackupJob(work)
        self.job.signals.done.connect(self._backed_up)
        self.job.signals.failed.connect(self._backup_failed)
        QThreadPool.globalInstance().start(self.job)

    def _backed_up(self, info: backups.BackupInfo | None) -> None:
        self.job = None
        if not shiboken6.isValid(self.window):
            return  # the window closed while the copy was being made (the copy itself is kept)
        if info is not None:
            self.window.show_status(f"已备份：{info.path.name}（已校验）")

    def _backup_failed(self, exc: BaseException) -> None:
        from township_desk.ui import messages

        self.job = None
        if shiboken6.isValid(self.window):
            messages.show_error(self.window, "自动备份", exc)

    # ---- dialogs
    def export_for_county(self) -> None:
        from township_desk.ui.dialogs.county_export import CountyExportDialog

        CountyExportDialog(self.window).open()

    def merge_townships(self) -> None:
        from township_desk.ui.dialogs.county_export import merge_townships

        merge_townships(self.window)

    def show_reviews(self) -> None:
        from township_desk.ui.dialogs.county_export import ReviewDialog

        ReviewDialog(self.window).open()

    def show_merge_log(self) -> None:
        from township_desk.ui.dialogs.merge_log import MergeLogDialog

        MergeLogDialog(self.window).open()

    def rekey(self) -> None:
        from township_desk.ui.dialogs.township_identity import rekey_database

        rekey_database(self.window)

    def manage_keys(self) -> None:
        from township_desk.ui.dialogs.county_keys import CountyKeysDialog

        CountyKeysDialog(self.window).open()

    def install_key(self) -> None:
        from township_desk.ui.dialogs.county_keys import install_county_key

        install_county_key(self.window)

    def open_backups(self) -> None:
        from township_desk.ui.dialogs.backups import BackupsDialog

        BackupsDialog(self.window).open()
