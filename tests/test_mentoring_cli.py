"""The command line of 导师帮带 and 后备干部: Excel exports and PDFs read back, the ambiguous-name error."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.cadres import ReserveCadre
from township_desk.models.mentoring import GrowthPlan, MentorExchange, Mentorship
from township_desk.services import cadres, mentoring


def pdf_pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages]


def sheet_rows(path: Path) -> tuple[list[str], list[tuple]]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))  # row 1: the title
    return list(rows[0]), rows[1:]


def run(db: Path, *args: str) -> int:
    close_database()
    return main(["--db", str(db), *args])


def test_export_mentorships_exchanges_and_reserves(demo_db, tmp_path, capsys):
    pairs = Mentorship.live().count()
    exchanges = MentorExchange.live().count()
    reserves = ReserveCadre.live().count()
    stale = {a.name for a in mentoring.stale_mentors()}

    assert run(demo_db, "export", "mentorships", str(tmp_path / "p.xlsx")) == 0
    header, rows = sheet_rows(tmp_path / "p.xlsx")
    assert header[:3] == ["导师", "导师类别", "导师工作单位"]
    assert {"导师职务", "帮带对象", "村(社区)", "帮带对象职务", "结对时间", "结束时间", "帮带状态"} <= set(
        header
    )
    assert len(rows) == pairs
    col = {label: index for index, label in enumerate(header)}
    assert {r[col["帮带状态"]] for r in rows} == {"帮带中", "已结束"}
    assert all(isinstance(r[col["结对时间"]], datetime) for r in rows)  # real dates in Excel
    flagged = {r[col["导师"]] for r in rows if r[col["提醒"]] == "导师超90天未交流"}
    assert flagged == stale
    assert f"已导出 {pairs} 行" in capsys.readouterr().out

    assert run(demo_db, "export", "mentor-exchanges", str(tmp_path / "e.xlsx")) == 0
    header, rows = sheet_rows(tmp_path / "e.xlsx")
    assert header == [
        "交流日期",
        "交流方式",
        "导师",
        "导师工作单位",
        "帮带对象",
        "村(社区)",
        "交流内容",
        "成效",
    ]
    assert len(rows) == exchanges
    assert {r[1] for r in rows} == {"面谈", "电话", "现场指导", "集中培训"}

    assert run(demo_db, "export", "reserves", str(tmp_path / "r.xlsx")) == 0
    header, rows = sheet_rows(tmp_path / "r.xlsx")
    assert len(rows) == reserves
    col = {label: index for index, label in enumerate(header)}
    assert {r[col["状态"]] for r in rows} == {"培养中", "已任用", "退出"}
    assert all(isinstance(r[col["身份证号"]], str) and len(r[col["身份证号"]]) == 18 for r in rows)


def test_print_mentoring_roster(demo_db, tmp_path):
    cover = mentoring.coverage().text()
    mentees = [p.mentee.name for p in Mentorship.live()]
    out = tmp_path / "roster.pdf"
    assert run(demo_db, "print", "mentoring-roster", "--out", str(out)) == 0
    pages = pdf_pages(out)
    assert float(PdfReader(out).pages[0].mediabox.width) > float(PdfReader(out).pages[0].mediabox.height)
    assert "漳江镇新任村（社区）干部导师帮带花名册" in pages[0]
    assert re.sub(r"\s+", "", cover) in pages[0]
    for number, text in enumerate(pages, 1):
        assert "导师单位及职务" in text and "帮带对象职务" in text and "结对时间" in text
        assert f"第{number}页共{len(pages)}页" in text
    everything = "".join(pages)
    assert all(name in everything for name in mentees)


def test_print_growth_plan_of_a_named_mentee(demo_db, tmp_path, capsys):
    plan = GrowthPlan.live().join(Mentorship).where(Mentorship.status == "帮带中").first()
    pair = plan.mentorship
    name = pair.mentee.name
    same_name = (
        Mentorship.live()
        .join(mentoring.Mentee, on=(Mentorship.mentee == mentoring.Mentee.id))
        .where(mentoring.Mentee.name == name)
        .count()
    )
    assert same_name == 1
    out = tmp_path / "plan.pdf"
    assert run(demo_db, "print", "growth-plan", "--mentee", name, "--out", str(out)) == 0
    pages = pdf_pages(out)
    assert len(pages) == 1  # one page per mentee
    text = pages[0]
    assert "新任村（社区）干部成长计划" in text
    assert name in text and pair.mentor.name in text
    assert re.sub(r"\s+", "", plan.goals)[:30] in text and re.sub(r"\s+", "", plan.measures)[:30] in text
    assert "导师（签字）" in text and "帮带对象（签字）" in text
    assert pair.mentor_unit in text


def test_growth_plan_for_an_ambiguous_name_lists_the_candidates(demo_db, tmp_path, capsys):
    pair = Mentorship.live().where(Mentorship.status == "帮带中").first()
    name, first_village = pair.mentee.name, pair.mentee.village.name
    twin = cadres.save_cadre(
        None,
        {
            "name": name,
            "village": "新建村",
            "post": "村委委员",
            "is_new": True,
            "id_number": "11010519491231002X",
        },
    )
    mentoring.save_pair(
        None,
        {
            "mentor": pair.mentor_id,
            "mentee": twin,
            "mentor_kind": pair.mentor_kind,
            "mentor_unit": pair.mentor_unit or "某单位",
            "started_on": "2022-01-01",
        },
    )
    out = tmp_path / "plan.pdf"
    assert run(demo_db, "print", "growth-plan", "--mentee", name, "--out", str(out)) != 0
    err = capsys.readouterr().err
    assert f"有 2 位名为“{name}”的帮带对象" in err
    assert f"{name}（{first_village}" in err and f"{name}（新建村，身份证尾号002X）" in err
    assert not out.exists()
    assert run(demo_db, "print", "growth-plan", "--mentee", "11010519491231002X", "--out", str(out)) == 0
    assert "新建村" in pdf_pages(out)[0]
    assert run(demo_db, "print", "growth-plan", "--mentee", "查无此人", "--out", str(out)) != 0
    assert "没有找到名为“查无此人”的人员" in capsys.readouterr().err


def test_print_reserve_roster_with_a_status_filter(demo_db, tmp_path, capsys):
    appointed = [r.person.name for r in ReserveCadre.live().where(ReserveCadre.status == "已任用")]
    training = [r.person.name for r in ReserveCadre.live().where(ReserveCadre.status == "培养中")]
    out = tmp_path / "reserves.pdf"
    assert run(demo_db, "print", "reserve-roster", "--status", "已任用", "--out", str(out)) == 0
    text = "".join(pdf_pages(out))
    assert (
        "漳江镇村（社区）后备干部花名册" in text
        and "范围：已任用" in text
        and "在任干部中来自后备干部" in text
    )
    assert all(name in text for name in appointed)
    assert not any(name in text for name in set(training) - set(appointed))
    assert (
        run(demo_db, "print", "reserve-roster", "--programme", "青蓝", "--out", str(tmp_path / "q.pdf")) == 0
    )
    assert "范围：青蓝工程" in "".join(pdf_pages(tmp_path / "q.pdf"))
    assert run(demo_db, "print", "reserve-roster", "--status", "提拔了", "--out", str(out)) != 0
    assert "状态“提拔了”无法识别" in capsys.readouterr().err
