"""Windows and dialogs that fit the screen they open on (1366×768, or 1920×1080 at 150 %)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for the window frame and title bar, which availableGeometry() does not include.
FRAME_ALLOWANCE = (16, 40)


def available_size(widget: QWidget) -> tuple[int, int]:
    """The usable width and height of the widget's screen (without taskbar and window frame)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return (1 << 16, 1 << 16)
    area = screen.availableGeometry()
    return (area.width() - FRAME_ALLOWANCE[0], area.height() - FRAME_ALLOWANCE[1])


def fit_window(widget: QWidget, width: int, height: int) -> bool:
    """Resize to width × height, or to the screen's usable area where that is smaller; True when cut."""
    usable_width, usable_height = available_size(widget)
    fitted = (min(width, usable_width), min(height, usable_height))
    widget.resize(*fitted)
    return fitted != (width, height)
