"""Every fill-in paper form prints blank, from one place: the service, the command line and each tab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.reports import load_template
from township_desk.reports.text import cjk_punctuation
from township_desk.services.blank_forms import BLANK_FORMS, print_blank
from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting


def pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def named(db: Path) -> Path:
    set_setting("township", "示例镇")
    return db


@pytest.mark.parametrize("name", sorted(BLANK_FORMS))
def test_every_fill_in_form_prints_blank_on_one_page_with_its_labels(
    named: Path, tmp_path: Path, name: str
) -> None:
    template = load_template(name)
    out = print_blank(name, tmp_path / f"{name}.pdf")
    texts = pages(out)
    assert len(texts) == 1, name  # a blank form to hand out: one sheet
    first = texts[0]
    for literal in re.split(r"\{[a-z_]+\}", template.title):
        assert cjk_punctuation(literal).replace(" ", "") in first  # its own title (placeholders aside)
    if template.table is not None:
        labels = [c.label for c in template.table.columns if c.key != "criteria"]
        rows = BLANK_FORMS[name].rows
        assert f"{rows}" in first  # the numbered empty rows
    else:
        assert template.form is not None
        labels = [c.label for row in template.form.rows for c in row.cells if c.label][:6]
    for label in labels:
        assert re.sub(r"\s+", "", cjk_punctuation(label.replace("\\n", ""))) in first, (name, label)
    assert "{" not in first and "None" not in first


def test_blank_forms_leave_the_record_facts_to_write_on(named: Path, tmp_path: Path) -> None:
    sheet = pages(print_blank("assessment_sheet", tmp_path / "a.pdf"))[0]
    assert "示例镇________年度村（社区）干部民主测评表" in sheet
    talk = pages(print_blank("talk_record", tmp_path / "t.pdf"))[0]
    assert "□提醒谈话□诫勉谈话□任前廉政谈话□谈心谈话" in talk
    signin = pages(print_blank("training_signin", tmp_path / "s.pdf"))[0]
    assert signin.startswith("________签到表")


def test_a_form_that_is_not_filled_by_hand_is_refused(named: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="不能打印空白表") as caught:
        print_blank("assessment_results", tmp_path / "x.pdf")
    assert "household_card（党员联系户“五个到户”登记表）" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_line_prints_any_form_blank(
    named: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from township_desk.db import close_database

    close_database()
    out = tmp_path / "户.pdf"
    assert main(["--db", str(named), "print", "blank", "household_card", "--out", str(out)]) == 0
    assert "党员联系户“五个到户”登记表" in pages(out)[0]
    assert (
        main(["--db", str(named), "print", "blank", "team_attendance", "--out", str(tmp_path / "y.pdf")]) == 2
    )
    assert "不能打印空白表" in capsys.readouterr().err
