"""Where the package finds its resources and forms, in a checkout and in a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from township_desk import APP_ID


def project_root() -> Path:
    """The folder holding resources/ and forms/ (the bundle folder when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return project_root() / "resources"


def forms_dir() -> Path:
    return project_root() / "forms"


def bundled_font() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def fallback_fonts() -> list[Path]:
    """TrueType fonts for the rare characters (CJK Extensions A–H) the main font lacks, in order."""
    folder = resources_dir() / "fonts"
    return [folder / "HanaMinA.ttf", folder / "HanaMinB.ttf", folder / "BabelStoneHan-Ext.ttf"]


def user_data_dir() -> Path:
    """The user data folder (platformdirs): the default database, the county's own forms."""
    import platformdirs  # 6 ms; only for this

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_database_path() -> Path:
    """The database a user gets when they give no --db: a file in the user data folder."""
    return user_data_dir() / "township.db"


def user_forms_dir() -> Path:
    """The county's own printed-form templates: a file here overrides forms/ of the same name.

    In the user data folder, so that editing needs no write access to the program folder and
    survives upgrades. TOWNSHIP_DESK_FORMS_DIR chooses another folder (the tests use it).
    """
    chosen = os.environ.get("TOWNSHIP_DESK_FORMS_DIR")
    return Path(chosen) if chosen else user_data_dir() / "forms"
