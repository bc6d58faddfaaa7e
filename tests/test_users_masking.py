"""Masked ID numbers (issue 23): 430725********1234 for the 查看 role on screen, on paper and in Excel, and for
everyone on printed and exported lists once the setting is on; forms that need the whole number keep it."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from reports.pdf_helpers import page_texts, squash

from township_desk import masking, session
from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.services import users


@pytest.fixture(autouse=True)
def signed_out():
    session.sign_out()
    yield
    session.sign_out()


def test_mask_keeps_the_region_and_the_last_four():
    assert masking.mask_id("430725199001011234") == "430725********1234"
    assert masking.mask_id("43072519900101123X") == "430725********123X"
    assert masking.mask_id("") == "" and masking.mask_id(None) is None


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def a_serving_cadre(path) -> tuple[str, str]:
    connection = sqlite3.connect(path)
    name, number = connection.execute(
        "SELECT p.name, p.id_number FROM person p JOIN cadre_post c ON c.person_id = p.id "
        "WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL AND p.id_number != '' "
        "AND (SELECT count(*) FROM person q WHERE q.name = p.name) = 1 ORDER BY p.id LIMIT 1"
    ).fetchone()
    connection.close()
    return name, number


def exported_numbers(path) -> list[str]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))  # row 1: the title
    column = rows[0].index("身份证号")
    return [str(r[column]) for r in rows[1:] if r[column]]


def test_a_viewer_gets_masked_numbers_in_excel_and_on_the_printed_roster(tmp_path, capsys, monkeypatch):
    path = tmp_path / "t.db"
    assert run(capsys, "--db", path, "demo")[0] == 0
    name, number = a_serving_cadre(path)
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "secret1")
    assert run(capsys, "--db", path, "users", "add", "老王", "--role", "管理员")[0] == 0
    monkeypatch.setenv("TOWNSHIP_DESK_NEW_PASSWORD", "viewer1")
    assert run(capsys, "--db", path, "--user", "老王", "users", "add", "小李", "--role", "查看")[0] == 0
    # the administrator's export has the whole numbers
    assert run(capsys, "--db", path, "--user", "老王", "export", "cadres", tmp_path / "admin.xlsx")[0] == 0
    assert number in exported_numbers(tmp_path / "admin.xlsx")
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "viewer1")
    code, text = run(capsys, "--db", path, "--user", "小李", "export", "cadres", tmp_path / "viewer.xlsx")
    assert code == 0, text
    numbers = exported_numbers(tmp_path / "viewer.xlsx")
    assert masking.mask_id(number) in numbers and number not in numbers
    assert all("********" in n for n in numbers)
    code, text = run(
        capsys, "--db", path, "--user", "小李", "print", "roster", "--out", tmp_path / "viewer.pdf"
    )
    assert code == 0, text
    paper = squash("".join(page_texts(tmp_path / "viewer.pdf")))
    assert masking.mask_id(number) in paper and number not in paper


def test_the_setting_masks_printed_and_exported_lists_for_everyone_but_not_the_cadre_file(
    tmp_path, capsys, monkeypatch
):
    path = tmp_path / "t.db"
    assert run(capsys, "--db", path, "demo")[0] == 0
    name, number = a_serving_cadre(path)
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "secret1")
    assert run(capsys, "--db", path, "users", "add", "老王", "--role", "管理员")[0] == 0
    code, text = run(capsys, "--db", path, "--user", "老王", "users", "mask-ids", "on")
    assert code == 0 and "隐藏" in text
    assert run(capsys, "--db", path, "--user", "老王", "export", "cadres", tmp_path / "c.xlsx")[0] == 0
    assert masking.mask_id(number) in exported_numbers(tmp_path / "c.xlsx")
    assert run(capsys, "--db", path, "--user", "老王", "print", "roster", "--out", tmp_path / "r.pdf")[0] == 0
    roster = squash("".join(page_texts(tmp_path / "r.pdf")))
    assert masking.mask_id(number) in roster and number not in roster
    code, text = run(
        capsys,
        "--db",
        path,
        "--user",
        "老王",
        "print",
        "cadre-file",
        "--person",
        name,
        "--out",
        tmp_path / "file.pdf",
    )
    assert code == 0, text
    assert number in squash("".join(page_texts(tmp_path / "file.pdf")))  # the form that needs it keeps it
    assert run(capsys, "--db", path, "--user", "老王", "users", "mask-ids", "off")[0] == 0
    assert run(capsys, "--db", path, "--user", "老王", "export", "cadres", tmp_path / "d.xlsx")[0] == 0
    assert number in exported_numbers(tmp_path / "d.xlsx")


def test_only_an_administrator_changes_the_setting(db):
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小张", "录入员", "clerk12")
    users.authenticate("小张", "clerk12")
    with pytest.raises(users.ValidationError, match="只有管理员"):
        users.set_masking(True)
    close_database()
    open_database(db)
    assert not masking.lists_setting()
