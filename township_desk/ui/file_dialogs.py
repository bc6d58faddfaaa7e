"""File choosers that remember the last folder (and that tests replace)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def _last_folder() -> str:
    stored = QSettings().value("paths/last_folder", "")
    if stored and Path(str(stored)).is_dir():
        return str(stored)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _remember(path: str) -> Path:
    QSettings().setValue("paths/last_folder", str(Path(path).parent))
    return Path(path)


def ask_open(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, _last_folder(), file_filter)
    return _remember(path) if path else None


def ask_save(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(_last_folder()) / suggested), file_filter)
    return _remember(path) if path else None
