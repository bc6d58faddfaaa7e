"""`users` and `audit` on the command line, and signing in (--user) once a file has users (issue 23)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from township_desk import cipher
from township_desk.commands.registry import TopCommand, register_command
from township_desk.services.records import ValidationError

PASSWORD_VARIABLE = "TOWNSHIP_DESK_PASSWORD"
NEW_PASSWORD_VARIABLE = "TOWNSHIP_DESK_NEW_PASSWORD"
ADMIN_COMMANDS = {
    "merge": "合并乡镇文件",
    "restore": "用备份恢复",
    "county-keys": "管理密钥",
    "rekey": "重新生成乡镇标识",
}
EXIT_OK = 0


def _say(text: str) -> None:
    print(text, flush=True)


_typed: list[str] = []  # the password typed once in this command (opening an encrypted file, then signing in)


def _password(prompt: str = "密码：") -> str:
    text = os.environ.get(PASSWORD_VARIABLE)
    if text is not None:
        return text
    if _typed:
        return _typed[0]
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError("password", f"请输入密码（或在环境变量 {PASSWORD_VARIABLE} 中提供）。")
    _typed.append(getpass.getpass(prompt))
    return _typed[0]


def forget_typed_password() -> None:
    _typed.clear()


def _new_password(first_user: bool) -> str:
    text = os.environ.get(NEW_PASSWORD_VARIABLE)
    if text is None and first_user:
        text = os.environ.get(PASSWORD_VARIABLE)
    if text is not None:
        return text
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError("password", f"请输入新密码（或在环境变量 {NEW_PASSWORD_VARIABLE} 中提供）。")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise ValidationError("password", "两次输入的密码不一致。")
    return first


def sign_in_from_command_line(args: argparse.Namespace) -> None:
    """The open file has users: sign in as --user with the password (prompt or environment), else refuse.

    Administrators' commands (merge, restore, keys) are refused to other roles."""
    from township_desk.services import users

    if not users.users_enabled():
        return
    name = (getattr(args, "user", None) or "").strip()
    if not name:
        raise ValidationError(
            "user",
            "本数据库已启用用户登录：请用 --user 用户名 指定用户"
            f"（密码在提示时输入，或放在环境变量 {PASSWORD_VARIABLE} 中）。",
        )
    users.authenticate(name, _password())
    action = ADMIN_COMMANDS.get(str(getattr(args, "command", "")))
    if action:
        users.require_admin(action)


def file_has_users(path: Path) -> bool:
    """Whether a database file (not opened by this program) has users, read without changing it."""
    if not Path(path).exists():
        return False
    try:
        connection = cipher.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'app_user'").fetchone()
            return bool(found and connection.execute("SELECT 1 FROM app_user LIMIT 1").fetchone())
        finally:
            connection.close()
    except cipher.ERROR:
        return False


def sign_in_to_file(args: argparse.Namespace, path: Path) -> None:
    """For commands that work on the file without opening it (backup, restore, merge): sign in on it first."""
    if not file_has_users(path):
        return
    from township_desk.db import close_database, open_database

    open_database(path, create=False)
    try:
        sign_in_from_command_line(args)
    finally:
        close_database()


# ---------------------------------------------------------------- users


def _users_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
    add = actions.add_parser("add", help="添加用户（第一个用户必须是管理员；此后每次使用都要登录）")
    add.add_argument("name", metavar="用户名")
    add.add_argument("--role", required=True, choices=["管理员", "录入员", "查看"])
    actions.add_parser("list", help="列出用户")
    passwd = actions.add_parser("passwd", help="修改密码")
    passwd.add_argument("name", metavar="用户名")
    lock = actions.add_parser("lock", help="停用用户")
    lock.add_argument("name", metavar="用户名")
    unlock = actions.add_parser("unlock", help="启用用户（也解除输错密码造成的锁定）")
    unlock.add_argument("name", metavar="用户名")
    mask = actions.add_parser("mask-ids", help="打印和导出名单时是否隐藏身份证号（如 430725********1234）")
    mask.add_argument("state", choices=["on", "off"])
    phones = actions.add_parser("mask-phones", help="名单、打印和导出中是否隐藏手机号（如 138****1234）")
    phones.add_argument("state", choices=["on", "off"])
    idle = actions.add_parser("idle-lock", help="窗口空闲多少分钟后锁定（0 表示不锁定）")
    idle.add_argument("minutes", type=int)


def _users(args: argparse.Namespace) -> int:
    from township_desk.services import users

    if args.action == "add":
        first = not users.users_enabled()
        users.add_user(args.name, args.role, _new_password(first))
        _say(
            f"已添加用户“{args.name}”（{args.role}）。" + ("此后每次使用本数据库都要登录。" if first else "")
        )
    elif args.action == "list":
        found = users.list_users()
        if not found:
            _say("还没有用户（未启用登录）。")
        for info in found:
            _say(f"{info.name}　{info.role}　{info.state()}")
    elif args.action == "passwd":
        users.set_password(args.name, _new_password(False))
        _say(f"已修改“{args.name}”的密码。")
    elif args.action == "lock":
        users.lock_user(args.name)
        _say(f"已停用用户“{args.name}”。")
    elif args.action == "unlock":
        users.unlock_user(args.name)
        _say(f"已启用用户“{args.name}”。")
    elif args.action == "mask-ids":
        users.set_masking(args.state == "on")
        _say("打印和导出名单时" + ("隐藏" if args.state == "on" else "不再隐藏") + "身份证号。")
    elif args.action == "mask-phones":
        users.set_phone_masking(args.state == "on")
        _say("名单、打印和导出中" + ("隐藏" if args.state == "on" else "不再隐藏") + "手机号。")
    else:
        users.set_idle_minutes(args.minutes)
        _say(f"窗口空闲 {args.minutes} 分钟后锁定。" if args.minutes else "窗口不再自动锁定。")
    return EXIT_OK


# ---------------------------------------------------------------- audit


def _audit_arguments(parser: argparse.ArgumentParser) -> None:
    from township_desk.headless import _reference_date

    parser.add_argument("--user", dest="by", metavar="用户名", help="只看这个用户的操作")
    parser.add_argument("--since", type=_reference_date, metavar="YYYY-MM-DD", help="从这一天起")
    parser.add_argument("--subject", metavar="对象", help="如 人员、干部任职、导出、登录，或记录编号")
    parser.add_argument("--out", type=Path, help="导出为 Excel 文件（.xlsx）")


def _audit(args: argparse.Namespace) -> int:
    from township_desk.services import audit, users

    if users.users_enabled():
        users.require_admin("查看操作日志")
    subject = (args.subject or "").strip()
    record_id = subject if len(subject) == 32 and subject.isalnum() else ""
    query = audit.Query(
        user=args.by or "", since=args.since, subject="" if record_id else subject, record_id=record_id
    )
    if args.out:
        count = audit.export(args.out, query)
        _say(f"已导出 {count} 条操作日志到 {args.out}")
        return EXIT_OK
    lines = list(audit.iter_lines(query))
    for line in lines:
        _say(line)
    _say(f"共 {len(lines)} 条。")
    return EXIT_OK


register_command("users", TopCommand("用户和角色：添加、列出、改密码、停用、启用", _users_arguments, _users))
register_command(
    "audit",
    TopCommand("操作日志：谁在何时做了什么（可按用户、日期、对象筛选，可导出）", _audit_arguments, _audit),
)
