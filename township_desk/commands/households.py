"""Command-line face of 联系户: import/export households, export visits, print visit-ledger and household-card."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from township_desk.commands.registry import (
    ExportCommand,
    ImportCommand,
    PrintCommand,
    register_export,
    register_import,
    register_print,
)
from township_desk.services.household_import import COLUMNS, apply_household_import, plan_household_import
from township_desk.services.households import export_households
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import ValidationError
from township_desk.services.visits import (
    LedgerQuery,
    export_visits,
    find_household,
    print_household_card,
    print_visit_ledger,
)


def _date(text: str | None, field: str, label: str) -> date | None:
    try:
        return parse_date(text)
    except DateParseError as exc:
        raise ValidationError(field, f"{label}：{exc}") from exc


def _ledger_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--village", help="只打印这个村(社区)的走访")
    parser.add_argument("--member", help="只打印这名党员（姓名或身份证号）参加的走访")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="开始日期，如 2024-01-01")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="结束日期，如 2024-12-31")


def _print_ledger(args: argparse.Namespace, out: Path) -> Path:
    ledger = LedgerQuery.for_member(
        args.member,
        village=args.village,
        date_from=_date(args.date_from, "date_from", "开始日期"),
        date_to=_date(args.date_to, "date_to", "结束日期"),
    )
    return print_visit_ledger(out, ledger)


def _card_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--head", required=True, help="户主姓名或身份证号")
    parser.add_argument("--village", help="户主重名时指定村(社区)")


def _print_card(args: argparse.Namespace, out: Path) -> Path:
    return print_household_card(out, str(find_household(args.head, args.village).id))


register_import(
    "households",
    ImportCommand(
        "党员联系户名单（.xlsx .xls .et .ods .csv）",
        plan_household_import,
        apply_household_import,
        columns=COLUMNS,
    ),
)
register_export("households", ExportCommand("党员联系户名单", export_households))
register_export("visits", ExportCommand("联系户走访记录", export_visits))
register_print(
    "visit-ledger",
    PrintCommand("党员联系户走访台账（按村或按党员、按时间段）", _ledger_arguments, _print_ledger),
)
register_print(
    "household-card", PrintCommand("党员联系户“五个到户”登记表（一户）", _card_arguments, _print_card)
)
