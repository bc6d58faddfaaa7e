"""What subjects add to the command line: exports, imports, printed forms and whole commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.services.excel_import import ImportColumn, ImportPlan
from township_desk.services.progress import Progress


@dataclass(frozen=True)
class ExportCommand:
    help: str
    run: Callable[[Path, Progress], int]  # writes the workbook, returns rows written


@dataclass(frozen=True)
class ImportCommand:
    help: str
    plan: Callable[..., ImportPlan[Any]]  # (path, progress, sheet=None) → the plan; nothing written
    apply: Callable[[ImportPlan[Any], Progress], int]
    # An import that needs more than the file (e.g. --course): its options, and plan/apply given the arguments.
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    plan_with: Callable[[argparse.Namespace, Path, Progress], ImportPlan[Any]] | None = None
    apply_with: Callable[[argparse.Namespace, ImportPlan[Any], Progress], int] | None = None
    columns: tuple[
        ImportColumn, ...
    ] = ()  # what the importer reads: the blank template and the column mapping


@dataclass(frozen=True)
class PrintCommand:
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Path], Path]  # (arguments, out) → the PDF written


@dataclass(frozen=True)
class TopCommand:
    """A whole subcommand (export-county, merge …); run returns the exit code."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    opens_database: bool = True


EXPORTS: dict[str, ExportCommand] = {}
IMPORTS: dict[str, ImportCommand] = {}
PRINTS: dict[str, PrintCommand] = {}
COMMANDS: dict[str, TopCommand] = {}


def _add(table: dict[str, Any], name: str, item: Any) -> None:
    if name in table:
        raise RuntimeError(f"command {name!r} registered twice")
    table[name] = item


def register_export(name: str, item: ExportCommand) -> None:
    _add(EXPORTS, name, item)


def register_import(name: str, item: ImportCommand) -> None:
    _add(IMPORTS, name, item)


def register_print(name: str, item: PrintCommand) -> None:
    _add(PRINTS, name, item)


def register_command(name: str, item: TopCommand) -> None:
    _add(COMMANDS, name, item)


def load_all() -> None:
    """Import every subject's command module so that it registers itself."""
    import township_desk.commands as package
    from township_desk.plugins import import_submodules

    import_submodules(package)
