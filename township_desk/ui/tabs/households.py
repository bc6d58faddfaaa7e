"""The 联系户 tab: households paired with Party members, their visits, matters and pairings, overdue at a glance."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from township_desk.models.base import BaseModel
from township_desk.models.households import Household, HouseholdMatter, HouseholdPairing, HouseholdVisit
from township_desk.models.people import Person
from township_desk.services import clock, household_import, households, visits
from township_desk.services.listing import ALL
from township_desk.services.meetings.groups import household_place
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.people import village_names
from township_desk.services.settings import township_name
from township_desk.ui import file_dialogs, messages
from township_desk.ui.household_widgets import (
    MATTER_COLUMNS,
    PAIRING_COLUMNS,
    VISIT_COLUMNS,
    LedgerDialog,
    MemberFilter,
    OverduePanel,
    RowsPanel,
)
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import Importer, RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf
from township_desk.ui.workers import run_task

PAGE_VISITS, PAGE_MATTERS, PAGE_PAIRINGS, PAGE_OVERDUE = range(4)


class HouseholdsTab(RecordTab):
    blank_forms = ("household_card", "visit_ledger")
    title = "联系户"
    record_noun = "联系户"
    search_hint = "输入户主姓名、拼音首字母、身份证号或电话查找"
    form = households.HOUSEHOLD_FORM
    model_class = Household
    batch_keys = ("village", "group", "category")
    importer = Importer(
        plan=household_import.plan_household_import,
        apply=household_import.apply_household_import,
        subject="households",
        fields=household_import.COLUMNS,
        columns=(
            ("户主", lambda r: r.head),
            ("身份证号", lambda r: r.id_number),
            ("村(社区)", lambda r: r.village),
            ("村民小组", lambda r: r.group),
            ("户类型", lambda r: r.category),
            ("家庭人口", lambda r: r.member_count),
            ("联系党员", lambda r: r.member),
        ),
    )

    def __init__(self, window: Any) -> None:
        super().__init__(window, households.HouseholdListing())
        self.add_button.setText("新增联系户")
        self.current: str | None = None

        self.member_filter = MemberFilter(households.paired_members)
        self.member_filter.member_changed.connect(self._member_changed)
        self.add_to_bar(self.member_filter, after=self.filter_boxes["category"], stretch=2)

        self.banner = QLabel()
        self.banner.setObjectName("overdue_banner")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.linkActivated.connect(lambda _link: self.show_overdue())
        self.add_above(self.banner)

        self.visits = RowsPanel("visits", VISIT_COLUMNS, "这一户还没有走访记录。")
        self.visits.add_button("新增走访", self.add_visit, "add_visit")
        self.visits.add_button("编辑", lambda: self.edit_visit(), "edit_visit")
        self.visits.add_button("删除", lambda: self.delete_visit(), "delete_visit")
        self.visits.finish_buttons()
        self.visits.add_button("导出走访记录…", lambda: self.export_visits(), "export_visits")
        self.visits.activated.connect(self.edit_visit)

        self.matters = RowsPanel("matters", MATTER_COLUMNS, "这一户没有反映诉求。")
        self.matters.add_button("新增诉求", self.add_matter, "add_matter")
        self.matters.add_button("编辑", lambda: self.edit_matter(), "edit_matter")
        self.matters.add_button("标为办理中", lambda: self.start_matter(), "start_matter")
        self.matters.add_button("办结…", lambda: self.resolve_matter(), "resolve_matter")
        self.matters.add_button("删除", lambda: self.delete_matter(), "delete_matter")
        self.matters.finish_buttons()
        self.matters.activated.connect(self.edit_matter)

        self.pairings = RowsPanel("pairings", PAIRING_COLUMNS, "这一户还没有结对党员。")
        self.pairings.add_button("新增结对", self.add_pairing, "add_pairing")
        self.pairings.add_button("编辑", lambda: self.edit_pairing(), "edit_pairing")
        self.pairings.add_button("结束结对", lambda: self.end_pairing(), "end_pairing")
        self.pairings.add_button("删除", lambda: self.delete_pairing(), "delete_pairing")
        self.pairings.finish_buttons()
        self.pairings.activated.connect(self.edit_pairing)

        self.overdue = OverduePanel(
            visits.OverduePairingListing(), visits.StaleMatterListing(), households.overdue_days()
        )
        self.overdue.days_changed.connect(self.set_overdue_days)
        self.overdue.household_requested.connect(self.show_household)

        self.detail = QTabWidget()
        self.detail.setObjectName("household_detail")
        self.detail.addTab(self.visits, "走访记录")
        self.detail.addTab(self.matters, "诉求")
        self.detail.addTab(self.pairings, "结对党员")
        self.detail.addTab(self.overdue, "超期提醒")
        self.heading = QLabel("在上面的列表中选中一户，查看走访、诉求和结对党员。")
        self.heading.setObjectName("household_heading")
        self.heading.setStyleSheet("font-weight: bold;")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.detail, 1)

        self.splitter = self.master_detail(
            below=[lower], name="households_splitter", stretch=(3, 2), sizes=(420, 300)
        )

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._show_detail(None)

    # ---- loading
    def reload(self) -> None:
        super().reload()
        self.member_filter.invalidate()
        self.refresh_overdue()
        self._show_detail(self.current)

    def refresh_overdue(self) -> None:
        self.overdue.refresh()
        pairings, matters = self.overdue.pairings_model.total, self.overdue.matters_model.total
        if pairings or matters:
            self.banner.setText(
                f"<b>超期提醒：</b><a href='overdue'>{pairings} 个结对超过 {households.overdue_days()} 天未走访</a>"
                f"　·　<a href='overdue'>{matters} 件诉求超过 30 天未办结</a>"
            )
        else:
            self.banner.setText("超期提醒：没有超期未走访的结对，也没有超过 30 天未办结的诉求。")

    def count_unit(self) -> str:
        return "户"

    def summary(self) -> str:
        counts = households.household_counts()
        return f"联系户 {counts['households']} 户 · 未结对 {counts['unpaired']} 户"

    def _filter_changed(self, key: str, value: str) -> None:
        super()._filter_changed(key, value)
        if key == "village":
            village = value if value and value != ALL else None
            self.overdue.pairings_model.listing.village = village  # type: ignore[attr-defined]
            self.overdue.matters_model.listing.village = village  # type: ignore[attr-defined]
            self.refresh_overdue()

    def _member_changed(self, person_id: str) -> None:
        self.model.set_filter("member", person_id)
        self.overdue.pairings_model.listing.member = person_id or None  # type: ignore[attr-defined]
        self.refresh_overdue()

    def set_overdue_days(self, days: int) -> None:
        try:
            households.set_overdue_days(days)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "超期天数", exc)
            return
        self.model.refresh()
        self.refresh_overdue()

    def show_overdue(self) -> None:
        self.detail.setCurrentIndex(PAGE_OVERDUE)

    # ---- the selected household
    def _selection_changed(self) -> None:
        selected = self.selected_id()
        if selected:
            self._show_detail(selected)

    def select_id(self, record_id: str) -> None:
        """Select a household; one not among the loaded rows (a new one far down the list) is still shown below."""
        super().select_id(record_id)
        if self.model.row_of(record_id) is None:
            self._show_detail(record_id)

    def show_household(self, household_id: str) -> None:
        """Show a household's visits (from the overdue panel, or after a change); select it if listed."""
        self.select_id(household_id)
        if self.current != household_id:
            self._show_detail(household_id)
        self.detail.setCurrentIndex(PAGE_VISITS)

    def _show_detail(self, household_id: str | None) -> None:
        household = (
            Household.get_or_none((Household.id == household_id) & Household.deleted_at.is_null())
            if household_id
            else None
        )
        self.current = household.id if household is not None else None
        for panel in (self.visits, self.matters, self.pairings):
            panel.set_enabled_for(household is not None)
        if household is None:
            self.heading.setText("在上面的列表中选中一户，查看走访、诉求和结对党员。")
            for panel in (self.visits, self.matters, self.pairings):
                panel.set_rows([], " ")
            self.visits.button_list[-1].setEnabled(True)  # export works without a household
            return
        village = household.village.name if household.village_id else ""
        people = f" · {household.member_count}人" if household.member_count else ""
        phone = f" · 电话 {household.head_phone}" if household.head_phone else ""
        place = household_place(str(household.id)).text()  # 党小组 and 网格 (组织生活)
        self.heading.setText(
            f"{household.head_name}户 · {village}{household.group_name} · {household.category}"
            f"{people}{phone}" + (f" · {place}" if place else "")
        )
        visit_rows = visits.visit_rows(household.id)
        self.visits.set_rows(visit_rows, f"共走访 {len(visit_rows)} 次" if visit_rows else "")
        matter_rows = visits.matter_rows(household.id)
        open_count = sum(1 for m in matter_rows if m["status"] != visits.DONE)
        self.matters.set_rows(
            matter_rows, f"共 {len(matter_rows)} 件，未办结 {open_count} 件" if matter_rows else ""
        )
        pairing_rows = households.pairing_rows(household.id)
        self.pairings.set_rows(pairing_rows)
        self.detail.setTabText(PAGE_MATTERS, f"诉求（{open_count} 件未办结）" if open_count else "诉求")

    def after_change(self) -> None:
        current = self.current
        super().after_change()
        if current:
            self.select_id(current)

    def _edited(self, editor: RecordEditor) -> RecordEditor:
        editor.accepted.connect(self.after_change)
        editor.open()
        return editor

    def _delete(self, model: type[BaseModel], record_id: str | None, what: str) -> bool:
        if not record_id:
            return False
        question = f"把{what}“{{what}}”移到回收站？\n可以用 编辑 ▸ 撤销删除（Ctrl+Z）恢复。"
        return self.move_to_bin(model, record_id, question=question)

    # ---- visits
    def add_visit(self) -> RecordEditor | None:
        if not self.current:
            return None
        return self._edited(RecordEditor(visits.visit_form(self.current), None, self))

    def edit_visit(self, visit_id: str | None = None) -> RecordEditor | None:
        visit_id = visit_id or self.visits.selected_id()
        if not self.current or not visit_id:
            return None
        return self._edited(RecordEditor(visits.visit_form(self.current), visit_id, self))

    def delete_visit(self) -> bool:
        visit_id = self.visits.selected_id()
        return bool(visit_id) and self._delete(HouseholdVisit, visit_id, "走访记录")

    # ---- matters
    def add_matter(self) -> RecordEditor | None:
        if not self.current:
            return None
        return self._edited(RecordEditor(visits.matter_form(self.current), None, self))

    def edit_matter(
        self, matter_id: str | None = None, initial: dict[str, Any] | None = None
    ) -> RecordEditor | None:
        matter_id = matter_id or self.matters.selected_id()
        if not self.current or not matter_id:
            return None
        return self._edited(RecordEditor(visits.matter_form(self.current), matter_id, self, initial))

    def start_matter(self) -> None:
        matter_id = self.matters.selected_id()
        if not matter_id:
            return
        try:
            visits.set_matter_status(matter_id, "办理中")
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "诉求办理", exc)
            return
        self.after_change()

    def resolve_matter(self) -> RecordEditor | None:
        """办结: the matter form with the status set, to fill in the resolution."""
        return self.edit_matter(initial={"status": visits.DONE, "resolved_on": clock.today().isoformat()})

    def delete_matter(self) -> bool:
        matter_id = self.matters.selected_id()
        return bool(matter_id) and self._delete(HouseholdMatter, matter_id, "诉求")

    # ---- pairings
    def add_pairing(self) -> RecordEditor | None:
        if not self.current:
            return None
        return self._edited(RecordEditor(households.pairing_form(self.current), None, self))

    def edit_pairing(self, pairing_id: str | None = None) -> RecordEditor | None:
        pairing_id = pairing_id or self.pairings.selected_id()
        if not self.current or not pairing_id:
            return None
        return self._edited(RecordEditor(households.pairing_form(self.current), pairing_id, self))

    def end_pairing(self) -> None:
        pairing_id = self.pairings.selected_id()
        if not pairing_id:
            return
        pairing = HouseholdPairing.get_by_id(pairing_id)
        if pairing.ended_on is not None:
            return
        if not messages.confirm(
            self, "结束结对", f"结束“{pairing.describe()}”的结对联系（结束时间记为今天）？", "结束结对"
        ):
            return
        households.end_pairing(pairing_id)
        self.after_change()

    def delete_pairing(self) -> bool:
        pairing_id = self.pairings.selected_id()
        return bool(pairing_id) and self._delete(HouseholdPairing, pairing_id, "结对")

    # ---- export and print
    def export_rows(self, path: Path, progress: Any) -> int:
        state = dataclasses.replace(self.model.state, filters=dict(self.model.state.filters))
        return households.export_households(path, progress, state)

    def current_ledger(self) -> visits.LedgerQuery:
        village = self.model.state.filters.get("village")
        return visits.LedgerQuery(
            village=village if village and village != ALL else None,
            member_id=self.member_filter.current or None,
        )

    def export_visits(self, path: Path | None = None) -> None:
        """The visits of the current village and member to a workbook."""
        ledger = self.current_ledger()
        name = f"{ledger.village or township_name()}走访记录.xlsx"
        path = path or file_dialogs.ask_save(self, "导出走访记录", name, "Excel 文件 (*.xlsx)")
        if path is None:
            return
        run_task(
            self,
            "正在导出…",
            lambda progress: visits.export_visits(path, progress, ledger),
            on_done=lambda count: self._visits_exported(path, count),
            on_error=lambda exc: messages.show_error(self, "导出走访记录", exc),
        )

    def _visits_exported(self, path: Path, count: int) -> None:
        self.window_.show_status(f"已导出 {count} 条走访记录到 {path}")
        messages.export_done(self, "导出走访记录", path, f"已导出走访记录 {count} 条。")

    def ask_ledger(self) -> LedgerDialog:
        """打印走访台账: ask village and dates (the member is the one chosen in the filter)."""
        ledger = self.current_ledger()
        today = clock.today()
        dialog = LedgerDialog(
            village_names(),
            ledger.village or "",
            self.member_filter.text() if ledger.member_id else "",
            date(today.year, 1, 1).isoformat(),
            today.isoformat(),
            self,
        )
        dialog.accepted.connect(lambda: self._ledger_chosen(dialog, ledger.member_id))
        dialog.open()
        return dialog

    def _ledger_chosen(self, dialog: LedgerDialog, member_id: str | None) -> None:
        village, start, end = dialog.values()
        try:
            ledger = visits.LedgerQuery(
                village=village, member_id=member_id, date_from=parse_date(start), date_to=parse_date(end)
            )
        except DateParseError as exc:
            messages.show_error(self, "打印走访台账", f"日期有误：{exc}")
            return
        self.print_ledger(ledger)

    def print_ledger(self, ledger: visits.LedgerQuery, path: Path | None = None) -> None:
        name = f"{ledger.village or township_name()}走访台账.pdf"
        print_to_pdf(
            self,
            "打印走访台账",
            name,
            lambda out, progress: visits.print_visit_ledger(out, ledger, progress),
            path,
        )

    def print_card(self, path: Path | None = None) -> None:
        if not self.current:
            messages.show_error(self, "打印登记表", "请先在列表中选中一户。")
            return
        household_id = self.current
        head = Person.get_by_id(Household.get_by_id(household_id).head_id).name
        print_to_pdf(
            self,
            "打印五个到户登记表",
            f"{head}户五个到户登记表.pdf",
            lambda out, _progress: visits.print_household_card(out, household_id),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("走访台账（按村、党员、时间段）…", lambda: self.ask_ledger(), "Ctrl+P"),
            TabAction("五个到户登记表（选中的户）…", lambda: self.print_card()),
        ]


TAB_CLASS = HouseholdsTab
