"""The command line: no subcommand opens the window; subcommands do headless work (township_desk.headless).

This module is the program's entry point, so it imports only what it needs to decide: a clerk starting
the window should not wait for the subcommands, peewee or the services to load before the window paints.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when they only choose a database (the window opens); None when they say more."""
    parser = argparse.ArgumentParser(prog="township-desk", add_help=False)
    parser.add_argument("--db", type=Path)
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    argv = list(sys.argv[1:] if argv is None else argv)
    window = window_arguments(argv)
    if window is not None:
        import gc

        # No garbage collection while the window starts (its imports and first reads make many long-lived
        # objects, and the collector would walk them again and again: ~50 ms); ui.app collects once and
        # turns it back on as soon as the first tab is painted.
        gc.disable()
        from township_desk.paths import default_database_path
        from township_desk.ui.app import run_app

        return run_app(window.db or default_database_path())
    from township_desk.headless import run_command

    return run_command(argv)
