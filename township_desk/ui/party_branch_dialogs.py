"""Dialogs of the 主题党日 tab: Party branches and their members, and the fixed items of each year."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from township_desk.models.party_days import BranchMember, PartyBranch
from township_desk.services import clock, party_branches
from township_desk.services.records import ValidationError
from township_desk.services.recycle_bin import soft_delete
from township_desk.ui import messages
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.screen_fit import fit_window
from township_desk.ui.table_model import RecordTableModel

ERROR_STYLE = "color: #b00020; font-weight: bold;"


def _button(text: str, name: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def _table(model: RecordTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    for index, column in enumerate(model.listing.columns):
        view.setColumnWidth(index, column.width)
    return view


class BranchesDialog(QDialog):
    """党支部和党员: the branches on the left, the chosen branch's members on the right."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BranchesDialog")
        self.setWindowTitle("党支部和党员")
        self.branch_model = RecordTableModel(party_branches.BranchListing(), self)
        self.member_listing = party_branches.MemberListing("-")
        self.member_model = RecordTableModel(self.member_listing, self)
        self.branch_view = _table(self.branch_model, "branch_view")
        self.member_view = _table(self.member_model, "member_view")
        self.branch_view.selectionModel().selectionChanged.connect(lambda *_: self._branch_selected())
        self.branch_model.modelReset.connect(self._branch_selected)
        self.branch_view.doubleClicked.connect(lambda _i: self.edit_branch())
        self.member_view.doubleClicked.connect(lambda _i: self.edit_member())
        self.branch_search = QLineEdit()
        self.branch_search.setObjectName("branch_search")
        self.branch_search.setPlaceholderText("查找支部或村(社区)")
        self.branch_search.textChanged.connect(self.branch_model.set_search)
        self.member_search = QLineEdit()
        self.member_search.setObjectName("member_search")
        self.member_search.setPlaceholderText("输入姓名、拼音首字母查找党员")
        self.member_search.textChanged.connect(self.member_model.set_search)
        self.member_title = QLabel()
        self.member_title.setObjectName("member_title")
        self.member_title.setStyleSheet("font-weight: bold;")
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.branch_search)
        left_layout.addWidget(self.branch_view, 1)
        bar = QHBoxLayout()
        bar.addWidget(_button("新增支部", "add_branch", self.add_branch))
        bar.addWidget(_button("编辑支部", "edit_branch", self.edit_branch))
        bar.addWidget(_button("删除支部", "delete_branch", self.delete_branch))
        left_layout.addLayout(bar)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.member_title)
        right_layout.addWidget(self.member_search)
        right_layout.addWidget(self.member_view, 1)
        bar = QHBoxLayout()
        bar.addWidget(_button("新增党员", "add_member", self.add_member))
        bar.addWidget(_button("添加已登记的党员…", "add_existing", self.add_existing))
        bar.addWidget(_button("编辑", "edit_member", self.edit_member))
        bar.addWidget(_button("设为支部书记", "make_secretary", self.make_secretary))
        bar.addWidget(_button("转出", "transfer_out", self.transfer_out))
        right_layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([430, 620])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        fit_window(self, 1120, 640)
        self.branch_model.refresh()
        if self.branch_model.rowCount():
            self.branch_view.selectRow(0)
        self._branch_selected()

    # ---- selection
    def branch_id(self) -> str | None:
        rows = self.branch_view.selectionModel().selectedRows()
        return self.branch_model.row_id(rows[0].row()) if rows else None

    def member_id(self) -> str | None:
        rows = self.member_view.selectionModel().selectedRows()
        return self.member_model.row_id(rows[0].row()) if rows else None

    def select_branch(self, branch_id: str) -> None:
        row = self.branch_model.row_of(branch_id)
        if row is not None:
            self.branch_view.selectRow(row)

    def select_member_named(self, name: str) -> None:
        for row in range(self.member_model.rowCount()):
            if self.member_model.data(self.member_model.index(row, 0)) == name:
                self.member_view.selectRow(row)
                return

    def _branch_selected(self) -> None:
        branch_id = self.branch_id()
        self.member_listing.branch_id = branch_id or "-"
        self.member_model.refresh()
        if branch_id:
            branch = PartyBranch.get_by_id(branch_id)
            secretary = party_branches.secretary_name(branch) or "未设"
            self.member_title.setText(
                f"{branch.name}　党员 {self.member_model.total} 名　支部书记：{secretary}"
            )
        else:
            self.member_title.setText("请在左边选择党支部")

    def _changed(self, branch_id: str | None = None) -> None:
        keep = branch_id or self.branch_id()
        self.branch_model.refresh()
        if keep:
            self.select_branch(keep)
        self._branch_selected()
        self.error_label.clear()
        self.changed.emit()

    def _fail(self, exc: Exception) -> None:
        self.error_label.setText(messages.user_message(exc))

    # ---- branches
    def _edit(self, editor: RecordEditor, after: object) -> None:
        def done() -> None:
            if editor.saved_id:
                after(editor.saved_id)  # type: ignore[operator]

        editor.accepted.connect(done)
        editor.open()

    def add_branch(self) -> None:
        self._edit(RecordEditor(party_branches.BRANCH_FORM, None, self), self._changed)

    def edit_branch(self) -> None:
        branch_id = self.branch_id()
        if branch_id:
            self._edit(RecordEditor(party_branches.BRANCH_FORM, branch_id, self), self._changed)

    def delete_branch(self) -> None:
        branch_id = self.branch_id()
        if not branch_id:
            return
        branch = PartyBranch.get_by_id(branch_id)
        if not messages.confirm(
            self, "删除支部", f"把“{branch.name}”连同其党员名单和主题党日记录移到回收站？", "移到回收站"
        ):
            return
        soft_delete(branch)
        self.branch_model.refresh()
        self._changed()

    # ---- members
    def add_member(self) -> None:
        branch_id = self.branch_id()
        if not branch_id:
            self.error_label.setText("请先选择党支部。")
            return
        editor = RecordEditor(party_branches.MEMBER_FORM, None, self, {"branch": branch_id})
        self._edit(editor, lambda _id: self._changed(branch_id))

    def edit_member(self) -> None:
        member_id = self.member_id()
        if member_id:
            editor = RecordEditor(party_branches.MEMBER_FORM, member_id, self)
            self._edit(editor, lambda _id: self._changed())

    def add_existing(self) -> None:
        branch_id = self.branch_id()
        if not branch_id:
            self.error_label.setText("请先选择党支部。")
            return
        picker = PersonPicker(self)

        def picked() -> None:
            if picker.person_id():
                try:
                    party_branches.add_person_to_branch(branch_id, picker.person_id() or "")
                except ValidationError as exc:
                    self._fail(exc)
                    return
                self._changed(branch_id)

        picker.accepted.connect(picked)
        picker.open()

    def make_secretary(self) -> None:
        branch_id, member_id = self.branch_id(), self.member_id()
        if not branch_id or not member_id:
            self.error_label.setText("请先在党员名单中选中一人。")
            return
        member = BranchMember.get_by_id(member_id)
        try:
            party_branches.set_secretary(branch_id, str(member.person_id))
        except ValidationError as exc:
            self._fail(exc)
            return
        self._changed(branch_id)

    def transfer_out(self) -> None:
        member_id = self.member_id()
        if not member_id:
            return
        member = BranchMember.get_by_id(member_id)
        if not messages.confirm(
            self,
            "转出",
            f"登记“{member.person.name}”今天从“{member.branch.name}”转出？\n以前的出席记录保留。",
            "转出",
        ):
            return
        party_branches.transfer_out(member_id, clock.today())
        self._changed()


class PersonPicker(QDialog):
    """Find an already registered Party member (a cadre, a reserve …) who is in no branch yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PersonPicker")
        self.setWindowTitle("添加已登记的党员")
        self.search = QLineEdit()
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("输入姓名、拼音首字母、身份证号或电话")
        self.search.textChanged.connect(self._find)
        self.results = QListWidget()
        self.results.setObjectName("picker_results")
        self.results.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("加入本支部")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("只列出政治面貌为党员、还没有编入任何支部的人员（最多50人）："))
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(460, 420)
        self._find("")

    def _find(self, text: str) -> None:
        self.results.clear()
        for person_id, label in party_branches.candidate_people(text):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def person_id(self) -> str | None:
        item = self.results.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None


class FixedItemsDialog(QDialog):
    """固定动作设置: the list of fixed items of one year (defaults, plus local ones such as 交纳党费)."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FixedItemsDialog")
        self.setWindowTitle("主题党日固定动作设置")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("items_year")
        self.year_box.setRange(2000, 2100)
        self.year_box.setSuffix(" 年")
        self.year_box.setValue(year)
        self.year_box.valueChanged.connect(lambda _y: self.load())
        self.list = QListWidget()
        self.list.setObjectName("items_list")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.new_item = QComboBox()
        self.new_item.setObjectName("new_item")
        self.new_item.setEditable(True)
        self.new_item.addItems(["", *party_branches.LOCAL_ITEM_SUGGESTIONS])
        self.note = QLabel()
        self.note.setObjectName("items_note")
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        add_bar = QHBoxLayout()
        add_bar.addWidget(self.new_item, 1)
        add_bar.addWidget(_button("添加", "add_item", self.add_item))
        side = QVBoxLayout()
        for text, name, slot in (
            ("上移", "item_up", lambda: self.move(-1)),
            ("下移", "item_down", lambda: self.move(1)),
            ("删除", "remove_item", self.remove_item),
            ("恢复默认四项", "default_items", self.defaults),
        ):
            side.addWidget(_button(text, name, slot))
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.year_box)
        top.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            QLabel("“4+X”中的固定动作，按打印和登记的顺序排列；双击可改名。已登记的记录不受影响。")
        )
        layout.addWidget(self.note)
        layout.addLayout(middle, 1)
        layout.addLayout(add_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(480, 420)
        self.load()

    def load(self) -> None:
        year = self.year_box.value()
        self._fill(party_branches.fixed_items(year))
        configured = party_branches.is_configured(year)
        self.note.setText(f"{year}年：" + ("已单独设置。" if configured else "未单独设置，使用默认四项。"))
        self.error_label.clear()

    def _fill(self, names: list[str]) -> None:
        self.list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add_item(self) -> None:
        text = self.new_item.currentText().strip()
        if not text:
            return
        if text in self.names():
            self.error_label.setText(f"“{text}”已在列表中。")
            return
        self._fill([*self.names(), text])
        self.new_item.setEditText("")
        self.error_label.clear()

    def remove_item(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        names = self.names()
        target = row + step
        if row < 0 or not 0 <= target < len(names):
            return
        names[row], names[target] = names[target], names[row]
        self._fill(names)
        self.list.setCurrentRow(target)

    def defaults(self) -> None:
        self._fill(list(party_branches.DEFAULT_ITEMS))

    def save(self) -> None:
        try:
            party_branches.set_fixed_items(self.year_box.value(), self.names())
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            return
        self.accept()
