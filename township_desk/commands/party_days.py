"""Command-line face of the theme Party days: export party-days, print party-day-record / party-day-ledger."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import ExportCommand, PrintCommand, register_export, register_print
from township_desk.services import clock
from township_desk.services.party_day_matrix import print_ledger
from township_desk.services.party_days import export_party_days, find_day, print_day_record, print_signin


def _record_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--branch", required=True, help="党支部名称（如 桃花村党支部）")
    parser.add_argument("--month", required=True, help="月份，如 2024-03")


def _print_record(args: argparse.Namespace, out: Path) -> Path:
    return print_day_record(out, args.branch, args.month)


def _ledger_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, default=clock.today().year, help="年度，如 2024（默认今年）")


def _print_ledger(args: argparse.Namespace, out: Path) -> Path:
    return print_ledger(out, args.year)


register_export(
    "party-days", ExportCommand("主题党日活动记录（日期、支部、主题、应到、实到）", export_party_days)
)
register_print(
    "party-day-record", PrintCommand("主题党日活动记录（一个支部一个月）", _record_arguments, _print_record)
)
register_print(
    "party-day-signin",
    PrintCommand(
        "主题党日签到表（一个支部一个月，党员逐一签名）",
        _record_arguments,
        lambda args, out: print_signin(out, str(find_day(args.branch, args.month).id)),
    ),
)
register_print(
    "party-day-ledger", PrintCommand("主题党日开展情况台账（年度，A4横向）", _ledger_arguments, _print_ledger)
)
