"""Masked phones (issue 23): 138****1234 for the 查看 role, and for everyone by the setting 隐藏手机号, in lists on
screen, on printed lists and in Excel exports; the record form keeps the whole number for those who may edit."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from reports.pdf_helpers import page_texts, squash
from window_helpers import show_tab

from township_desk import masking, session
from township_desk.cli import main


@pytest.fixture(autouse=True)
def signed_out():
    session.sign_out()
    yield
    session.sign_out()


def test_a_phone_keeps_its_first_three_and_last_four():
    assert masking.mask_phone("13812341234") == "138****1234"
    assert masking.mask_phone("0731-5551234") == "073*****1234"
    assert masking.mask_phone("") == "" and masking.mask_phone(None) is None


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def a_cadre_phone(path) -> str:
    connection = sqlite3.connect(path)
    (phone,) = connection.execute(
        "SELECT p.phone FROM person p JOIN cadre_post c ON c.person_id = p.id "
        "WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL AND length(p.phone) = 11 ORDER BY p.id LIMIT 1"
    ).fetchone()
    connection.close()
    return str(phone)


def exported_column(path, header) -> list[str]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))[1:]  # row 1 is the sheet's title, row 2 the header
    column = next(i for i, label in enumerate(rows[0]) if label and header in str(label))
    return [str(r[column]) for r in rows[1:] if r[column]]


def test_phones_masked_for_a_viewer_and_by_the_setting_in_excel_and_on_paper(tmp_path, capsys, monkeypatch):
    path = tmp_path / "t.db"
    assert run(capsys, "--db", path, "demo")[0] == 0
    phone = a_cadre_phone(path)
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "secret1")
    assert run(capsys, "--db", path, "users", "add", "老王", "--role", "管理员")[0] == 0
    monkeypatch.setenv("TOWNSHIP_DESK_NEW_PASSWORD", "viewer1")
    assert run(capsys, "--db", path, "--user", "老王", "users", "add", "小李", "--role", "查看")[0] == 0
    assert run(capsys, "--db", path, "--user", "老王", "export", "cadres", tmp_path / "a.xlsx")[0] == 0
    assert phone in exported_column(tmp_path / "a.xlsx", "电话")

    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "viewer1")
    assert run(capsys, "--db", path, "--user", "小李", "export", "cadres", tmp_path / "v.xlsx")[0] == 0
    phones = exported_column(tmp_path / "v.xlsx", "电话")
    assert masking.mask_phone(phone) in phones and phone not in phones

    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "secret1")
    code, text = run(capsys, "--db", path, "--user", "老王", "users", "mask-phones", "on")
    assert code == 0 and "隐藏" in text
    assert run(capsys, "--db", path, "--user", "老王", "export", "cadres", tmp_path / "s.xlsx")[0] == 0
    phones = exported_column(tmp_path / "s.xlsx", "电话")
    assert masking.mask_phone(phone) in phones and phone not in phones
    assert run(capsys, "--db", path, "--user", "老王", "print", "roster", "--out", tmp_path / "r.pdf")[0] == 0
    paper = squash("".join(page_texts(tmp_path / "r.pdf")))
    assert phone not in paper


def test_the_setting_masks_phones_in_the_lists_on_screen_but_not_in_the_form(main_window, qtbot):
    from township_desk.services import users
    from township_desk.ui.dialogs.users_admin import UsersDialog

    page = show_tab(main_window, "干部")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    model = page.model
    column = next(i for i, c in enumerate(model.listing.columns) if c.key in masking.PHONE_KEYS)
    row = next(r for r in range(model.rowCount()) if len(str(model.index(r, column).data() or "")) == 11)
    phone = model.index(row, column).data()

    def set_in_the_users_dialog(on: bool) -> None:  # as an administrator does: tick the box, close the dialog
        main_window.open_users()
        dialog = main_window.findChild(UsersDialog)
        dialog.mask_phones.setChecked(on)
        dialog.accept()
        dialog.deleteLater()
        qtbot.waitUntil(lambda: main_window.findChild(UsersDialog) is None, timeout=5000)

    set_in_the_users_dialog(True)
    assert model.index(row, column).data() == masking.mask_phone(phone)
    set_in_the_users_dialog(False)
    assert model.index(row, column).data() == phone
    users.set_phone_masking(True)
    editor = page.open_editor(page.model.row_id(row))  # a clerk edits the whole number, never the mask
    qtbot.addWidget(editor)
    from township_desk.ui.record_editor import get_value

    key = model.listing.columns[column].key
    assert get_value(editor.widgets[key]) == phone
