"""Exporting the cadre list to Excel and printing the roster PDF, read back as a user would."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services.cadres import CadreListing, export_cadres, print_roster, roster_rows
from township_desk.services.listing import ListState


def pdf_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages]


def test_export_has_labels_and_full_id_numbers_as_text(demo_db, tmp_path):
    out = tmp_path / "cadres.xlsx"
    count = export_cadres(out)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]  # under the title row
    assert header[:3] == ["姓名", "性别", "民族"] and "身份证号" in header and "现任职务" in header
    assert sheet.max_row == count + 2
    ids = [row[header.index("身份证号")] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert all(isinstance(v, str) and len(v) == 18 for v in ids)
    assert set(ids) == {row["id_number"] for row in CadreListing().iter_rows(ListState())}


def test_export_of_the_filtered_list(demo_db, tmp_path):
    village = Person.live().first().village.name
    state = ListState(filters={"village": village})
    export_cadres(tmp_path / "one.xlsx", state=state)
    sheet = openpyxl.load_workbook(tmp_path / "one.xlsx").active
    villages = {row[6] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert villages == {village}
    assert sheet.max_row - 2 == CadreListing().count(state)


def test_roster_pdf_repeats_header_numbers_pages_and_extracts_the_chinese(demo_db, tmp_path):
    out = print_roster(tmp_path / "roster.pdf")
    reader = PdfReader(out)
    pages = pdf_text(out)
    assert len(pages) >= 3
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    for number, text in enumerate(pages, 1):
        assert "姓名" in text and "现任职务" in text  # header on every page
        assert f"第{number}页共{len(pages)}页" in text
    assert "漳江镇村（社区）“两委”干部花名册" in pages[0]  # full-width brackets
    assert "范围：全部村（社区）" in pages[0]
    everything = "".join(pages)
    rows = roster_rows()
    assert len(rows) == CadrePost.live().where(CadrePost.ended_on.is_null()).count()
    for row in rows:
        assert row["name"] in everything
    fonts = [ref.get_object() for ref in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all(
        "/FontFile2" in font["/FontDescriptor"].get_object() for font in fonts
    )  # embedded TrueType


def test_print_roster_of_one_village_from_the_cli(demo_db, tmp_path, capsys):
    village = CadrePost.live().first().village.name
    close_database()
    out = tmp_path / "village.pdf"
    assert main(["--db", str(demo_db), "print", "roster", "--village", village, "--out", str(out)]) == 0
    text = "".join(pdf_text(out))
    assert village in text
    first = pdf_text(out)[0]
    # The township's roster, its office as the unit, the village as the scope (not "单位：岗湖村").
    assert "漳江镇村（社区）“两委”干部花名册" in first
    assert f"范围：{village}" in first and f"单位：{village}" not in first
    assert "单位：中共漳江镇委员会组织办" in first
    assert main(["--db", str(demo_db), "print", "roster", "--village", "不存在村", "--out", str(out)]) == 2
    assert "不存在村" in capsys.readouterr().err
