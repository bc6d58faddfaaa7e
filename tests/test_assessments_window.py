"""The 年度考评 tab driven through the real window: ranking, weights, scores, a new year, tallies, paper."""

from __future__ import annotations

import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from township_desk.models.assessments import AssessmentEntry
from township_desk.models.talks import Talk
from township_desk.services import assessments, talks
from township_desk.services import democratic_evaluation as evaluation
from township_desk.ui.record_editor import RecordEditor


def assessment_tab(window):
    window.tabs.setCurrentIndex([p.title for p in window.tab_pages].index("年度考评"))
    return window.current_tab()


def column(tab, key):
    """Every row's value in a column (the lazy model is asked for all its rows first)."""
    while tab.model.canFetchMore():
        tab.model.fetchMore()
    index = [c.key for c in tab.listing.columns].index(key)
    return [tab.model.data(tab.model.index(r, index)) for r in range(tab.model.rowCount())]


def click_save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_latest_year_ranked_with_recommended_and_bottom_three(main_window):
    tab = assessment_tab(main_window)
    years = assessments.years()
    assert len(years) == 2 and tab.year_box.currentText() == f"{years[0]}年度"
    headers = [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(tab.model.columnCount())]
    assert headers[:4] == ["排名", "姓名", "村(社区)", "职务"]
    assert "德(20%)" in headers and "绩(30%)" in headers and "总分" in headers and "等次" in headers
    ranks = [int(r) for r in column(tab, "rank")]
    assert ranks == sorted(ranks) and ranks[0] == 1
    # Ties share a place, so "three" may be four; the list shows what the rules gave.
    latest, older = (assessments.summary(assessments.assessment_of_year(y).id) for y in years)
    assert latest.recommended >= 3 and latest.bottom >= 3 and older.bottom >= 3
    marks = column(tab, "mark")
    assert marks[: latest.recommended] == ["优先推荐"] * latest.recommended
    assert marks.count("提醒谈话") == latest.bottom
    assert column(tab, "talk").count("待谈话") == latest.bottom
    assert f"优先推荐 {latest.recommended} 人" in tab.info_label.text()
    assert "德20% 能15% 勤15% 绩30% 廉20%" in tab.info_label.text()
    tab.year_box.setCurrentText(f"{years[1]}年度")
    assert column(tab, "talk").count("已完成") == older.bottom  # last year's talks were held
    tab.filter_boxes["mark"].setCurrentText("提醒谈话")
    assert tab.model.rowCount() == older.bottom


def test_weights_editor_refuses_a_wrong_sum_then_recomputes(main_window, qtbot):
    tab = assessment_tab(main_window)
    dialog = tab.edit_settings()
    assert dialog.isVisible()
    editor = dialog.criteria
    assert [name for _id, name, _w in editor.rows()] == ["德", "能", "勤", "绩", "廉"]
    editor.set_weight(0, "30")
    assert "110%" in editor.sum_label.text() and "应为100%" in editor.sum_label.text()
    click_save(qtbot, dialog)
    assert dialog.isVisible() and "合计为110%，应为100%" in dialog.error_label.text()
    editor.set_weight(3, "20")
    assert editor.sum_label.text() == "权重合计：100%"
    dialog.rule.kind.setCurrentIndex(dialog.rule.kind.findData(assessments.RULE_QUOTA))
    assert dialog.rule.quota.isEnabled() and not dialog.rule.excellent.isEnabled()
    dialog.secretary.setText("欧阳书记")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert "德30%" in tab.info_label.text() and "按名次比例" in tab.info_label.text()
    headers = [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(tab.model.columnCount())]
    assert "德(30%)" in headers and "绩(20%)" in headers
    assert talks.party_secretary() == "欧阳书记"
    ranked = len(column(tab, "rank"))
    assert 1 <= column(tab, "grade").count("优秀") <= max(1, ranked * 20 // 100)


def test_bulk_scores_move_someone_into_the_bottom_three(main_window, qtbot):
    tab = assessment_tab(main_window)
    first_name = column(tab, "name")[0]
    before_pending = talks.pending_count()
    dialog = tab.enter_scores()
    model = dialog.model
    row = model.row_of(first_name)
    for criterion in ("德", "能", "勤", "绩", "廉"):
        model.setData(model.index(row, model.column_of(criterion)), "10")
    assert model.data(model.index(row, model.columnCount() - 1)) == "10.00"
    bad = model.index(model.row_of(column(tab, "name")[1]), model.column_of("德"))
    model.setData(bad, "120")
    assert model.data(bad, Qt.ItemDataRole.BackgroundRole) is not None
    click_save(qtbot, dialog)
    assert dialog.isVisible() and "超出0—100分" in dialog.error_label.text()
    model.setData(bad, "95")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    names = column(tab, "name")
    assert names[-1] == first_name and column(tab, "mark")[-1] == "提醒谈话"
    assert column(tab, "grade")[-1] == "不称职"
    talk = (
        Talk.live()
        .where(Talk.status == "待谈话", Talk.kind == "提醒谈话")
        .order_by(Talk.created_at.desc())
        .first()
    )
    assert talk.person.name == first_name
    assert talks.pending_count() == before_pending  # one left the bottom three, one came in


def test_score_one_cadre_in_the_editor(main_window, qtbot):
    tab = assessment_tab(main_window)
    tab.search.setText(column(tab, "name")[5])
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    editor = tab.findChild(RecordEditor)
    score_keys = [k for k in editor.widgets if k.startswith("score:")]
    assert len(score_keys) == 5
    for key in score_keys:
        editor.widgets[key].setText("100")
    assert editor.widgets["total"].text() == "100"
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    tab.search.setText("")
    assert column(tab, "total")[0] == "100.00" and column(tab, "rank")[0] == "1"


def test_new_year_from_the_dialog(main_window, qtbot):
    tab = assessment_tab(main_window)
    latest = assessments.years()[0]
    dialog = tab.new_year()
    assert dialog.year.value() == latest + 1
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert tab.year_box.currentText() == f"{latest + 1}年度"
    assert tab.model.total > 100 and set(column(tab, "mark")) == {"未评分"}
    assert "已评分 0 人" in tab.info_label.text()
    tab.new_year(latest + 1)
    assert main_window.errors_shown and "已经建立" in main_window.errors_shown[-1]


def test_democratic_evaluation_tallies_and_results(main_window, qtbot, tmp_path):
    tab = assessment_tab(main_window)
    top = column(tab, "name")[0]
    dialog = tab.enter_tallies()
    model = dialog.model
    row = model.row_of(top)
    dialog.ballots.setValue(40)
    for grade, count in (("优秀", 30), ("称职", 8), ("基本称职", 2), ("不称职", 0)):
        model.setData(model.index(row, model.column_of(grade)), count)
    assert model.data(model.index(row, model.column_of("合计"))) == 40
    assert model.data(model.index(row, model.column_of("优秀%"))) == "75.0%"
    assert model.data(model.index(row, model.column_of("称职以上率"))) == "95.0%"
    model.setData(model.index(row, model.column_of("不称职")), 5)
    click_save(qtbot, dialog)
    assert dialog.isVisible() and "超过有效票数40票" in dialog.error_label.text()
    model.setData(model.index(row, model.column_of("不称职")), 0)
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert column(tab, "excellent_rate")[0] == "75.0%" and column(tab, "good_rate")[0] == "95.0%"
    out = tmp_path / "results.pdf"
    tab.print_results(out)
    qtbot.waitUntil(out.exists, timeout=15000)
    text = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert top in text and "30(75.0%)" in text and "有效票40票" in text


def test_print_blank_sheets_for_the_meeting(main_window, qtbot, tmp_path):
    tab = assessment_tab(main_window)
    assessment_id = tab.assessment_id()
    village = evaluation.candidate_villages(assessment_id)[0]
    out = tmp_path / "sheet.pdf"
    options = tab.print_sheet(out)
    options.village.setCurrentText(village)
    options.copies.setValue(4)
    qtbot.mouseClick(options.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=15000)
    texts = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages]
    assert len(texts) == 4 and len(set(texts)) == 1
    names = [e.person.name for e in evaluation.ordered_entries(assessment_id, village)]
    assert all(name in texts[0] for name in names) and "□" in texts[0]
    assert not main_window.errors_shown


def test_delete_a_candidate_and_undo(main_window):
    tab = assessment_tab(main_window)
    total = tab.model.total
    tab.table.selectRow(0)
    entry_id = tab.selected_id()
    tab.delete_selected()
    assert tab.model.total == total - 1
    assert AssessmentEntry.get_by_id(entry_id).deleted_at is not None
    assert column(tab, "rank")[0] == "1"
    main_window.undo_deletion()
    tab = assessment_tab(main_window)
    assert tab.model.total == total and tab.model.row_id(0) == entry_id


def test_score_and_tally_models_pass_the_model_tester(main_window, qtmodeltester):
    tab = assessment_tab(main_window)
    scores = tab.enter_scores()
    qtmodeltester.check(scores.model, force_py=True)
    scores.reject()
    tallies = tab.enter_tallies()
    qtmodeltester.check(tallies.model, force_py=True)
    tallies.reject()


def test_export_the_shown_year_from_the_tab(main_window, qtbot, tmp_path):
    import openpyxl

    tab = assessment_tab(main_window)
    year = assessments.years()[1]
    tab.year_box.setCurrentText(f"{year}年度")
    out = tmp_path / "year.xlsx"
    tab.export_excel(out)
    qtbot.waitUntil(out.exists, timeout=15000)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=3, values_only=True))
    assert rows and {row[0] for row in rows} == {year}
