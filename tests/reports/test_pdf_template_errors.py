"""A county's mistakes in a template are told in Chinese, with the line or the valid keys; no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdf_helpers import fake_cadres

from township_desk.paths import forms_dir
from township_desk.reports import TemplateError, load_template, render_table
from township_desk.reports import renderer as renderer_module
from township_desk.reports import templates as templates_module
from township_desk.reports.known_keys import KNOWN_KEYS


@pytest.fixture
def county_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of forms/ the program reads instead of its own (as a county edits its templates)."""
    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    monkeypatch.setattr(templates_module, "forms_dir", lambda: folder)
    monkeypatch.setattr(renderer_module, "forms_dir", lambda: folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_typo_in_a_key_is_an_error_listing_the_valid_keys(county_forms: Path, tmp_path: Path) -> None:
    edit(county_forms / "roster.toml", 'key = "name"', 'key = "nmae"')
    with pytest.raises(TemplateError) as caught:
        render_table("roster", fake_cadres(5), tmp_path / "r.pdf")
    message = str(caught.value)
    assert "roster.toml" in message and "“nmae”（姓名）" in message
    assert "是不是“name”" in message
    assert "可用的 key：" in message and "birth_date" in message and "id_number" in message
    assert not (tmp_path / "r.pdf").exists()


def test_a_field_the_program_does_not_supply_is_an_error(county_forms: Path, tmp_path: Path) -> None:
    edit(county_forms / "roster.toml", 'key = "remark"', 'key = "ancestral_home"')
    with pytest.raises(TemplateError, match="“ancestral_home”（备注） 不是程序提供的数据项"):
        render_table("roster", fake_cadres(5), tmp_path / "r.pdf")


def test_the_bundled_templates_use_only_known_keys() -> None:
    for path in forms_dir().glob("*.toml"):
        template = load_template(path)
        if template.table is not None:
            keys = {c.key for c in template.table.columns}
        else:
            assert template.form is not None
            keys = {c.key for row in template.form.rows for c in row.cells if c.key}
        assert keys <= KNOWN_KEYS[path.stem], (path.name, keys - KNOWN_KEYS[path.stem])


def test_toml_syntax_errors_are_in_chinese_with_the_line(county_forms: Path) -> None:
    path = county_forms / "roster.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("title"))
    edit(path, lines[number - 1], 'title = "花名册')
    with pytest.raises(TemplateError) as caught:
        load_template("roster")
    message = str(caught.value)
    assert f"第{number}行" in message and "引号" in message and 'title = "花名册' in message
    assert "Illegal" not in message and "Unterminated" not in message


def test_the_command_line_says_it_in_chinese_and_exits_2(
    county_forms: Path, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from township_desk.cli import main

    edit(county_forms / "roster.toml", 'key = "name"', 'key = "nmae"')
    assert main(["--db", str(demo_db), "print", "roster", "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "“nmae”" in err and "可用的 key" in err and "Traceback" not in err

    edit(county_forms / "roster.toml", 'orientation = "landscape"', "orientation = landscape")
    assert main(["--db", str(demo_db), "print", "roster", "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "TOML 格式错误：第" in err and "英文双引号" in err and "Traceback" not in err
