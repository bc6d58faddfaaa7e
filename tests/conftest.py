"""Shared fixtures: a fresh real database file per test, isolated Qt settings, the offscreen platform."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TOWNSHIP_DESK_PDF_FONT"] = "bundled"
# The county's own forms folder: never the user's; tests that override a form point it at tmp_path.
os.environ["TOWNSHIP_DESK_FORMS_DIR"] = os.path.join(os.path.dirname(__file__), "fixtures", "no-user-forms")

from township_desk.db import close_database, open_database  # noqa: E402
from township_desk.services import clock  # noqa: E402

# Every test runs on one reference date, never the computer's: TOWNSHIP_DESK_TEST_TODAY chooses it (CI runs
# the date-sensitive tests again under a 29 February and a 31 December), the default is fixed.
REFERENCE_DATE = clock.parse_reference_date(os.environ.get("TOWNSHIP_DESK_TEST_TODAY", "2026-11-30"))
clock.pin_today(REFERENCE_DATE)

# Tests using these fixtures (or the clock) depend on the reference date; `-m date_sensitive` selects them.
# Window tests are left out of the reruns under other dates: they drive the same services the reruns
# check, and they are most of the suite's time (CI reruns the marked tests twice).
DATE_FIXTURES = {"today", "demo_db", "demo_template"}
WINDOW_FIXTURES = {"qtbot", "main_window"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reads_clock: dict[str, bool] = {}
    for item in items:
        source = str(getattr(getattr(item, "module", None), "__file__", "") or "")
        if source and source not in reads_clock:
            reads_clock[source] = "clock.today()" in Path(source).read_text(encoding="utf-8")
        fixtures = set(getattr(item, "fixturenames", ()))
        if (reads_clock.get(source) or DATE_FIXTURES & fixtures) and not WINDOW_FIXTURES & fixtures:
            item.add_marker(pytest.mark.date_sensitive)


@pytest.fixture
def today() -> date:
    """The reference date every rule in the test sees as today."""
    clock.pin_today(REFERENCE_DATE)
    return REFERENCE_DATE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "township.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Path]:
    """An empty database, opened (migrated) and bound to the models; closed after the test."""
    open_database(db_path)
    yield db_path
    close_database()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database built once per session; tests copy it."""
    from township_desk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    build_demo("small", "漳江镇", seed=7, today=REFERENCE_DATE)
    close_database()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the demo database, opened."""
    import sqlite3

    path = tmp_path / "demo.db"
    source = sqlite3.connect(demo_template)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def qt_settings(tmp_path: Path, qapp: object) -> Iterator[None]:
    """Window layout and last folders go to a temporary INI file, never the user's settings."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture
def main_window(
    qtbot: object, demo_db: Path, qt_settings: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[object]:
    """The real main window on a demo database; message boxes answered without blocking."""
    from township_desk.ui import messages
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow
    from township_desk.ui.workers import wait_for_tasks

    make_application()
    shown: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, yes="确定": True)
    monkeypatch.setattr(messages, "show_error", lambda parent, title, exc: shown.append(str(exc)))
    monkeypatch.setattr(messages, "confirm_discard", lambda parent: True)
    monkeypatch.setattr(messages, "after_export", lambda parent, title, text: messages.CLOSE)
    window = MainWindow(demo_db)
    window.errors_shown = shown  # type: ignore[attr-defined]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(lambda: bool(window.counts_label.text()), timeout=5000)  # type: ignore[attr-defined]
    yield window
    wait_for_tasks()
