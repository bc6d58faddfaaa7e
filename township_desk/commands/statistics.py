"""Command line face of 统计: `stats [--as-of D] [--compare D] [--village NAME] [--out FILE.pdf|FILE.xlsx]`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from township_desk.commands.registry import TopCommand, register_command
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import ValidationError


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except DateParseError:
        raise ValidationError(label, f"{label}“{value}”不是日期，请写成 2021-07-01。") from None


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="统计日期（按任职起止时间计算，默认今天）")
    parser.add_argument("--compare", metavar="YYYY-MM-DD", help="对比日期，如换届后的 2021-07-01")
    parser.add_argument("--village", metavar="村(社区)", help="只统计这个村(社区)")
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="写入 .pdf（报告和图表）或 .xlsx（每表一页）"
    )
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="指标=目标值",
        help="修改并保存目标值，如 secretary_high_school=85（可重复）",
    )


def _run(args: argparse.Namespace) -> int:
    from township_desk.services import statistics
    from township_desk.services.statistics.output import report_text, write_report

    for item in args.target:
        key, _sep, value = item.partition("=")
        statistics.set_target_value(key.strip(), value)
    report = statistics.compute(_date(args.as_of, "统计日期"), _date(args.compare, "对比日期"), args.village)
    if args.out is None:
        print(report_text(report), end="", flush=True)
    else:
        out = write_report(report, args.out)
        print(f"已生成 {out}", flush=True)
    return 0


register_command("stats", TopCommand("村(社区)干部队伍结构统计和目标达标情况", _arguments, _run))
