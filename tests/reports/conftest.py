"""Fixtures for the PDF tests: the bundled font for every test and the test form template."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pdf_helpers import FIXTURES

from township_desk.reports.fonts import FONT_ENV
from township_desk.reports.templates import Template, load_template


@pytest.fixture(autouse=True, scope="session")
def bundled_pdf_font() -> Iterator[None]:
    """Every PDF test uses the bundled font, whatever the machine has installed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(FONT_ENV, "bundled")
        yield


@pytest.fixture
def talk_template() -> Template:
    """The test-only 谈话记录表 form template."""
    return load_template(FIXTURES / "talk_record.toml")
