"""`township-desk forms list|export NAME|check [NAME]|restore NAME`: the county's own printed forms
(no database); `township-desk print blank NAME --out F.pdf`: any fill-in form printed blank."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from township_desk.commands.registry import PrintCommand, TopCommand, register_command, register_print


def _say(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["list", "export", "check", "restore"],
        help="list 列出表样；export 复制自带表样到表样文件夹以便修改；check 检查；restore 恢复默认",
    )
    parser.add_argument("name", nargs="?", metavar="表样", help="表样文件名（不含 .toml），如 roster")


def _run(args: argparse.Namespace) -> int:
    from township_desk.paths import user_forms_dir
    from township_desk.reports import form_files
    from township_desk.reports.templates import TemplateError

    try:
        if args.action == "list":
            _say(f"表样文件夹：{user_forms_dir()}")
            for form in form_files.list_forms():
                _say(f"{form.name:26} {form.label}（{form.status}）")
            return 0
        if args.action == "check":
            names = (
                [form_files.known_form(args.name)] if args.name else [f.name for f in form_files.list_forms()]
            )
            problems = {name: form_files.check_form(name) for name in names}
            for problem in problems.values():
                if problem:
                    _err(problem)
            bad = sum(1 for p in problems.values() if p)
            _say(
                f"检查了 {len(names)} 个表样，{bad} 个有误。"
                if bad
                else f"检查了 {len(names)} 个表样，都没有问题。"
            )
            return 2 if bad else 0
        if not args.name:
            _err(f"请写出表样名称，如：township-desk forms {args.action} roster")
            return 2
        if args.action == "export":
            path = form_files.export_form(args.name)
            _say(f"表样文件：{path}（修改后打印时即使用它；改坏了会改用程序自带的表样并提示）")
            return 0
        removed = form_files.restore_default(args.name)
        _say(
            f"已恢复默认表样：{args.name}" if removed else f"{args.name} 没有自定义，本来就是程序自带的表样。"
        )
        return 0
    except TemplateError as exc:
        _err(str(exc))
        return 2
    except OSError as exc:
        _err(f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）")
        return 2


def _blank_arguments(parser: argparse.ArgumentParser) -> None:
    from township_desk.services.blank_forms import blank_forms

    parser.add_argument(
        "blank_form",
        metavar="表样",
        help="要打印空白表的表样：" + "、".join(f"{n}（{label}）" for n, label in blank_forms()),
    )


def _print_blank(args: argparse.Namespace, out: Path) -> Path:
    from township_desk.services.blank_forms import print_blank

    return print_blank(args.blank_form, out)


register_command(
    "forms",
    TopCommand(
        "表样管理：列出、导出、检查、恢复默认（不需要数据库）", _arguments, _run, opens_database=False
    ),
)
register_print("blank", PrintCommand("任一表样的空白表（手工填写）", _blank_arguments, _print_blank))
