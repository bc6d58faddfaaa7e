"""The 首页 tab: on a new or unnamed file the set-up checklist; otherwise today's to-do list and key numbers.

Each to-do item opens its tab already filtered (the filter boxes of a RecordTab, then an optional method of
the tab such as show_overdue). The page offers what the main window asks of every tab (reload, summary,
print_actions, layout …) without a list of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import backups
from township_desk.services.home import numbers, setup
from township_desk.services.home.todo import WINDOW, TodoItem, todo_items, todo_lines
from township_desk.services.settings import township_name
from township_desk.ui.village_dialogs import TownshipForm, VillagesPanel

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow

IMPORT_TABS = ("干部", "联系户", "后备干部")  # tabs whose 导入Excel the checklist offers
DONE, TODO = "✔", "○"


class _NoListing:
    """The home page has no list: the county township filter leaves it alone."""

    columns: tuple[Any, ...] = ()

    def base_query(self) -> Any:
        raise NotImplementedError

    def to_row(self, record: Any) -> dict[str, Any]:
        raise NotImplementedError


class HomeTab(QWidget):
    title = "首页"
    importer = None
    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("HomeTab")
        self.listing = _NoListing()
        self.filter_boxes: dict[str, Any] = {}
        self.search = QLineEdit()  # 编辑 ▸ 查找 focuses it; the home page has nothing to search
        self.search.hide()
        self.items: list[TodoItem] = []
        self.setting_up = False  # the set-up checklist is shown

        self.heading = QLabel()
        self.heading.setObjectName("home_heading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.setup_toggle = QPushButton("本乡镇信息与村(社区)…")
        self.setup_toggle.setObjectName("setup_toggle")
        self.setup_toggle.clicked.connect(self.toggle_setup)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.setup_toggle)

        self.setup_box = QGroupBox("初始设置：逐项完成，完成后打勾")
        self.setup_box.setObjectName("setup_box")
        steps = QVBoxLayout(self.setup_box)
        self.ticks: dict[str, QLabel] = {}
        self.township_form = TownshipForm()
        self.township_form.saved.connect(self._township_saved)
        self.villages = VillagesPanel()
        self.villages.changed.connect(self._data_written)
        imports = QHBoxLayout()
        for title in IMPORT_TABS:
            button = QPushButton(f"导入{title}名单（Excel）…")
            button.setObjectName(f"import_{title}")
            button.clicked.connect(lambda _checked=False, title=title: self.import_into(title))
            imports.addWidget(button)
            template = QPushButton("下载空白模板…")
            template.setObjectName(f"template_{title}")
            template.setToolTip(f"{title}名单的空白 Excel 模板：表头和填写要求都已写好")
            template.clicked.connect(lambda _checked=False, title=title: self.template_for(title))
            imports.addWidget(template)
        imports.addStretch(1)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        backup_row = QHBoxLayout()
        for text, name, slot in (
            ("立即备份", "backup_now", self.backup_now),
            ("打开备份文件夹", "open_backups", self.open_folder),
            ("知道了", "backups_seen", self.acknowledge_backups),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            backup_row.addWidget(button)
        backup_row.addStretch(1)
        for key, body in (
            ("township", self.township_form),
            ("villages", self.villages),
            ("rosters", imports),
            ("backups", backup_row),
        ):
            tick = self.ticks[key] = QLabel()
            tick.setObjectName(f"step_{key}")
            tick.setStyleSheet("font-weight: bold;")
            steps.addWidget(tick)
            steps.addLayout(body) if isinstance(body, QHBoxLayout) else steps.addWidget(body)
            if key == "backups":
                steps.addWidget(self.backup_label)

        self.todo_box = QGroupBox("今日待办")
        self.todo_box.setObjectName("todo_box")
        self.todo_list = QListWidget()
        self.todo_list.setObjectName("todo_list")
        self.todo_list.itemClicked.connect(self._item_activated)
        self.numbers_label = QLabel()
        self.numbers_label.setObjectName("key_numbers")
        self.numbers_label.setWordWrap(True)
        todo_layout = QVBoxLayout(self.todo_box)
        todo_layout.addWidget(QLabel("点击一项，打开对应的页面（已按条件筛选）。"))
        todo_layout.addWidget(self.todo_list, 1)
        todo_layout.addWidget(self.numbers_label)

        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(top)
        body.addWidget(self.setup_box)
        body.addWidget(self.todo_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # ---- reading
    def reload(self) -> None:
        name = township_name()
        first_day = setup.needs_setup(self.window_.db_path)
        self.heading.setText(f"{name}党建工作台" if name else "欢迎使用：请先完成下面的初始设置")
        if first_day:
            self.setting_up = True  # the checklist stays until every step is ticked (or the clerk closes it)
        if self.setting_up:
            self.refresh_setup()
            self.setting_up = first_day or not all(
                step.done for step in setup.setup_steps(self.window_.db_path)
            )
        self.setup_box.setVisible(self.setting_up)
        self.setup_toggle.setVisible(not first_day)
        self.todo_box.setVisible(not first_day)
        if not first_day:
            self.refresh_todo()

    def refresh_setup(self) -> None:
        self.township_form.reload()
        self.villages.reload()
        for step in setup.setup_steps(self.window_.db_path):
            tick = self.ticks[step.key]
            tick.setText(f"{DONE if step.done else TODO} {step.label}　{step.detail}")
            tick.setProperty("done", step.done)
            tick.setStyleSheet("font-weight: bold;" + ("color: #1b5e20;" if step.done else ""))
        self.backup_label.setText(
            f"备份自动保存在数据库旁的文件夹：{backups.folder(self.window_.db_path)}。"
            "请定期把其中最新的一份复制到U盘或其他电脑。"
        )

    def refresh_todo(self) -> None:
        self.items = todo_items(db_path=self.window_.db_path)
        self.todo_list.clear()
        for item, line in zip(self.items, todo_lines(self.items), strict=True):
            entry = QListWidgetItem(line)
            entry.setData(Qt.ItemDataRole.UserRole, item.key)
            if item.urgent:
                entry.setForeground(Qt.GlobalColor.darkRed)
            self.todo_list.addItem(entry)
        if not any(item.urgent for item in self.items):
            self.todo_list.insertItem(0, QListWidgetItem("今天没有到期的待办事项。"))
        self.numbers_label.setText("　".join(f"{n.label} {n.value}" for n in numbers.key_numbers()))

    def toggle_setup(self) -> None:
        self.setting_up = not self.setup_box.isVisibleTo(self)
        if self.setting_up:
            self.refresh_setup()
        self.setup_box.setVisible(self.setting_up)

    def summary(self) -> str:
        return ""

    # ---- the set-up steps
    def _township_saved(self) -> None:
        self.window_.reload_all()  # the window's title and every page show the name
        self.changed.emit()

    def _data_written(self) -> None:
        if self.setting_up:
            self.refresh_setup()
        self.changed.emit()

    def import_into(self, title: str) -> None:
        page = self.open_tab(title)
        if page is not None and getattr(page, "importer", None) is not None:
            page.import_excel()

    def template_for(self, title: str, path: Path | None = None) -> None:
        page = self.open_tab(title)
        if page is not None and hasattr(page, "save_import_template"):
            page.save_import_template(path)

    def save_import_template(self, path: Path | None = None) -> None:
        self.window_.show_status("请在“导入已有的花名册”一步中点各名单旁的 下载空白模板…")

    def backup_now(self) -> None:
        setup.acknowledge_backups(self.window_.db_path)
        self.window_.data_safety.backup_in_background("手动", always=True)
        self.refresh_setup()

    def open_folder(self) -> None:
        folder = backups.folder(self.window_.db_path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def acknowledge_backups(self) -> None:
        setup.acknowledge_backups(self.window_.db_path)
        self.refresh_setup()

    # ---- opening an item
    def open_tab(self, title: str) -> Any:
        from township_desk.ui.tabs import TABS

        index = next((i for i, (_module, tab_title) in enumerate(TABS) if tab_title == title), None)
        if index is None:
            return None
        self.window_.tabs.setCurrentIndex(index)
        return self.window_.page(index)

    def open_item(self, item: TodoItem) -> None:
        if item.tab == WINDOW:
            action = getattr(self.window_.data_safety, item.action, None)
            if action is not None:
                action()
            return
        page = self.open_tab(item.tab)
        if page is None:
            return
        for key, value in item.filters.items():
            box = page.filter_boxes.get(key)
            if box is not None and box.findText(value) >= 0:
                box.setCurrentIndex(box.findText(value))
        action = getattr(page, item.action, None) if item.action else None
        if action is not None:
            action()

    def _item_activated(self, entry: QListWidgetItem) -> None:
        key = entry.data(Qt.ItemDataRole.UserRole)
        item = next((i for i in self.items if i.key == key), None)
        if item is not None:
            self.open_item(item)

    # ---- what the window asks of every page
    def print_actions(self) -> list[Any]:
        return []

    def add_record(self) -> None:
        if self.setting_up:
            self.villages.new_name.setFocus()

    def edit_selected(self) -> None:
        entry = self.todo_list.currentItem()
        if entry is not None:
            self._item_activated(entry)

    def delete_selected(self) -> None:
        pass

    def import_excel(self, path: Path | None = None) -> None:
        pass

    def export_excel(self, path: Path | None = None) -> None:
        self.window_.show_status("首页没有可导出的名单：请切换到要导出的页面。")

    def save_layout(self, settings: QSettings) -> None:
        pass

    def restore_layout(self, settings: QSettings) -> None:
        pass


TAB_CLASS = HomeTab
