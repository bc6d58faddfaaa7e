"""文件 ▸ 操作日志: who did what and when, filtered by user, date, subject or record, exported to Excel."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import audit, users

ALL_USERS = "全部用户"
SHOWN = 2000  # newest entries shown; the export holds all that match


class AuditLogDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_log_dialog")
        self.setWindowTitle("操作日志")
        self.user = QComboBox()
        self.user.setObjectName("audit_user")
        self.user.addItems([ALL_USERS, *audit.user_names()])
        self.use_since = QCheckBox("从")
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.subject = QLineEdit()
        self.subject.setObjectName("audit_subject")
        self.subject.setPlaceholderText("对象、操作、姓名或记录编号")
        search = QPushButton("筛选")
        search.clicked.connect(self.refresh)
        self.subject.returnPressed.connect(self.refresh)
        self.user.currentIndexChanged.connect(lambda _index: self.refresh())
        self.mask = QCheckBox("打印和导出名单时隐藏身份证号")
        self.mask.setObjectName("audit_mask_setting")
        from township_desk import masking

        self.mask.setChecked(masking.lists_setting())
        self.mask.toggled.connect(self._set_masking)
        filters = QHBoxLayout()
        for widget in (self.user, self.use_since, self.since, self.subject, search):
            filters.addWidget(widget)
        self.table = QTableWidget(0, len(audit.COLUMNS))
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([label for _key, label in audit.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.count = QLabel()
        buttons = QDialogButtonBox()
        export = buttons.addButton("导出Excel…", QDialogButtonBox.ButtonRole.ActionRole)
        export.clicked.connect(self.export)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.mask)
        layout.addWidget(buttons)
        self.resize(1000, 520)
        self.refresh()

    def query(self, limit: int | None = SHOWN) -> audit.Query:
        user = self.user.currentText()
        text = self.subject.text().strip()
        record_id = text if len(text) == 32 and text.isalnum() else ""
        since = self.since.date().toPython() if self.use_since.isChecked() else None
        return audit.Query(
            user="" if user == ALL_USERS else user,
            since=since,  # type: ignore[arg-type]
            subject="" if record_id else text,
            record_id=record_id,
            limit=limit,
        )

    def refresh(self) -> None:
        rows = audit.entries(self.query())
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, (key, _label) in enumerate(audit.COLUMNS):
                self.table.setItem(number, column, QTableWidgetItem(str(row.get(key) or "")))
        self.table.resizeColumnsToContents()
        more = f"（只显示最新的 {SHOWN} 条，导出可得全部）" if len(rows) >= SHOWN else ""
        self.count.setText(f"共 {len(rows)} 条{more}。操作日志只能追加，不能修改或删除。")

    def export(self) -> None:
        from township_desk.ui import file_dialogs, messages

        path = file_dialogs.ask_save(self, "导出操作日志", "操作日志.xlsx", "Excel 文件 (*.xlsx)")
        if path is None:
            return
        try:
            count = audit.export(path, self.query(limit=None))
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "导出操作日志", exc)
            return
        self.count.setText(f"已导出 {count} 条到 {path}")
        messages.export_done(self, "导出操作日志", path, f"已导出 {count} 条操作日志。")

    def _set_masking(self, on: bool) -> None:
        from township_desk.ui import messages

        try:
            users.set_masking(on)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "隐藏身份证号", exc)
            self.mask.blockSignals(True)
            self.mask.setChecked(not on)
            self.mask.blockSignals(False)


def open_audit_log(parent: QWidget) -> AuditLogDialog | None:
    """Administrators only, once the file has users."""
    from township_desk.ui import messages

    try:
        if users.users_enabled():
            users.require_admin("查看操作日志")
    except Exception as exc:  # noqa: BLE001
        messages.show_error(parent, "操作日志", exc)
        return None
    dialog = AuditLogDialog(parent)
    dialog.open()
    return dialog
