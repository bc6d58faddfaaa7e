"""The 成长计划's 乡镇党委意见 box: room for the opinion and a 40 × 40 mm seal, the date at the bottom right."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from township_desk.reports import load_template, render_form

MM = 72 / 25.4


def positions(path: Path) -> dict[str, tuple[float, float]]:
    """Text (stripped) → (x, y) in mm of where it starts, on the first page."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        key = "".join(text.split())
        if key:
            found.setdefault(key, ((cm[4] + tm[4]) / MM, (cm[5] + tm[5]) / MM))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("values", [None, {"mentee": "王䶮", "goals": "目标" * 60, "measures": "措施" * 80}])
def test_the_opinion_box_has_a_seal_space_and_the_date_bottom_right(tmp_path: Path, values: object) -> None:
    template = load_template("growth_plan")
    assert template.form is not None
    row = template.form.rows[-1]
    assert row.height_mm is not None and row.height_mm >= 40 + 4  # 40 mm seal plus the padding
    assert sum(template.form.columns_mm[1:]) >= 40
    out = render_form(template, values, tmp_path / "plan.pdf", {"township": "城关镇"})  # type: ignore[arg-type]
    assert len(PdfReader(out).pages) == 1
    where = positions(out)
    label_y = (where["乡镇党委"][1] + where["意见"][1]) / 2  # the label is centred in the box
    date_x, date_y = where["年月日"]
    seal_y = where["（盖章）"][1]
    # The date sits at the bottom of a box reaching 23 mm below the label's middle…
    assert label_y - date_y >= 18
    assert seal_y > date_y
    # …and at the right: it starts in the right half of the 170 mm wide form.
    assert date_x > 105 + 40
