"""The one record editor: a dialog built from a FormSpec, that saves through the spec's service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.records import Field, FormSpec, ValidationError, Values
from township_desk.ui.messages import user_message


def _make_widget(field: Field) -> QWidget:
    if field.kind == "multiline":
        widget: QWidget = QPlainTextEdit()
        widget.setTabChangesFocus(True)
        widget.setMaximumHeight(90)
    elif field.kind == "choice":
        widget = QComboBox()
        widget.setEditable(field.editable_choice)
        widget.addItem("")
        widget.addItems(list(field.choices() if field.choices else []))
        widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    elif field.kind == "ref":
        widget = QComboBox()
        widget.setEditable(True)
        widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        widget.addItem("", "")
        for value, label in field.options() if field.options else []:
            widget.addItem(label, value)
        completer = widget.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
    elif field.kind == "bool":
        widget = QCheckBox()
    else:
        widget = QLineEdit()
        widget.setPlaceholderText(field.placeholder)
        if field.kind == "readonly":
            widget.setReadOnly(True)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if field.tooltip:
        widget.setToolTip(field.tooltip)
    widget.setProperty("ref", field.kind == "ref")
    widget.setObjectName(f"field_{field.key}")
    return widget


def get_value(widget: QWidget) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        if widget.property("ref"):
            index = widget.findText(widget.currentText())
            return str(widget.itemData(index) or "") if index >= 0 else ""
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(widget)


def set_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value or ""))
    elif isinstance(widget, QComboBox) and widget.property("ref"):
        widget.setCurrentIndex(max(widget.findData(str(value or "")), 0))
    elif isinstance(widget, QComboBox):
        text = str(value or "")
        index = widget.findText(text)
        if index < 0 and text:
            widget.addItem(text)
            index = widget.count() - 1
        widget.setCurrentIndex(max(index, 0))
        if widget.isEditable():
            widget.setEditText(text)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value or ""))


class RecordEditor(QDialog):
    """Add or edit one record. Saves only when the service accepts every field; names the wrong one."""

    def __init__(
        self,
        spec: FormSpec,
        record_id: str | None = None,
        parent: QWidget | None = None,
        initial: Values | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.record_id = record_id
        self.saved_id: str | None = None
        self.widgets: dict[str, QWidget] = {}
        self._deriving = False
        self.setWindowTitle(("编辑" if record_id else "新增") + spec.title)
        self.setObjectName("RecordEditor")

        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        body = QWidget()
        grid = QGridLayout(body)
        for index, section in enumerate(spec.sections):
            box = QGroupBox(section.title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field in section.fields:
                widget = _make_widget(field)
                self.widgets[field.key] = widget
                label = field.label + ("＊" if field.required else "")
                form.addRow(label, widget)
                self._watch(widget)
            if index == 0:
                grid.addWidget(box, 0, 0, len(spec.sections), 1)
            else:
                grid.addWidget(box, index - 1, 1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(860, 560)

        values = spec.load(record_id)
        from township_desk import masking

        if masking.on_screen():  # 查看: 430725********1234 (such a user cannot save anyway)
            values = masking.mask_row(values, phones=True)
        self.opened: Values = dict(values)  # the record as opened: another window's later change is seen
        self.set_values(values)
        self.shown: Values = self.values()  # … and as shown: what this clerk changes is measured against it
        if initial:
            self.set_values(initial)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._derive)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self._derive)

    def set_values(self, values: Values) -> None:
        self._deriving = True
        try:
            for key, value in values.items():
                if key in self.widgets:
                    set_value(self.widgets[key], value)
        finally:
            self._deriving = False

    def values(self) -> Values:
        return {key: get_value(widget) for key, widget in self.widgets.items()}

    def _derive(self) -> None:
        if self._deriving:
            return
        derived = self.spec.derive(self.values())
        changed = {k: v for k, v in derived.items() if k in self.widgets and get_value(self.widgets[k]) != v}
        if changed:
            self.set_values(changed)

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        for key, widget in self.widgets.items():
            widget.setStyleSheet("border: 2px solid #b00020;" if key == field else "")
        if field in self.widgets:
            self.widgets[field].setFocus()

    def save(self, overwrite: bool = False) -> None:
        from township_desk.services.record_save import ConcurrentChangeError, save_changes

        try:
            self.saved_id = save_changes(
                self.spec, self.record_id, self.opened, self.values(), self.shown, overwrite=overwrite
            )
        except ConcurrentChangeError as exc:
            self._concurrent_change(exc)
            return
        except ValidationError as exc:
            self.show_error(exc.message, exc.field)
            return
        except Exception as exc:  # noqa: BLE001 - a database error is shown, the dialog stays open
            self.show_error(user_message(exc))
            return
        self.accept()

    def _concurrent_change(self, exc: Any) -> None:
        """Another window changed the same fields: reload them (keeping this clerk's other changes), or
        overwrite them after all; never silently."""
        from township_desk.ui import messages

        self.show_error(exc.message, exc.field)
        theirs = "；".join(
            f"{self.spec.field(k).label}：{exc.current.get(k) or '（空）'}" for k in exc.fields
        )
        choice = messages.choose(
            self,
            "此记录已被其他窗口修改",
            f"{exc.message}\n\n另一窗口保存的是：{theirs}",
            ["重新载入", "仍用我的修改覆盖", "返回编辑"],
        )
        if choice == 0:
            self.reload_from(exc.current)
        elif choice == 1:
            self.save(overwrite=True)

    def reload_from(self, current: Values) -> None:
        """Show the record as it is now; this clerk's changes to fields nobody else changed stay."""
        from township_desk.services.record_save import differing, editable_keys

        keys = editable_keys(self.spec)
        mine = {k: v for k, v in self.values().items() if k in differing(self.shown, self.values(), keys)}
        theirs = set(differing(self.opened, current, keys))
        self.opened = dict(current)
        self.set_values(current)
        self.shown = self.values()
        self.set_values({k: v for k, v in mine.items() if k not in theirs})
        self.show_error("已重新载入其他窗口保存的内容，请核对后再保存。")
