"""培训 on the command line: exit codes, the shortfall printed, PDFs read back, Excel read back, the county."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
from exchange_helpers import county, export
from pypdf import PdfReader

from tests.training_helpers import course, person
from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.models.training import TrainingAttendance, TrainingCourse
from township_desk.services.settings import set_setting
from township_desk.services.training import attendance, days


def pdf_text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def run(db: Path, *args: str) -> int:
    close_database()
    try:
        return main(["--db", str(db), *args])
    finally:
        open_database(db)


def small_township(today: date) -> dict[str, str]:
    set_setting("township", "漳江镇")  # printing needs the township's name
    year = today.year
    ids = {
        "王书记": person("王书记", "桃花村", post="党组织书记、主任", phone="13800000001"),
        "钱明": person("钱明", "杏花村", is_new=True, phone="13800000002"),
        "孙达标": person("孙达标", "桃花村"),
    }
    ids["county"] = course(
        "书记专题班", date(year, 1, 10), date(year, 1, 21), 12, level="县级", target="村党组织书记"
    )
    ids["winter"] = course(
        "冬春训", date(year - 1, 12, 30), date(year, 1, 2), 4, level="村", target="全体党员冬春训"
    )
    attendance.enroll(ids["county"], [ids["孙达标"]], days=12)
    attendance.enroll(ids["county"], [ids["王书记"]], days=9.5)
    attendance.enroll(ids["winter"], [ids["钱明"], ids["王书记"]], days=4)
    return ids


def test_shortfall_prints_who_is_short_by_how_many_days(db, today, capsys):
    small_township(today)
    assert run(db, "training", "shortfall", "--year", str(today.year)) == 0
    out = capsys.readouterr().out
    # the 冬春训 spans the new year: 2 of its 4 days count in this year
    assert "王书记（村党组织书记、村干部）已训 11.5 天，应训 12 天，差 0.5 天" in out
    assert "钱明（新任干部、村干部）已训 2 天，应训 12 天，差 10 天" in out
    assert "孙达标" not in out
    assert f"{today.year}年：需考核 3 人，未达到应训天数 2 人。" in out


def test_print_sign_in_roster_and_summary_read_back(db, today, tmp_path):
    small_township(today)
    assert (
        run(db, "print", "training-signin", "--course", "书记专题班", "--out", str(tmp_path / "s.pdf")) == 0
    )
    text = pdf_text(tmp_path / "s.pdf")
    assert "书记专题班签到表" in text and "签名" in text and "王书记" in text and "孙达标" in text
    assert "应到____人" in text
    assert run(db, "print", "training-roster", "--course", "冬春训", "--out", str(tmp_path / "r.pdf")) == 0
    text = pdf_text(tmp_path / "r.pdf")
    assert "冬春训学员名册" in text and "钱明" in text and "王书记" in text and "孙达标" not in text
    assert (
        run(db, "print", "training-summary", "--year", str(today.year), "--out", str(tmp_path / "y.pdf")) == 0
    )
    text = pdf_text(tmp_path / "y.pdf")
    assert f"{today.year}年度干部培训情况统计表" in text
    assert "考核3人，未达标2人" in text
    assert "小计" in text and "合计" in text and "11.5" in text
    # a course that does not exist: a message, exit 2, no file
    assert (
        run(db, "print", "training-roster", "--course", "没有这个班", "--out", str(tmp_path / "x.pdf")) == 2
    )
    assert not (tmp_path / "x.pdf").exists()


def test_import_attendance_exit_codes(db, today, tmp_path, capsys):
    ids = small_township(today)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话", "天数"])
    book.active.append(["孙达标", None, 10])
    book.active.append(["王书记", "13800000001", 12])
    book.save(tmp_path / "ok.xlsx")
    assert run(db, "import", "training-attendance", str(tmp_path / "ok.xlsx"), "--course", "书记专题班") == 0
    assert "可导入 2 行，拒绝 0 行" in capsys.readouterr().out
    assert days.person_year_days(ids["王书记"], today.year) == 14  # 12 + 2 of the 冬春训
    book.active.append(["不认识", None, 1])
    book.save(tmp_path / "some.xlsx")
    assert (
        run(
            db,
            "import",
            "training-attendance",
            str(tmp_path / "some.xlsx"),
            "--course",
            "书记专题班",
            "--dry-run",
        )
        == 1
    )
    assert "第 4 行（不认识）" in capsys.readouterr().out
    assert run(db, "import", "training-attendance", str(tmp_path / "ok.xlsx")) == 2  # no --course
    assert "--course" in capsys.readouterr().err
    (tmp_path / "bad.xlsx").write_text("no")
    assert run(db, "import", "training-attendance", str(tmp_path / "bad.xlsx"), "--course", "书记专题班") == 2
    assert TrainingAttendance.live().count() == 4


def test_export_training_two_sheets(db, today, tmp_path):
    small_township(today)
    assert run(db, "export", "training", str(tmp_path / "t.xlsx")) == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["培训班", "参训记录"]
    courses = list(book["培训班"].iter_rows(min_row=2, values_only=True))  # row 1: the title
    assert courses[0][:3] == ("培训名称", "主办层级", "主办单位")
    assert sorted(r[0] for r in courses[1:]) == ["书记专题班", "冬春训"]
    rows = list(book["参训记录"].iter_rows(min_row=2, values_only=True))
    header = rows[0]
    got = sorted(
        (r[header.index("培训名称")], r[header.index("姓名")], r[header.index("参训天数")]) for r in rows[1:]
    )
    assert got == [
        ("书记专题班", "孙达标", 12),
        ("书记专题班", "王书记", 9.5),
        ("冬春训", "王书记", 4),
        ("冬春训", "钱明", 4),
    ]


def test_training_travels_to_the_county_and_merging_twice_changes_nothing(db, today, tmp_path):
    from township_desk.services.merge import merge_files
    from township_desk.services.settings import set_setting

    set_setting("township", "漳江镇")
    small_township(today)
    close_database()
    package = export(db, tmp_path / "t.tdx")
    target = county(tmp_path / "county.db")
    merge_files(target, [package])
    merge_files(target, [package])
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM training_course").fetchone()[0] == 2
    assert connection.execute("SELECT count(*) FROM training_attendance").fetchone()[0] == 4
    assert {r[0] for r in connection.execute("SELECT origin_township FROM training_attendance")} == {"漳江镇"}
    connection.close()
    open_database(target)
    try:
        assert TrainingCourse.live().count() == 2
        assert sorted(days.days_by_person(today.year).values()) == [2, 11.5, 12]
    finally:
        close_database()
    open_database(db)
