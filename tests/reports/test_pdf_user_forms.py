"""A county's own forms: a file in the user forms folder overrides the bundled one; a broken one never
stops printing (the bundled form prints and the clerk is told why); every fill-in form prints blank."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import fake_cadres, page_texts, squash

from township_desk.paths import forms_dir
from township_desk.reports import form_files, load_template, render_table
from township_desk.reports.renderer import take_warnings


@pytest.fixture
def own_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "用户表样"
    monkeypatch.setenv("TOWNSHIP_DESK_FORMS_DIR", str(folder))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_form_is_listed_with_a_chinese_name_and_starts_bundled(own_forms: Path) -> None:
    forms = form_files.list_forms()
    assert {f.name for f in forms} == {p.stem for p in forms_dir().glob("*.toml")}
    assert all(f.name in form_files.FORM_LABELS for f in forms)
    assert all(not f.customised and f.status == "程序自带" for f in forms)
    assert form_files.check_all() == {}


def test_an_exported_and_edited_form_is_the_one_printed(own_forms: Path, tmp_path: Path) -> None:
    path = form_files.export_form("roster")
    assert (
        path == own_forms / "roster.toml" and path.read_bytes() == (forms_dir() / "roster.toml").read_bytes()
    )
    edit(path, 'label = "姓名"', 'label = "干部姓名"')
    assert form_files.export_form("roster") == path  # a second export keeps the county's edits
    assert "干部姓名" in path.read_text(encoding="utf-8")
    roster = next(f for f in form_files.list_forms() if f.name == "roster")
    assert roster.customised and roster.status == "已自定义"
    out = render_table("roster", fake_cadres(3), tmp_path / "r.pdf", {"township": "漳江镇"})
    assert "干部姓名" in squash(page_texts(out)[0])
    assert take_warnings(out) == []
    assert form_files.restore_default("roster") is True and not path.exists()
    assert form_files.restore_default("roster") is False
    out = render_table("roster", fake_cadres(3), tmp_path / "r2.pdf", {"township": "漳江镇"})
    assert "干部姓名" not in squash(page_texts(out)[0])


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('key = "name"', 'key = "nmae"', "“nmae”（姓名） 不是程序提供的数据项"),
        ('key = "remark"', 'key = "ancestral_home"', "“ancestral_home”（备注） 不是程序提供的数据项"),
        ('orientation = "landscape"', 'orientation = "landscape', "TOML 格式错误：第"),
    ],
)
def test_a_broken_own_form_falls_back_to_the_bundled_one_and_says_why(
    own_forms: Path, tmp_path: Path, old: str, new: str, said: str
) -> None:
    path = form_files.export_form("roster")
    edit(path, old, new)
    problem = form_files.check_form("roster")
    assert said in problem and "roster.toml" in problem
    assert form_files.check_all() == {"roster": problem}
    out = render_table("roster", fake_cadres(3), tmp_path / "r.pdf", {"township": "漳江镇"})
    text = squash(page_texts(out)[0])
    assert "姓名" in text and "身份证号" in text  # the bundled roster, every column there
    (warning,) = take_warnings(out)
    assert "自定义表样有误，本次已改用程序自带的表样打印" in warning and said in warning
    assert str(path) in warning


def test_unknown_names_are_refused_in_chinese(own_forms: Path) -> None:
    from township_desk.reports import TemplateError

    with pytest.raises(TemplateError, match="没有名为“rooster”的表样"):
        form_files.export_form("rooster")
    with pytest.raises(TemplateError, match="无效"):
        load_template("../roster")


def test_the_command_line_lists_exports_checks_and_restores(
    own_forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from township_desk.cli import main

    assert main(["forms", "list"]) == 0
    said = capsys.readouterr().out
    assert "roster" in said and "村(社区)“两委”干部花名册（程序自带）" in said and str(own_forms) in said
    assert main(["forms", "export", "talk_record"]) == 0
    assert (own_forms / "talk_record.toml").is_file()
    assert main(["forms", "check"]) == 0
    assert "都没有问题" in capsys.readouterr().out
    edit(own_forms / "talk_record.toml", 'key = "content"', 'key = "contnet"')
    assert main(["forms", "check"]) == 2
    captured = capsys.readouterr()
    assert "“contnet”" in captured.err and "是不是“content”" in captured.err and "1 个有误" in captured.out
    assert main(["forms", "restore", "talk_record"]) == 0
    assert not (own_forms / "talk_record.toml").exists()
    assert main(["forms", "export", "nothing"]) == 2
    assert "没有名为“nothing”的表样" in capsys.readouterr().err
