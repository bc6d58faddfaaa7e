"""Command-line face of 培训: import a sign-in sheet, export courses and attendance, the shortfall, the paper."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from township_desk.commands.registry import (
    ExportCommand,
    ImportCommand,
    PrintCommand,
    TopCommand,
    register_command,
    register_export,
    register_import,
    register_print,
)
from township_desk.services import clock
from township_desk.services.excel_import import ImportPlan
from township_desk.services.progress import Progress
from township_desk.services.records import ValidationError
from township_desk.services.training import days, output, signin
from township_desk.services.training.terms import format_days


def _course_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--course", required=True, help="培训班名称")


def _year_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2026")


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--course", help="培训班名称（import training-attendance 必填）")


def _plan(args: argparse.Namespace, path: Path, progress: Progress) -> ImportPlan[signin.SigninRecord]:
    if not getattr(args, "course", None):
        raise ValidationError(
            "course", "请用 --course 指定培训班名称，如 --course 2026年村党组织书记专题培训班。"
        )
    plan_with, _apply = signin.plan_for_course_name(args.course)
    return plan_with(path, progress)  # type: ignore[no-any-return]


def _apply(args: argparse.Namespace, plan: ImportPlan[signin.SigninRecord], progress: Progress) -> int:
    _plan_with, apply = signin.plan_for_course_name(args.course)
    return apply(plan, progress)  # type: ignore[no-any-return]


def _training_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="training_command", metavar="操作", required=True)
    short = sub.add_parser("shortfall", help="列出某年度培训天数未达到要求的人员（按村）")
    _year_argument(short)


def _run_training(args: argparse.Namespace) -> int:
    rows = days.shortfall(args.year, clock.today())
    counted = len(days.rule_rows(args.year, clock.today()))
    village = None
    for row in rows:
        if row.village != village:
            village = row.village
            print(f"{village or '（未填村）'}：", flush=True)
        print(
            f"  {row.name}（{'、'.join(row.groups)}）已训 {format_days(row.days)} 天，"
            f"应训 {format_days(row.required)} 天，差 {format_days(row.missing)} 天",
            flush=True,
        )
    print(f"{args.year}年：需考核 {counted} 人，未达到应训天数 {len(rows)} 人。", flush=True)
    return 0


register_import(
    "training-attendance",
    ImportCommand(
        "培训签到表（.xlsx，须加 --course 培训班名称）",
        lambda path, progress: _unbound(),
        lambda plan, progress: _unbound(),
        add_arguments=_import_arguments,
        plan_with=_plan,
        apply_with=_apply,
        columns=signin.COLUMNS,
    ),
)
register_export("training", ExportCommand("培训班及参训记录", output.export_training))
register_print(
    "training-signin",
    PrintCommand(
        "培训签到表（已报名人员和空行，签名栏留空）",
        _course_argument,
        lambda args, out: output.print_signin(out, args.course),
    ),
)
register_print(
    "training-roster",
    PrintCommand("培训班学员名册", _course_argument, lambda args, out: output.print_roster(out, args.course)),
)
register_print(
    "training-summary",
    PrintCommand(
        "年度培训情况统计表（每人天数、各村小计）",
        _year_argument,
        lambda args, out: output.print_summary(out, args.year),
    ),
)
register_command("training", TopCommand("培训：未达标人员等", _training_arguments, _run_training))


def _unbound() -> NoReturn:
    raise ValidationError("course", "请用 --course 指定培训班名称。")
