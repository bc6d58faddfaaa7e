"""Chinese line-breaking rule for reportlab: closing punctuation may not start a line."""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

#: Punctuation that must stay at the end of the previous line (避头点).
CHINESE_CANNOT_START = "，。、；：！？）》」』】”’…—"


def patch_line_breaking() -> None:
    """Add Chinese closing punctuation to reportlab's ALL_CANNOT_START (idempotent).

    reportlab 5 keeps the set in reportlab.lib.textsplit.ALL_CANNOT_START and
    reportlab.platypus.paragraph imports it by name, so both module globals are updated.
    When a line overflows on such a character, reportlab lets it hang in the right margin
    (悬挂标点) instead of starting the next line with it.
    """
    for module in (textsplit, paragraph):
        current: str = module.ALL_CANNOT_START
        missing = "".join(c for c in CHINESE_CANNOT_START if c not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing
