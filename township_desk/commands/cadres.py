"""Command-line face of the cadre roster: import/export cadres, print roster."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import (
    ExportCommand,
    ImportCommand,
    PrintCommand,
    register_export,
    register_import,
    register_print,
)
from township_desk.services.cadre_import import COLUMNS, apply_cadre_import, plan_cadre_import
from township_desk.services.cadres import export_cadres, print_roster


def _roster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--village", help="只打印这个村(社区)")
    parser.add_argument("--township", help="县级汇总库：只打印这个乡镇（默认全部乡镇，带“乡镇”列）")
    parser.add_argument(
        "--full",
        action="store_true",
        help="详细花名册（A3 横向：籍贯、入党时间、全日制/在职教育、一肩挑、交叉任职）",
    )


def _print_roster(args: argparse.Namespace, out: Path) -> Path:
    form = "roster_full" if args.full else "roster"
    return print_roster(out, village=args.village, township=args.township, form=form)


register_import(
    "cadres",
    ImportCommand(
        "干部花名册（.xlsx .xls .et .ods .csv）", plan_cadre_import, apply_cadre_import, columns=COLUMNS
    ),
)
register_export("cadres", ExportCommand("干部及后备干部名单", export_cadres))
register_print("roster", PrintCommand("村(社区)“两委”干部花名册", _roster_arguments, _print_roster))
