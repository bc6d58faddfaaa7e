"""Rare characters of names (CJK Extensions A–H) print, extract, and are reported when no font has them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pdf_helpers import fake_cadres, page_texts, squash
from pypdf import PdfReader

from township_desk.paths import fallback_fonts
from township_desk.reports import fonts, render_form, render_table
from township_desk.reports.renderer import take_warnings
from township_desk.reports.templates import Template

EXT_A = "王䶮"  # U+4DAE, CJK Extension A
EXT_E = "杨𬌗锋"  # U+2C317, CJK Extension E (beyond the BMP)
EXT_G = "李𰻞"  # U+30EDE, CJK Extension G
NO_FONT = "\U0003fffd"  # an unassigned plane-3 code point: no font has it


def _embedded_fonts(path: Path) -> dict[str, bool]:
    """BaseFont name → whether it is embedded (has a FontFile2), over all pages."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            found[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    return found


def test_fallback_fonts_are_bundled_truetype() -> None:
    for path in fallback_fonts():
        assert path.is_file(), path
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines, not CFF ("OTTO")
    licences = {p.name for p in fallback_fonts()[0].parent.glob("LICENSE-*")}
    assert {"LICENSE-hanazono.txt", "LICENSE-babelstone-han.txt"} <= licences


def test_rare_names_print_and_extract_in_a_roster(tmp_path: Path) -> None:
    rows = fake_cadres(30)
    rows[0]["name"] = EXT_A
    rows[1]["name"] = EXT_E
    rows[2]["name"] = EXT_G
    # A long cell wraps (the other path of the table renderer) and keeps its rare characters.
    rows[3]["remark"] = f"联系人{EXT_E}，曾与{EXT_A}同在村委会工作多年，情况熟悉" * 2
    out = render_table("roster", rows, tmp_path / "roster.pdf")
    text = "\n".join(page_texts(out))
    lines = text.splitlines()
    assert any(EXT_A in line.split() for line in lines), "王䶮 must extract whole"
    assert any(EXT_E in line.split() for line in lines)
    assert any(EXT_G in line.split() for line in lines)
    assert squash(str(rows[3]["remark"])) in squash(text)
    assert take_warnings(out) == []
    embedded = _embedded_fonts(out)
    rare = [name for name in embedded if "HanaMin" in name or "BabelStone" in name]
    assert rare, embedded
    assert all(embedded[name] for name in rare)
    # Embedded as a subset: the 22–30 MB fallback files add only a few kilobytes.
    assert out.stat().st_size < 400_000


def test_rare_names_print_and_extract_in_a_form(tmp_path: Path, talk_template: Template) -> None:
    values = {"talkee": EXT_E, "content": f"与{EXT_A}谈话，{EXT_G}列席。" * 3}
    out = render_form(talk_template, values, tmp_path / "talk.pdf")
    text = "\n".join(page_texts(out))
    assert EXT_E in text
    assert squash(str(values["content"])) in squash(text)
    assert take_warnings(out) == []


def test_rare_characters_in_a_title_and_bold_label(tmp_path: Path, talk_template: Template) -> None:
    template = dataclasses.replace(talk_template, title=f"{EXT_A}同志谈话记录表")
    out = render_form(template, None, tmp_path / "blank.pdf")
    assert f"{EXT_A}同志谈话记录表" in page_texts(out)[0]


def test_common_text_loads_no_fallback_font(tmp_path: Path) -> None:
    out = render_table("roster", fake_cadres(40), tmp_path / "roster.pdf")
    assert all("HanaMin" not in name and "BabelStone" not in name for name in _embedded_fonts(out))


def test_a_character_no_font_has_is_reported_naming_the_person(
    tmp_path: Path, talk_template: Template
) -> None:
    rows = fake_cadres(5)
    rows[2]["name"] = f"赵{NO_FONT}"
    out = render_table("roster", rows, tmp_path / "roster.pdf")
    warnings = take_warnings(out)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"赵{NO_FONT}：") and "U+3FFFD" in warnings[0]
    assert take_warnings(out) == []  # taken once

    form = render_form(
        talk_template, {"talkee": f"钱{NO_FONT}", "content": f"内容{NO_FONT}"}, tmp_path / "t.pdf"
    )
    warnings = take_warnings(form)
    assert warnings and all(w.startswith(f"钱{NO_FONT}：") for w in warnings)


def test_office_fonts_are_found_at_kylin_and_uos_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "share" / "fonts" / "fonts-cesi"
    folder.mkdir(parents=True)
    (folder / "CESI_SS_GB18030.TTF").write_bytes(b"x")
    (tmp_path / "share" / "fonts" / "simhei.ttf").write_bytes(b"x")
    monkeypatch.setattr(fonts, "LINUX_FONT_DIRS", (tmp_path / "share" / "fonts",))
    monkeypatch.setattr(fonts, "_linux_files", None)
    monkeypatch.setattr(fonts, "_WINDOWS_FONTS", tmp_path / "no-windows")
    monkeypatch.setattr(fonts.os, "name", "posix")
    chosen = {c.name: c.path for c in fonts.office_candidates()}
    assert chosen["TD-SimSun"] == folder / "CESI_SS_GB18030.TTF"
    assert chosen["TD-SimHei"] == tmp_path / "share" / "fonts" / "simhei.ttf"
    assert not chosen["TD-SimFang"].is_file()


def test_the_window_font_shows_rare_characters(qapp: object) -> None:
    from PySide6.QtGui import QTextLayout

    from township_desk.ui.app import install_cjk_font

    install_cjk_font(qapp)  # type: ignore[arg-type]
    font = qapp.font()  # type: ignore[attr-defined]
    assert {"HanaMinA", "HanaMinB"} <= set(font.families())
    for text in (EXT_A, EXT_E):
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        families = {run.rawFont().familyName() for run in runs}
        assert families & {"HanaMinA", "HanaMinB"}, families
        # Every character drawn with a real glyph (index 0 is the empty "missing" box).
        assert all(0 not in run.glyphIndexes() for run in runs)
