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


def test_bundled_font_is_registered_once() -> None:
    name = register_cjk_font()
    assert name == "TD-WQYMicroHei"
    assert register_cjk_font() == name
    assert name in pdfmetrics.getRegisteredFontNames()
    assert cjk_bold_font() in pdfmetrics.getRegisteredFontNames()
    assert font_has_glyph(name, "党建工作台欧阳·买买提")
    assert font_has_glyph(name, "✓□")


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
    assert register_cjk_font() == "TD-WQYMicroHei"
    assert "TD-Test-Broken" not in pdfmetrics.getRegisteredFontNames()


def test_office_font_wins_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bundled file stands in for an office font installed on the machine.
    monkeypatch.setattr(
        fonts, "office_candidates", lambda: [FontCandidate("TD-Test-Office", bundled_font())] * 3
    )
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setenv(FONT_ENV, "")
    assert register_cjk_font() == "TD-Test-Office"


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
