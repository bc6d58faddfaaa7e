"""Driving the main window in tests: bring a tab to the front by its title (as a clerk clicks it)."""

from __future__ import annotations

from typing import Any

from township_desk.ui.tabs import TABS


def show_tab(window: Any, title: str) -> Any:
    """Make the tab titled `title` current (built and read as when clicked) and return its page."""
    window.tabs.setCurrentIndex([t for _module, t in TABS].index(title))
    return window.current_tab()
