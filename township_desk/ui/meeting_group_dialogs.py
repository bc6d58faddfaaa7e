"""Dialogs of the 组织生活 tab for Party groups (members ticked from the branch), grids (households ticked from
the village) and posts given to members without office."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import party_branches
from township_desk.services.meetings import groups, records
from township_desk.services.meetings.terms import GROUP_KINDS
from township_desk.services.records import ValidationError
from township_desk.ui.meeting_widgets import CheckList


def _combo(name: str, options: list[tuple[str, str]], current: str = "", blank: bool = False) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    fill(box, options, current, blank)
    return box


def fill(box: QComboBox, options: list[tuple[str, str]], current: str = "", blank: bool = False) -> None:
    box.blockSignals(True)
    box.clear()
    if blank:
        box.addItem("", "")
    for key, label in options:
        box.addItem(label, key)
    box.setCurrentIndex(max(box.findData(current), 0))
    box.blockSignals(False)


class _Dialog(QDialog):
    """A form with an error line and 保存/取消; subclasses add rows and implement write()."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error = QLabel()
        self.error.setObjectName("error_label")
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.form = QFormLayout()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.saved_id: str | None = None

    def checklist(self, name: str) -> tuple[CheckList, QListView]:
        model = CheckList(self)
        view = QListView()
        view.setObjectName(name)
        view.setModel(model)
        view.setMinimumHeight(220)
        return model, view

    def write(self) -> str:
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.saved_id = self.write()
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class GroupDialog(_Dialog):
    """A Party group: branch, name, kind, leader, area and the members ticked from the branch."""

    def __init__(self, group_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("编辑党小组" if group_id else "新增党小组", parent)
        self.group_id = group_id
        values: dict[str, Any] = (
            groups.load_group(group_id) if group_id else {"kind": GROUP_KINDS[1], "members": []}
        )
        self.branch = _combo("branch", party_branches.branch_options(), values.get("branch", ""))
        self.name = QLineEdit(values.get("name", ""))
        self.kind = _combo("kind", [(k, k) for k in GROUP_KINDS], values["kind"])
        self.leader = _combo("leader", [], "", blank=True)
        self.area = QLineEdit(values.get("area", ""))
        self.members, view = self.checklist("members")
        for label, widget in (
            ("党支部", self.branch),
            ("党小组名称", self.name),
            ("类型", self.kind),
            ("组长", self.leader),
            ("服务区域", self.area),
            ("党员（打勾）", view),
        ):
            self.form.addRow(label, widget)
        self.branch.currentIndexChanged.connect(lambda _i: self._branch_changed([], ""))
        self._branch_changed(list(values["members"]), values.get("leader", ""))

    def _branch_changed(self, checked: list[str], leader: str) -> None:
        options = groups.member_options(self.branch.currentData()) if self.branch.currentData() else []
        self.members.load(options, checked)
        fill(self.leader, options, leader, blank=True)

    def write(self) -> str:
        return groups.save_group(
            self.group_id,
            {
                "branch": self.branch.currentData(),
                "name": self.name.text(),
                "kind": self.kind.currentData(),
                "leader": self.leader.currentData(),
                "area": self.area.text(),
                "members": self.members.chosen(),
            },
        )


class GridDialog(_Dialog):
    """A grid of a group: name, keeper, area and the households of the village ticked."""

    def __init__(self, grid_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("编辑网格" if grid_id else "新增网格", parent)
        self.grid_id = grid_id
        values: dict[str, Any] = groups.load_grid(grid_id) if grid_id else {"households": []}
        self.group = _combo("group", records.group_options(), values.get("group", ""))
        self.name = QLineEdit(values.get("name", ""))
        self.keeper = _combo("keeper", [], "", blank=True)
        self.area = QLineEdit(values.get("area", ""))
        self.households, view = self.checklist("households")
        for label, widget in (
            ("党小组", self.group),
            ("网格名称", self.name),
            ("网格员", self.keeper),
            ("范围", self.area),
            ("联系户（打勾）", view),
        ):
            self.form.addRow(label, widget)
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed([], ""))
        self._group_changed(list(values["households"]), values.get("keeper", ""))

    def _group_changed(self, checked: list[str], keeper: str) -> None:
        group = self.group.currentData()
        branch = groups.group_branch(group) if group else ""
        self.households.load(groups.household_options(group) if group else [], checked)
        fill(self.keeper, groups.member_options(branch) if branch else [], keeper, blank=True)

    def write(self) -> str:
        return groups.save_grid(
            self.grid_id,
            {
                "group": self.group.currentData(),
                "name": self.name.text(),
                "keeper": self.keeper.currentData(),
                "area": self.area.text(),
                "households": self.households.chosen(),
            },
        )


class PostDialog(_Dialog):
    """设岗定责: a member without office of a group, a post (the list can take a new name), a grid, duties."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("设岗定责", parent)
        self.group = _combo("group", records.group_options())
        self.person = _combo("person", [])
        self.post = _combo("post", [(r["id"], r["name"]) for r in groups.post_rows()])
        self.post.setEditable(True)
        self.grid = _combo("grid", [], blank=True)
        self.duties = QLineEdit()
        self.duties.setObjectName("duties")
        for label, widget in (
            ("党小组", self.group),
            ("无职党员", self.person),
            ("岗位（可输入新岗位）", self.post),
            ("网格", self.grid),
            ("岗位职责（不填用岗位的职责）", self.duties),
        ):
            self.form.addRow(label, widget)
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
        self._group_changed()

    def _group_changed(self) -> None:
        group = self.group.currentData()
        if not group:
            return
        members = set(groups.load_group(group)["members"])
        branch = groups.group_branch(group)
        fill(
            self.person,
            [(i, n) for i, n in groups.member_options(branch, without_office=True) if i in members],
        )
        fill(self.grid, groups.grid_options(group), blank=True)

    def write(self) -> str:
        if not self.person.currentData():
            raise ValidationError("person", "这个党小组没有可设岗的无职党员。")
        return groups.assign_named_post(
            self.person.currentData(),
            self.post.currentText(),
            duties=self.duties.text(),
            group_id=self.group.currentData(),
            grid_id=self.grid.currentData() or None,
        )
