"""CJK fonts for PDFs: a serif body (宋体) and a 黑体 heading face, the office's when installed, else bundled."""

from __future__ import annotations

import logging
import os
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from township_desk.paths import bundled_font, fallback_fonts
from township_desk.reports import linebreak

log = logging.getLogger(__name__)

#: Environment variable choosing the PDF font: "bundled" forces the bundled font, a path to a
#: .ttf/.ttc file uses that file, anything else (or unset) lets the office's fonts win.
FONT_ENV = "TOWNSHIP_DESK_PDF_FONT"

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"

#: Folders where Kylin, UOS/Deepin and other Linux desktops keep fonts (searched recursively).
LINUX_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)

#: File names of each office face (case-insensitive): Windows' own, then the CESI GB18030
#: faces shipped with Kylin and UOS (宋体 SS, 黑体 HT, 仿宋 FS).
OFFICE_FILES = {
    "TD-SimSun": ("simsun.ttc", "simsun.ttf", "cesi_ss_gb18030.ttf", "cesi_ss_gb2312.ttf"),
    "TD-SimHei": ("simhei.ttf", "cesi_ht_gb18030.ttf", "cesi_ht_gb2312.ttf"),
    "TD-SimFang": ("simfang.ttf", "cesi_fs_gb18030.ttf", "cesi_fs_gb2312.ttf"),
}


@dataclass(frozen=True)
class FontCandidate:
    """One TrueType file that may serve as the PDF font."""

    name: str
    path: Path
    subfont: int = 0


_linux_files: dict[str, Path] | None = None


def _linux_font_files() -> dict[str, Path]:
    """Lower-cased file name → path of the office font files under the Linux font folders (once)."""
    global _linux_files
    if _linux_files is None:
        wanted = {name for names in OFFICE_FILES.values() for name in names}
        found: dict[str, Path] = {}
        for folder in LINUX_FONT_DIRS:
            try:
                if not folder.is_dir():
                    continue
                for path in folder.rglob("*"):
                    key = path.name.lower()
                    if key in wanted and key not in found:
                        found[key] = path
            except OSError:
                continue
        _linux_files = found
    return _linux_files


def office_candidates() -> list[FontCandidate]:
    """The office fonts: 宋体, 黑体, 仿宋, in that order (Windows, then Kylin/UOS locations)."""
    chosen: list[FontCandidate] = []
    linux = _linux_font_files() if os.name != "nt" else {}
    for name, files in OFFICE_FILES.items():
        windows = _WINDOWS_FONTS / files[0]
        if windows.is_file() or os.name == "nt":
            chosen.append(FontCandidate(name, windows, 0))
            continue
        path = next((linux[f] for f in files if f in linux), None)
        chosen.append(FontCandidate(name, path or windows, 0))
    return chosen


#: Bundled file of the serif (宋体-style) body face: AR PL SungtiL GB (GB 2312, Arphic Public
#: License); characters outside GB 2312 come from the serif Hanazono Mincho fallback fonts.
BUNDLED_SERIF = "gbsn00lp.ttf"


def bundled_candidate() -> FontCandidate:
    """The bundled heading face: WenQuanYi Micro Hei (黑体-style), shipped in resources/fonts/."""
    return FontCandidate("TD-WQYMicroHei", bundled_font(), 0)


def bundled_serif_candidate() -> FontCandidate:
    """The bundled body face: AR PL SungtiL GB (宋体-style), shipped in resources/fonts/."""
    return FontCandidate("TD-SungtiGB", bundled_font().with_name(BUNDLED_SERIF), 0)


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


def _body_candidates(setting: str) -> list[FontCandidate]:
    """The body (serif) faces to try, best first, for one FONT_ENV setting.

    The office's 宋体, then its 仿宋, then the bundled serif; the bundled 黑体 is the last
    resort (a sans body is better than none).
    """
    bundled = [bundled_serif_candidate(), bundled_candidate()]
    if setting.lower() == "bundled":
        return bundled
    chosen: list[FontCandidate] = []
    if setting and Path(setting).is_file():
        chosen.append(FontCandidate(f"TD-Custom-{Path(setting).stem}", Path(setting), 0))
    office = office_candidates()
    return [*chosen, office[0], office[2], *bundled]


def _heading_candidates(setting: str) -> list[FontCandidate]:
    """The heading (黑体-style) faces to try: the office's 黑体, then the bundled one."""
    if setting.lower() == "bundled":
        return [bundled_candidate()]
    return [office_candidates()[1], bundled_candidate()]


def _choose(setting: str) -> tuple[str, str]:
    """Register the body and heading fonts for one FONT_ENV setting; return their names."""
    regular = next((n for c in _body_candidates(setting) if (n := _try_register(c)) is not None), None)
    if regular is None:
        raise RuntimeError(f"找不到可用的中文字体：{bundled_font()}")
    bold = next((n for c in _heading_candidates(setting) if (n := _try_register(c)) is not None), None)
    bold = bold or regular
    # <b> in a paragraph (labels, titles) switches to the heading face: 黑体 is the customary
    # "bold" of Chinese official paper.
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return regular, bold


def _fonts() -> tuple[str, str]:
    """The (body, heading) font names for the current FONT_ENV setting, registered once."""
    setting = os.environ.get(FONT_ENV, "").strip()
    with _lock:
        if setting not in _registered:
            linebreak.patch_line_breaking()
            _patch_to_unicode()
            _registered[setting] = _choose(setting)
        return _registered[setting]


def register_cjk_font() -> str:
    """Register the fonts (once) and return the body face's name: serif, 宋体-style."""
    return _fonts()[0]


def cjk_bold_font() -> str:
    """The heading face of register_cjk_font(): 黑体-style (the office's or the bundled one)."""
    return _fonts()[1]


def heading_font() -> str:
    """The heading face (titles and labels): same as cjk_bold_font()."""
    return _fonts()[1]


def font_has_glyph(font_name: str, char: str) -> bool:
    """True when the registered TrueType font can draw `char` (not a blank box)."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    char_to_glyph = getattr(face, "charToGlyph", None)
    if char_to_glyph is None:
        return True
    return all(ord(c) in char_to_glyph for c in char)


# -- rare characters: a fallback chain used per character ----------------------------------------

_cmaps: dict[str, dict[int, int]] = {}
_fallback_names: list[str | None] | None = None
_fallback_for: dict[str, str | None] = {}

#: Characters drawn with the neighbouring text's font and never reported: variation
#: selectors (IVS), combining marks, spaces and line breaks.
_ATTACHED_CATEGORIES = {"Mn", "Me", "Zs", "Cc"}


def _cmap(font_name: str) -> dict[int, int]:
    """Code point → glyph of a registered TrueType font (cached)."""
    cmap = _cmaps.get(font_name)
    if cmap is None:
        face = getattr(pdfmetrics.getFont(font_name), "face", None)
        cmap = _cmaps[font_name] = getattr(face, "charToGlyph", None) or {}
    return cmap


def covers(font_name: str, char: str) -> bool:
    """True when the font has a glyph for the character."""
    return ord(char) in _cmap(font_name)


def fallback_candidates() -> list[FontCandidate]:
    """The bundled rare-character fonts, in the order they are tried."""
    return [FontCandidate(f"TD-Fallback-{path.stem}", path, 0) for path in fallback_fonts()]


def _fallback_font(index: int) -> str | None:
    """The registered name of fallback font `index` (registered on first use: 0.2–0.4 s each)."""
    global _fallback_names
    if _fallback_names is None:
        _fallback_names = [None] * len(fallback_candidates())
    name = _fallback_names[index]
    if name is None:
        candidate = fallback_candidates()[index]
        name = _try_register(candidate)
        if name is None:
            name = ""
        else:
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _fallback_names[index] = name
    return name or None


def _is_ideograph(char: str) -> bool:
    """A CJK ideograph (or a CJK compatibility one): drawn in a serif fallback, never in 黑体."""
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or code >= 0x20000


def fallback_font_for(char: str) -> str | None:
    """The first fallback font that has `char`; None when no bundled font has it.

    Ideographs come from the serif fallback fonts (Hanazono Mincho, BabelStone Han), so a
    name stays in one style; symbols the body face lacks (✓) come from the heading face
    first, which is already loaded.
    """
    if char in _fallback_for:
        return _fallback_for[char]
    heading = None if _is_ideograph(char) else cjk_bold_font()
    with _lock:
        chosen: str | None = heading if heading is not None and covers(heading, char) else None
        for index in range(len(fallback_candidates())):
            if chosen is not None:
                break
            name = _fallback_font(index)
            if name is not None and covers(name, char):
                chosen = name
        _fallback_for[char] = chosen
    return chosen


def printable(main: str, text: str) -> bool:
    """True when every character of text is drawn by the main font or a fallback font."""
    return all(ord(c) in _cmap(main) or fallback_font_for(c) is not None for c in text)


def _attached(char: str) -> bool:
    """A character that takes the font of the text around it."""
    from unicodedata import category

    return category(char) in _ATTACHED_CATEGORIES


def font_runs(text: str, main: str) -> list[tuple[str | None, str]]:
    """The text cut into runs of one font each: (font name, text).

    Characters the main font has stay in it; the others go to the first fallback font that
    has them; a character no font has gets None (drawn in the main font as a blank box, and
    reported by the renderer). Common text is one run in the main font.
    """
    cmap = _cmap(main)
    if all(ord(c) in cmap for c in text):
        return [(main, text)] if text else []
    runs: list[tuple[str | None, str]] = []
    current: str | None = main
    start = 0
    for index, char in enumerate(text):
        if ord(char) in cmap:
            font: str | None = main
        elif _attached(char):
            continue
        else:
            font = fallback_font_for(char)
        if font != current:
            if index > start:
                runs.append((current, text[start:index]))
            current, start = font, index
    if len(text) > start:
        runs.append((current, text[start:]))
    return runs


def missing_chars(text: str, main: str) -> list[str]:
    """The characters of text that no font (main or fallback) can draw, each once, in order."""
    cmap = _cmap(main)
    found: list[str] = []
    for char in text:
        if ord(char) in cmap or _attached(char) or char in found:
            continue
        if fallback_font_for(char) is None:
            found.append(char)
    return found


def fallback_markup(text: str, main: str, escape: Callable[[str], str]) -> str:
    """Paragraph markup for text: runs the main font lacks wrapped in <font name="...">."""
    runs = font_runs(text, main)
    if len(runs) <= 1 and (not runs or runs[0][0] in (main, None)):
        return escape(text)
    parts = []
    for font, run in runs:
        if font is None or font == main:
            parts.append(escape(run))
        else:
            parts.append(f'<font name="{font}">{escape(run)}</font>')
    return "".join(parts)


def font_of(main: str, char: str) -> str:
    """The font that draws `char` in text set in `main` (main itself when none has it)."""
    if ord(char) in _cmap(main):
        return main
    return fallback_font_for(char) or main


def _utf16_hex(code: int) -> str:
    """A code point as the UTF-16BE hex a ToUnicode CMap needs (a surrogate pair beyond the BMP)."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but correct for characters beyond the BMP (CJK Ext. B–H).

    reportlab writes <2C317> for U+2C317, which PDF readers reject (odd-length hex), so 𬌗
    copied or extracted from the PDF came out as nothing; UTF-16 surrogate pairs fix that.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *[f"<{index:02X}> <{_utf16_hex(code)}>" for index, code in enumerate(subset)],
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _patch_to_unicode() -> None:
    """Use _to_unicode_cmap for every TrueType subset reportlab writes (idempotent)."""
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
