"""Command-line face of 组织生活: export meetings, Party groups and appraisals; print the meeting record, the
三会一课 ledger, the appraisal sheet and results, and the 设岗定责公示表."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import ExportCommand, PrintCommand, register_export, register_print
from township_desk.services.meetings import output
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import ValidationError


def _year(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2026")


def _record_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--blank", action="store_true", help="打印空白会议记录（供手写）")
    parser.add_argument("--branch", help="党支部名称（可写简称，如 桃花村）")
    parser.add_argument("--date", help="会议日期，如 2026-03-15")
    parser.add_argument("--kind", help="会议类型（同一天有多个会议时指定）")


def _print_record(args: argparse.Namespace, out: Path) -> Path:
    if args.blank:
        return output.print_blank_record(out)
    if not args.branch or not args.date:
        raise ValidationError("date", "请用 --blank 打印空白会议记录，或用 --branch 和 --date 指定一次会议。")
    try:
        held_on = parse_date(args.date)
    except DateParseError as exc:
        raise ValidationError("date", f"“会议日期”：{exc}") from exc
    if held_on is None:
        raise ValidationError("date", "请填写会议日期，如 --date 2026-03-15。")
    return output.print_meeting_record_of(out, args.branch, held_on, args.kind)


def _sheet_arguments(parser: argparse.ArgumentParser) -> None:
    _year(parser)
    parser.add_argument("--branch", required=True, help="党支部名称")


def _results_arguments(parser: argparse.ArgumentParser) -> None:
    _year(parser)
    parser.add_argument("--branch", help="党支部名称（不写则全乡镇）")


def _roster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--branch", help="党支部名称（不写则全乡镇）")


register_export("meetings", ExportCommand("组织生活会议记录及本年度三会一课台账", output.export_meetings))
register_export("party-groups", ExportCommand("党小组、网格及设岗定责", output.export_party_groups))
register_export("appraisals", ExportCommand("民主评议党员结果", output.export_appraisals))
register_print(
    "meeting-ledger",
    PrintCommand("年度“三会一课”开展情况台账", _year, lambda args, out: output.print_ledger(out, args.year)),
)
register_print("meeting-record", PrintCommand("会议记录（空白或某次会议）", _record_arguments, _print_record))
register_print(
    "member-appraisal-sheet",
    PrintCommand(
        "民主评议党员测评表（党员一行，四个等次打勾）",
        _sheet_arguments,
        lambda args, out: output.print_appraisal_sheet(out, args.branch, args.year),
    ),
)
register_print(
    "member-appraisal-results",
    PrintCommand(
        "民主评议党员结果",
        _results_arguments,
        lambda args, out: output.print_appraisal_results(out, args.year, args.branch),
    ),
)
register_print(
    "post-roster",
    PrintCommand(
        "无职党员设岗定责公示表",
        _roster_arguments,
        lambda args, out: output.print_post_roster(out, args.branch),
    ),
)
