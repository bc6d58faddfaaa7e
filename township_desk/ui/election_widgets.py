"""The 换届 assistant dialog and the cadre-file view: services do the rules, these only ask and show."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from township_desk.models.people import Village
from township_desk.services import clock, vocab
from township_desk.services.elections import cadre_file, changeover, file_records, paper, terms
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import ValidationError
from township_desk.ui import file_dialogs, messages
from township_desk.ui.edit_guard import EditGuard
from township_desk.ui.entry_grid import EntryGrid
from township_desk.ui.messages import user_message
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.reporting import print_to_pdf
from township_desk.ui.screen_fit import fit_window

STAY = "连任"
COLOURS = {"error": "#b00020", "warning": "#8a5a00", "info": "#1b5e20"}


class ChangeoverDialog(EditGuard, QDialog):
    """换届助手: the members before, who stays or leaves, who is newly elected, the checks, one save."""

    def __init__(self, parent: QWidget | None = None, village_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChangeoverDialog")
        self.setWindowTitle("换届助手")
        self.election_id: str | None = None
        self.village = QComboBox()
        self.village.setObjectName("village")
        for village in Village.live().order_by(Village.sort_order, Village.name):
            self.village.addItem(village.name, village.id)
        if village_id:
            self.village.setCurrentIndex(max(self.village.findData(village_id), 0))
        self.committee = QComboBox()
        self.committee.setObjectName("committee")
        self.committee.addItems(list(terms.COMMITTEES))
        self.held_on = QLineEdit(clock.today().isoformat())
        self.held_on.setObjectName("held_on")
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(list(terms.METHODS))
        self.term = QLineEdit()
        self.term.setPlaceholderText("如 12")
        form = QFormLayout()
        for label, widget in (
            ("村(社区)", self.village),
            ("组织", self.committee),
            ("选举日期", self.held_on),
            ("选举方式", self.method),
            ("届次", self.term),
        ):
            form.addRow(label, widget)

        self.members = QTableWidget(0, 3)
        self.members.setObjectName("members")
        self.members.setHorizontalHeaderLabels(["姓名", "原任职务", "本次换届"])
        self.members.horizontalHeader().setStretchLastSection(True)
        self.newcomers = QTableWidget(0, 2)
        self.newcomers.setObjectName("newcomers")
        self.newcomers.setHorizontalHeaderLabels(["新当选（后备干部在前）", "当选职务"])
        self.newcomers.horizontalHeader().setStretchLastSection(True)
        self.newcomers.setColumnWidth(0, 260)
        self.member_entry = EntryGrid(self.members, frozen=1, title="粘贴换届选择")
        self.newcomer_entry = EntryGrid(self.newcomers, frozen=0, title="粘贴新当选人员")
        add = QPushButton("添加新当选人员")
        add.setObjectName("add_newcomer")
        add.clicked.connect(lambda: self.add_newcomer())
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存换届结果")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        check = QPushButton("检查")
        check.clicked.connect(self.show_findings)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(check)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("原班子成员（选择连任或离任原因）："))
        layout.addWidget(self.members, 2)
        layout.addWidget(QLabel("新当选人员："))
        layout.addWidget(self.newcomers, 2)
        layout.addLayout(row)
        layout.addWidget(self.findings)
        layout.addWidget(self.buttons)
        self.village.currentIndexChanged.connect(lambda _i: self.load_members())
        self.committee.currentIndexChanged.connect(lambda _i: self.load_members())
        fit_window(self, 720, 640)
        self.load_members()

    def load_members(self) -> None:
        village_id = self.village.currentData()
        self.current = (
            changeover.current_members(village_id, self.committee.currentText()) if village_id else []
        )
        self.choices = changeover.candidates(village_id, self.committee.currentText()) if village_id else []
        self.members.setRowCount(len(self.current))
        for index, member in enumerate(self.current):
            for column, text in enumerate((member.name, member.post)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.members.setItem(index, column, item)
            box = QComboBox()
            box.addItems([STAY, *changeover.LEAVING_REASONS])
            box.currentIndexChanged.connect(lambda _i: self.show_findings())
            self.members.setCellWidget(index, 2, box)
        self.newcomers.setRowCount(0)
        self.show_findings()

    def edit_state(self) -> object:
        """What the clerk chose: the form, each member's 连任/离任 and the newcomers (for 放弃修改？)."""

        def text(table: QTableWidget, row: int, column: int) -> str:
            box = table.cellWidget(row, column)
            return box.currentText() if isinstance(box, QComboBox) else ""

        members = [text(self.members, r, 2) for r in range(self.members.rowCount())]
        newcomers = [
            (text(self.newcomers, r, 0), text(self.newcomers, r, 1)) for r in range(self.newcomers.rowCount())
        ]
        form = (self.village.currentIndex(), self.committee.currentIndex(), self.held_on.text())
        return (form, self.method.currentText(), self.term.text(), members, newcomers)

    def add_newcomer(self, person_index: int = 0, post: str = "") -> None:
        row = self.newcomers.rowCount()
        self.newcomers.insertRow(row)
        people = QComboBox()
        for candidate in self.choices:
            people.addItem(candidate.label, candidate)
        people.setCurrentIndex(min(person_index, people.count() - 1))
        posts = QComboBox()
        posts.addItems(
            [p for p in vocab.CADRE_POSTS.labels() if self.committee.currentText() in terms.committees_of(p)]
        )
        if post:
            posts.setCurrentIndex(max(posts.findText(post), 0))
        for column, widget in enumerate((people, posts)):
            widget.currentIndexChanged.connect(lambda _i: self.show_findings())
            self.newcomers.setCellWidget(row, column, widget)
        self.show_findings()

    def plan(self) -> changeover.ChangeoverPlan:
        try:
            held_on = parse_date(self.held_on.text())
        except DateParseError as exc:
            raise ValidationError("held_on", f"选举日期：{exc}") from None
        if held_on is None:
            raise ValidationError("held_on", "请填写选举日期。")
        term = self.term.text().strip()
        plan = changeover.ChangeoverPlan(
            self.village.currentData(),
            self.committee.currentText(),
            held_on,
            self.method.currentText(),
            int(term) if term.isdigit() else None,
        )
        for index, member in enumerate(self.current):
            choice = self.members.cellWidget(index, 2).currentText()  # type: ignore[attr-defined]
            if choice == STAY:
                plan.reelected.append(changeover.Reelected(member.post_id))
            else:
                plan.leaving.append(changeover.Leaving(member.post_id, choice))
        for row in range(self.newcomers.rowCount()):
            candidate = self.newcomers.cellWidget(row, 0).currentData()  # type: ignore[attr-defined]
            post = self.newcomers.cellWidget(row, 1).currentText()  # type: ignore[attr-defined]
            if candidate is not None:
                plan.newcomers.append(changeover.Newcomer(candidate.person_id, post, candidate.reserve_id))
        return plan

    def show_findings(self) -> None:
        try:
            findings = changeover.check(self.plan())
        except ValidationError as exc:
            findings = [changeover.Finding("error", exc.message)]
        self.findings.setText(
            "<br/>".join(f"<span style='color:{COLOURS[f.level]}'>{f.text}</span>" for f in findings)
        )

    def save(self) -> None:
        try:
            self.election_id = changeover.apply(self.plan()).id
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.findings.setText(f"<span style='color:#b00020'>{user_message(exc)}</span>")
            return
        self.accept()


class CadreFileDialog(QDialog):
    """干部档案 of one person in the window: add 简历, 学历, 奖惩 and family lines, a photo, and 打印."""

    def __init__(self, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.setObjectName("CadreFileDialog")
        self.view = QTextBrowser()
        self.view.setObjectName("cadre_file")
        self.photo = QLabel()
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(QSize(105, 140))
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #999;")
        add = QPushButton("添加…")
        add.setObjectName("add_line")
        menu = QMenu(add)
        for key, kind in file_records.KINDS.items():
            menu.addAction(kind.title, lambda key=key: self.add_line(key))
        add.setMenu(menu)
        photo_button = QPushButton("照片…")
        photo_button.clicked.connect(lambda: self.choose_photo())
        print_button = QPushButton("打印…")
        print_button.clicked.connect(lambda: self.print_file())
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (add, photo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(print_button)
        buttons.addWidget(close)
        top = QHBoxLayout()
        top.addWidget(self.view, 1)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        fit_window(self, 720, 620)
        self.refresh()

    def refresh(self) -> None:
        file = cadre_file.cadre_file(self.person_id)
        self.name = file.basics.get("姓名", "")
        self.setWindowTitle(f"干部档案 — {self.name}")
        parts = ["<table cellspacing='4'>"]
        parts += [
            f"<tr><td style='color:#555'>{k}</td><td>{html.escape(v)}</td></tr>"
            for k, v in file.basics.items()
            if v
        ]
        parts.append("</table>")
        for title, lines in file.sections:
            parts.append(f"<h4>{title}</h4>" + "<br/>".join(html.escape(line) for line in lines))
        self.view.setHtml("".join(parts))
        pixmap = QPixmap()
        if file.photo and pixmap.loadFromData(file.photo):
            self.photo.setPixmap(
                pixmap.scaled(
                    self.photo.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo.setText("（无照片）")

    def add_line(self, kind: str) -> RecordEditor:
        editor = RecordEditor(file_records.record_form(kind, self.person_id), None, self)
        editor.accepted.connect(self.refresh)
        editor.open()
        return editor

    def choose_photo(self, path: Path | None = None) -> None:
        path = path or file_dialogs.ask_open(self, "选择照片", "图片 (*.jpg *.jpeg *.png)")
        if path is None:
            return
        try:
            file_records.set_photo(self.person_id, path)
        except Exception as exc:  # noqa: BLE001 - shown, nothing changed
            messages.show_error(self, "照片", exc)
            return
        self.refresh()

    def print_file(self, path: Path | None = None) -> None:
        print_to_pdf(
            self,
            "打印干部档案",
            f"干部档案-{self.name}.pdf",
            lambda out, _progress: paper.print_cadre_file(out, self.person_id),
            path,
        )
