"""Any workbook the office has: .xlsx, old .xls, WPS .et, .ods and .csv in UTF-8 or GBK are read alike;
what is not a workbook is refused with a Chinese message and exit 2, and nothing is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from workbook_helpers import (
    MAN_1980,
    MAN_1990,
    WOMAN_1985,
    roster,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
)

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services.cadre_import import apply_cadre_import, plan_cadre_import
from township_desk.services.excel_import import ImportFileError


def _xlsx(path: Path) -> Path:
    return write_xlsx(path.with_suffix(".xlsx"), [("花名册", roster())])


def _xls(path: Path) -> Path:
    return write_xls(path.with_suffix(".xls"), [("花名册", roster())])


def _et(path: Path) -> Path:
    """WPS's own format is an .xls inside (older WPS) under another name."""
    return write_xls(path.with_suffix(".et"), [("花名册", roster())])


def _et_zip(path: Path) -> Path:
    """... or an .xlsx inside (newer WPS)."""
    return write_xlsx(path.with_suffix(".et"), [("花名册", roster())])


def _ods(path: Path) -> Path:
    return write_ods(path.with_suffix(".ods"), "花名册", roster())


def _csv(encoding: str):
    def make(path: Path) -> Path:
        return write_csv(path.with_suffix(".csv"), roster(), encoding)

    return make


MAKERS = {
    "xlsx": _xlsx,
    "xls": _xls,
    "et (xls inside)": _et,
    "et (xlsx inside)": _et_zip,
    "ods": _ods,
    "csv utf-8": _csv("utf-8"),
    "csv utf-8 with BOM": _csv("utf-8-sig"),
    "csv gbk": _csv("gbk"),
    "csv gb18030": _csv("gb18030"),
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_every_format_gives_the_same_roster(db, tmp_path, kind):
    path = MAKERS[kind](tmp_path / "roster")
    plan = plan_cadre_import(path)
    assert plan.header_row == 2 and plan.refused == []
    taken = {record.name: record for _row, record in plan.accepted}
    assert set(taken) == {"张三", "李秀英", "阿依古丽·买买提"}
    assert [row for row, _record in plan.accepted] == [3, 4, 5]
    assert taken["张三"].id_number == MAN_1980 and taken["张三"].village == "桃花村"
    assert taken["李秀英"].id_number == WOMAN_1985 and taken["李秀英"].sex == "女"
    assert taken["李秀英"].phone == "13912345678" and taken["李秀英"].post_start.year == 2021
    assert taken["阿依古丽·买买提"].id_number == MAN_1990
    assert apply_cadre_import(plan) == 3
    assert Person.live().count() == 3 and CadrePost.live().count() == 3


def test_a_gbk_csv_keeps_its_chinese_and_an_id_number_of_digits(db, tmp_path):
    path = write_csv(
        tmp_path / "名单.csv",
        [["姓名", "身份证号", "职务", "村"], ["欧阳娜娜", MAN_1980, "委员", "桃花村"]],
        "gbk",
    )
    assert "欧阳".encode("gbk") in path.read_bytes()  # really GBK, not UTF-8
    plan = plan_cadre_import(path)
    assert [(r.name, r.id_number, r.village) for _row, r in plan.accepted] == [
        ("欧阳娜娜", MAN_1980, "桃花村")
    ]


def test_a_gb18030_csv_keeps_a_name_gbk_cannot_write(db, tmp_path):
    name = "王\U00020bb7"  # 𠮷: in GB18030, not in GBK
    path = write_csv(
        tmp_path / "名单.csv", [["姓名", "身份证号", "职务"], [name, MAN_1980, "委员"]], "gb18030"
    )
    plan = plan_cadre_import(path)
    assert [r.name for _row, r in plan.accepted] == [name]


def test_a_number_cell_in_an_xls_keeps_a_15_digit_id_and_a_phone(db, tmp_path):
    path = write_xls(
        tmp_path / "old.xls",
        [("Sheet1", [["姓名", "身份证号", "职务", "电话"], ["钱七", 430725750308123, "委员", 13812345678]])],
    )
    plan = plan_cadre_import(path)
    ((_row, record),) = plan.accepted
    assert record.id_number.startswith("43072519750308123") and record.phone == "13812345678"


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _bytes(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (_folder, "名单.xlsx", "文件夹"),
        (_docx, "名单.xlsx", "Word 文档"),
        (_bytes(b""), "名单.xlsx", "空文件"),
        (_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600), "名单.xls", "已损坏"),
        (_bytes("姓名,身份证号".encode()), "名单.xlsx", "不是有效的 Excel"),
    ],
    ids=["folder", "docx renamed", "empty", "damaged xls", "text named xlsx"],
)
def test_what_is_not_a_workbook_is_refused_with_exit_2(db_path, tmp_path, capsys, make, name, message):
    path = make(tmp_path / name)
    assert main(["--db", str(db_path), "import", "cadres", str(path)]) == 2
    err = capsys.readouterr().err
    assert "无法导入" in err and message in err and "Traceback" not in err
    open_database(db_path)
    try:
        assert Person.select().count() == 0
    finally:
        close_database()


def test_the_service_raises_the_import_file_error(db, tmp_path):
    with pytest.raises(ImportFileError, match="空文件"):
        plan_cadre_import(_bytes(b"\r\n")(tmp_path / "x.csv"))
