"""Starting the window: the application object, the bundled CJK font, settings, the database."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QSettings, QTimer, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from township_desk import APP_ID
from township_desk.paths import bundled_font, fallback_fonts, resources_dir

PREFERRED_FAMILIES = (
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    # No applicationDisplayName: Qt would append it to every window title ("… — 漳江镇 — 乡镇党建工作台");
    # the main window names the program itself.
    install_chinese_translations(app)
    icon = resources_dir() / "icons" / "app.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_cjk_font(app)
    return app


def install_chinese_translations(app: QApplication) -> list[str]:
    """Qt's own texts (context menus, file and message dialogs' buttons) in Chinese: the qtbase_zh_CN
    translation that PySide6 ships (or the one beside the frozen bundle). Returns the files loaded."""
    if getattr(app, "_township_translators", None):
        return [t.filePath() for t in app._township_translators]  # type: ignore[attr-defined]
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folders = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(resources_dir() / "translations"),
    ]
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        for folder in folders:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                translators.append(translator)
                break
    app._township_translators = translators  # type: ignore[attr-defined]  # kept alive with the app
    return [t.filePath() for t in translators]


def install_cjk_font(app: QApplication) -> str:
    """Load the bundled font and use the best CJK family present (the office PC may have none)."""
    QFontDatabase.addApplicationFont(str(bundled_font()))
    # Rare characters of names (䶮, 𬌗: CJK Extensions A–H) come from the bundled fallback fonts.
    rare = [
        f
        for path in fallback_fonts()
        for f in QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(path)))
    ]
    families = set(QFontDatabase.families())
    family = next((f for f in PREFERRED_FAMILIES if f in families), "WenQuanYi Micro Hei")
    font = QFont(family)
    font.setFamilies([family, *rare])
    font.setPointSize(10)
    app.setFont(font)
    return family


LOG_NAME = "township-desk.log"


def log_file() -> Path:
    """The rotating log in the user log folder (platformdirs): where unexpected errors are written."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False)) / LOG_NAME


class _ErrorReporter(QObject):
    """Lives in the GUI thread: an error in a worker thread is shown from there (a queued signal)."""

    happened = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.showing = False
        self.happened.connect(self.show)

    def show(self, kind: str) -> None:
        if self.showing:  # one dialog at a time, even when an error repeats (e.g. in painting)
            return
        self.showing = True
        try:
            from township_desk.ui import messages

            messages.show_error(
                None,
                "程序出错",
                f"程序遇到了一个意外错误（{kind}），刚才的操作可能没有完成；已保存的数据不受影响。\n\n"
                f"详细情况已记录在日志文件中，请把它发给技术人员：\n{self.path}",
            )
        finally:
            self.showing = False


_reporter: _ErrorReporter | None = None


def install_error_log(path: Path | None = None) -> Path:
    """Write warnings and errors to a rotating log file (1 MB × 5) and show an unexpected error as a Chinese
    dialog naming that file, instead of a traceback on a console the windowed bundle does not have.
    Call in the GUI thread, once the application exists."""
    import logging
    import threading
    from logging.handlers import RotatingFileHandler

    global _reporter
    path = path or log_file()
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "township_desk_log", False):
            root.removeHandler(old)
            old.close()
    handler: RotatingFileHandler | None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True)
    except OSError:
        handler = None  # no log folder (a locked-down PC): the dialog still shows
    if handler is not None:
        handler.township_desk_log = True  # type: ignore[attr-defined]
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        if root.level > logging.WARNING or root.level == logging.NOTSET:
            root.setLevel(logging.WARNING)
    _reporter = _ErrorReporter(path)
    sys.excepthook = lambda kind, value, tb: report_unexpected_error(value)
    threading.excepthook = lambda args: report_unexpected_error(args.exc_value) if args.exc_value else None
    return path


def report_unexpected_error(exc: BaseException) -> None:
    """Log the whole traceback; tell the clerk in Chinese what happened and where the details are (from the
    GUI thread, whichever thread the error happened in)."""
    import logging
    import traceback

    if isinstance(exc, KeyboardInterrupt):
        return
    logging.getLogger("township_desk").error(
        "unexpected error:\n%s", "".join(traceback.format_exception(exc))
    )
    if _reporter is not None:
        _reporter.happened.emit(type(exc).__name__)


def _clean_key(db_path: Path) -> str:
    """The setting that remembers how a database file looked when this program last closed it."""
    return f"startup_check/{zlib.crc32(str(db_path.resolve()).encode()):08x}"  # (hashlib costs 4 ms at start)


GC_AT_LATEST_MS = 10_000


def _collect_garbage_again() -> None:
    """After start-up (cli.main turned the garbage collector off for it): one collection, then the objects
    that live as long as the program (modules, classes, the window) are set aside from later collections
    (gc.freeze), and the collector runs as usual."""
    import gc

    if gc.isenabled():
        return
    gc.collect()
    gc.freeze()
    gc.enable()


def run_app(db_path: Path) -> int:
    """The program: the window paints first, then opens and reads the database (ui/main_window.py)."""
    import gc

    try:
        return _run_app(db_path)
    finally:
        gc.enable()  # whatever happened at start-up (cli.main turned it off)


def _run_app(db_path: Path) -> int:
    app = make_application()
    from township_desk.services.file_stamp import file_stamp
    from township_desk.ui.main_window import MainWindow

    settings = QSettings()
    closed_cleanly = db_path.exists() and settings.value(_clean_key(db_path)) == file_stamp(db_path)
    # quick_check + foreign_key_check (about 1 s on a 450 MB county file) unless the file is exactly as
    # this program left it at its last clean close; a damaged file is set aside and a backup offered.
    if not closed_cleanly:
        install_error_log()  # the check reads the file: its errors go to the log at once
        from township_desk.ui.dialogs.backups import check_at_start

        if not check_at_start(db_path):
            return 2
    window = MainWindow(db_path, open_after_paint=True)
    window.after_fill.append(_collect_garbage_again)
    QTimer.singleShot(GC_AT_LATEST_MS, _collect_garbage_again)  # (waiting at the login dialog, say)
    # The log file and error dialog are ready before the database opens, but do not hold up the first paint
    # (logging.handlers and platformdirs take 15 ms to import); nothing before that paint reads the file.
    if _reporter is None:
        window.after_first_paint.append(install_error_log)
    window.show()
    try:
        return int(app.exec())
    finally:
        from township_desk.db import close_database

        close_database()
        if window.loaded and window.db_path.exists():
            settings.setValue(_clean_key(window.db_path), file_stamp(window.db_path))
