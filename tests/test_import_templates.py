"""Blank import templates: one per registered import, read back by its own importer, filled and imported."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from township_desk.cli import main
from township_desk.commands import registry
from township_desk.services.excel_import import read_table
from township_desk.services.id_numbers import make_id_number

registry.load_all()
SUBJECTS = sorted(registry.IMPORTS)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_registered_import_of_this_round_has_columns():
    assert {
        "cadres",
        "households",
        "work-teams",
        "training-attendance",
        "election-results",
        "resume-lines",
    } <= set(SUBJECTS)
    assert all(registry.IMPORTS[name].columns for name in SUBJECTS)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_template_is_read_back_by_its_own_importer_without_a_database(subject, tmp_path, capsys):
    out = tmp_path / f"{subject}.xlsx"
    code, said, _ = run(capsys, "import-template", subject, "--out", str(out))
    assert code == 0 and out.exists() and "已生成空白模板" in said
    assert not list(tmp_path.glob("*.db"))  # no database made or needed
    columns = registry.IMPORTS[subject].columns
    table = read_table(out, columns)
    assert table.ignored == []  # every header recognised
    assert set(table.names) == {c.key for c in columns}  # every field found, each under its own header
    assert list(table.rows) == []  # the notes are not read as a row

    sheet = load_workbook(out).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [c.label for c in columns]
    for cell, column in zip(sheet[1], columns, strict=True):
        assert cell.comment is not None and ("必填" in cell.comment.text) == column.required
        if "id_number" in column.key:
            assert "文本" in cell.comment.text and sheet.cell(row=2, column=cell.column).number_format == "@"
        if column.key == "birth_date":
            assert "1980.01" in cell.comment.text


def test_an_unknown_subject_or_a_non_xlsx_name_is_refused_in_chinese(tmp_path, capsys):
    code, _, err = run(capsys, "import-template", "党费", "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and "没有“党费”这类导入" in err and "cadres" in err
    code, _, err = run(capsys, "import-template", "cadres", "--out", str(tmp_path / "x.csv"))
    assert code == 2 and ".xlsx" in err and not (tmp_path / "x.csv").exists()


def _fill(path: Path, values: dict[str, object]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for cell in sheet[1]:
        if cell.value in values:
            sheet.cell(row=2, column=cell.column, value=values[cell.value])
    book.save(path)


def test_a_filled_cadre_template_imports_its_row(tmp_path, capsys):
    template = tmp_path / "干部.xlsx"
    assert run(capsys, "import-template", "cadres", "--out", str(template))[0] == 0
    number = make_id_number("430725", date(1980, 1, 15), 12, True)
    _fill(
        template,
        {
            "姓名": "周建华",
            "身份证号": number,
            "出生年月": "1980.01",
            "村(社区)": "桃花村",
            "现任职务": "村党组织书记",
            "任职时间": "2021.05",
            "联系电话": "13800001111",
            "新任": "是",
        },
    )
    db = tmp_path / "t.db"
    code, out, _ = run(capsys, "--db", str(db), "import", "cadres", str(template))
    assert code == 0 and "已导入 1 人" in out and "未识别的列" not in out
    with sqlite3.connect(db) as con:
        row = con.execute("SELECT name, id_number, phone FROM person WHERE deleted_at IS NULL").fetchall()
    assert row == [("周建华", number, "13800001111")]


def test_a_filled_household_template_imports_its_row(tmp_path, capsys):
    template = tmp_path / "联系户.xlsx"
    assert run(capsys, "import-template", "households", "--out", str(template))[0] == 0
    number = make_id_number("430725", date(1966, 3, 2), 31, False)
    _fill(
        template,
        {
            "户主姓名": "刘桂英",
            "身份证号": number,
            "村(社区)": "桃花村",
            "村民小组": "3组",
            "家庭人口": 4,
            "联系电话": "13900002222",
        },
    )
    db = tmp_path / "t.db"
    code, out, _ = run(capsys, "--db", str(db), "import", "households", str(template))
    assert code == 0 and "拒绝 0 行" in out and "未识别的列" not in out
    with sqlite3.connect(db) as con:
        heads = con.execute(
            "SELECT p.name, p.id_number FROM household h JOIN person p ON p.id = h.head_id"
            " WHERE h.deleted_at IS NULL"
        ).fetchall()
    assert heads == [("刘桂英", number)]


def test_a_filled_reserve_template_imports_its_row_and_keeps_a_registered_cadre_s_details(tmp_path, capsys):
    db = tmp_path / "t.db"
    cadres = tmp_path / "干部.xlsx"
    reserves = tmp_path / "后备.xlsx"
    serving = make_id_number("430725", date(1990, 6, 1), 52, True)
    new = make_id_number("430725", date(1995, 2, 3), 61, False)
    assert run(capsys, "import-template", "cadres", "--out", str(cadres))[0] == 0
    _fill(
        cadres,
        {
            "姓名": "陈志强",
            "身份证号": serving,
            "村(社区)": "桃花村",
            "现任职务": "村委会委员",
            "联系电话": "13700003333",
        },
    )
    assert run(capsys, "--db", str(db), "import", "cadres", str(cadres))[0] == 0

    assert run(capsys, "import-template", "reserves", "--out", str(reserves))[0] == 0
    book = load_workbook(reserves)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in (
        {"姓名": "陈志强", "身份证号": serving, "培养工程": "青蓝工程", "入库时间": "2023.03"},
        {
            "姓名": "黄丽",
            "身份证号": new,
            "村(社区)": "桃花村",
            "培养工程": "育青计划",
            "入库时间": "2024.05",
            "联系电话": "13600004444",
        },
    ):
        sheet.append([row.get(h) for h in headers])
    book.save(reserves)
    code, out, err = run(capsys, "--db", str(db), "import", "reserves", str(reserves))
    assert code == 0 and "已导入 2 人" in out, err
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT p.name, p.phone, r.programme FROM reserve_cadre r JOIN person p ON p.id = r.person_id"
            " WHERE r.deleted_at IS NULL ORDER BY p.name"
        ).fetchall()
        people = con.execute("SELECT COUNT(*) FROM person WHERE deleted_at IS NULL").fetchone()[0]
    assert sorted(rows) == sorted(
        [("陈志强", "13700003333", "青蓝工程"), ("黄丽", "13600004444", "育青计划")]
    )
    assert people == 2  # the serving cadre became a reserve, not a second person
    code, out, _ = run(capsys, "--db", str(db), "import", "reserves", str(reserves), "--dry-run")
    assert code == 1 and "已在后备干部库中" in out


def test_a_filled_branch_member_template_imports_members_into_their_branch(tmp_path, capsys):
    from township_desk.db import close_database, open_database
    from township_desk.services.party_branches.branches import save_branch

    db = tmp_path / "t.db"
    open_database(db)
    save_branch(None, {"name": "桃花村党支部", "village": "桃花村"})
    close_database()
    members = tmp_path / "党员.xlsx"
    assert run(capsys, "import-template", "branch-members", "--out", str(members))[0] == 0
    book = load_workbook(members)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    first = make_id_number("430725", date(1970, 4, 5), 71, True)
    second = make_id_number("430725", date(1998, 8, 9), 72, False)
    for row in (
        {"姓名": "唐建国", "身份证号": first, "党支部": "桃花村党支部", "入党时间": "1995.07"},
        {
            "姓名": "许婷",
            "身份证号": second,
            "党支部": "桃花村党支部",
            "党员类别": "预备党员",
            "入党时间": "2025.06",
        },
        {
            "姓名": "罗平",
            "身份证号": make_id_number("430725", date(1980, 1, 1), 73, True),
            "党支部": "杏花村党支部",
            "入党时间": "2001.07",
        },
    ):
        sheet.append([row.get(h) for h in headers])
    book.save(members)
    code, out, err = run(capsys, "--db", str(db), "import", "branch-members", str(members))
    assert code == 1 and "已导入 2 人" in out and "没有名为“杏花村党支部”的党支部" in out, err
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT p.name, p.political FROM branch_member m JOIN person p ON p.id = m.person_id"
            " JOIN party_branch b ON b.id = m.branch_id WHERE b.name = '桃花村党支部'"
        ).fetchall()
    assert sorted(rows) == sorted([("唐建国", "中共党员"), ("许婷", "中共预备党员")])


def test_a_filled_pair_template_pairs_registered_cadres_and_adds_a_new_mentor_once(tmp_path, capsys):
    db = tmp_path / "t.db"
    cadres = tmp_path / "干部.xlsx"
    assert run(capsys, "import-template", "cadres", "--out", str(cadres))[0] == 0
    book = load_workbook(cadres)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for name, number in (
        ("彭新一", make_id_number("430725", date(1996, 1, 1), 81, True)),
        ("彭新二", make_id_number("430725", date(1997, 1, 1), 82, False)),
    ):
        row = {"姓名": name, "身份证号": number, "村(社区)": "桃花村", "现任职务": "村委会委员", "新任": "是"}
        sheet.append([row.get(h) for h in headers])
    book.save(cadres)
    assert run(capsys, "--db", str(db), "import", "cadres", str(cadres))[0] == 0

    pairs = tmp_path / "结对.xlsx"
    assert run(capsys, "import-template", "mentoring-pairs", "--out", str(pairs))[0] == 0
    book = load_workbook(pairs)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for mentee in ("彭新一", "彭新二", "不存在"):
        row = {
            "帮带对象": mentee,
            "导师": "宋卫东",
            "导师类别": "县直单位干部",
            "导师工作单位": "县农业农村局",
            "结对时间": "2025.03",
        }
        sheet.append([row.get(h) for h in headers])
    book.save(pairs)
    code, out, err = run(capsys, "--db", str(db), "import", "mentoring-pairs", str(pairs))
    assert code == 1 and "已导入 2 人" in out and "库中没有名为“不存在”的帮带对象" in out, err
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT e.name, o.name FROM mentorship m JOIN person e ON e.id = m.mentee_id"
            " JOIN person o ON o.id = m.mentor_id WHERE m.deleted_at IS NULL"
        ).fetchall()
        mentors = con.execute("SELECT COUNT(*) FROM person WHERE name = '宋卫东'").fetchone()[0]
    assert sorted(rows) == [("彭新一", "宋卫东"), ("彭新二", "宋卫东")] and mentors == 1
    code, out, _ = run(capsys, "--db", str(db), "import", "mentoring-pairs", str(pairs), "--dry-run")
    assert "正由导师宋卫东帮带中" in out
