"""The 培训 tab: courses, the attendance of the selected course, adding many people, sign-in import, shortfall."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services import clock
from township_desk.services.recycle_bin import soft_delete
from township_desk.services.training import attendance, days, output, signin
from township_desk.services.training.courses import COURSE_FORM, CourseListing
from township_desk.services.training.terms import RULE_FORM, format_days, parse_days
from township_desk.ui import messages
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import Importer, RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf
from township_desk.ui.table_model import RecordTableModel

SIGNIN_PREVIEW = (
    ("姓名", lambda r: r.name),
    ("村(社区)", lambda r: r.village),
    ("身份证号", lambda r: r.id_number),
    ("参训天数", lambda r: format_days(r.days)),
    ("操作", lambda r: r.action),
)


class AddManyDialog(QDialog):
    """Add a whole group to a course: a village's cadres, all secretaries, new cadres, reserves, a branch."""

    def __init__(self, course: TrainingCourse, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("add_many")
        self.setWindowTitle(f"批量添加参训人员 — {course.name}")
        self.course_id = str(course.id)
        self.added = (0, 0)
        self.group = QComboBox()
        self.group.setObjectName("group")
        self.group.addItems(list(attendance.GROUPS))
        self.name = QComboBox()
        self.name.setObjectName("group_name")
        self.days = QLineEdit(format_days(attendance.default_days(course)))
        self.days.setObjectName("days")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout(self)
        for label, widget in (
            ("人员范围", self.group),
            ("村(社区)/党支部", self.name),
            ("参训天数", self.days),
        ):
            form.addRow(label, widget)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.group.currentTextChanged.connect(self._group_changed)
        self._group_changed(self.group.currentText())

    def _group_changed(self, group: str) -> None:
        self.name.clear()
        self.name.addItems(attendance.group_names(group))
        self.name.setEnabled(group in attendance.NEEDS_NAME)

    def save(self) -> None:
        try:
            group = self.group.currentText()
            people = attendance.group_people(group, self.name.currentText() if self.name.isEnabled() else "")
            given = parse_days(self.days.text(), "days", "参训天数", allow_zero=True)
            self.added = attendance.enroll(self.course_id, people, given)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, nothing written
            self.error.setText(messages.user_message(exc))
            return
        self.accept()


class ShortfallDialog(QDialog):
    """Who is short of the yearly days, by village, with the days had and missing; prints the summary."""

    def __init__(self, tab: TrainingTab) -> None:
        super().__init__(tab)
        self.setObjectName("shortfall")
        self.setWindowTitle("培训未达标人员")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["村(社区)", "姓名", "人员类别", "已训天数", "应训天数", "差额"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        for widget, stretch in ((QLabel("年度"), 0), (self.year, 0), (self.note, 1)):
            top.addWidget(widget, stretch)
        for name, text, slot in (
            ("rule_button", "应训天数…", self._edit_rule),
            ("print_button", "打印培训情况统计表…", lambda: tab.print_summary(year=self.year.value())),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, run=slot: run())
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.year.valueChanged.connect(lambda _value: self.refresh())
        self.resize(760, 520)
        self.refresh()

    def _edit_rule(self) -> None:
        editor = RecordEditor(RULE_FORM, "rule", self)
        editor.accepted.connect(self.refresh)
        editor.open()

    def refresh(self) -> None:
        rows = days.shortfall(self.year.value(), clock.today())
        self.note.setText(days.shortfall_text(self.year.value(), clock.today()))
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                row.village,
                row.name,
                "、".join(row.groups),
                format_days(row.days),
                format_days(row.required),
                format_days(row.missing),
            )
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))


class TrainingTab(RecordTab):
    title = "培训"
    record_noun = "培训班"
    search_hint = "输入培训名称、主题或地点查找"
    form = COURSE_FORM
    model_class = TrainingCourse

    def __init__(self, window: Any) -> None:
        super().__init__(window, CourseListing())
        self.add_button.setText("新增培训班")
        self._import_course = ""
        self.importer = Importer(
            plan=lambda path, progress: signin.plan_signin_import(path, self._import_course, progress),
            apply=lambda plan, progress: signin.apply_signin_import(plan, self._import_course, progress),
            columns=SIGNIN_PREVIEW,
            subject="training-attendance",
            fields=signin.COLUMNS,
        )
        shortfall_button = QPushButton("未达标人员…")
        shortfall_button.setObjectName("shortfall_button")
        shortfall_button.clicked.connect(lambda: ShortfallDialog(self).open())
        self.bar.addWidget(shortfall_button)

        self.people_model = RecordTableModel(attendance.AttendanceListing("-"), self)
        self.people = QTableView()
        self.people.setObjectName("attendance_table")
        self.people.setModel(self.people_model)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(self.people_model.listing.columns):
            self.people.setColumnWidth(index, column.width)
        self.people.doubleClicked.connect(lambda _index: self.edit_person())
        self.course_label = QLabel()
        self.course_label.setObjectName("course_label")
        self.person_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.course_label, 1)
        for key, text, slot in (
            ("add_person", "添加人员…", lambda: self.edit_person(new=True)),
            ("add_many", "批量添加…", lambda: self.add_many()),
            ("import_signin", "导入签到表…", lambda: self.import_excel()),
            ("edit_person", "编辑", lambda: self.edit_person()),
            ("remove_person", "移出", lambda: self.remove_person()),
        ):
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _checked=False, run=slot: run())
            buttons.addWidget(button)
            self.person_buttons[key] = button
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.people, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("training_splitter")
        self.body.removeWidget(self.table)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setSizes([380, 320])
        self.body.insertWidget(1, self.splitter, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._course_changed())
        self.model.modelReset.connect(self._course_changed)

    def count_unit(self) -> str:
        return "个培训班"

    def summary(self) -> str:
        return f"培训班 {TrainingCourse.live().count()} 个"

    # ---- the selected course's people
    def _course_changed(self) -> None:
        course_id = self.selected_id()
        self.people_model.listing = attendance.AttendanceListing(course_id or "-")
        self.people_model.refresh()
        for button in self.person_buttons.values():
            button.setEnabled(course_id is not None)
        if course_id is None:
            self.course_label.setText("选择一个培训班，查看和登记参训人员")
            return
        course = TrainingCourse.get_by_id(course_id)
        self.course_label.setText(
            f"{course.name}：{format_days(course.days)} 天，参训 {self.people_model.total} 人"
        )

    def edit_person(self, new: bool = False) -> RecordEditor | None:
        course_id = self.selected_id()
        rows = self.people.selectionModel().selectedRows()
        record_id = None if new or not rows else self.people_model.row_id(rows[0].row())
        if course_id is None or (not new and record_id is None):
            return None
        editor = RecordEditor(attendance.attendance_form(course_id), record_id, self)
        editor.accepted.connect(self._reselect(course_id))
        editor.open()
        return editor

    def _reselect(self, course_id: str) -> Any:
        def done() -> None:
            self.after_change()
            self.select_id(course_id)

        return done

    def add_many(self) -> AddManyDialog | None:
        course_id = self.selected_id()
        if course_id is None:
            return None
        dialog = AddManyDialog(TrainingCourse.get_by_id(course_id), self)

        def added() -> None:
            self._reselect(course_id)()
            self.window_.show_status(f"已添加 {dialog.added[0]} 人（{dialog.added[1]} 人原已在名单中）。")

        dialog.accepted.connect(added)
        dialog.open()
        return dialog

    def remove_person(self) -> None:
        rows = self.people.selectionModel().selectedRows()
        course_id = self.selected_id()
        if not rows or course_id is None:
            return
        row = TrainingAttendance.get_by_id(self.people_model.row_id(rows[0].row()))
        if messages.confirm(self, "移出", f"把“{row.describe()}”移出参训名单（移到回收站）？", "移出"):
            soft_delete(row)
            self._reselect(course_id)()

    # ---- sign-in sheet import (File ▸ 导入Excel and the 导入签到表 button)
    def import_excel(
        self, path: Path | None = None, sheet: str | None = None, mapping: dict[str, str] | None = None
    ) -> None:
        self._import_course = self.selected_id() or ""
        if not self._import_course:
            return messages.show_error(self, "导入签到表", "请先在列表中选择要导入签到表的培训班。")
        super().import_excel(path, sheet, mapping)

    def _imported(self, added: int, plan: Any) -> None:
        course_id = self._import_course
        super()._imported(added, plan)
        if course_id:
            self.select_id(course_id)

    # ---- shortfall, export and paper
    def export_rows(self, path: Path, progress: Any) -> int:
        state = dataclasses.replace(self.model.state, filters=dict(self.model.state.filters))
        return output.export_training(path, progress, state)

    def _print_course(self, kind: str, path: Path | None = None) -> None:
        course_id = self.selected_id()
        if course_id is None:
            return messages.show_error(self, "打印", "请先在列表中选择一个培训班。")
        name = TrainingCourse.get_by_id(course_id).name
        render = output.print_signin if kind == "签到表" else output.print_roster
        print_to_pdf(
            self,
            f"打印{kind}",
            f"{name}{kind}.pdf",
            lambda out, progress: render(out, name, progress, course_id=course_id),
            path,
        )

    def print_summary(self, path: Path | None = None, year: int | None = None) -> None:
        chosen = year or clock.today().year
        print_to_pdf(
            self,
            "打印培训情况统计表",
            f"{chosen}年度培训情况统计表.pdf",
            lambda out, progress: output.print_summary(out, chosen, progress),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("培训签到表（选中的培训班）…", lambda: self._print_course("签到表"), "Ctrl+P"),
            TabAction("培训班学员名册（选中的培训班）…", lambda: self._print_course("学员名册")),
            TabAction("年度培训情况统计表…", lambda: self.print_summary()),
        ]


TAB_CLASS = TrainingTab
