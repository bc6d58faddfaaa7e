"""CJK font registration for PDFs: the office's own 宋体/黑体/仿宋 when present, else the bundled one."""

from __future__ import annotations

import logging
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from township_desk.paths import bundled_font
from township_desk.reports import linebreak

log = logging.getLogger(__name__)

#: Environment variable choosing the PDF font: "bundled" forces the bundled font, a path to a
#: .ttf/.ttc file uses that file, anything else (or unset) lets the office's fonts win.
FONT_ENV = "TOWNSHIP_DESK_PDF_FONT"

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"


@dataclass(frozen=True)
class FontCandidate:
    """One TrueType file that may serve as the PDF font."""

    name: str
    path: Path
    subfont: int = 0


def office_candidates() -> list[FontCandidate]:
    """The office fonts tried in order: 宋体, 黑体, 仿宋 (Windows locations)."""
    return [
        FontCandidate("TD-SimSun", _WINDOWS_FONTS / "simsun.ttc", 0),
        FontCandidate("TD-SimHei", _WINDOWS_FONTS / "simhei.ttf", 0),
        FontCandidate("TD-SimFang", _WINDOWS_FONTS / "simfang.ttf", 0),
    ]


def bundled_candidate() -> FontCandidate:
    """The WenQuanYi Micro Hei collection shipped in resources/fonts/."""
    return FontCandidate("TD-WQYMicroHei", bundled_font(), 0)


_lock = threading.Lock()
_registered: dict[str, tuple[str, str]] = {}


def _try_register(candidate: FontCandidate, name: str | None = None) -> str | None:
    """Register one candidate under `name`; None when the file is missing or unusable."""
    font_name = name or candidate.name
    if font_name in pdfmetrics.getRegisteredFontNames():
        return font_name
    if not candidate.path.is_file():
        return None
    try:
        pdfmetrics.registerFont(TTFont(font_name, str(candidate.path), subfontIndex=candidate.subfont))
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error) as exc:
        # Embedding-restricted, damaged or CFF-only fonts end up here; fall back to the next one.
        log.warning("无法使用字体 %s：%s", candidate.path, exc)
        return None
    return font_name


def _candidates(setting: str) -> list[FontCandidate]:
    """The fonts to try, best first, for one FONT_ENV setting; the bundled font is always last."""
    if setting.lower() == "bundled":
        return [bundled_candidate()]
    chosen: list[FontCandidate] = []
    if setting and Path(setting).is_file():
        chosen.append(FontCandidate(f"TD-Custom-{Path(setting).stem}", Path(setting), 0))
    return [*chosen, *office_candidates(), bundled_candidate()]


def _choose(setting: str) -> tuple[str, str]:
    """Register the regular and bold fonts for one FONT_ENV setting; return their names."""
    for candidate in _candidates(setting):
        regular = _try_register(candidate)
        if regular is not None:
            break
    else:
        raise RuntimeError(f"找不到可用的中文字体：{bundled_font()}")
    bold: str | None = None
    if candidate.name != bundled_candidate().name:
        # 黑体 is the customary "bold" of Chinese official paper; use it for titles when present.
        bold = _try_register(office_candidates()[1])
    if bold is None:
        bold = regular  # no separate bold face: the same one (parsing the 5 MB file twice cost 0.2 s)
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return regular, bold


def _fonts() -> tuple[str, str]:
    """The (regular, bold) font names for the current FONT_ENV setting, registered once."""
    setting = os.environ.get(FONT_ENV, "").strip()
    with _lock:
        if setting not in _registered:
            linebreak.patch_line_breaking()
            _registered[setting] = _choose(setting)
        return _registered[setting]


def register_cjk_font() -> str:
    """Register the CJK font (once) and return the regular font name used in styles."""
    return _fonts()[0]


def cjk_bold_font() -> str:
    """The bold companion of register_cjk_font() (黑体 when present, else the same face)."""
    return _fonts()[1]


def font_has_glyph(font_name: str, char: str) -> bool:
    """True when the registered TrueType font can draw `char` (not a blank box)."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    char_to_glyph = getattr(face, "charToGlyph", None)
    if char_to_glyph is None:
        return True
    return all(ord(c) in char_to_glyph for c in char)
