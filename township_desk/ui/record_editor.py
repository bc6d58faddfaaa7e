"""The one record editor: a dialog built from a FormSpec, that saves through the spec's service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
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

from township_desk.services.id_numbers import typing_feedback
from township_desk.services.records import Field, FormSpec, ValidationError, Values
from township_desk.ui.date_field import DateField
from township_desk.ui.edit_guard import EditGuard
from township_desk.ui.messages import user_message
from township_desk.ui.screen_fit import fit_window

# Fields an ID number fills in: shown read-only while a number is typed (cleared while it is wrong).
ID_DERIVED = ("sex", "birth_date", "age")
ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #5f6b76;"
LOCKED_STYLE = "background: #eef1f4; color: #333;"
FIELD_WIDTH = 210  # a field's least width: an 18-digit ID number and its message fit without wrapping


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
    elif field.kind == "date":
        widget = DateField()
        widget.setPlaceholderText(field.placeholder)
    else:
        widget = QLineEdit()
        widget.setPlaceholderText(field.placeholder)
        if field.kind == "readonly":
            widget.setReadOnly(True)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if field.tooltip:
        widget.setToolTip(field.tooltip)
    if not isinstance(widget, QCheckBox):
        widget.setMinimumWidth(FIELD_WIDTH)
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
        if widget.isReadOnly():
            widget.setCursorPosition(0)  # a long computed text shows from its start


class RecordEditor(EditGuard, QDialog):
    """Add or edit one record. Saves only when the service accepts every field; names the wrong one.

    Lays out to its content (scrolling inside when the screen is smaller; the buttons stay visible); 取消/Esc
    with changes asks 放弃修改？ (ui.edit_guard); an ID number is checked as it is typed.
    """

    min_width = 460  # subclasses with wide tables ask for more

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
        self.forms: dict[str, QFormLayout] = {}  # field key → the form it sits in
        self._deriving = False
        self._fitted = False
        self.setWindowTitle(("编辑" if record_id else "新增") + spec.title)
        self.setObjectName("RecordEditor")

        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        body = QWidget()
        grid = QGridLayout(body)
        self.body_grid = grid
        for index, section in enumerate(spec.sections):
            box = QGroupBox(section.title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field in section.fields:
                widget = _make_widget(field)
                self.widgets[field.key] = widget
                label = field.label + ("＊" if field.required else "")
                form.addRow(label, widget)
                self.forms[field.key] = form
                self._watch(widget)
            if index == 0:
                grid.addWidget(box, 0, 0, len(spec.sections), 1)
            else:
                grid.addWidget(box, index - 1, 1)
        scroll = QScrollArea()
        self.scroll = scroll
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

        values = spec.load(record_id)
        from township_desk import masking

        if masking.on_screen():  # 查看: 430725********1234 (such a user cannot save anyway)
            values = masking.mask_row(values, phones=True)
        self.opened: Values = dict(values)  # the record as opened: another window's later change is seen
        self.set_values(values)
        self.shown: Values = self.values()  # … and as shown: what this clerk changes is measured against it
        if initial:
            self.set_values(initial)
        self.id_label: QLabel | None = None
        if "id_number" in self.widgets and isinstance(self.widgets["id_number"], QLineEdit):
            if not masking.on_screen():  # a masked number is not checked (nor its derived fields touched)
                self.id_label = self.add_note("id_number", "id_feedback")
                self.widgets["id_number"].textChanged.connect(lambda _text: self.check_id_number())
                self.check_id_number()

    # ---- layout
    def add_note(self, key: str, name: str) -> QLabel:
        """A line of feedback right under the field `key` (hidden while empty; set it with show_note)."""
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.hide()
        form = self.forms[key]
        row, _role = form.getWidgetPosition(self.widgets[key])
        form.insertRow(row + 1, "", label)
        return label

    def show_note(self, label: QLabel, text: str, style: str) -> None:
        """Show (or hide, when empty) a note under a field, wrapped to the field's width and given the
        height its lines need (a form in a scroll area does not grow for wrapped text by itself)."""
        label.setText(text)
        label.setStyleSheet(style)
        label.setVisible(bool(text))
        if text:
            form = next(f for f in self.forms.values() if f.indexOf(label) >= 0)
            row, _role = form.getWidgetPosition(label)
            above = form.itemAt(row - 1, QFormLayout.ItemRole.FieldRole).widget()
            width = max(above.width(), FIELD_WIDTH)
            label.setFixedHeight(label.heightForWidth(width))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._fitted:
            self._fitted = True
            self.fit_to_content()
        super().showEvent(event)

    def fit_to_content(self) -> None:
        """As big as the fields need (no fixed 860×560 with empty space), within the screen's usable area."""
        body = self.scroll.widget()
        layout = self.layout()
        assert layout is not None
        body_hint = body.sizeHint()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        outside = layout.sizeHint().height() - self.scroll.sizeHint().height()
        width = max(layout.sizeHint().width(), body_hint.width() + bar + 2 * layout.contentsMargins().left())
        fit_window(self, max(width, self.min_width), outside + body_hint.height() + 4)

    def add_wide(self, widget: QWidget) -> None:
        """A box across the whole form under the sections (attendance lists …); it scrolls with the form."""
        self.body_grid.addWidget(widget, self.body_grid.rowCount(), 0, 1, 2)

    # ---- what the discard prompt compares
    def edit_state(self) -> Any:
        return self.values()

    # ---- ID numbers as typed
    def check_id_number(self) -> None:
        """Say at once what is wrong with the typed number; its derived fields are read-only while a number
        is typed, and cleared while it is wrong or incomplete."""
        label = self.id_label
        if label is None:
            return
        feedback = typing_feedback(get_value(self.widgets["id_number"]))
        self.show_note(label, feedback.message, ERROR_STYLE if feedback.error else HINT_STYLE)
        self.widgets["id_number"].setStyleSheet("border: 2px solid #b00020;" if feedback.error else "")
        typed = bool(str(get_value(self.widgets["id_number"])).strip())
        for key in ID_DERIVED:
            if key in self.widgets:
                self._lock(self.widgets[key], typed or key == "age", self.spec.field(key).tooltip)
        if typed and feedback.info is None:
            self.set_values({k: "" for k in ID_DERIVED if k in self.widgets})

    @staticmethod
    def _lock(widget: QWidget, locked: bool, tooltip: str) -> None:
        widget.setProperty("locked", locked)
        if isinstance(widget, QLineEdit):
            if widget.property("placeholder") is None:
                widget.setProperty("placeholder", widget.placeholderText())
            widget.setPlaceholderText("" if locked else str(widget.property("placeholder")))
            widget.setReadOnly(locked)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus if locked else Qt.FocusPolicy.StrongFocus)
            if isinstance(widget, DateField):
                widget.calendar_action.setVisible(not locked)
        else:
            widget.setEnabled(not locked)
        widget.setStyleSheet(LOCKED_STYLE if locked else "")
        widget.setToolTip("由身份证号自动得出，不需填写" if locked and not tooltip else tooltip)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._derive)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self._derive)
        if isinstance(widget, QLineEdit | QComboBox):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter in a one-line field goes on to the next field, as in the office's forms (never saves)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

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
            plain = LOCKED_STYLE if widget.property("locked") else ""
            widget.setStyleSheet("border: 2px solid #b00020;" if key == field else plain)
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
