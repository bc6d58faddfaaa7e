"""A long ruled table laid out once and drawn straight onto the PDF canvas.

GridLayout holds every row already measured: its height and the position and text of each
line of each cell. GridPart is the platypus flowable for a run of rows. Like a Table with
repeatRows=1 it splits between rows, repeats the header row on every page, is centred in
the frame, and is drawn with the same coordinates a Table would use; but splitting costs no
re-measuring, and a page is drawn as one text object and one stroked path instead of one
text object per cell and one path per grid line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from township_desk.reports.fonts import font_runs

#: One line of text in a row: (face index, "1 0 0 1 x " prefix, distance of the baseline
#: below the top of the row, text, word spacing).
Run = tuple[int, str, float, str, float]

GRID_LINE_WIDTH = 0.5
ENCODED_KEPT = 50_000  # encoded strings kept per face before the cache starts again
_ASCII = "".join(map(chr, range(32, 127)))

# PDF string escapes for the bytes of a font-subset-encoded string.
_ESCAPES = {i: f"\\{i:03o}" for i in range(256) if i < 32 or i >= 127} | {ord(c): "\\" + c for c in "\\()"}


@dataclass(frozen=True, slots=True)
class Face:
    """A font at a size."""

    font_name: str
    size: float


#: Face index whose runs are drawn invisibly (text render mode 3): the "□"/"■" behind a drawn
#: tick box, so the PDF's text still reads (and is searched) as the box character.
INVISIBLE = 2

#: Side of a drawn tick box in points (4.5 mm: large enough to tick with a pen).
BOX_SIDE = 4.5 * 72 / 25.4


@dataclass(frozen=True, slots=True)
class Row:
    """A measured row: height in points, its text runs and its tick boxes (centre x, ticked),
    which are drawn as squares centred in the row's height."""

    height: float
    runs: tuple[Run, ...]
    boxes: tuple[tuple[float, bool], ...] = ()


@dataclass(frozen=True)
class GridLayout:
    """The whole table: column edges, the header row and the body rows, all measured.

    `full_rules` is False when the body is one cell across all columns (the "no records"
    row), so the vertical rules between columns stop at the header.
    """

    edges: tuple[float, ...]
    faces: tuple[Face, ...]
    header: Row
    rows: tuple[Row, ...]
    full_rules: bool = True

    @property
    def width(self) -> float:
        """Total width in points."""
        return self.edges[-1] - self.edges[0]

    @cached_property
    def _bottoms(self) -> tuple[float, ...]:
        """Running totals of the row heights: rows 0..i end _bottoms[i + 1] below the header."""
        return tuple(accumulate((row.height for row in self.rows), initial=0.0))

    def height(self, start: int, stop: int) -> float:
        """Height of the header plus rows start..stop."""
        bottoms = self._bottoms
        return self.header.height + (bottoms[stop] - bottoms[start])

    def rows_fitting(self, start: int, stop: int, available: float) -> int:
        """How many rows from `start` fit under the header in `available` points.

        The same sum and comparison as reportlab's Table split, so pages break alike.
        """
        used = self.header.height
        if used > available:
            return 0
        count = 0
        for row in self.rows[start:stop]:
            if used + row.height > available:
                break
            used += row.height
            count += 1
        return count


class _Encoder:
    """Text of one font as PDF string operators, for one document (its font subsets).

    reportlab numbers the glyphs of a TrueType subset in the order they are first used in a
    document, so the encoding is kept per document; the same strings recur often (性别,
    民族, 学历…), so each string is encoded once. Characters the face's font lacks are
    drawn in the fallback font that has them (reports/fonts.py), at the same size.
    """

    def __init__(self, doc: Any, faces: Sequence[Face]) -> None:
        self.doc = doc
        self.faces = list(faces)
        self.fonts = [pdfmetrics.getFont(face.font_name) for face in faces]
        self.sizes = [face.size for face in faces]
        self.cache: list[dict[str, tuple[tuple[str, str], ...]]] = [{} for _ in faces]
        self.selectors: dict[tuple[str, float, int], str] = {}
        # Whether printable ASCII keeps its own codes in the first subset of each font
        # (reportlab's "ascii readable" subsets): then digits, dates and ID numbers need
        # no per-character lookup.
        self.ascii_first = [
            self.fonts[face].splitString(_ASCII, self.doc) == [(0, _ASCII.encode())]
            for face in range(len(faces))
        ]

    def _selector(self, font: Any, size: float, subset: int) -> str:
        """The operator selecting one subset of a font at a size."""
        key = (font.fontName, size, subset)
        selector = self.selectors.get(key)
        if selector is None:
            name = font.getSubsetInternalName(subset, self.doc)
            selector = self.selectors[key] = f"{name} {size:g} Tf"
        return selector

    def _pieces(self, font: Any, size: float, text: str) -> list[tuple[str, str]]:
        """(font selection, show-text operator) pairs for text in one font."""
        return [
            (self._selector(font, size, subset), f"({data.decode('latin-1').translate(_ESCAPES)}) Tj")
            for subset, data in font.splitString(text, self.doc)
        ]

    def encode(self, face: int, text: str) -> tuple[tuple[str, str], ...]:
        """(font selection, show-text operator) pairs for one string."""
        cache = self.cache[face]
        pieces = cache.get(text)
        if pieces is None:
            if len(cache) > ENCODED_KEPT:  # a long ledger's many distinct texts: keep memory bounded
                cache.clear()
            font, size = self.fonts[face], self.sizes[face]
            if self.ascii_first[face] and text.isascii() and text.isprintable():
                pieces = ((self._selector(font, size, 0), f"({text.translate(_ESCAPES)}) Tj"),)
            else:
                found: list[tuple[str, str]] = []
                for name, run in font_runs(text, font.fontName):
                    run_font = font if name is None or name == font.fontName else pdfmetrics.getFont(name)
                    found += self._pieces(run_font, size, run)
                pieces = tuple(found)
            cache[text] = pieces
        return pieces


class GridDrawer:
    """Draws parts of a GridLayout; keeps the string encodings of the current document."""

    def __init__(self, layout: GridLayout) -> None:
        self.layout = layout
        self._encoder: _Encoder | None = None

    def with_layout(self, layout: GridLayout) -> GridDrawer:
        """A drawer of another layout with the same columns, sharing this one's string encodings."""
        drawer = GridDrawer(layout)
        drawer._encoder_for = self._encoder_for  # type: ignore[method-assign]
        return drawer

    def _encoder_for(self, canv: Any) -> _Encoder:
        doc = canv._doc
        if self._encoder is None or self._encoder.doc is not doc:
            self._encoder = _Encoder(doc, self.layout.faces)
        return self._encoder

    def draw(self, canv: Any, start: int, stop: int) -> None:
        """Draw the header and rows start..stop; the canvas origin is the table's bottom left."""
        layout = self.layout
        encoder = self._encoder_for(canv)
        caches, encode = encoder.cache, encoder.encode
        height = layout.height(start, stop)
        out: list[str] = ["0 0 0 rg", "BT"]
        append = out.append
        current = ""
        tops = [height]
        top = height
        boxes: list[tuple[float, float, bool]] = []
        for row in (layout.header, *layout.rows[start:stop]):
            last_below = None
            place = ""
            for face, prefix, below, text, spacing in row.runs:
                if below != last_below:
                    place = f"{top - below:.3f} Tm"
                    last_below = below
                append(prefix + place)
                if spacing:
                    append(f"{spacing:.4f} Tw")
                if face == INVISIBLE:
                    append("3 Tr")
                pieces = caches[face].get(text) or encode(face, text)
                for selector, operator in pieces:
                    if selector is not current:
                        append(selector)
                        current = selector
                    append(operator)
                if face == INVISIBLE:
                    append("0 Tr")
                if spacing:
                    append("0 Tw")
            if row.boxes:
                middle = top - row.height / 2
                boxes += [(x, middle, ticked) for x, ticked in row.boxes]
            top -= row.height
            tops.append(top)
        append("ET")
        if boxes:
            out += _boxes(boxes)
        out += self._rules(tops)
        canv.addLiteral("\n".join(out))

    def _rules(self, tops: list[float]) -> list[str]:
        """The grid: one horizontal rule per row edge and the column rules, one stroke."""
        edges = self.layout.edges
        left, right = edges[0], edges[-1]
        out = ["1 J 1 j 0 0 0 RG", f"{GRID_LINE_WIDTH:g} w"]
        out += [f"{left:.3f} {y:.3f} m {right:.3f} {y:.3f} l" for y in tops]
        top, bottom = tops[0], tops[-1]
        inner_bottom = bottom if self.layout.full_rules else tops[1]
        for index, x in enumerate(edges):
            low = bottom if index in (0, len(edges) - 1) else inner_bottom
            out.append(f"{x:.3f} {low:.3f} m {x:.3f} {top:.3f} l")
        out.append("S")
        return out


def _boxes(boxes: list[tuple[float, float, bool]]) -> list[str]:
    """Tick boxes as squares of BOX_SIDE centred at (x, y); a ticked one gets a heavy tick."""
    half = BOX_SIDE / 2
    out = ["0 0 0 RG 0.7 w 0 J 0 j"]
    out += [f"{x - half:.3f} {y - half:.3f} {BOX_SIDE:.3f} {BOX_SIDE:.3f} re" for x, y, _ticked in boxes]
    out.append("S")
    ticked = [(x, y) for x, y, t in boxes if t]
    if ticked:
        out.append("1.2 w 1 J 1 j")
        out += [
            f"{x - 0.3 * BOX_SIDE:.3f} {y:.3f} m {x - 0.08 * BOX_SIDE:.3f} {y - 0.28 * BOX_SIDE:.3f} l "
            f"{x + 0.32 * BOX_SIDE:.3f} {y + 0.3 * BOX_SIDE:.3f} l"
            for x, y in ticked
        ]
        out.append("S")
    return out


class GridPart(Flowable):  # type: ignore[misc]
    """The header row and body rows start..stop of a GridLayout, as a flowable.

    Splits between rows like a Table with repeatRows=1: the first part keeps what fits, the
    rest is a new part that starts with the header again. `on_draw(rows)` is called after
    each part is drawn, with the number of body rows it held.
    """

    def __init__(
        self,
        drawer: GridDrawer,
        start: int = 0,
        stop: int | None = None,
        on_draw: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.drawer = drawer
        self.start = start
        self.stop = len(drawer.layout.rows) if stop is None else stop
        self.on_draw = on_draw
        self.hAlign = "CENTER"
        self.width = drawer.layout.width
        self.height = drawer.layout.height(self.start, self.stop)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The table's fixed width and the height of its rows."""
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split after the last row that fits; [] when not even one row fits here."""
        count = self.drawer.layout.rows_fitting(self.start, self.stop, availHeight)
        if count == 0:
            return []
        middle = self.start + count
        if middle >= self.stop:
            return [self]
        return [
            GridPart(self.drawer, self.start, middle, self.on_draw),
            GridPart(self.drawer, middle, self.stop, self.on_draw),
        ]

    def draw(self) -> None:
        """Draw the rows (the canvas origin is the table's bottom-left corner)."""
        self.drawer.draw(self.canv, self.start, self.stop)
        if self.on_draw is not None:
            self.on_draw(self.stop - self.start)


class GridStream(Flowable):  # type: ignore[misc]
    """The header row and body rows that arrive from an iterator, as a flowable: rows are measured as
    they are needed and each page's rows are let go once drawn, so that a table of any length takes
    the memory of a page or two.

    It breaks pages where a GridPart over the same rows would (rows_fitting's sum and comparison):
    wrap() reads rows until they are taller than a whole frame (or run out); split() hands the rows that
    fit to a GridPart of their own and keeps the rest, with the iterator, in a new GridStream.
    """

    def __init__(
        self,
        drawer: GridDrawer,
        rows: Iterator[Row],
        frame_height: float,
        on_draw: Callable[[int], None] | None = None,
        buffered: Sequence[Row] = (),
    ) -> None:
        super().__init__()
        self.drawer = drawer  # its layout has the columns and header, no body rows
        self.rows = rows
        self.frame_height = frame_height
        self.on_draw = on_draw
        self.buffered = list(buffered)
        self.exhausted = False
        self.hAlign = "CENTER"
        self.width = drawer.layout.width

    def _fill(self) -> float:
        """Read rows until those held are taller than a frame or there are no more; their height."""
        height = self.drawer.layout.header.height + sum(row.height for row in self.buffered)
        while not self.exhausted and height <= self.frame_height:
            row = next(self.rows, None)
            if row is None:
                self.exhausted = True
            else:
                self.buffered.append(row)
                height += row.height
        return height

    def _part(self, rows: Sequence[Row]) -> GridPart:
        layout = self.drawer.layout
        return GridPart(self.drawer.with_layout(replace(layout, rows=tuple(rows))), on_draw=self.on_draw)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """The table's width and the height of the rows held (taller than the frame until the last page)."""
        self.height = self._fill()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """The rows that fit here as a GridPart, the rest as a new GridStream; [] when none fits."""
        self._fill()
        layout = replace(self.drawer.layout, rows=tuple(self.buffered))
        count = layout.rows_fitting(0, len(self.buffered), availHeight)
        if count == 0:
            return []
        if count == len(self.buffered) and self.exhausted:
            return [self._part(self.buffered)]
        rest = GridStream(self.drawer, self.rows, self.frame_height, self.on_draw, self.buffered[count:])
        rest.exhausted = self.exhausted
        return [self._part(self.buffered[:count]), rest]

    def draw(self) -> None:
        """Only reached when every row fitted (split hands them to a GridPart otherwise)."""
        part = self._part(self.buffered)
        part.canv = self.canv
        part.draw()
