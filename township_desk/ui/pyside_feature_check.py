"""A faster form of a check PySide6 makes on every module imported after it.

PySide6 (shibokensupport.feature, PYSIDE-2029) decides for each newly imported module whether a
`from __feature__ import snake_case` could apply to it, by searching the module's source for "PySide6".
It reads that source with inspect.getsource, which splits and caches the whole file through linecache:
about 60 ms for the 230 modules the window imports at start-up (a bare PySide6 window imports none).
The replacement makes the same search on the file's bytes, with the same answer for a module without a
source file (built-in, extension, frozen bundle): no. Nothing else changes; the program uses no features.
"""

from __future__ import annotations

import sys
from types import ModuleType

_installed = False


def uses_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6 (False when it has no readable .py file)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as handle:
            return b"PySide6" in handle.read()
    except OSError:
        return False


def install() -> bool:
    """Use uses_pyside for PySide6's check (True when this PySide6 has the check; otherwise nothing)."""
    global _installed
    if _installed:
        return True
    import PySide6.QtCore  # noqa: F401 - installs the feature module

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private attribute of PySide6
    _installed = True
    return True
