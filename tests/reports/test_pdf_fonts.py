"""Font registration and the Chinese line-breaking patch."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import textsplit
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, paragraph

from township_desk.paths import bundled_font
from township_desk.reports import fonts
from township_desk.reports.fonts import (
    FONT_ENV,
    FontCandidate,
    cjk_bold_font,
    font_has_glyph,
    register_cjk_font,
)
from township_desk.reports.linebreak import CHINESE_CANNOT_START


def test_bundled_faces_are_a_serif_body_and_a_heiti_heading() -> None:
    name = register_cjk_font()
    assert name == "TD-SungtiGB"  # 宋体-style body
    assert register_cjk_font() == name
    assert cjk_bold_font() == "TD-WQYMicroHei"  # 黑体-style titles
    assert name in pdfmetrics.getRegisteredFontNames()
    assert cjk_bold_font() in pdfmetrics.getRegisteredFontNames()
    assert font_has_glyph(name, "党建工作台欧阳·买买提□■")
    # ✓ is not in the GB 2312 serif; it prints from the heading face.
    assert fonts.printable(name, "✓")
    assert fonts.fallback_font_for("✓") == cjk_bold_font()


def test_family_has_a_bold_face() -> None:
    name = register_cjk_font()
    assert tt2ps(name, 1, 0) == cjk_bold_font()


def test_broken_or_missing_office_fonts_fall_back_to_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "simsun.ttc"
    broken.write_bytes(b"this is not a font" * 100)
    monkeypatch.setattr(
        fonts,
        "office_candidates",
        lambda: [
            FontCandidate("TD-Test-Broken", broken),
            FontCandidate("TD-Test-Missing", tmp_path / "simhei.ttf"),
            FontCandidate("TD-Test-Missing2", tmp_path / "simfang.ttf"),
        ],
    )
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setenv(FONT_ENV, "")
    assert register_cjk_font() == "TD-SungtiGB"
    assert cjk_bold_font() == "TD-WQYMicroHei"
    assert "TD-Test-Broken" not in pdfmetrics.getRegisteredFontNames()


def test_office_font_wins_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bundled file stands in for an office font installed on the machine.
    monkeypatch.setattr(
        fonts, "office_candidates", lambda: [FontCandidate("TD-Test-Office", bundled_font())] * 3
    )
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setenv(FONT_ENV, "")
    assert register_cjk_font() == "TD-Test-Office"
    assert cjk_bold_font() == "TD-Test-Office"


def test_office_songti_is_the_body_and_heiti_the_heading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only 黑体 installed: the body stays serif (bundled), the heading is the office 黑体.
    heiti = tmp_path / "simhei.ttf"
    heiti.write_bytes(bundled_font().read_bytes())
    monkeypatch.setattr(
        fonts,
        "office_candidates",
        lambda: [
            FontCandidate("TD-Test-NoSong", tmp_path / "simsun.ttc"),
            FontCandidate("TD-Test-Hei", heiti),
            FontCandidate("TD-Test-NoFang", tmp_path / "simfang.ttf"),
        ],
    )
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setenv(FONT_ENV, "")
    assert register_cjk_font() == "TD-SungtiGB"
    assert cjk_bold_font() == "TD-Test-Hei"


def test_env_may_name_a_font_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setenv(FONT_ENV, str(bundled_font()))
    assert register_cjk_font() == "TD-Custom-wqy-microhei"


def test_closing_punctuation_cannot_start_a_line() -> None:
    register_cjk_font()
    for module in (textsplit, paragraph):
        assert all(c in module.ALL_CANNOT_START for c in CHINESE_CANNOT_START)
    style = ParagraphStyle("t", fontName=register_cjk_font(), fontSize=10, leading=12, wordWrap="CJK")
    for mark in "，。、；：！？）》”…":
        para = Paragraph(f"一二三四五{mark}六七八九十{mark}一二", style)
        para.wrap(50.5, 1000)  # room for exactly five characters per line
        assert para.blPara.kind == 0  # plain text: lines are (extra space, [words])
        lines = ["".join(words) for _extra, words in para.blPara.lines]
        assert len(lines) > 1
        assert not any(line.startswith(mark) for line in lines), lines
