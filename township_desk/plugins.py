"""Subjects plug in by adding modules to a package: this imports them all, in name order."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def import_submodules(package: ModuleType) -> list[ModuleType]:
    modules = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    return modules
