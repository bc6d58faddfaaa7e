"""Command-line face of 导师帮带 and 后备干部: exports, the mentoring roster, growth plans, the reserve roster."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import ExportCommand, PrintCommand, register_export, register_print
from township_desk.services import mentoring, reserves


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """The form takes nothing besides --out."""


def _growth_plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mentee", required=True, metavar="姓名", help="帮带对象的姓名；同名时改用身份证号或其后几位"
    )


def _reserve_roster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--programme", help="只打印这一培养工程（青蓝工程、育青计划、其他）")
    parser.add_argument("--status", help="只打印这一状态（培养中、已任用、退出）")
    parser.add_argument("--village", help="只打印这个村(社区)")


def _print_mentoring_roster(args: argparse.Namespace, out: Path) -> Path:
    return mentoring.print_mentoring_roster(out)


def _print_growth_plan(args: argparse.Namespace, out: Path) -> Path:
    return mentoring.print_growth_plan_for(out, args.mentee)


def _print_reserve_roster(args: argparse.Namespace, out: Path) -> Path:
    state = reserves.roster_state(args.programme, args.status, args.village)
    return reserves.print_reserve_roster(out, state=state)


register_export("mentorships", ExportCommand("导师帮带结对名单", mentoring.export_mentorships))
register_export("mentor-exchanges", ExportCommand("导师帮带交流记录", mentoring.export_exchanges))
register_export("reserves", ExportCommand("后备干部名单", reserves.export_reserves))
register_print("mentoring-roster", PrintCommand("导师帮带花名册", _no_arguments, _print_mentoring_roster))
register_print(
    "growth-plan",
    PrintCommand(
        "新任干部成长计划（一人一页，导师和帮带对象签字）", _growth_plan_arguments, _print_growth_plan
    ),
)
register_print(
    "reserve-roster", PrintCommand("后备干部花名册", _reserve_roster_arguments, _print_reserve_roster)
)
