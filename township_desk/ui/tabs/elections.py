"""The 换届 tab: recorded elections, the township's progress and terms ending, the 换届 assistant, a cadre file."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton

from township_desk.models.elections import Election
from township_desk.services import clock
from township_desk.services.elections import cadre_file, terms
from township_desk.services.elections.form import ELECTION_FORM
from township_desk.services.elections.listing import ElectionListing
from township_desk.services.records import ValidationError
from township_desk.ui import messages
from township_desk.ui.election_widgets import CadreFileDialog, ChangeoverDialog
from township_desk.ui.record_tab import RecordTab, TabAction


class ElectionsTab(RecordTab):
    blank_forms = ("cadre_file", "secretary_review")
    title = "换届"
    search_hint = "输入村(社区)、组织或选举方式查找"
    record_noun = "选举"
    form = ELECTION_FORM
    model_class = Election

    def __init__(self, window: Any) -> None:
        super().__init__(window, ElectionListing())
        self.add_button.setText("换届助手…")
        self.add_button.setToolTip("登记一个村(社区)一个组织的换届：连任、离任、新当选，保存前按规则检查")
        self.file_button = QPushButton("干部档案…")
        self.file_button.setObjectName("file_button")
        self.file_button.clicked.connect(lambda: self.open_cadre_file())
        bar = self.body.itemAt(0).layout()
        bar.insertWidget(bar.indexOf(self.delete_button) + 1, self.file_button)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progress_label")
        self.progress_label.setWordWrap(True)
        self.body.insertWidget(1, self.progress_label)

    def reload(self) -> None:
        super().reload()
        today = clock.today()
        progress = terms.election_progress(terms.year_of_general_election(today))
        ending = terms.terms_ending(6, today)
        overdue = sum(1 for t in ending if t.overdue)
        parts = [progress.line()]
        if overdue:
            parts.append(f"已届满尚未换届 {overdue} 个组织")
        if len(ending) > overdue:
            parts.append(f"6个月内届满 {len(ending) - overdue} 个")
        self.progress_label.setText("；".join(parts) + "。")

    def count_unit(self) -> str:
        return "次"

    def add_record(self) -> ChangeoverDialog:  # type: ignore[override]
        dialog = ChangeoverDialog(self)
        dialog.accepted.connect(self._recorded)
        dialog.open()
        return dialog

    def _recorded(self) -> None:
        self.window_.reload_all()  # the 干部 list shows the new posts and 新任 marks
        self.changed.emit()

    def open_cadre_file(self, name: str | None = None) -> CadreFileDialog | None:
        if name is None:
            name, ok = QInputDialog.getText(self, "干部档案", "姓名：")
            if not ok or not name.strip():
                return None
        try:
            person = cadre_file.person_by_name(name)
        except ValidationError as exc:
            messages.show_error(self, "干部档案", exc.message)
            return None
        dialog = CadreFileDialog(person.id, self)
        dialog.open()
        return dialog

    def print_actions(self) -> list[TabAction]:
        return [TabAction("干部档案（按姓名）…", lambda: self.open_cadre_file())]


TAB_CLASS = ElectionsTab
