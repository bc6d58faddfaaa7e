"""The subcommands of the command line: headless work (demo, import, export, print, check, exchange) on the
same services as the window. township_desk.cli decides between these and the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from township_desk import APP_NAME, __version__
from township_desk.commands import registry
from township_desk.db import KnownDatabaseError, close_database, open_database, translate_error
from township_desk.paths import default_database_path
from township_desk.services.excel_import import ImportFileError, ImportPlan
from township_desk.services.progress import Progress
from township_desk.services.records import ValidationError

EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


def _reference_date(text: str) -> date:
    from township_desk.services.clock import parse_reference_date

    try:
        return parse_reference_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    registry.load_all()
    parser = argparse.ArgumentParser(prog="township-desk", description=f"{APP_NAME}（不带子命令时打开窗口）")
    parser.add_argument("--db", type=Path, help="数据库文件（默认：用户数据文件夹中的 township.db）")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--user",
        metavar="用户名",
        help="启用用户登录后必填：以哪个用户的身份操作（密码在提示时输入，"
        "或放在环境变量 TOWNSHIP_DESK_PASSWORD 中）",
    )
    sub = parser.add_subparsers(dest="command", metavar="子命令")

    demo = sub.add_parser("demo", help="向空数据库填入演示数据")
    demo.add_argument("--size", choices=["small", "county"], default="small")
    demo.add_argument("--township", help="乡镇名称")
    demo.add_argument("--seed", type=int, default=2021)
    demo.add_argument(
        "--today", type=_reference_date, metavar="YYYY-MM-DD", help="演示数据以哪一天为“今天”（默认：今天）"
    )

    imp = sub.add_parser("import", help="从 Excel（.xlsx .xls .et .ods）或 CSV 导入")
    imp.add_argument("kind", choices=sorted(registry.IMPORTS))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.add_argument(
        "--sheet", metavar="工作表", help="要导入的工作表名称（文件中有多个含表头的工作表时必须指定）"
    )
    imp.add_argument(
        "--map",
        type=Path,
        metavar="FILE.toml",
        help='列对应文件：每行 "表头文字" = "字段"（不导入的列写 "忽略"）；导入后记住，下次同样的表头自动使用',
    )
    for command in registry.IMPORTS.values():
        if command.add_arguments is not None:
            command.add_arguments(imp)

    exp = sub.add_parser("export", help="导出为 Excel")
    exp.add_argument("kind", choices=sorted(registry.EXPORTS))
    exp.add_argument("file", type=Path)

    prt = sub.add_parser("print", help="打印为 PDF")
    forms = prt.add_subparsers(dest="form", metavar="表格", required=True)
    for name, command in sorted(registry.PRINTS.items()):
        form = forms.add_parser(name, help=command.help)
        command.add_arguments(form)
        form.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")

    sub.add_parser("check", help="检查数据库的完整性和数据版本（不修改文件）")
    salvage = sub.add_parser("salvage", help="从损坏的数据库中抢救可读的数据，写入一个新文件（原文件不改动）")
    salvage.add_argument("--out", type=Path, required=True, help="新的数据库文件（必须还不存在）")
    for name, command in sorted(registry.COMMANDS.items()):
        top = sub.add_parser(name, help=command.help)
        command.add_arguments(top)
    return parser


def _say(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_import(args: argparse.Namespace) -> int:
    from township_desk.services import column_mapping

    command = registry.IMPORTS[args.kind]
    sheet = {"sheet": args.sheet} if args.sheet else {}
    try:
        explicit = column_mapping.load_toml(args.map) if getattr(args, "map", None) else None
        with column_mapping.mapping_context(explicit, column_mapping.remembered_for(args.kind)):
            if command.plan_with is not None:
                plan = command.plan_with(args, args.file, lambda done, total: None)
            else:
                plan = command.plan(args.file, lambda done, total: None, **sheet)
    except ImportFileError as exc:
        _err(f"无法导入：{exc}")
        headers = [h for h in getattr(exc, "headers", []) if h]
        if headers and command.columns:
            _err(
                f"表中的列：{'、'.join(headers)}。可用 --map 列对应文件.toml 指明每列对应的字段"
                f"（{'、'.join(f'{c.key}={c.label}' for c in command.columns)}），不导入的列写“忽略”。"
            )
        return EXIT_UNREADABLE
    _say(
        f"工作表“{plan.sheet}”，{plan.header_text()}；可导入 {len(plan.accepted)} 行，拒绝 {len(plan.refused)} 行。"
    )
    if plan.mapped:
        shown = "、".join(f"{text}→{_field_label(command.columns, key)}" for text, key in plan.mapped.items())
        _say(f"按列对应关系读取：{shown}。")
    if plan.ignored:
        _say(plan.ignored_text() + "。")
    for refusal in plan.refused:
        _say("  拒绝 " + refusal.line())
    for warning in plan.warnings:
        _say("  提示 " + warning.line())
    if args.dry_run:
        _say("（试运行，未写入任何数据）")
    else:
        from township_desk.services import audit
        from township_desk.services.import_guard import apply_import

        def apply(plan_: ImportPlan, progress: Progress) -> int:
            if command.apply_with is not None:
                return command.apply_with(args, plan_, progress)
            return command.apply(plan_, progress)

        # backs up the data as it was first; one line in the operation log, not one per row
        added = apply_import(
            lambda plan_, progress: audit.logged_import(apply, plan_, progress, command.help), plan
        )
        _say(f"已导入 {added} 人。")
        if explicit is not None and plan.mapped and plan.headers:
            column_mapping.remember(args.kind, plan.headers, explicit)
            _say("已记住这份列对应关系，下次导入同样表头的文件时自动使用。")
    return EXIT_REFUSED if plan.refused else EXIT_OK


def _field_label(columns: Sequence[Any], key: str) -> str:
    return next((c.label for c in columns if c.key == key), "忽略") if key else "忽略"


def run_check(path: Path) -> int:
    from township_desk.services.check import check_database

    if not path.exists():
        _err(f"找不到数据库文件：{path}")
        return EXIT_UNREADABLE
    report = check_database(path)
    for line in report.lines:
        _say(line)
    _say("检查通过。" if report.ok else "检查未通过。")
    return EXIT_OK if report.ok else EXIT_REFUSED


READ_ONLY_COMMANDS = {"export", "print"}  # and check, backup --list, which read the file without opening it


def run_salvage(db_path: Path, out: Path) -> int:
    from township_desk.services.salvage import salvage

    if not db_path.exists():
        _err(f"找不到数据库文件：{db_path}")
        return EXIT_UNREADABLE
    report = salvage(db_path, out)
    for line in report.lines():
        _say(line)
    return EXIT_OK if report.complete else EXIT_REFUSED


def run_headless(args: argparse.Namespace, db_path: Path) -> int:
    from township_desk.commands.encryption import unlock_from_command_line
    from township_desk.services.demo import DemoRefused, build_demo

    args.db = db_path
    unlock_from_command_line(args, db_path)  # an encrypted file: the password (or recovery key) first
    if getattr(args, "into", None):
        unlock_from_command_line(args, Path(args.into))
    if args.command == "check":
        return run_check(db_path)
    top = registry.COMMANDS.get(args.command)
    if top is not None and not top.opens_database:
        from township_desk.commands.users import sign_in_to_file

        sign_in_to_file(args, Path(getattr(args, "into", None) or db_path))  # the file has users: --user
        return top.run(args)
    if args.command == "salvage":
        return run_salvage(db_path, args.out)
    if args.command in READ_ONLY_COMMANDS:  # never creates a file; a write-protected file is read as it is
        from township_desk.db import writable

        if not db_path.exists():
            raise KnownDatabaseError(f"找不到数据库文件：{db_path}")
        open_database(db_path, create=False, readonly=not writable(db_path))
    else:
        open_database(db_path)
    from township_desk.services.leftovers import sweep_at_start

    sweep_at_start(db_path)  # temporary copies a killed run left behind
    try:
        from township_desk.commands.users import sign_in_from_command_line

        sign_in_from_command_line(args)  # once the file has users: --user and the password, or exit 2
        if top is not None:
            return top.run(args)
        if args.command == "demo":
            from township_desk import session
            from township_desk.services import audit

            try:
                with session.quiet():  # thousands of rows: one line in the operation log, not one per row
                    build_demo(args.size, args.township, args.seed, today=args.today)
            except DemoRefused as exc:
                _err(str(exc))
                return EXIT_REFUSED
            audit.record("演示数据", f"生成演示数据（{args.size}）", subject="演示数据")
            _say(f"已生成演示数据：{db_path}")
        elif args.command == "import":
            return run_import(args)
        elif args.command == "export":
            count = registry.EXPORTS[args.kind].run(args.file, lambda done, total: None)
            _say(f"已导出 {count} 行到 {args.file}")
        elif args.command == "print":
            out = registry.PRINTS[args.form].run(args, args.out)
            from township_desk.services import audit

            audit.record("打印", f"{registry.PRINTS[args.form].help} → {Path(out).name}", subject=args.form)
            _say(f"已生成 {out}")
            from township_desk.reports.renderer import take_warnings

            for message in take_warnings(out):
                _err(f"注意：{message}")
        return EXIT_OK
    finally:
        close_database()


def run_command(argv: Sequence[str]) -> int:
    """Parse a command line that names a subcommand (or asks for help or the version) and run it."""
    args = build_parser().parse_args(argv)
    db_path = args.db or default_database_path()
    if args.command is None:  # e.g. only --db given after all: the window
        from township_desk.ui.app import run_app

        return run_app(db_path)
    from township_desk import session

    try:
        return run_headless(args, db_path)
    except (KnownDatabaseError, ValidationError) as exc:
        _err(str(exc))
        return EXIT_UNREADABLE
    except OSError as exc:
        _err(f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）")
        return EXIT_UNREADABLE
    except Exception as exc:
        from township_desk.reports.templates import TemplateError  # only on failure: reportlab loads slowly

        if isinstance(exc, TemplateError):  # a county's template with a mistake: the Chinese message, exit 2
            _err(str(exc))
            return EXIT_UNREADABLE
        known = translate_error(exc)
        if known is None:
            raise
        _err(str(known))
        return EXIT_UNREADABLE
    finally:
        from township_desk.commands.users import forget_typed_password

        session.sign_out()  # the next command (in the same process: tests) signs in again
        forget_typed_password()
        from township_desk import cipher

        cipher.forget()  # the next command (tests) unlocks an encrypted file again
