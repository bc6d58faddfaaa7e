"""The PySide6 face of the program (nothing below ui/ imports Qt)."""

from township_desk.ui.pyside_feature_check import install as _speed_up_pyside_imports
from township_desk.ui.qt_refcount_guard import install as _guard_pyside_refcounts

_guard_pyside_refcounts()
_speed_up_pyside_imports()
