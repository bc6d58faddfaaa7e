"""What the county exchange and the backups add to the main window: File-menu entries, the township
filter of a county database, the every-N-minutes backup, and a backup before every import.

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

ORIGIN = "origin_township"
ARRIVED = "_last_arrived"  # the county row's 最近报送 (services.merge.Arrivals)
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
        self.arrivals: Any = None  # services.merge.Arrivals of the open county database
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
        from township_desk.services.listing import ALL
        from township_desk.services.merge import is_county_database, merged_townships

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
            scope_listing(page, self) if self.county else unscope_listing(page)

    def adopt(self, page: RecordTab) -> None:
        """A page just built: back up before its imports, and narrow it to the township in a county file."""
        self._guard_import(page)
        if self.county:
            scope_listing(page, self)

    def _township_chosen(self, text: str) -> None:
        from township_desk.services.listing import ALL

        self.township = "" if text == ALL else text
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
        if not shiboken6.isValid(self.window):  # the window closed while the backup ran
            return
        if info is not None:
            self.window.show_status(f"已备份：{info.path.name}（已校验）")

    def _backup_failed(self, exc: BaseException) -> None:
        from township_desk.ui import messages

        self.job = None
        if shiboken6.isValid(self.window):
            messages.show_error(self.window, "自动备份", exc)

    def _guard_import(self, page: RecordTab) -> None:
        """Every import of every tab first backs up the data as it is (when it changed since the last backup)."""
        importer = page.importer
        if importer is None:
            return
        apply = importer.apply

        def guarded(plan: Any, progress: Any) -> int:
            from township_desk.services import backups

            backups.backup_before_import(self.window.db_path)
            return apply(plan, progress)

        import dataclasses

        try:
            page.importer = dataclasses.replace(importer, apply=guarded)
        except (AttributeError, TypeError):  # a tab whose importer cannot be replaced keeps its own
            pass

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


# ---------------------------------------------------------------- the township filter of a county database

def scope_listing(page: RecordTab, safety: DataSafety) -> None:
    """Narrow a tab's list to the chosen township and add a 乡镇 column (the tab's own listing, unchanged)."""
    from township_desk.services.listing import Column

    listing: Any = page.listing
    if "_county_saved" in vars(listing):
        return
    original_query = listing.base_query
    original_row = listing.to_row
    try:
        model = original_query().model
        field = getattr(model, ORIGIN)
    except Exception:  # noqa: BLE001 - a list not over one of our models stays as it is
        return

    from township_desk.services.county_view import arrivals

    updated = getattr(model, "updated_at", None)

    def base_query() -> Any:
        safety.arrivals = arrivals()  # the merge log is small: read with every list query
        query = original_query().select_extend(field.alias(ORIGIN), updated.alias(ARRIVED))
        if safety.township:
            query = query.where(field == safety.township)
        return query

    def to_row(record: Any) -> dict[str, Any]:
        row = original_row(record)
        value = record.get(ORIGIN) if isinstance(record, dict) else getattr(record, ORIGIN, None)
        row[ORIGIN] = value or ""
        edited = record.get(ARRIVED) if isinstance(record, dict) else getattr(record, ARRIVED, None)
        row[ARRIVED] = safety.arrivals.of(value, edited) if safety.arrivals else ""
        return row

    listing._county_saved = {key: vars(listing)[key] for key in ("columns",) if key in vars(listing)}
    listing.columns = (*listing.columns, Column(ORIGIN, "乡镇", field, width=90),
                       Column(ARRIVED, "最近报送", updated, width=150))
    listing.base_query = base_query
    listing.to_row = to_row


def unscope_listing(page: RecordTab) -> None:
    listing: Any = page.listing
    saved = vars(listing).pop("_county_saved", None)
    if saved is None:
        return
    for key in ("base_query", "to_row", "columns"):
        vars(listing).pop(key, None)
    for key, value in saved.items():
        setattr(listing, key, value)
