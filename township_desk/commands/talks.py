"""Command-line face of talks and the annual assessment: exports and the printed forms."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import ExportCommand, PrintCommand, register_export, register_print
from township_desk.services.assessments import export_assessments, print_assessment_results
from township_desk.services.democratic_evaluation import print_assessment_sheet
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import ValidationError
from township_desk.services.talks import export_talks, print_talk_record, print_talks_on, print_year_records


def _talk_record_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--blank", action="store_true", help="打印空白谈话记录表（手工填写）")
    parser.add_argument("--person", help="谈话对象姓名")
    parser.add_argument("--date", help="谈话日期，如 2024-03-05")


def _print_talk_record(args: argparse.Namespace, out: Path) -> Path:
    if args.blank:
        if args.person or args.date:
            raise ValidationError("blank", "--blank 不能与 --person/--date 同时使用。")
        return print_talk_record(out)
    if not args.person or not args.date:
        raise ValidationError("person", "请用 --blank 打印空白表，或同时给出 --person 姓名 和 --date 日期。")
    try:
        day = parse_date(args.date)
    except DateParseError as exc:
        raise ValidationError("date", f"--date：{exc}") from exc
    if day is None:
        raise ValidationError("date", "请给出谈话日期，如 --date 2024-03-05。")
    return print_talks_on(out, args.person, day)


def _year_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2024")


def _sheet_arguments(parser: argparse.ArgumentParser) -> None:
    _year_argument(parser)
    parser.add_argument("--village", help="只印这个村(社区)的考评对象")
    parser.add_argument("--copies", default="1", help="份数（每位参会人员一份），默认 1")


register_export("talks", ExportCommand("谈话记录", export_talks))
register_export("assessments", ExportCommand("年度考评结果（各年度）", export_assessments))
register_print(
    "talk-record",
    PrintCommand("谈话记录表（一次谈话，或空白表）", _talk_record_arguments, _print_talk_record),
)
register_print(
    "talk-records",
    PrintCommand(
        "某年度全部谈话记录表", _year_argument, lambda args, out: print_year_records(out, args.year)
    ),
)
register_print(
    "assessment-sheet",
    PrintCommand(
        "民主测评表（空白，可打印多份）",
        _sheet_arguments,
        lambda args, out: print_assessment_sheet(out, args.year, args.village, args.copies),
    ),
)
register_print(
    "assessment-results",
    PrintCommand(
        "年度综合考评结果汇总表", _year_argument, lambda args, out: print_assessment_results(out, args.year)
    ),
)
