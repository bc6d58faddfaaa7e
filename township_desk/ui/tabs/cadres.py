"""The 干部 tab: serving village cadres and reserve cadres."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from township_desk.db import write_mark
from township_desk.models.people import Person
from township_desk.services import cadre_import, cadres
from township_desk.services.batch_edit import LEAVE_POST
from township_desk.services.listing import ListState
from township_desk.services.settings import township_name
from township_desk.ui.record_tab import Importer, RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf


class CadresTab(RecordTab):
    blank_forms = ("roster", "roster_full")
    title = "干部"
    record_noun = "干部"
    form = cadres.CADRE_FORM
    model_class = Person
    batch_keys = ("village", "education", "political", "reserve_status", "is_new", LEAVE_POST)
    importer = Importer(
        plan=cadre_import.plan_cadre_import,
        apply=cadre_import.apply_cadre_import,
        subject="cadres",
        fields=cadre_import.COLUMNS,
        columns=tuple(
            (heading, attrgetter(key))
            for key, heading in cadres.CADRE.headers(
                "name", "id_number", "sex", "village", "post", "education", "political"
            )
        ),
    )

    _counts: tuple[Any, dict[str, int]] | None = None  # (write mark, cadre_counts) for the count line

    def __init__(self, window: Any) -> None:
        super().__init__(window, cadres.CadreListing())
        self.talks_button = QPushButton("谈话记录")
        self.talks_button.setToolTip("查看选中干部的谈话记录")
        self.talks_button.clicked.connect(self.show_talks)
        self.bar.addWidget(self.talks_button)
        self.file_button = QPushButton("干部档案")
        self.file_button.setObjectName("file_button")
        self.file_button.setToolTip("选中干部的档案：简历、任职和任期、培训、考评、谈话、奖惩 …（可打印）")
        self.file_button.clicked.connect(lambda: self.show_file())
        self.bar.addWidget(self.file_button)

    def show_talks(self) -> None:
        """The talks of the selected person (谈话 tab's dialog)."""
        from township_desk.ui.tabs.talks import show_person_talks

        person_id = self.selected_id()
        if person_id:
            show_person_talks(self, person_id)

    def show_file(self) -> Any:
        """The 干部档案 of the selected person (the 换届 subject's dialog)."""
        from township_desk.ui.election_widgets import CadreFileDialog

        person_id = self.selected_id()
        if not person_id:
            return None
        dialog = CadreFileDialog(person_id, self)
        dialog.open()
        return dialog

    def _update_count(self) -> None:
        """共 N 人, and on the whole list how it adds up to the status bar's two numbers."""
        super()._update_count()
        state = self.model.state
        if state.search.strip() or state.active_filters():
            return
        mark = write_mark()
        if self._counts is None or self._counts[0] != mark:  # read again only after something was written
            self._counts = (mark, cadres.cadre_counts())
        counts = self._counts[1]
        both = counts["serving"] + counts["reserve_records"] - self.model.total
        self.count_label.setText(
            f"共 {self.model.total} 人：在任干部 {counts['serving']} 人，后备干部 {counts['reserve_records']} 人"
            + (f"（{both} 人既在任又在后备库）" if both > 0 else "")
        )

    def summary(self) -> str:
        counts = cadres.cadre_counts()
        # the same numbers as the 干部 list's 类别 filter and the 后备干部 tab's total (issue 22: 37 vs 71)
        return f"在任干部 {counts['serving']} 人 · 后备干部 {counts['reserve_records']} 人"

    def export_rows(self, path: Path, progress: Any) -> int:
        return cadres.export_cadres(path, progress, self.model.state)

    def _state(self) -> ListState:
        state = self.model.state
        return ListState(state.search, dict(state.filters), state.sort_key, state.descending)

    def print_roster(self, path: Path | None = None, form: str = "roster") -> None:
        """The roster of what the list shows: its search and every filter (reserves too when shown)."""
        state = self._state()
        village = state.active_filters().get("village")
        township = self.listing.county_township or None  # a county database: the township chosen, or all
        detailed = "（详细）" if form == "roster_full" else ""
        name = f"{village or township or township_name()}干部花名册{detailed}.pdf"
        print_to_pdf(
            self,
            "打印花名册",
            name,
            lambda out, progress: cadres.print_roster(
                out, progress=progress, township=township, form=form, state=state
            ),
            path,
        )

    def print_rows(self, ids: list[str], out: Path, progress: Any) -> Any:
        return cadres.print_roster(out, progress=progress, state=self._state(), ids=ids)

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("花名册（当前列表）…", self.print_roster, "Ctrl+P"),
            TabAction(
                "花名册（详细，A3：籍贯、入党时间、全日制/在职教育、一肩挑、交叉任职）…",
                lambda: self.print_roster(form="roster_full"),
            ),
        ]

    # ---- the list's menus
    def selection_buttons(self) -> list[QWidget]:
        return [*super().selection_buttons(), self.talks_button, self.file_button]

    def row_actions(self) -> list[TabAction]:
        return [TabAction("干部档案…", self.show_file), TabAction("谈话记录…", self.show_talks)]


TAB_CLASS = CadresTab
