"""PySide6 6.12 takes a reference from None on every void call; on Python 3.11 the window would abort after a
few thousand calls. The guard (ui/qt_refcount_guard.py) must keep a long session alive."""

from __future__ import annotations

import subprocess
import sys

SESSION = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
import township_desk.ui  # installs the guard
app = QApplication([])
label = QLabel()
for i in range(60000):  # a long day of clicks: far more void calls than None had references
    label.setText(str(i))
print("alive", label.text())
"""


def test_a_long_session_of_void_calls_does_not_abort_the_program():
    done = subprocess.run(
        [sys.executable, "-c", SESSION],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "alive 59999" in done.stdout


def test_the_guard_gives_none_headroom_only_where_it_can_run_out():
    from township_desk.ui import qt_refcount_guard

    qt_refcount_guard.install()
    if sys.version_info < (3, 12) and qt_refcount_guard.leaks_none():
        assert sys.getrefcount(None) > qt_refcount_guard.HEADROOM // 2
    else:
        assert sys.getrefcount(None) < qt_refcount_guard.HEADROOM // 2
