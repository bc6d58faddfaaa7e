"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

PySide6 / shiboken6 6.12.0 return None from every void method without taking a new reference to it, so
each call such as `label.setText(…)` takes one reference from None. On Python 3.12 and later None is
immortal and nothing happens; on 3.11 (the oldest Python we support, and the one office bundles are built
with) None's count reaches zero after a few thousand calls and the process aborts with
"Fatal Python error: none_dealloc" — a window used for a few minutes, or a long test run, dies. QtPdf is
only available as 6.12 here, so pinning an older PySide6 is not an option.

The guard measures the leak once and, where it exists, gives None a very large reference count (2**40),
so no session can use it up. None is never freed in a healthy interpreter, so the extra count changes
nothing else. See tests/test_qt_refcount_guard.py.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40
PROBE_CALLS = 20

_installed = False


def leaks_none() -> bool:
    """Whether a void PySide6 method takes a reference from None (measured on a plain QObject)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def install() -> bool:
    """Give None headroom when this PySide6 leaks it and None is mortal; True when the guard was applied."""
    global _installed
    if _installed or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _installed
    if leaks_none():
        count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
        count.value += HEADROOM
        _installed = True
    return _installed
