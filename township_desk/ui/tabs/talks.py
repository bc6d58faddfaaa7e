"""The 谈话 tab: every talk with filters, pending talks up front, the record of the selected talk, a person's talks."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from township_desk.models.people import Person
from township_desk.models.talks import Talk
from township_desk.services import clock, talks
from township_desk.services.listing import Row
from township_desk.ui.record_tab import RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf

DETAIL_FIELDS = (
    ("kind", "谈话类型"),
    ("name", "谈话对象"),
    ("person_post", "谈话时职务"),
    ("talkers", "谈话人"),
    ("talker_post", "谈话人职务"),
    ("recorder", "记录人"),
    ("when", "谈话时间"),
    ("place", "谈话地点"),
    ("reason", "谈话事由"),
    ("content", "谈话内容"),
    ("response", "本人表态"),
    ("follow_up", "后续跟踪"),
    ("source", "来源"),
)


def talk_html(row: Row | None) -> str:
    """The whole record of one talk as simple HTML for a read-only view."""
    if row is None:
        return "<p style='color:#666'>选中一次谈话，在这里查看完整记录。</p>"
    values = dict(row)
    day = row.get("talk_date")
    values["when"] = f"{day.isoformat()} {row.get('talk_time') or ''}".strip() if day else "（未谈）"
    status = row.get("status", "")
    colour = "#b00020" if status == talks.STATUS_PENDING else "#1b5e20"
    parts = [f"<p><b style='color:{colour}'>{html.escape(str(status))}</b></p><table cellspacing='4'>"]
    for key, label in DETAIL_FIELDS:
        text = html.escape(str(values.get(key) or "")).replace("\n", "<br/>")
        if text:
            parts.append(f"<tr><td valign='top' style='color:#555'>{label}</td><td>{text}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class PersonTalksPanel(QWidget):
    """A person's talks (pending first) with the selected one's record; embeddable in any record view."""

    print_requested = Signal(str)  # talk id

    COLUMNS = (
        ("status", "状态"),
        ("kind", "谈话类型"),
        ("talk_date", "日期"),
        ("talkers", "谈话人"),
        ("reason", "事由"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id: str | None = None
        self.rows: list[Row] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("person_talks")
        self.table.setHorizontalHeaderLabels([label for _key, label in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((60, 100, 90, 90)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.detail = QTextBrowser()
        self.detail.setObjectName("talk_detail")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail, 2)

    def set_person(self, person_id: str | None) -> None:
        self.person_id = person_id
        self.rows = talks.talks_of(person_id) if person_id else []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (key, _label) in enumerate(self.COLUMNS):
                value = row.get(key)
                item = QTableWidgetItem("" if value is None else str(value))
                if key == "status" and value == talks.STATUS_PENDING:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        pending = sum(1 for row in self.rows if row["status"] == talks.STATUS_PENDING)
        self.summary.setText(
            f"共 {len(self.rows)} 次谈话" + (f"，其中待谈话 {pending} 次" if pending else "")
        )
        if self.rows:
            self.table.selectRow(0)
        self._show_selected()

    def selected_talk_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.rows[rows[0].row()]["id"]) if rows else None

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.detail.setHtml(talk_html(self.rows[rows[0].row()] if rows else None))


class PersonTalksDialog(QDialog):
    """“某某的谈话记录”: a person's talks, opened from their record (干部 tab) or from the 谈话 tab."""

    def __init__(self, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        person = Person.get_by_id(person_id)
        self.setWindowTitle(f"{person.name}的谈话记录")
        self.setObjectName("PersonTalksDialog")
        self.panel = PersonTalksPanel(self)
        self.panel.set_person(person_id)
        self.print_button = QPushButton("打印选中的谈话记录表…")
        self.print_button.clicked.connect(self._print)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(bar)
        self.resize(760, 560)

    def _print(self, path: Path | None = None) -> None:
        talk_id = self.panel.selected_talk_id()
        if talk_id is not None:
            print_to_pdf(
                self,
                "打印谈话记录表",
                "谈话记录表.pdf",
                lambda out, progress: talks.print_talk_record(out, talk_id, progress),
                path,
            )


def show_person_talks(parent: QWidget, person_id: str) -> PersonTalksDialog:
    """Open the talks of a person (non-blocking); returns the dialog."""
    dialog = PersonTalksDialog(person_id, parent)
    dialog.open()
    return dialog


class TalksTab(RecordTab):
    blank_forms = ("talk_record",)
    title = "谈话"
    record_noun = "谈话"
    search_hint = "输入谈话对象姓名、拼音首字母，或谈话人、事由、地点查找"
    form = talks.TALK_FORM
    model_class = Talk
    batch_keys = ("talkers", "place", "talk_date")

    def __init__(self, window: Any) -> None:
        super().__init__(window, talks.TalkListing())
        self.add_button.setText("新增谈话")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_label")
        self.pending_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.show_pending_button = QPushButton("只看待谈话")
        self.show_pending_button.clicked.connect(self.show_pending)
        self.fill_button = QPushButton("填写谈话记录…")
        self.fill_button.setToolTip("填写选中的待谈话（未选中时填写最早的一次待谈话）")
        self.fill_button.clicked.connect(self.fill_pending)
        self.person_button = QPushButton("此人全部谈话…")
        self.person_button.clicked.connect(self.show_person_of_selected)
        self.print_button = QPushButton("打印谈话记录表…")
        self.print_button.clicked.connect(lambda: self.print_selected())
        banner = QHBoxLayout()
        banner.addWidget(self.pending_label, 1)
        for button in (self.show_pending_button, self.fill_button, self.person_button, self.print_button):
            banner.addWidget(button)
        self.add_above(banner, before_bar=True)

        self.detail = QTextBrowser()
        self.detail.setObjectName("talk_detail")
        self.splitter = self.master_detail(
            right=self.detail, count_with_table=False, name="talks_splitter", stretch=(3, 1), sizes=(900, 360)
        )
        self.follow_selection(self._show_selected)

    # ---- state
    def count_unit(self) -> str:
        return "次"

    def summary(self) -> str:
        pending = talks.pending_count()
        return f"待谈话 {pending} 次" if pending else ""

    def reload(self) -> None:
        super().reload()
        pending = talks.pending_count()
        self.pending_label.setText(
            f"待谈话 {pending} 次：填写谈话日期和内容后即为“已完成”。" if pending else "没有待谈话。"
        )

    def selected_row(self) -> Row | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        record_id = self.model.row_id(rows[0].row())
        if record_id is None:
            return None
        talk = talks.TalkListing().base_query().where(Talk.id == record_id).first()
        return talks.talk_row(talk) if talk is not None else None

    def _show_selected(self) -> None:
        self.detail.setHtml(talk_html(self.selected_row()))

    # ---- actions
    def show_pending(self) -> None:
        box = self.filter_boxes["status"]
        box.setCurrentIndex(max(box.findText(talks.STATUS_PENDING), 0))

    def fill_pending(self) -> None:
        row = self.selected_row()
        talk_id = (
            row["id"]
            if row is not None and row["status"] == talks.STATUS_PENDING
            else talks.first_pending_id()
        )
        if talk_id is not None:
            self.select_id(talk_id)
            self._run_editor(self.open_editor(talk_id))
        else:
            self.window_.show_status("没有待谈话。")

    def show_person_of_selected(self) -> PersonTalksDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        return show_person_talks(self, row["person_id"])

    def export_rows(self, path: Path, progress: Any) -> int:
        state = dataclasses.replace(self.model.state, filters=dict(self.model.state.filters))
        return talks.export_talks(path, progress, state)

    def print_selected(self, path: Path | None = None) -> None:
        row = self.selected_row()
        if row is None:
            self.window_.show_status("请先选中一次谈话。")
            return
        talk_id = row["id"]
        name = f"谈话记录表-{row['name']}-{row['talk_date'] or '待谈话'}.pdf"
        print_to_pdf(
            self,
            "打印谈话记录表",
            name,
            lambda out, progress: talks.print_talk_record(out, talk_id, progress),
            path,
        )

    def print_year(self, path: Path | None = None, year: int | None = None) -> None:
        chosen = self.model.state.filters.get("year", "")
        year = year or (int(chosen) if chosen.isdigit() else clock.today().year)
        print_to_pdf(
            self,
            "打印全年谈话记录",
            f"{year}年谈话记录.pdf",
            lambda out, progress: talks.print_year_records(out, year, progress),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        return [
            TabAction("谈话记录表（选中的谈话）…", lambda: self.print_selected()),
            TabAction("全年谈话记录（按“年度”筛选，默认今年）…", lambda: self.print_year()),
        ]


TAB_CLASS = TalksTab
