"""The PySide6 face of the program (nothing below ui/ imports Qt)."""

from township_desk.ui.qt_refcount_guard import install as _guard_pyside_refcounts

_guard_pyside_refcounts()
