"""The main window: menus 文件/编辑/打印/帮助, one tab per subject, a status bar with file and counts.

Start-up paints the window first and reads the database just after: the window (menus, tab bar, status
bar) needs only Qt, so this module imports the database, the services and the tab pages when they are
first needed. The tab the clerk left open is built and read right after the first paint, the other
tabs one per event-loop turn after that (see ui/tabs/__init__.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from township_desk import APP_NAME, __version__
from township_desk.ui.exchange_hooks import DataSafety
from township_desk.ui.screen_fit import fit_window
from township_desk.ui.tabs import TABS

if TYPE_CHECKING:
    from collections.abc import Callable

    from township_desk.services.changes import Change
    from township_desk.ui.dialogs.login import IdleLock
    from township_desk.ui.record_tab import RecordTab


Shortcut: TypeAlias = QKeySequence | QKeySequence.StandardKey | str | list[str]


def _set_shortcut(action: QAction, shortcut: Shortcut) -> None:
    if isinstance(shortcut, list):
        action.setShortcuts([QKeySequence(key) for key in shortcut])
    else:
        action.setShortcut(QKeySequence(shortcut))


def tab_class(module_name: str) -> Callable[[MainWindow], RecordTab]:
    """The tab's class (it takes the window; the listing is the tab's own business)."""
    module = importlib.import_module(f"township_desk.ui.tabs.{module_name}")
    cls: Callable[[MainWindow], RecordTab] = module.TAB_CLASS
    return cls


class MainWindow(QMainWindow):
    """The tab bar shows every subject at once; a tab's page is built when first needed.

    MainWindow(path) expects the database open and reads it at once (tests, the CLI); with
    open_after_paint=True the window opens the database itself just after its first paint, reads the
    current tab and starts the timed backups (how ui.app starts the program).
    """

    def __init__(self, db_path: Path, open_after_paint: bool = False) -> None:
        super().__init__()
        self.db_path = db_path
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)
        from township_desk.ui.undo import UndoStack

        self.undo_stack = UndoStack()  # 编辑 ▸ 撤销 / 重做: edits, additions, batch changes, deletions
        self.idle_lock: IdleLock | None = None  # ui.dialogs.login.IdleLock once someone signed in
        self.unlocked_as: tuple[str, str] | None = None  # who opened an encrypted file (signs in with it)
        self.stale_tabs: set[RecordTab] = set()  # tabs to re-read when next shown
        self.pages: dict[int, RecordTab] = {}  # tab index → its page, once built
        self.loaded = False  # the database has been read into the current tab
        # Start-up steps of ui.app: called when the window first paints (before the file is opened), and
        # once the tab read from the file is painted.
        self.after_first_paint: list[Callable[[], object]] = []
        self.after_fill: list[Callable[[], object]] = []
        self.fill_pending = False  # the tab was read; the start's house-keeping waits for its paint
        self.filled = False  # that house-keeping is done
        self.painted = False
        # Shortcuts wait until _set_shortcuts (after the first paint, or at once when not deferred): the
        # first setShortcut makes PySide6 create Qt's enums, 20 ms.
        self.shortcuts_set = False
        self.pending_shortcuts: list[tuple[QAction, Shortcut]] = []

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        for _module, title in TABS:
            self.tabs.addTab(QWidget(), title)  # a placeholder until the page is built
        # 该文件已在另一窗口中打开，本窗口只读 (or a write-protected file): shown above the tabs
        self.readonly_banner = QLabel()
        self.readonly_banner.setObjectName("readonly_banner")
        self.readonly_banner.setWordWrap(True)
        self.readonly_banner.setStyleSheet(
            "background: #fff3cd; color: #664d03; padding: 6px; font-weight: bold;"
        )
        self.readonly_banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.readonly_banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.file_label = QLabel()
        self.counts_label = QLabel()
        # The counts of seven subjects are longer than a 1280-pixel window: they are cut at the window's
        # edge (the whole text in the tooltip) instead of widening the window.
        self.counts_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.counts_label, 1)  # a passing message (已备份 …) shows in its place
        self.statusBar().addPermanentWidget(self.file_label)
        self._build_menus()
        # 1280 × 780, or the whole usable screen where that is smaller (1366×768; 1920×1080 at 150 %):
        # a first start on such a screen is maximised so that the status bar stays above the taskbar.
        self.start_maximised = fit_window(self, 1280, 780)
        if not self.restore_layout() and self.start_maximised:
            from PySide6.QtCore import Qt  # (Qt's namespace builds its 108 enums when first imported: 17 ms)

            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        if open_after_paint:
            self.statusBar().showMessage(f"正在打开 {db_path.name} …")
        else:
            self._set_shortcuts()
            self.load()

    def _set_shortcuts(self) -> None:
        self.shortcuts_set = True
        for action, shortcut in self.pending_shortcuts:
            _set_shortcut(action, shortcut)
        self.pending_shortcuts.clear()

    def load(self) -> None:
        """The database is open: build and read the current tab (the others follow after the first paint)."""
        self.loaded = True
        self.reload_all(defer_status=True)
        self._tab_changed()

    def ask_to_create(self, path: Path) -> bool:
        """A database file that does not exist is made only when the clerk says so."""
        from township_desk.ui import messages

        return messages.confirm(
            self,
            "找不到数据库文件",
            f"找不到数据库文件：\n{path}\n\n要在这个位置新建一个空的数据库吗？"
            "（如果文件在 U 盘或网络文件夹上，请先插好 U 盘或连上网络，再选“取消”后重新打开。）",
            "新建数据库",
        )

    def show_access(self) -> None:
        """The banner and title say when this window may only read the file (another window, a write-protected
        file or folder)."""
        from township_desk.db import ACCESS

        reason = ACCESS.readonly_reason if ACCESS.path is not None else None
        from township_desk import session

        if reason is None and session.is_viewer():
            reason = f"当前账号“{session.SESSION.user}”只能查看，不能修改数据（身份证号已隐藏）"
        if reason:
            self.readonly_banner.setText(
                f"{reason}。可以查看、导出和打印；修改请在打开该文件的窗口中进行。"
                if "另一窗口" in reason
                else f"{reason}。可以查看、导出和打印，不能保存修改。"
            )
        self.readonly_banner.setVisible(bool(reason))

    # ---- start-up: paint first, then read
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # The window paints what changed while handling UpdateRequest: once the tab just read is painted,
        # the house-keeping of the start follows (no application-wide event filter: that would make
        # PySide6 wrap every object and event of the program, 25 ms at start-up).
        if getattr(self, "fill_pending", False) and event.type() in (
            QEvent.Type.UpdateRequest,
            QEvent.Type.Paint,
        ):
            self.fill_pending = False
            QTimer.singleShot(0, self, self._after_first_fill)
        return handled

    def _after_first_paint(self) -> None:
        for then in self.after_first_paint:
            then()
        self._set_shortcuts()
        if not self.loaded:
            from township_desk.db import open_database

            if not self.db_path.exists() and not self.ask_to_create(self.db_path):
                QApplication.exit(2)
                return
            if not self.unlock(self.db_path):  # an encrypted file: the password before anything reads it
                QApplication.exit(2)
                return
            try:
                open_database(self.db_path, lock=True)  # read-only when another window has it (see db.ACCESS)
            except Exception as exc:  # noqa: BLE001 - any refusal becomes a message, not a traceback
                from township_desk.ui.messages import user_message

                QMessageBox.critical(self, APP_NAME, f"无法打开数据库：\n{user_message(exc)}")
                QApplication.exit(2)
                return
            if not self.sign_in():  # once the file has users: nobody reads it before signing in
                QApplication.exit(2)
                return
            self.load()
            self.statusBar().clearMessage()
            # What the clerk does not see waits until the tab just read is on the screen (or one second,
            # when nothing paints: a minimised window).
            self.fill_pending = True
            QTimer.singleShot(1000, self, self._after_first_fill)
            return
        QTimer.singleShot(0, self._build_next_page)

    def _after_first_fill(self) -> None:
        """The file is open and its tab painted: the house-keeping of a start, then the other pages."""
        if self.filled:
            return
        self.filled = True
        self.fill_pending = False
        from township_desk.db import ACCESS
        from township_desk.services.leftovers import sweep_at_start

        for then in self.after_fill:
            then()
        sweep_at_start(self.db_path)  # temporary copies a killed run left behind (issue 23)
        if not ACCESS.readonly:
            self.data_safety.start()  # back up soon when the data changed, then every N minutes
        QTimer.singleShot(0, self._build_next_page)

    def sign_in(self) -> bool:
        """Once the open file has users: the login dialog (False when the clerk gives up), then the idle lock."""
        from township_desk.services import users
        from township_desk.ui.dialogs import login

        if not users.users_enabled():
            return True
        known, self.unlocked_as = self.unlocked_as, None
        signed = False
        if known is not None and known[0]:
            try:  # the password that opened the encrypted file signs in too (lockout rules still apply)
                users.authenticate(*known)
                signed = True
            except users.LoginError:
                signed = False
        if not signed and not login.ask(self, self.db_path.name):
            return False
        if self.idle_lock is None:
            self.idle_lock = login.attach(self)
        self.idle_lock.start(users.idle_minutes())
        return True

    def unlock(self, path: Path) -> bool:
        """An encrypted file whose key this process does not hold: ask for a password or the recovery key."""
        from township_desk import cipher

        if not cipher.looks_encrypted(path):  # a plain file: no need to load the encryption services
            return True
        from township_desk.services import encryption
        from township_desk.ui.dialogs import encryption as dialogs

        if encryption.held_key(path) is not None:
            return True
        answer = dialogs.ask_unlock(self, path)
        if answer is None:
            return False
        self.unlocked_as = answer
        return True

    def open_users(self) -> None:
        from township_desk.ui.dialogs.users_admin import open_users

        dialog = open_users(self)
        if dialog is not None:  # roles and 隐藏手机号 decide what the lists show: read them again after
            dialog.finished.connect(lambda _result: self.reload_all())

    def encrypt_database(self) -> None:
        from township_desk.ui.dialogs.encryption import encrypt_from_window

        encrypt_from_window(self)

    def decrypt_database(self) -> None:
        from township_desk.ui.dialogs.encryption import decrypt_from_window

        decrypt_from_window(self)

    def _build_next_page(self) -> None:
        """Build the remaining pages one per event-loop turn, then count every subject in the status bar."""
        for index in range(self.tabs.count()):
            if index not in self.pages:
                self.page(index)
                QTimer.singleShot(0, self._build_next_page)
                return
        self._fill_print_menu()
        self.update_status()

    # ---- pages, built on first need
    def page(self, index: int) -> RecordTab:
        """The tab's page, built (its module imported) the first time it is asked for."""
        if index in self.pages:
            return self.pages[index]
        module_name, title = TABS[index]
        page = self.pages[index] = tab_class(module_name)(self)
        page.changed.connect(lambda page=page: self._data_changed(page))
        placeholder = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # swapping the placeholder is not the clerk changing tabs
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        page.restore_layout(QSettings())
        self.data_safety.adopt(page)
        self.stale_tabs.add(page)  # read when first shown
        return page

    def built_pages(self) -> list[RecordTab]:
        return [self.pages[index] for index in sorted(self.pages)]

    @property
    def tab_pages(self) -> list[RecordTab]:
        """Every page, building those not built yet."""
        return [self.page(index) for index in range(self.tabs.count())]

    # ---- menus
    def _action(self, menu: object, text: str, slot: object, shortcut: Shortcut | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut and not self.shortcuts_set:
            self.pending_shortcuts.append((action, shortcut))
        elif shortcut:
            _set_shortcut(action, shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "打开数据库…", self.choose_database, QKeySequence.StandardKey.Open)
        # Ctrl+Shift+N: Ctrl+N is 编辑 ▸ 新增 (two actions on one shortcut fire neither)
        self._action(file_menu, "新建数据库…", self.new_database, "Ctrl+Shift+N")
        file_menu.addSeparator()
        self.import_action = self._action(
            file_menu, "导入Excel…", lambda: self.current_tab().import_excel(), "Ctrl+I"
        )
        self._action(file_menu, "下载空白导入模板…", self.save_import_template)
        self._action(file_menu, "导出Excel…", lambda: self.current_tab().export_excel(), "Ctrl+E")
        file_menu.addSeparator()
        # 导出上报文件, 合并乡镇文件, 立即备份, 恢复备份; township filter; timed backups (ui/exchange_hooks.py)
        self.data_safety = DataSafety(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "回收站…", self.open_recycle_bin)
        self._action(file_menu, "本乡镇信息…", self.edit_township)
        self._action(file_menu, "操作日志…", self.open_audit_log)
        self._action(file_menu, "表样管理…", self.open_forms_manager)
        self._action(file_menu, "用户管理…", self.open_users)
        self._action(file_menu, "加密数据库…", self.encrypt_database)
        self._action(file_menu, "解除数据库加密…", self.decrypt_database)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("编辑(&E)")
        self._action(edit_menu, "新增", lambda: self.current_tab().add_record(), "Ctrl+N")
        self._action(edit_menu, "编辑选中记录", lambda: self.current_tab().edit_selected(), "F2")
        self._action(edit_menu, "删除选中记录", lambda: self.current_tab().delete_selected())
        # One undo stack for edits, batch changes and deletions. Ctrl+Z in a text box (the search box) stays
        # the box's own: a focused QLineEdit takes its standard keys before the window's shortcuts.
        self.undo_action = self._action(edit_menu, "撤销", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit_menu, "重做", self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
        edit_menu.addSeparator()
        self.batch_action = self._action(
            edit_menu, "批量修改选中记录…", lambda: self.current_tab().batch_edit_selected()
        )
        self.history_action = self._action(
            edit_menu, "修改记录…", lambda: self.current_tab().show_history_selected()
        )
        edit_menu.addSeparator()
        self._action(edit_menu, "查找", self.focus_search, QKeySequence.StandardKey.Find)

        self.print_menu = bar.addMenu("打印(&P)")
        self.print_menu.aboutToShow.connect(lambda: self._fill_print_menu(every_tab=True))

        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "使用说明", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "检查数据库", self.check_database)
        self._action(help_menu, "关于", self.about)
        self.tabs.currentChanged.connect(lambda _index: self._tab_changed())

    def _fill_print_menu(self, every_tab: bool = False) -> None:
        """The 打印 menu: every tab's forms; the shortcuts are the current tab's (built tabs only, unless opened)."""
        self.print_menu.clear()
        for page in self.tab_pages if every_tab else self.built_pages():
            blank = getattr(page, "blank_actions", list)  # every fill-in form prints blank
            for action in [*page.print_actions(), *blank()]:
                shortcut = action.shortcut if page is self.current_tab() else None
                self._action(self.print_menu, f"{page.title}：{action.label}", action.run, shortcut)

    def _tab_changed(self) -> None:
        if not self.loaded:  # the clerk was quicker than the database: the tab is read by load()
            return
        page = self.current_tab()
        if page in self.stale_tabs:
            self.stale_tabs.discard(page)
            page.reload()
        self.import_action.setEnabled(page.importer is not None)
        self._fill_print_menu()
        if self.counts_label.text():  # after start-up: the status bar follows the tab
            self.update_status()

    # ---- state
    def save_import_template(self) -> None:
        save = getattr(self.current_tab(), "save_import_template", None)
        if save is None:
            self.show_status("请先切换到要导入名单的页面（如 干部、联系户），再下载它的空白模板。")
            return
        save()

    def current_tab(self) -> RecordTab:
        return self.page(self.tabs.currentIndex())

    def reload_all(self, defer_status: bool = False) -> None:
        """Re-read the visible tab now and every other tab when it is next shown."""
        self.data_safety.refresh()  # county database: township filter and 乡镇 column
        current = self.current_tab()
        current.reload()
        self.stale_tabs = {page for page in self.built_pages() if page is not current}
        if not defer_status:  # at start-up the counts of every subject wait until every tab is built
            self.update_status()
        from township_desk.services.settings import township_name

        self.setWindowTitle(f"{APP_NAME} — {township_name() or '未填写乡镇名称'}")
        self.show_access()
        if not self.readonly_banner.isHidden():
            self.setWindowTitle(self.windowTitle() + "（只读）")

    def _data_changed(self, page: RecordTab) -> None:
        """One tab wrote: the others may show the same people, so re-read them when shown."""
        self.stale_tabs = {other for other in self.built_pages() if other is not page}
        self.update_status()

    def update_status(self) -> None:
        self.file_label.setText(f"数据库：{self.db_path.name}")
        self.file_label.setToolTip(str(self.db_path))
        counts = self.status_counts()
        self.counts_label.setText(counts)
        self.counts_label.setToolTip(counts.replace("　", "\n"))
        self.update_undo_actions()

    def status_counts(self) -> str:
        """The status bar's counts: the current tab's (it says little and fits a 1366-pixel screen); on a tab
        with none (首页, 统计 …), the township at a glance: 干部 and 联系户."""
        own = self.current_tab().summary()
        if own:
            return own
        titles = [title for _module, title in TABS]
        pages = [self.page(titles.index(title)) for title in ("干部", "联系户") if title in titles]
        return "　".join(s for s in (page.summary() for page in pages) if s)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def focus_search(self) -> None:
        self.current_tab().search.setFocus()
        self.current_tab().search.selectAll()

    # ---- undo and redo (edits, additions, batch changes, deletions)
    def push_change(self, change: Change, status: str = "") -> None:
        """A change just made from a list or a form: 编辑 ▸ 撤销 (Ctrl+Z) takes it back."""
        self.undo_stack.push(change)
        self.update_undo_actions()
        self.show_status(status or f"已{change.text}（Ctrl+Z 撤销）")

    def update_undo_actions(self) -> None:
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.can_undo())
        self.undo_action.setText(f"撤销 {stack.undo_text()}" if stack.can_undo() else "撤销")
        self.redo_action.setEnabled(stack.can_redo())
        self.redo_action.setText(f"重做 {stack.redo_text()}" if stack.can_redo() else "重做")

    def undo(self) -> None:
        self._step(self.undo_stack.undo, "撤销", "已撤销")

    def redo(self) -> None:
        self._step(self.undo_stack.redo, "重做", "已重做")

    def _step(self, step: Callable[[], Change | None], title: str, done: str) -> None:
        try:
            change = step()
        except Exception as exc:  # noqa: BLE001 - refused (another window changed it): said, kept on the stack
            from township_desk.ui import messages

            messages.show_error(self, title, exc)
            return
        if change is None:
            return
        self.reload_all()
        self.update_undo_actions()
        self.show_status(f"{done}：{change.text}")

    def remember_deletion(self, kind: str, record_id: str, description: str) -> None:
        from township_desk.services.changes import DeleteChange, model_named

        self.push_change(
            DeleteChange(model_named(kind), record_id, description),
            f"已把“{description}”移到回收站（Ctrl+Z 撤销）",
        )
        self.update_status()

    def undo_deletion(self) -> None:
        """编辑 ▸ 撤销 for the last change (the name older tests and tabs know)."""
        self.undo()

    def show_guide(self) -> None:
        from township_desk.ui.help_guide import show_guide

        show_guide(self)

    def edit_township(self) -> None:
        from township_desk.ui.dialogs.township_settings import TownshipSettingsDialog

        dialog = TownshipSettingsDialog(self)
        dialog.accepted.connect(self.reload_all)
        dialog.open()

    def open_audit_log(self) -> None:
        from township_desk.ui.dialogs.audit_log import open_audit_log

        open_audit_log(self)

    def open_forms_manager(self) -> object:
        from township_desk.ui.dialogs.forms_manager import open_forms_manager

        return open_forms_manager(self)

    def open_recycle_bin(self) -> None:
        from township_desk.ui.dialogs.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(self)
        dialog.finished.connect(lambda _result: self.reload_all())
        dialog.open()

    # ---- database files
    def choose_database(self) -> None:
        from township_desk.ui import file_dialogs

        path = file_dialogs.ask_open(self, "打开数据库", "数据库文件 (*.db *.sqlite);;所有文件 (*)")
        if path is not None:
            self.switch_database(path)

    def new_database(self) -> None:
        from township_desk.ui import file_dialogs

        path = file_dialogs.ask_save(self, "新建数据库", "新乡镇.db", "数据库文件 (*.db)")
        if path is not None:
            self.switch_database(path)

    def switch_database(self, path: Path) -> bool:
        from township_desk import session
        from township_desk.db import open_database
        from township_desk.ui import messages

        if not self.unlock(path):
            return False
        try:
            open_database(path, lock=True)
        except Exception as exc:  # noqa: BLE001 - refused files leave the current one open
            messages.show_error(self, "打开数据库", exc)
            return False
        session.sign_out()  # the users of the other file are not this file's
        self.db_path = path
        if not self.sign_in():
            from township_desk.db import close_database

            close_database()
            self.close()
            return False
        self.undo_stack.clear()  # another file: nothing of this one to undo
        self.update_undo_actions()
        QSettings().setValue("paths/database", str(path))
        self.reload_all()
        return True

    def check_database(self) -> None:
        from township_desk.services.check import check_database

        report = check_database(self.db_path)
        box = QMessageBox(
            QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning,
            "检查数据库",
            "\n".join(report.lines),
            parent=self,
        )
        box.open()

    def about(self) -> None:
        QMessageBox.about(
            self, "关于", f"{APP_NAME} {__version__}\n离线的乡镇党建工作台账。\n数据库：{self.db_path}"
        )

    # ---- remembered layout
    def restore_layout(self) -> bool:
        """The layout of the last session (True), or nothing saved yet (False)."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)  # Qt moves a window saved on a larger screen back onto this one
        state = settings.value("window/state")
        if state:
            self.restoreState(state)
        # The tab is remembered by its module, so that a tab added before it does not shift it; none
        # remembered (a first start, or an older version's index): the first tab, 首页.
        modules = [module for module, _title in TABS]
        module = str(settings.value("window/tab_module", "") or "")
        index = modules.index(module) if module in modules else 0
        if 0 <= index < self.tabs.count():
            self.tabs.blockSignals(True)  # the page is built and read by reload_all, once
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        return bool(geometry)

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab_module", TABS[self.tabs.currentIndex()][0])
        for page in self.built_pages():  # a page never built keeps the layout saved before
            page.save_layout(settings)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        from township_desk.ui.workers import wait_for_tasks

        self.save_layout()
        wait_for_tasks()
        super().closeEvent(event)
