"""`encrypt`, `decrypt` and `recovery-key` on the command line, and opening an encrypted file (issue 23)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from township_desk.commands.registry import TopCommand, register_command
from township_desk.commands.users import EXIT_OK, _new_password, _password, _say, file_has_users
from township_desk.services.records import ValidationError

RECOVERY_VARIABLE = "TOWNSHIP_DESK_RECOVERY_KEY"
WARNING = (
    "警告：加密后，忘记密码就打不开数据库。唯一的补救是恢复密钥——请立即打印并妥善保管"
    "（保险柜，不要与电脑放在一起）。密码和恢复密钥都丢失，数据将永远无法找回。"
)


def unlock_from_command_line(args: argparse.Namespace, path: Path) -> None:
    """An encrypted file: unwrap its key with --user's password (or the file's password while it has no
    users), or with the recovery key in TOWNSHIP_DESK_RECOVERY_KEY. Wrong: a Chinese message, exit 2."""
    from township_desk import cipher
    from township_desk.services import encryption

    if not encryption.is_encrypted(path) or encryption.held_key(path) is not None:
        return
    if not cipher.available():
        raise ValidationError(None, "本机缺少 SQLCipher 组件（sqlcipher3），无法打开加密的数据库。")
    recovery = os.environ.get(RECOVERY_VARIABLE)
    if recovery:
        encryption.unlock_with_recovery(path, recovery)
        return
    user = (getattr(args, "user", None) or "").strip()
    if not user and encryption.wraps_of(path) != [""]:
        raise ValidationError(
            "user", "本数据库已加密并启用了用户登录：请用 --user 用户名 指定用户（密码在提示时输入）。"
        )
    encryption.unlock(path, user, _password())


def _recovery_pdf_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recovery-pdf", type=Path, metavar="文件.pdf", help="把恢复密钥存为 PDF 以便打印")


def _show_recovery(args: argparse.Namespace, path: Path, key: str) -> None:
    _say(f"恢复密钥（请抄下或打印，妥善保管）：{key}")
    if args.recovery_pdf:
        from township_desk.reports.recovery_key import render_recovery_key

        render_recovery_key(args.recovery_pdf, path.name, key)
        _say(f"已生成恢复密钥打印页：{args.recovery_pdf}")


def _sign_in_as_admin(args: argparse.Namespace, path: Path, action: str) -> tuple[str, str]:
    """(user, password) of the administrator doing it; ("", "") while the file has no users."""
    if not file_has_users(path):
        return "", ""
    from township_desk.commands.users import sign_in_from_command_line
    from township_desk.db import close_database, open_database
    from township_desk.services import users

    open_database(path, create=False)
    try:
        sign_in_from_command_line(args)
        users.require_admin(action)
    finally:
        close_database()
    return str(args.user).strip(), _password()


def _encrypt(args: argparse.Namespace) -> int:
    from township_desk.services import encryption

    path = Path(args.db)
    _say(WARNING)
    user, password = _sign_in_as_admin(args, path, "加密数据库")
    if not user:
        password = _new_password(True)
    done = encryption.encrypt_database(path, password, user, say=_say)
    _say(f"已加密“{path.name}”（{done.rows} 行，另转换备份 {done.backups} 份）。")
    _show_recovery(args, path, done.recovery_key)
    return EXIT_OK


def _decrypt(args: argparse.Namespace) -> int:
    from township_desk.services import encryption

    path = Path(args.db)
    _sign_in_as_admin(args, path, "解除数据库加密")
    done = encryption.decrypt_database(path, say=_say)
    _say(f"已解除“{path.name}”的加密（{done.rows} 行，另转换备份 {done.backups} 份）。")
    return EXIT_OK


def _recovery_key(args: argparse.Namespace) -> int:
    from township_desk.services import encryption

    path = Path(args.db)
    _sign_in_as_admin(args, path, "更换恢复密钥")
    key = encryption.new_recovery_key(path)
    _say("已更换恢复密钥，旧的恢复密钥不再有效。")
    _show_recovery(args, path, key)
    return EXIT_OK


register_command(
    "encrypt",
    TopCommand(
        "加密数据库（SQLCipher；先自动备份并校验，生成恢复密钥）", _recovery_pdf_argument, _encrypt, False
    ),
)
register_command(
    "decrypt", TopCommand("解除数据库加密（备份同时解密）", lambda parser: None, _decrypt, False)
)
register_command(
    "recovery-key",
    TopCommand("更换加密数据库的恢复密钥（旧的作废）", _recovery_pdf_argument, _recovery_key, False),
)
