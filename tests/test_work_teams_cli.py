"""The command line of the work teams: import, exports read back, the printed forms, bad input refused,
and the tables travelling to the county (export for the county, merge)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
from exchange_helpers import county, export
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.models.work_teams import (
    WORK_TEAM_MODELS,
    TeamAttendance,
    TeamLeave,
    WorkTeam,
    WorkTeamMember,
)
from township_desk.services.id_numbers import make_id_number
from township_desk.services.merge import merge_files


def run(db: Path, *args: str) -> int:
    close_database()
    return main(["--db", str(db), *args])


def pdf_text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def sheet_rows(path: Path) -> tuple[list[str], list[tuple]]:
    rows = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True))  # row 1: title
    return list(rows[0]), rows[1:]


def write_import_file(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年驻村工作队名单"])
    sheet.append(
        ["派驻村", "村类别", "派出单位", "单位类别", "派驻时间", "姓名", "身份证号", "职务", "联系电话"]
    )
    leader = make_id_number("430725", date(1985, 3, 8), 11, True)
    member = make_id_number("430725", date(1990, 6, 1), 12, False)
    sheet.append(
        ["新河村", "产业村", "县林业局", "涉农", "2026.03", "谢一鸣", leader, "第一书记", "13811112222"]
    )
    sheet.append(["新河村", "产业村", "县林业局", "涉农", "2026.03", "钟晓燕", member, "队员", "13811113333"])
    sheet.append(["新河村", "产业村", "县林业局", "涉农", "2026.03", "钟晓燕", member, "队员", ""])
    sheet.append(["新河村", "产业村", "县林业局", "宣传", "2026.03", "错一个", "", "队员", ""])
    workbook.save(path)
    return path


def test_import_teams_once_and_refuse_bad_rows(db, tmp_path, capsys):
    source = write_import_file(tmp_path / "teams.xlsx")
    assert run(db, "import", "work-teams", str(source)) == 1  # written, but some rows were refused
    out = capsys.readouterr().out
    assert "第 5 行" in out and "第 6 行" in out  # the repeated member, the unknown unit kind
    open_database(db)
    assert WorkTeam.live().count() == 1
    members = {m.person.name: m.role for m in WorkTeamMember.live()}
    assert members == {"谢一鸣": "队长(第一书记)", "钟晓燕": "队员"}
    assert run(db, "import", "work-teams", str(source)) == 1  # nothing twice
    assert "已在库中" in capsys.readouterr().out
    open_database(db)
    assert WorkTeamMember.live().count() == 2


def test_exports_and_prints_on_the_demo(demo_db, tmp_path, capsys, today):
    open_database(demo_db)
    members = WorkTeamMember.live().count()
    months = TeamAttendance.live().count()
    leave = TeamLeave.live().order_by(TeamLeave.starts_on).first()
    leave_name, leave_day = leave.member.person.name, leave.starts_on
    previous = today.replace(day=1) - date.resolution  # a day of last month
    assert run(demo_db, "export", "work-teams", str(tmp_path / "t.xlsx")) == 0
    header, rows = sheet_rows(tmp_path / "t.xlsx")
    assert header[:5] == ["派驻村", "村类别", "派出单位", "单位类别", "姓名"] and len(rows) == members
    status = {r[header.index("状态")] for r in rows}
    assert "在岗" in status and any(s.startswith("召回：") for s in status)
    assert run(demo_db, "export", "team-attendance", str(tmp_path / "a.xlsx")) == 0
    header, rows = sheet_rows(tmp_path / "a.xlsx")
    assert len(rows) == months and header[-1] == "在岗合计"
    assert run(demo_db, "export", "team-logs", str(tmp_path / "l.xlsx")) == 0
    header, rows = sheet_rows(tmp_path / "l.xlsx")
    assert rows and {r[header.index("类别")] for r in rows} <= {"走访", "项目", "会议", "调解", "其他"}

    month = f"{previous.year}-{previous.month:02d}"
    assert run(demo_db, "print", "team-attendance", "--month", month, "--out", str(tmp_path / "m.pdf")) == 0
    assert f"考勤台账（{previous.year}年{previous.month}月）" in pdf_text(tmp_path / "m.pdf")
    assert run(demo_db, "print", "team-roster", "--out", str(tmp_path / "r.pdf")) == 0
    assert "驻村工作队花名册" in pdf_text(tmp_path / "r.pdf")
    assert (
        run(
            demo_db,
            "print",
            "leave-form",
            "--person",
            leave_name,
            "--date",
            leave_day.isoformat(),
            "--out",
            str(tmp_path / "leave.pdf"),
        )
        == 0
    )
    assert leave_name in pdf_text(tmp_path / "leave.pdf")
    assert (
        run(
            demo_db,
            "print",
            "team-assessment",
            "--year",
            str(today.year - 1),
            "--out",
            str(tmp_path / "y.pdf"),
        )
        == 0
    )
    assert "一票否决" in pdf_text(tmp_path / "y.pdf")


def test_bad_input_is_refused_with_a_message_and_no_file(db, tmp_path, capsys):
    assert run(db, "print", "team-attendance", "--month", "2026年13月", "--out", str(tmp_path / "x.pdf")) != 0
    assert run(db, "print", "leave-form", "--blank", "--person", "谁", "--out", str(tmp_path / "y.pdf")) != 0
    assert (
        run(
            db,
            "print",
            "leave-form",
            "--person",
            "谁",
            "--date",
            "2026-02-30",
            "--out",
            str(tmp_path / "z.pdf"),
        )
        != 0
    )
    err = capsys.readouterr()
    assert "月份" in err.out + err.err
    assert not list(tmp_path.glob("*.pdf"))


def test_the_work_team_tables_travel_to_the_county(demo_db, tmp_path):
    open_database(demo_db)
    counts = {m._meta.table_name: m.select().count() for m in WORK_TEAM_MODELS}
    close_database()
    assert counts["work_team"] and counts["team_attendance"] and counts["team_check_finding"]
    package = export(demo_db, tmp_path / "town.tdx")
    target = county(tmp_path / "county.db")
    report = merge_files(target, [package])
    assert [f.status for f in report.files] == ["merged"]
    connection = sqlite3.connect(target)
    for table, count in counts.items():
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table
    townships = {r[0] for r in connection.execute("SELECT DISTINCT origin_township FROM work_team")}
    assert townships == {"漳江镇"}
    connection.close()
