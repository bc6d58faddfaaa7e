"""统计 out: the terminal tables, the workbook (one sheet per table, read back) and the PDF (text extracted)."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.services import statistics
from township_desk.services.statistics.output import display_width, table_text


def squash(text: str) -> str:
    return "".join(text.split())


def test_terminal_columns_line_up_by_display_width(demo_db, today, capsys) -> None:
    assert main(["--db", str(demo_db), "stats", "--as-of", today.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "村(社区)干部队伍结构总表" in out and "目标达标情况" in out
    report = statistics.compute(today)
    text = table_text(statistics.tables(report)[0])
    lines = text.splitlines()[1:]  # header, rule, rows
    widths = {display_width(line.rstrip()) for line in lines[:2]} | {
        display_width(line) for line in lines[2:]
    }
    assert len(widths) == 1  # every row ends in the same column on a terminal
    assert str(report.structures["all"].total.total) in lines[2]


def test_command_refuses_bad_input_without_writing(demo_db, tmp_path, capsys) -> None:
    assert main(["--db", str(demo_db), "stats", "--as-of", "2021-13-40"]) != 0
    assert "不是日期" in capsys.readouterr().err
    assert main(["--db", str(demo_db), "stats", "--village", "无此村"]) != 0
    assert main(["--db", str(demo_db), "stats", "--out", str(tmp_path / "x.docx")]) != 0
    assert "输出文件须以 .pdf 或 .xlsx 结尾" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_workbook_has_one_sheet_per_table(demo_db, tmp_path, today) -> None:
    out = tmp_path / "stats.xlsx"
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "stats",
                "--as-of",
                today.isoformat(),
                "--compare",
                "2021-07-01",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    report = statistics.compute(today, date(2021, 7, 1))
    tables = statistics.tables(report)
    book = load_workbook(out, read_only=True)
    try:
        assert len(book.sheetnames) == len(tables)
        assert {"结构总表", "目标达标", "对比", "政治面貌", "民族"} <= set(book.sheetnames)
        rows = list(book["结构总表"].iter_rows(values_only=True))
        assert rows[0][0].startswith("村(社区)干部队伍结构总表")
        assert rows[1][:3] == ("类别", "人数", "女性")
        assert rows[2][:2] == ("在任村(社区)干部", report.structures["all"].total.total)
        by_village = list(book["在任村(社区)干部按村(社区)"].iter_rows(values_only=True))
        assert len(by_village) == 2 + len(report.structures["all"].units) + 1  # title, header, villages, 合计
        assert by_village[-1][:2] == ("合计", report.structures["all"].total.total)
    finally:
        book.close()


def test_pdf_report_has_title_unit_dates_tables_and_page_numbers(demo_db, tmp_path, today) -> None:
    out = tmp_path / "stats.pdf"
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "stats",
                "--as-of",
                today.isoformat(),
                "--compare",
                "2021-07-01",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    reader = PdfReader(out)
    pages = [squash(page.extract_text() or "") for page in reader.pages]
    text = "".join(pages)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    assert "漳江镇村（社区）干部队伍结构统计" in pages[0]
    assert "单位：中共漳江镇委员会组织办" in pages[0]
    assert f"统计日期：{today.year}年{today.month}月{today.day}日" in pages[0]
    assert all(f"第{n}页共{len(pages)}页" in page for n, page in enumerate(pages, start=1))
    report = statistics.compute(today, date(2021, 7, 1))
    assert "村党组织书记高中(含中专)以上学历" in text and report.target("mentoring").verdict in text
    assert "对比（2021-07-01与" in text
    for village in report.structures["all"].units:
        assert village.label in text
    # the charts' labels are text in the PDF, in the embedded font
    assert "在任干部年龄结构" in text and "35岁及以下" in text and "本科及以上" in text
