"""Starting the window: the application object, the bundled CJK font, settings, the database."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from township_desk import APP_ID, APP_NAME
from township_desk.db import close_database, open_database
from township_desk.paths import bundled_font, resources_dir

PREFERRED_FAMILIES = ("Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    icon = resources_dir() / "icons" / "app.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_cjk_font(app)
    return app


def install_cjk_font(app: QApplication) -> str:
    """Load the bundled font and use the best CJK family present (the office PC may have none)."""
    QFontDatabase.addApplicationFont(str(bundled_font()))
    families = set(QFontDatabase.families())
    family = next((f for f in PREFERRED_FAMILIES if f in families), "WenQuanYi Micro Hei")
    font = QFont(family)
    font.setPointSize(10)
    app.setFont(font)
    return family


class _QuitOnFirstPaint(QObject):
    """Ends the event loop once the window has painted (start-up measurements in bench/)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def _clean_key(db_path: Path) -> str:
    """The setting that remembers how a database file looked when this program last closed it."""
    return f"startup_check/{hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()}"


def run_app(db_path: Path, quit_after_first_paint: bool = False) -> int:
    from township_desk.ui.main_window import MainWindow

    app = make_application()
    from township_desk.services.startup_check import fingerprint
    from township_desk.ui.dialogs.backups import check_at_start

    settings = QSettings()
    closed_cleanly = db_path.exists() and settings.value(_clean_key(db_path)) == fingerprint(db_path)
    # quick_check + foreign_key_check (about 1 s on a 450 MB county file) unless the file is exactly as
    # this program left it at its last clean close; a damaged file is set aside and a backup offered.
    if not closed_cleanly and not check_at_start(db_path):
        return 2
    try:
        open_database(db_path)
    except Exception as exc:  # noqa: BLE001 - any refusal becomes a message, not a traceback
        from township_desk.ui.messages import user_message

        QMessageBox.critical(None, APP_NAME, f"无法打开数据库：\n{user_message(exc)}")
        return 2
    window = MainWindow(db_path)
    if quit_after_first_paint:
        probe = _QuitOnFirstPaint(window)
        window.installEventFilter(probe)
    window.show()
    if not quit_after_first_paint:
        window.data_safety.start()  # back up after start-up when the data changed, then every N minutes
    try:
        return int(app.exec())
    finally:
        close_database()
        if window.db_path.exists():
            settings.setValue(_clean_key(window.db_path), fingerprint(window.db_path))
