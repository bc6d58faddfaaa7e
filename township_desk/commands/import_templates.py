"""`township-desk import-template SUBJECT --out FILE.xlsx`: the blank workbook an import reads (no database)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from township_desk.commands.registry import IMPORTS, TopCommand, register_command
from township_desk.services.import_templates import write_template
from township_desk.services.records import ValidationError


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("subject", metavar="导入类别", help="、".join(sorted(IMPORTS)) or "导入类别")
    parser.add_argument("--out", type=Path, required=True, help="保存的空白模板（.xlsx）")


def _run(args: argparse.Namespace) -> int:
    command = IMPORTS.get(args.subject)
    if command is None:
        print(
            f"没有“{args.subject}”这类导入。可选：{'、'.join(sorted(IMPORTS))}", file=sys.stderr, flush=True
        )
        return 2
    try:
        out = write_template(command.columns, args.out, command.help.split("（")[0])
    except ValidationError as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return 2
    print(f"已生成空白模板 {out}（{len(command.columns)} 列，表头批注中有填写要求）", flush=True)
    return 0


register_command(
    "import-template",
    TopCommand("生成某类导入的空白 Excel 模板（不需要数据库）", _arguments, _run, opens_database=False),
)
