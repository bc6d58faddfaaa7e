"""Command-line face of the village work teams: import/export, the roster, the month's attendance ledger,
the leave form and the yearly assessment."""

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
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import excel, paper
from township_desk.services.work_teams.attendance import parse_month


def _attendance_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, help="月份，如 2026-03")
    parser.add_argument("--team", help="只打印派驻这个村(社区)的工作队")


def _print_attendance(args: argparse.Namespace, out: Path) -> Path:
    year, month = parse_month(args.month)
    return paper.print_attendance(out, year, month, args.team)


def _leave_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--blank", action="store_true", help="打印空白请假审批表（手工填写）")
    parser.add_argument("--person", help="请假队员姓名")
    parser.add_argument("--date", help="请假期间的某一天，如 2026-03-05")


def _print_leave(args: argparse.Namespace, out: Path) -> Path:
    if args.blank:
        if args.person or args.date:
            raise ValidationError("blank", "--blank 不能与 --person/--date 同时使用。")
        return paper.print_leave_form(out)
    if not args.person or not args.date:
        raise ValidationError("person", "请用 --blank 打印空白表，或同时给出 --person 姓名 和 --date 日期。")
    try:
        day = parse_date(args.date)
    except DateParseError as exc:
        raise ValidationError("date", f"--date：{exc}") from exc
    if day is None:
        raise ValidationError("date", "请给出日期，如 --date 2026-03-05。")
    return paper.print_leave_form(out, str(paper.leave_on(args.person, day).id))


def _assessment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2025")
    parser.add_argument(
        "--sheet", action="store_true", help="打印考核评分表（各村指标，空白得分栏），而不是结果汇总表"
    )


def _print_assessment(args: argparse.Namespace, out: Path) -> Path:
    if args.sheet:
        return paper.print_assessment_sheet(out, args.year)
    return paper.print_assessment(out, args.year)


register_import(
    "work-teams",
    ImportCommand(
        "驻村工作队及队员名单（.xlsx）",
        excel.plan_team_import,
        excel.apply_team_import,
        columns=excel.IMPORT_COLUMNS,
    ),
)
register_export("work-teams", ExportCommand("驻村工作队花名册", excel.export_teams))
register_export("team-attendance", ExportCommand("驻村工作队考勤（每人每月一行）", excel.export_attendance))
register_export("team-logs", ExportCommand("驻村工作日志", excel.export_logs))
register_print(
    "team-roster",
    PrintCommand("驻村工作队花名册", lambda parser: None, lambda args, out: paper.print_roster(out)),
)
register_print(
    "team-attendance", PrintCommand("驻村工作队考勤台账（一个月）", _attendance_arguments, _print_attendance)
)
register_print(
    "leave-form",
    PrintCommand("驻村工作队队员请假审批表（一次请假，或空白表）", _leave_arguments, _print_leave),
)
register_print(
    "team-assessment",
    PrintCommand(
        "驻村第一书记年度考核结果汇总表（--sheet：评分表）", _assessment_arguments, _print_assessment
    ),
)
