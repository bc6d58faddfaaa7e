"""Widgets of the home page's set-up: the township's information form and the villages panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.home import township, villages
from township_desk.ui import messages

ERROR_STYLE = "color: #b00020;"


class TownshipForm(QWidget):
    """本乡镇信息 in place: name (required), code, Party committee, unit, contact; 保存 stores them."""

    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for field in township.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(field.key)
            edit.setPlaceholderText(field.hint)
            self.edits[field.key] = edit
            form.addRow(field.label, edit)
        self.error = QLabel()
        self.error.setObjectName("township_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.save_button = QPushButton("保存本乡镇信息")
        self.save_button.setObjectName("save_township")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)

    def reload(self) -> None:
        for key, value in township.load_info().items():
            self.edits[key].setText(value)
        self.error.clear()

    def save(self) -> None:
        from township_desk.services import township_identity
        from township_desk.ui.dialogs import township_identity as identity_dialog

        values = {key: edit.text() for key, edit in self.edits.items()}
        # renamed after an export: the same township renamed, or another one made from a copy?
        question = township_identity.open_rename_question(str(values.get("township", "")).strip())
        choice = identity_dialog.ask_rename_or_new(self, question) if question else None
        if question and choice is None:
            return
        try:
            township.save_info(values)
            if choice == "rename":
                township_identity.open_confirm_rename()
            elif choice == "rekey":
                township_identity.open_rekey()
        except Exception as exc:  # noqa: BLE001 - a refusal is shown beside the form
            self.error.setText(messages.user_message(exc))
            return
        self.error.clear()
        self.saved.emit()


class VillagesPanel(QWidget):
    """村(社区): the list in order (撤并 ones greyed at the end); add, rename, merge, move, 村/社区."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("village_list")
        self.list.setMaximumHeight(180)
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_village")
        self.new_name.setPlaceholderText("村(社区)名称，如 岗湖村")
        self.new_name.returnPressed.connect(self.add)
        self.kind = QComboBox()
        self.kind.setObjectName("village_kind")
        self.kind.addItems(villages.KINDS)
        self.rename_edit = QLineEdit()
        self.rename_edit.setObjectName("rename_village")
        self.rename_edit.setPlaceholderText("选中后输入新名称")
        self.merge_into = QComboBox()
        self.merge_into.setObjectName("merge_into")
        self.error = QLabel()
        self.error.setObjectName("village_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        grid = QGridLayout()
        rows = (
            (self.new_name, self.kind, ("添加", "add_village", self.add)),
            (self.rename_edit, None, ("改名", "rename_village_button", self.rename)),
            (QLabel("把选中的并入"), self.merge_into, ("合并", "merge_village", self.merge)),
        )
        for row, (first, second, (text, name, slot)) in enumerate(rows):
            grid.addWidget(first, row, 0)
            if second is not None:
                grid.addWidget(second, row, 1)
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            grid.addWidget(button, row, 2)
        moves = QHBoxLayout()
        for text, name, slot in (
            ("上移", "village_up", lambda: self.move(-1)),
            ("下移", "village_down", lambda: self.move(1)),
            ("村/社区", "village_toggle_kind", self.toggle_kind),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            moves.addWidget(button)
        moves.addStretch(1)
        grid.addLayout(moves, 3, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(grid)
        layout.addWidget(self.error)

    # ---- reading
    def reload(self) -> None:
        current = self.current_name()
        self.list.clear()
        self.merge_into.clear()
        for village in villages.list_villages():
            item = QListWidgetItem(village.label())
            item.setData(Qt.ItemDataRole.UserRole, village.name)
            if village.merged:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # 撤并: shown, not chosen
            else:
                self.merge_into.addItem(village.name)
            self.list.addItem(item)
            if village.name == current and not village.merged:
                self.list.setCurrentItem(item)

    def names(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def current_name(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def select(self, name: str) -> None:
        for index, value in enumerate(self.names()):
            if value == name:
                self.list.setCurrentRow(index)

    def _selected(self) -> None:
        self.rename_edit.setText(self.current_name())

    # ---- writing
    def _run(self, work: object, *args: object) -> bool:
        try:
            work(*args)  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - a refusal is shown under the list
            self.error.setText(messages.user_message(exc))
            return False
        self.error.clear()
        self.reload()
        self.changed.emit()
        return True

    def add(self) -> None:
        name = self.new_name.text().strip()
        if self._run(villages.add_village, name, self.kind.currentText() == "社区" or None):
            self.new_name.clear()
            self.select(name)

    def rename(self) -> None:
        old, new = self.current_name(), self.rename_edit.text().strip()
        if not old:
            self.error.setText("请先在列表中选中要改名的村(社区)。")
            return
        if self._run(villages.rename_village, old, new):
            self.select(new)

    def merge(self) -> None:
        source, target = self.current_name(), self.merge_into.currentText()
        if not source:
            self.error.setText("请先在列表中选中要并入别村的村(社区)。")
            return
        if source == target:
            self.error.setText("不能把一个村(社区)并入它自己，请在右边选择要并入的村(社区)。")
            return
        counts = (
            "，".join(f"{label} {n} 条" for label, n in villages.record_counts(source).items() if n)
            or "没有记录"
        )
        if not messages.confirm(
            self,
            "合并村(社区)",
            f"把“{source}”并入“{target}”？\n{source}的全部记录（{counts}）将转到"
            f"{target}，{source}标为“撤并”，不再出现在筛选中。",
            "合并",
        ):
            return
        self._run(villages.merge_villages, source, target)

    def move(self, step: int) -> None:
        active = [
            n
            for n in self.names()
            if n in {self.merge_into.itemText(i) for i in range(self.merge_into.count())}
        ]
        name = self.current_name()
        if name not in active:
            return
        index = active.index(name)
        other = index + step
        if 0 <= other < len(active):
            active[index], active[other] = active[other], active[index]
            if self._run(villages.order_villages, active):
                self.select(name)

    def toggle_kind(self) -> None:
        name = self.current_name()
        village = next((v for v in villages.list_villages(include_merged=False) if v.name == name), None)
        if village is not None and self._run(
            villages.set_kind, name, "村" if village.kind == "社区" else "社区"
        ):
            self.select(name)
