"""Democratic evaluation tallies, the blank sheets, the results table and the Excel export, read back."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.assessments import AssessmentEntry, DemocraticTally
from township_desk.services import assessments
from township_desk.services import democratic_evaluation as evaluation
from township_desk.services.records import ValidationError


def pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def latest(demo_db):
    return assessments.assessment_of_year(assessments.years()[0])


def test_tallies_give_counts_and_percentages_per_grade(latest):
    rows = evaluation.tallies_of(latest.id)
    first = rows[0]
    evaluation.save_tallies(
        latest.id, {first.entry_id: {"优秀": "20", "称职": 15, "基本称职": "4", "不称职": ""}}, ballots=40
    )
    saved = next(r for r in evaluation.tallies_of(latest.id) if r.entry_id == first.entry_id)
    assert saved.counts == {"优秀": 20, "称职": 15, "基本称职": 4, "不称职": 0}
    assert saved.total == 39
    # Percentages are of the 40 valid ballots (one left this candidate unmarked: 弃权).
    assert saved.percents["优秀"] == pytest.approx(20 / 40 * 100)
    assert evaluation.format_percent(saved.good_rate) == "87.5%"
    assert evaluation.format_count(20, saved.percents["优秀"]) == "20\n(50.0%)"
    assert evaluation.percentages({}) == dict.fromkeys(evaluation.GRADES)


def test_more_marks_than_ballots_is_refused_and_nothing_is_written(latest):
    rows = evaluation.tallies_of(latest.id)
    before = assessments.tally_total(latest.id)
    counts = {rows[0].entry_id: {"优秀": 1}, rows[1].entry_id: {"优秀": 30, "称职": 30}}
    with pytest.raises(ValidationError, match=f"{rows[1].name}的各等次票数合计60票，超过有效票数"):
        evaluation.save_tallies(latest.id, counts, ballots=45)
    with pytest.raises(ValidationError, match="不小于0的整数"):
        evaluation.save_tallies(latest.id, {rows[0].entry_id: {"优秀": "-3"}})
    assert assessments.tally_total(latest.id) == before
    assert DemocraticTally.live().where(DemocraticTally.count < 0).count() == 0


def test_blank_sheet_has_every_candidate_criteria_and_boxes_in_n_copies(latest, tmp_path):
    village = evaluation.candidate_villages(latest.id)[0]
    names = [r["name"] for r in evaluation.sheet_rows(latest.id, village)]
    out = evaluation.print_assessment_sheet(tmp_path / "sheet.pdf", latest.year, village, copies=3)
    texts = pages(out)
    reader = PdfReader(out)
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    assert len(texts) == 3  # one village fits a page: three identical copies
    assert texts[0] == texts[1] == texts[2]
    page = texts[0]
    assert f"{latest.year}年度村（社区）干部民主测评表" in page and "测评说明" in page
    for header in (
        "德(20%)",
        "能(15%)",
        "勤(15%)",
        "绩(30%)",
        "廉(20%)",
        "优秀",
        "称职",
        "基本称职",
        "不称职",
    ):
        assert header in page
    assert all(name in page for name in names)
    assert page.count("□") >= 4 * len(names)
    assert "第1页共1页" in page


def test_whole_township_sheet_restarts_page_numbers_per_copy(latest, tmp_path):
    out = evaluation.print_assessment_sheet(tmp_path / "all.pdf", latest.year, copies=2)
    texts = pages(out)
    per_copy = len(texts) // 2
    assert len(texts) == 2 * per_copy and per_copy > 1
    assert f"第1页共{per_copy}页" in texts[0] and f"第1页共{per_copy}页" in texts[per_copy]
    everything = "".join(texts[:per_copy])
    assert all(row["name"] in everything for row in evaluation.sheet_rows(latest.id))


def test_sheet_refuses_unknown_year_village_and_copies(latest, tmp_path):
    with pytest.raises(ValidationError, match="没有1999年度的考评"):
        evaluation.print_assessment_sheet(tmp_path / "x.pdf", 1999)
    with pytest.raises(ValidationError, match="没有“月亮村”的干部"):
        evaluation.print_assessment_sheet(tmp_path / "x.pdf", latest.year, "月亮村")
    with pytest.raises(ValidationError, match="份数"):
        evaluation.print_assessment_sheet(tmp_path / "x.pdf", latest.year, copies=0)
    assert not (tmp_path / "x.pdf").exists()


def test_results_table_shows_ranks_marks_and_democratic_percentages(latest, tmp_path):
    rows = assessments.ranking_rows(latest.id)
    first = rows[0]
    evaluation.save_tallies(
        latest.id, {first["id"]: {"优秀": 30, "称职": 10, "基本称职": 0, "不称职": 0}}, ballots=40
    )
    out = assessments.print_assessment_results(tmp_path / "results.pdf", latest.year)
    texts = pages(out)
    assert f"{latest.year}年度村（社区）干部综合考评结果汇总表" in texts[0]
    assert "德20%能15%勤15%绩30%廉20%" in texts[0] and "有效票40票" in texts[0]
    assert f"1{first['name']}" in texts[0] and "优先推荐" in texts[0]
    assert "30(75.0%)" in texts[0] and "10(25.0%)" in texts[0]
    everything = "".join(texts)
    bottom = [r for r in rows if r["bottom"]]
    assert len(bottom) >= 3  # ties at the edge share the place
    for row in bottom:
        assert row["name"] in everything
    assert everything.count("提醒谈话(待谈话)") == len(bottom)
    assert f"第{len(texts)}页共{len(texts)}页" in texts[-1]


def test_results_percentages_are_of_the_valid_ballots_with_abstentions_and_tellers(latest, tmp_path):
    rows = assessments.ranking_rows(latest.id)
    first = rows[0]
    # 45 valid ballots, 43 marked this candidate: 称职以上率 is 43/45 = 95.6 %, not 100 %.
    evaluation.save_tallies(
        latest.id, {first["id"]: {"优秀": 30, "称职": 13, "基本称职": 0, "不称职": 0}}, ballots=45
    )
    out = assessments.print_assessment_results(tmp_path / "results.pdf", latest.year)
    page = pages(out)[0]
    line = next(text for text in PdfReader(out).pages[0].extract_text().splitlines() if first["name"] in text)
    assert "95.6%" in line and "100.0%" not in line
    assert "30(66.7%)" in page and "13(28.9%)" in page
    assert "弃权" in page and re.search(r"95\.6%", page)
    assert line.split().count("2") >= 1  # two abstentions
    for label in ("应到", "实到", "收回", "有效票45票", "废票"):
        assert label in page, label
    assert "计票人" in pages(out)[-1] and "监票人" in pages(out)[-1]


def test_export_assessments_of_both_years(latest, tmp_path):
    out = tmp_path / "assessments.xlsx"
    count = assessments.export_assessments(out)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]  # under the title row
    assert header[:4] == ["年度", "姓名", "村(社区)", "职务"]
    for label in (
        "德",
        "廉",
        "总分",
        "排名",
        "等次",
        "优先推荐",
        "提醒谈话",
        "测评优秀(票)",
        "测评称职以上率",
    ):
        assert label in header
    assert count == AssessmentEntry.live().count() == sheet.max_row - 2
    years = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert years == set(assessments.years()) and len(years) == 2
    first = next(sheet.iter_rows(min_row=3, values_only=True))
    assert first[header.index("排名")] == 1 and isinstance(first[header.index("总分")], float)
    assert first[header.index("优先推荐")] == "是"


def test_cli_prints_sheet_results_and_exports(demo_db, latest, tmp_path, capsys):
    year = latest.year
    village = evaluation.candidate_villages(latest.id)[1]
    close_database()
    db = str(demo_db)
    sheet = tmp_path / "sheet.pdf"
    assert (
        main(
            [
                "--db",
                db,
                "print",
                "assessment-sheet",
                "--year",
                str(year),
                "--village",
                village,
                "--copies",
                "2",
                "--out",
                str(sheet),
            ]
        )
        == 0
    )
    texts = pages(sheet)
    assert len(texts) == 2 and village in texts[0]
    results = tmp_path / "results.pdf"
    assert main(["--db", db, "print", "assessment-results", "--year", str(year), "--out", str(results)]) == 0
    assert "综合考评结果汇总表" in pages(results)[0]
    assert main(["--db", db, "export", "assessments", str(tmp_path / "a.xlsx")]) == 0
    assert "已导出" in capsys.readouterr().out
    assert main(["--db", db, "print", "assessment-results", "--year", "1999", "--out", str(results)]) == 2
    assert "没有1999年度的考评" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                db,
                "print",
                "assessment-sheet",
                "--year",
                str(year),
                "--copies",
                "abc",
                "--out",
                str(sheet),
            ]
        )
        == 2
    )
    assert "份数" in capsys.readouterr().err
