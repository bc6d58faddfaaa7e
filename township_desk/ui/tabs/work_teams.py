"""The 驻村工作队 tab: teams (with the composition and 因村派人 flags) and the selected team's members,
month attendance grid, leave, spot checks, work logs and yearly assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from township_desk.db import write_mark
from township_desk.models.work_teams import WorkTeam
from township_desk.services import clock
from township_desk.services.records import FormSpec
from township_desk.services.work_teams import assessment, checks, excel, forms, leave, logs, paper, teams
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.record_tab import Importer, RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf
from township_desk.ui.work_team_widgets import AttendanceGrid, PlainTable, SpotCheckDialog, button_row

MEMBER_COLUMNS = (
    ("name", "姓名"),
    ("role", "职务"),
    ("unit", "工作单位"),
    ("post", "单位职务"),
    ("phone", "联系电话"),
    ("started_on", "驻村时间"),
    ("ended_on", "离队时间"),
    ("end_kind", "离队方式"),
    ("end_reason", "原因"),
)
LEAVE_COLUMNS = (
    ("name", "姓名"),
    ("kind", "类别"),
    ("starts_on", "开始"),
    ("ends_on", "结束"),
    ("days", "天数"),
    ("approved_by", "审批人"),
    ("returned_on", "销假日期"),
    ("problem", "提示"),
)
LOG_COLUMNS = (
    ("log_date", "日期"),
    ("name", "队员"),
    ("kind", "类别"),
    ("text", "工作内容"),
    ("households", "走访农户"),
)
PENDING_COLUMNS = (("check_date", "检查日期"), ("name", "队员"), ("action", "待办"), ("text", "情况"))
INDICATOR_COLUMNS = (("stage", "阶段"), ("content", "考核指标"), ("max_score", "分值"), ("score", "得分"))


def _page(*widgets: Any) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        if isinstance(widget, QWidget):
            layout.addWidget(widget, 1 if isinstance(widget, (PlainTable, AttendanceGrid)) else 0)
        else:
            layout.addLayout(widget)
    return page


class WorkTeamsTab(RecordTab):
    blank_forms = ("leave_form", "team_roster", "team_assessment_sheet")
    title = "驻村工作队"
    record_noun = "工作队"
    search_hint = "输入村名、派出单位或队员姓名查找"
    form = teams.TEAM_FORM
    model_class = WorkTeam
    importer = Importer(
        plan=excel.plan_team_import,
        apply=excel.apply_team_import,
        subject="work-teams",
        fields=excel.IMPORT_COLUMNS,
        columns=(
            ("派驻村", lambda r: r.village),
            ("派出单位", lambda r: r.sending_unit),
            ("姓名", lambda r: r.name),
            ("职务", lambda r: r.role),
            ("身份证号", lambda r: r.id_number or ""),
            ("联系电话", lambda r: r.phone),
        ),
    )

    def __init__(self, window: Any) -> None:
        super().__init__(window, teams.TeamListing())
        self.add_button.setText("新增工作队")
        self.rules_button = QPushButton("考勤与考核规则…")
        self.rules_button.clicked.connect(lambda: self._run(RecordEditor(forms.rules_form(), None, self)))
        self.bar.addWidget(self.rules_button)
        self.team_id: str | None = None
        self._searching = False
        self._shown: tuple[str | None, object] | None = None  # the team the panes show, and the write mark
        self.year = clock.today().year
        self.members = PlainTable("team_members", MEMBER_COLUMNS)
        self.members.doubleClicked.connect(lambda _i: self.edit_member())
        member_bar, _ = button_row(
            ("新增队员…", lambda: self.edit_member(new=True)), ("编辑/离队/召回…", self.edit_member)
        )
        self.grid = AttendanceGrid()
        self.grid.changed.connect(self._refresh_pending)
        self.leaves = PlainTable("team_leaves", LEAVE_COLUMNS)
        self.leaves.doubleClicked.connect(lambda _i: self._edit(forms.leave_form, self.leaves))
        leave_bar, _ = button_row(
            ("新增请假…", lambda: self._edit(forms.leave_form, None)),
            ("编辑/销假…", lambda: self._edit(forms.leave_form, self.leaves)),
            ("打印请假审批表…", lambda: self.print_leave()),
        )
        self.pending_label = QLabel()
        self.pending_label.setObjectName("team_pending_label")
        self.pending_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.pending = PlainTable("team_pending", PENDING_COLUMNS)
        check_bar, _ = button_row(
            ("登记督查暗访…", self.add_check),
            ("选中的待办已处理", lambda: self.complete_action()),
            ("联席会议…", lambda: self._run(RecordEditor(forms.meeting_form(), None, self))),
        )
        self.logs = PlainTable("team_logs", LOG_COLUMNS)
        self.logs.doubleClicked.connect(lambda _i: self._edit(forms.log_form, self.logs))
        log_bar, _ = button_row(
            ("新增日志…", lambda: self._edit(forms.log_form, None)),
            ("编辑日志…", lambda: self._edit(forms.log_form, self.logs)),
        )
        self.result_label = QLabel()
        self.result_label.setObjectName("team_result")
        self.indicators = PlainTable("team_indicators", INDICATOR_COLUMNS)
        self.indicators.doubleClicked.connect(lambda _i: self.ask_score())
        result_bar, _ = button_row(
            ("生成四阶段指标", self.make_indicators),
            ("录入得分…", lambda: self.ask_score()),
            ("群众满意率与结果运用…", self.edit_result),
        )

        self.detail = QTabWidget()
        self.detail.setObjectName("team_detail")
        for widgets, label in (
            ((self.members, member_bar), "队员"),
            ((self.grid,), "考勤"),
            ((self.leaves, leave_bar), "请销假"),
            ((self.pending_label, self.pending, check_bar), "督查暗访"),
            ((self.logs, log_bar), "工作日志"),
            ((self.result_label, self.indicators, result_bar), f"{self.year}年考核"),
        ):
            self.detail.addTab(_page(*widgets), label)
        self.body.removeWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("teams_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([260, 420])
        self.body.insertWidget(1, self.splitter, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_team())
        self.model.modelReset.connect(self.show_team)

    # ---- state
    def count_unit(self) -> str:
        return "个工作队"

    def summary(self) -> str:
        pending = len(checks.pending_actions())
        return f"驻村待处理 {pending} 项" if pending else ""

    def _search_changed(self, text: str) -> None:
        self._searching = True  # a keystroke keeps the detail panes when the same team stays first
        try:
            super()._search_changed(text)
        finally:
            self._searching = False

    def show_team(self) -> None:
        self.team_id = self.selected_id()
        if self.team_id is None and self.model.total:
            self.table.selectRow(0)  # calls back here with the first team
            return
        team_id = self.team_id
        shown = (team_id, write_mark())
        if self._searching and shown == self._shown:
            return  # the panes already show this team, and nothing was written since
        self._shown = shown
        self.members.set_rows(teams.members_of(team_id) if team_id else [])
        self.grid.set_team(team_id)
        self.leaves.set_rows(leave.leaves(team_id=team_id) if team_id else [], warn="problem")
        self.logs.set_rows(logs.logs(team_id=team_id) if team_id else [])
        self._show_assessment()
        self._refresh_pending()

    def _refresh_pending(self) -> None:
        members = {m.id for m in teams.members_of(self.team_id)} if self.team_id else set()
        pending = [p for p in checks.pending_actions() if not self.team_id or p.member_id in members]
        rows = [
            {
                "id": p.finding_id,
                "check_date": p.check_date,
                "name": p.name,
                "action": p.action,
                "text": p.text,
            }
            for p in pending
        ]
        self.pending.set_rows(rows)
        self.pending_label.setText(
            f"待处理 {len(rows)} 项（督查暗访不在岗且未请假）" if rows else "没有待处理的事项。"
        )

    def _show_assessment(self) -> None:
        if not self.team_id:
            self.indicators.set_rows([])
            self.result_label.setText("")
            return
        self.indicators.set_rows(assessment.indicators_of(self.team_id, self.year))
        result = assessment.team_result(WorkTeam.get_by_id(self.team_id), self.year)
        veto = "（群众满意率低，一票否决）" if result.vetoed else ""
        self.result_label.setText(
            f"指标得分 {result.indicator_score if result.indicator_score is not None else '—'}，"
            f"群众满意率 {result.satisfaction if result.satisfaction is not None else '—'}%，"
            f"综合 {result.total if result.total is not None else '—'}，等次：{result.grade or '未完成'}{veto}"
        )

    # ---- editing the details
    def _run(self, editor: RecordEditor) -> RecordEditor:
        editor.accepted.connect(self.after_detail_change)
        editor.open()
        return editor

    def _edit(self, make: Any, table: PlainTable | None) -> RecordEditor | None:
        if not self.team_id:
            return None
        record_id = table.selected_id() if table is not None else None
        if table is not None and record_id is None:
            return None
        spec: FormSpec = make(self.team_id)
        return self._run(RecordEditor(spec, record_id, self))

    def edit_member(self, new: bool = False) -> RecordEditor | None:
        return self._edit(forms.member_form, None if new else self.members)

    def after_detail_change(self) -> None:
        selected = self.team_id
        self.after_change()
        if selected:
            self.select_id(selected)
        self.show_team()

    def add_check(self) -> SpotCheckDialog | None:
        if not self.team_id:
            return None
        dialog = SpotCheckDialog(self.team_id, self)
        dialog.accepted.connect(self.after_detail_change)
        dialog.open()
        return dialog

    def complete_action(self, finding_id: str | None = None) -> None:
        finding_id = finding_id or self.pending.selected_id()
        if finding_id:
            self._call(lambda: checks.complete_action(finding_id, clock.today()))

    def make_indicators(self) -> None:
        if self.team_id:
            team_id = self.team_id
            self._call(lambda: assessment.ensure_default_indicators(team_id, self.year))

    def ask_score(self, score: float | None = None) -> None:
        indicator_id = self.indicators.selected_id()
        if indicator_id is None:
            return
        if score is None:
            score, ok = QInputDialog.getDouble(self, "录入得分", "得分：", 0, 0, 100, 1)
            if not ok:
                return
        chosen = score
        self._call(lambda: assessment.score_indicator(indicator_id, chosen))

    def edit_result(self) -> RecordEditor | None:
        return self._edit(lambda team_id: forms.result_form(team_id, self.year), None)

    def _call(self, action: Any) -> None:
        from township_desk.ui import messages

        try:
            action()
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, self.title, exc)
            return
        self.after_detail_change()

    # ---- Excel and paper
    def export_rows(self, path: Path, progress: Any) -> int:
        return excel.export_teams(path, progress)

    def print_leave(self, path: Path | None = None) -> None:
        leave_id = self.leaves.selected_id()
        print_to_pdf(
            self,
            "打印请假审批表",
            "请假审批表.pdf",
            lambda out, progress: paper.print_leave_form(out, leave_id, progress),
            path,
        )

    def print_month(self, path: Path | None = None) -> None:
        year, month = self.grid.year, self.grid.month
        print_to_pdf(
            self,
            "打印考勤台账",
            f"驻村考勤台账-{year}年{month}月.pdf",
            lambda out, progress: paper.print_attendance(out, year, month, None, progress),
            path,
        )

    def print_actions(self) -> list[TabAction]:
        last_year = self.year - 1
        return [
            TabAction(
                "驻村工作队花名册…",
                lambda: print_to_pdf(self, "打印花名册", "驻村工作队花名册.pdf", paper.print_roster),
            ),
            TabAction("驻村考勤台账（考勤页所示月份）…", lambda: self.print_month()),
            TabAction(
                f"驻村第一书记考核结果（{last_year}年）…",
                lambda: print_to_pdf(
                    self,
                    "打印考核结果",
                    f"{last_year}年驻村第一书记考核结果.pdf",
                    lambda out, progress: paper.print_assessment(out, last_year, progress),
                ),
            ),
        ]


TAB_CLASS = WorkTeamsTab
