"""Two clerks on one record, and one person never twice: concurrent edits through the real editor, the
recycle bin refusing a second person with one ID number, `check` naming live duplicates."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from window_helpers import show_tab

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.people import Person
from township_desk.services import recycle_bin
from township_desk.services.records import ValidationError
from township_desk.ui import messages
from township_desk.ui.record_editor import set_value


def other_window_sets(db_path, person_id, **values):
    """Another window (its own connection to the file) saves a change to the person."""
    connection = sqlite3.connect(db_path)
    sets = ", ".join(f"{key} = ?" for key in values)
    connection.execute(
        f"UPDATE person SET {sets}, updated_at = datetime('now') WHERE id = ?", (*values.values(), person_id)
    )
    connection.commit()
    connection.close()


def open_editor(window, qtbot):
    tab = show_tab(window, "干部")
    person_id = tab.model.row_id(0)
    editor = tab.open_editor(person_id)
    editor.show()
    qtbot.addWidget(editor)
    return editor, Person.get_by_id(person_id)


def click_save(qtbot, editor):
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


@pytest.fixture
def answers(monkeypatch):
    """The answers the clerk gives to 此记录已被其他窗口修改, and the questions asked."""
    asked: list[str] = []
    given: list[int] = []

    def choose(parent, title, text, buttons):
        asked.append(title + "\n" + text)
        return given.pop(0)

    monkeypatch.setattr(messages, "choose", choose)
    return asked, given


def test_the_same_field_changed_in_another_window_is_not_overwritten_and_reload_shows_it(
    main_window, qtbot, answers
):
    asked, given = answers
    editor, person = open_editor(main_window, qtbot)
    other_window_sets(main_window.db_path, person.id, phone="13900000001")
    editor.widgets["phone"].setText("13800000002")
    given.append(0)  # 重新载入
    click_save(qtbot, editor)
    assert (
        asked
        and "此记录已被其他窗口修改" in asked[0]
        and "联系电话" in asked[0]
        and "13900000001" in asked[0]
    )
    assert editor.isVisible() and editor.result() == 0  # not saved, still open
    assert Person.get_by_id(person.id).phone == "13900000001"  # the other clerk's change stands
    assert editor.widgets["phone"].text() == "13900000001"  # reloaded
    assert "重新载入" in editor.error_label.text()
    click_save(qtbot, editor)  # now saved without a question
    assert len(asked) == 1 and not editor.isVisible()
    assert Person.get_by_id(person.id).phone == "13900000001"


def test_reload_keeps_the_clerks_changes_to_other_fields(main_window, qtbot, answers):
    asked, given = answers
    editor, person = open_editor(main_window, qtbot)
    other_window_sets(main_window.db_path, person.id, phone="13900000001")
    editor.widgets["phone"].setText("13800000002")
    set_value(editor.widgets["ethnicity"], "回族" if person.ethnicity != "回族" else "满族")
    chosen = editor.widgets["ethnicity"].currentText()
    given.append(0)
    click_save(qtbot, editor)
    assert editor.widgets["ethnicity"].currentText() == chosen
    click_save(qtbot, editor)
    saved = Person.get_by_id(person.id)
    assert (saved.phone, saved.ethnicity) == ("13900000001", chosen)


def test_choosing_to_overwrite_writes_the_clerks_value(main_window, qtbot, answers):
    _asked, given = answers
    editor, person = open_editor(main_window, qtbot)
    other_window_sets(main_window.db_path, person.id, phone="13900000001")
    editor.widgets["phone"].setText("13800000002")
    given.append(1)  # 仍用我的修改覆盖
    click_save(qtbot, editor)
    assert not editor.isVisible()
    assert Person.get_by_id(person.id).phone == "13800000002"


def test_different_fields_changed_in_two_windows_both_stay(main_window, qtbot, answers):
    asked, _given = answers
    editor, person = open_editor(main_window, qtbot)
    other_window_sets(
        main_window.db_path,
        person.id,
        notes="另一窗口的备注",
        education="大学本科" if person.education != "大学本科" else "高中",
    )
    theirs = Person.get_by_id(person.id).education
    editor.widgets["phone"].setText("13800000002")
    click_save(qtbot, editor)
    assert not asked and not editor.isVisible()
    saved = Person.get_by_id(person.id)
    # only the changed field was written: the other window's notes and education were not put back
    assert (saved.phone, saved.notes, saved.education) == ("13800000002", "另一窗口的备注", theirs)


def test_editing_when_nobody_else_changed_anything_saves_as_before(main_window, qtbot, answers):
    asked, _given = answers
    editor, person = open_editor(main_window, qtbot)
    editor.widgets["phone"].setText("13800000003")
    click_save(qtbot, editor)
    assert not asked and Person.get_by_id(person.id).phone == "13800000003"


# ---------------------------------------------------------------- one person, one row


def _two_rows_for_one_person():
    from township_desk.services.cadres import save_cadre

    first = save_cadre(
        None, {"name": "李春梅", "id_number": "11010519491231002x", "village": "桃花村", "post": "村委会主任"}
    )
    recycle_bin.soft_delete(Person.get_by_id(first))
    second = save_cadre(
        None, {"name": "李春梅", "id_number": "11010519491231002x", "village": "杏花村", "post": "村委会委员"}
    )
    return first, second


def test_restoring_a_person_whose_id_number_a_live_person_has_is_refused_naming_both(db):
    first, second = _two_rows_for_one_person()
    with pytest.raises(ValidationError) as refused:
        recycle_bin.restore("Person", first)
    text = str(refused.value)
    assert "李春梅（桃花村）" in text and "李春梅（杏花村）" in text and "11010519491231002X" in text.upper()
    assert Person.get_by_id(first).deleted_at is not None  # still in the bin, nothing half-restored
    assert Person.live().where(Person.id_number == Person.get_by_id(second).id_number).count() == 1


def test_restoring_is_allowed_once_the_live_duplicate_is_gone(db):
    first, second = _two_rows_for_one_person()
    recycle_bin.soft_delete(Person.get_by_id(second))
    recycle_bin.restore("Person", first)
    assert Person.get_by_id(first).deleted_at is None


def test_check_reports_live_duplicate_id_numbers(db, capsys):
    first, _second = _two_rows_for_one_person()
    close_database()
    assert main(["--db", str(db), "check"]) == 0  # the bin's copy is no duplicate
    connection = sqlite3.connect(db)
    connection.execute("UPDATE person SET deleted_at = NULL WHERE id = ?", (first,))  # e.g. an old import
    connection.commit()
    connection.close()
    capsys.readouterr()
    assert main(["--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert "身份证号属于不止一名在册人员" in out and "李春梅、李春梅" in out


def test_the_recycle_bin_window_refuses_the_second_person_and_says_why(main_window, qtbot):
    from township_desk.ui.dialogs.recycle_bin import RecycleBinDialog

    first, _second = _two_rows_for_one_person()
    dialog = RecycleBinDialog(main_window)
    qtbot.addWidget(dialog)
    row = next(i for i, item in enumerate(dialog.items) if item.id == first)
    dialog.table.selectRow(row)
    dialog.restore_selected()
    assert any("不能恢复" in text and "李春梅（杏花村）" in text for text in main_window.errors_shown)
    assert Person.get_by_id(first).deleted_at is not None
