"""PySide6 checks every module imported after it for the word "PySide6" (reading it through inspect, 60 ms at
start-up); ui/pyside_feature_check.py makes the same check on the file's bytes. Same answers, and in use."""

from __future__ import annotations

import inspect
import json
import sys
from types import ModuleType

import township_desk.services.clock
import township_desk.ui.main_window
from township_desk.ui import pyside_feature_check


def inspect_answer(module: ModuleType) -> bool:
    """PySide6's own answer (shibokensupport.feature._mod_uses_pyside before the replacement)."""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False


def test_the_check_answers_as_pysides_own_for_every_kind_of_module():
    modules = [township_desk.ui.main_window, township_desk.services.clock, json, sys]
    answers = {m.__name__: pyside_feature_check.uses_pyside(m) for m in modules}
    assert answers == {m.__name__: inspect_answer(m) for m in modules}
    assert answers["township_desk.ui.main_window"] and not answers["township_desk.services.clock"]
    assert not answers["sys"]  # built in: no source


def test_the_window_uses_it_once_pyside6_is_imported():
    import township_desk.ui  # noqa: F401 - installs it

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        assert feature._mod_uses_pyside is pyside_feature_check.uses_pyside
