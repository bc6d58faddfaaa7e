"""Users and roles (issue 23): off until the first user is created, then required at every start.

Roles: 管理员 (users, settings, restore, merge, keys), 录入员 (edit records), 查看 (read only, ID numbers masked).
Passwords are hashed with argon2id (argon2-cffi); five wrong passwords lock the account for LOCK_MINUTES.
Times here are local (the office clock), passed in as `now` by tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import peewee

from township_desk import cipher, session
from township_desk.db import database
from township_desk.models.accounts import AppUser
from township_desk.models.base import utc_now
from township_desk.services import audit
from township_desk.services.records import ValidationError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ROLES = session.ROLES
ADMIN, CLERK, VIEWER = session.ADMIN, session.CLERK, session.VIEWER
MAX_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 6
IDLE_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10


@functools.cache
def _hasher() -> PasswordHasher:
    """argon2id with the library's current parameters. Imported when a password is set or checked, not
    when the window only asks whether the file has users (argon2 takes 25 ms to import)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


class LoginError(ValidationError):
    """A refused sign-in; str() says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__("password", message)


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    locked_until: datetime | None
    failed_attempts: int
    disabled: bool

    def state(self, now: datetime | None = None) -> str:
        now = now or session.local_now()
        if self.disabled:
            return "已停用"
        if self.locked_until is not None and self.locked_until > now:
            return f"锁定至 {self.locked_until:%H:%M}"
        return "正常"


def users_enabled() -> bool:
    """Whether this file has users (then everyone signs in)."""
    return bool(AppUser.select().exists())


def list_users() -> list[UserInfo]:
    return [
        UserInfo(u.name, u.role, u.locked_until, u.failed_attempts, bool(u.disabled))
        for u in AppUser.select().order_by(AppUser.name)
    ]


def require_admin(action: str) -> None:
    """Refuse an administrator's action (users, restore, merge, keys) to anyone else once users exist."""
    if session.SESSION.role in ("", ADMIN):
        return
    raise ValidationError(
        None, f"只有管理员可以{action}；当前账号“{session.SESSION.user}”是{session.SESSION.role}。"
    )


def require_writer() -> None:
    """Refuse a 查看 user before a write that SQLite's triggers do not see (settings, files)."""
    if session.is_viewer():
        raise ValidationError(None, session.READ_ONLY_MESSAGE + "。")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", f"密码至少 {MIN_PASSWORD} 位。")


def _check_role(role: str) -> str:
    role = role.strip()
    if role not in ROLES:
        raise ValidationError("role", f"角色只能是{'、'.join(ROLES)}之一，不是“{role}”。")
    return role


def add_user(name: str, role: str, password: str) -> None:
    """Add a user. The first user must be a 管理员: from then on everyone signs in."""
    name = name.strip()
    if not name:
        raise ValidationError("name", "请填写用户名。")
    role = _check_role(role)
    _check_password(password)
    first = not users_enabled()
    if first and role != ADMIN:
        raise ValidationError("role", "第一个用户必须是管理员（之后每次启动都要登录）。")
    if not first:
        require_admin("添加用户")
    with database.atomic():
        if AppUser.select().where(AppUser.name == name).exists():
            raise ValidationError("name", f"用户“{name}”已存在。")
        AppUser.create(name=name, role=role, password_hash=_hasher().hash(password))
        audit.record("添加用户", summary=f"{name}（{role}）", subject="用户", record_id=name)
    _wrap_key(name, password)


def _get(name: str) -> AppUser:
    user = AppUser.get_or_none(AppUser.name == name.strip())
    if user is None:
        raise ValidationError("name", f"没有用户“{name}”。")
    return user


def set_password(name: str, password: str) -> None:
    """An administrator sets anyone's password; a user changes their own."""
    if name.strip() != session.SESSION.user:
        require_admin("修改别人的密码")
    _check_password(password)
    with database.atomic():
        user = _get(name)
        AppUser.update(
            password_hash=_hasher().hash(password), updated_at=utc_now(), failed_attempts=0, locked_until=None
        ).where(AppUser.id == user.id).execute()
        audit.record("修改密码", summary=user.name, subject="用户", record_id=user.name)
    _wrap_key(user.name, password)


def _wrap_key(name: str, password: str) -> None:
    """An encrypted file: this password opens it from now on (the same key wrapped anew, nothing re-encrypted;
    services/encryption.py)."""
    from township_desk.db import ACCESS
    from township_desk.services import encryption

    if ACCESS.path is not None:
        encryption.set_password(Path(ACCESS.path), name, password)


def _last_admin(user: AppUser) -> bool:
    return (
        user.role == ADMIN
        and not AppUser.select()
        .where((AppUser.role == ADMIN) & (AppUser.disabled == False) & (AppUser.id != user.id))  # noqa: E712
        .exists()
    )


def set_role(name: str, role: str) -> None:
    """An administrator changes a user's role (never the last administrator's)."""
    require_admin("修改用户角色")
    role = _check_role(role)
    with database.atomic():
        user = _get(name)
        if user.role == role:
            return
        if _last_admin(user):
            raise ValidationError("role", "不能更改唯一的管理员的角色。")
        AppUser.update(role=role, updated_at=utc_now()).where(AppUser.id == user.id).execute()
        audit.record(
            "修改角色", summary=f"{user.name}：{user.role} → {role}", subject="用户", record_id=user.name
        )
    if user.name == session.SESSION.user:
        session.sign_in(user.name, role)


def lock_user(name: str) -> None:
    require_admin("停用用户")
    with database.atomic():
        user = _get(name)
        if _last_admin(user):
            raise ValidationError("name", "不能停用唯一的管理员。")
        AppUser.update(disabled=True).where(AppUser.id == user.id).execute()
        audit.record("停用用户", summary=user.name, subject="用户", record_id=user.name)


def unlock_user(name: str) -> None:
    """Lift a stop or a lockout after wrong passwords."""
    require_admin("启用用户")
    with database.atomic():
        user = _get(name)
        AppUser.update(disabled=False, failed_attempts=0, locked_until=None).where(
            AppUser.id == user.id
        ).execute()
        audit.record("启用用户", summary=user.name, subject="用户", record_id=user.name)


def authenticate(name: str, password: str, now: datetime | None = None) -> UserInfo:
    """Check a user's password; on success the process works as that user (session.sign_in).

    Five wrong passwords in a row lock the account for LOCK_MINUTES; a locked or stopped account is refused
    whatever the password."""
    now = now or session.local_now()
    user = AppUser.get_or_none(AppUser.name == name.strip())
    if user is None:
        raise LoginError("用户名或密码不正确。")
    if user.disabled:
        raise LoginError(f"账号“{user.name}”已停用，请找管理员。")
    if user.locked_until is not None and user.locked_until > now:
        raise LoginError(
            f"密码连续输错 {MAX_ATTEMPTS} 次，账号“{user.name}”已锁定到 {user.locked_until:%H:%M}，"
            "请稍后再试或找管理员解锁。"
        )
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        failed = user.failed_attempts + 1
        locked = now + timedelta(minutes=LOCK_MINUTES) if failed >= MAX_ATTEMPTS else None
        _persist(
            AppUser.update(failed_attempts=0 if locked else failed, locked_until=locked).where(
                AppUser.id == user.id
            )
        )
        audit.record(
            "登录失败",
            summary=f"{user.name}" + ("（已锁定）" if locked else ""),
            subject="用户",
            record_id=user.name,
            user=user.name,
        )
        if locked:
            raise LoginError(f"密码连续输错 {MAX_ATTEMPTS} 次，账号已锁定 {LOCK_MINUTES} 分钟。") from None
        raise LoginError(f"用户名或密码不正确（还可再试 {MAX_ATTEMPTS - failed} 次）。") from None
    if user.failed_attempts or user.locked_until is not None:
        _persist(AppUser.update(failed_attempts=0, locked_until=None).where(AppUser.id == user.id))
    session.sign_in(user.name, user.role)
    audit.record("登录", summary=user.name, subject="用户", record_id=user.name)
    return UserInfo(user.name, user.role, None, 0, False)


def _persist(query: peewee.Query) -> None:
    """Write a sign-in's bookkeeping (wrong passwords, lockout) also from a window that only reads the file
    because another window writes it (through a short connection of its own); on a write-protected file
    nothing can be written and the count is not kept."""
    from township_desk.db import ACCESS, OPEN_ELSEWHERE

    if not ACCESS.readonly:
        with database.atomic():
            query.execute()
        return
    if ACCESS.readonly_reason != OPEN_ELSEWHERE or ACCESS.path is None:
        return
    sql, params = query.sql()
    try:
        connection = cipher.connect(str(ACCESS.path), timeout=5, isolation_level=None)
        try:
            connection.execute(sql, params)
        finally:
            connection.close()
    except cipher.ERROR:
        pass


def set_masking(on: bool) -> None:
    """The setting 打印和导出名单时隐藏身份证号 (administrators)."""
    from township_desk import masking
    from township_desk.services.settings import set_setting

    require_admin("修改隐藏身份证号的设置")
    set_setting(masking.SETTING_KEY, "1" if on else "0")
    audit.record("修改设置", f"打印和导出名单时隐藏身份证号：{'是' if on else '否'}", subject="设置")


def set_phone_masking(on: bool) -> None:
    """The setting 隐藏手机号: phones shown as 138****1234 in lists, on paper and in exports (administrators)."""
    from township_desk import masking
    from township_desk.services.settings import set_setting

    require_admin("修改隐藏手机号的设置")
    set_setting(masking.PHONE_SETTING_KEY, "1" if on else "0")
    audit.record("修改设置", f"名单、打印和导出中隐藏手机号：{'是' if on else '否'}", subject="设置")


def idle_minutes() -> int:
    """After how many idle minutes the window locks (setting idle_lock_minutes; 0: never)."""
    from township_desk.services.settings import get_setting

    try:
        return max(0, int(get_setting(IDLE_KEY) or DEFAULT_IDLE_MINUTES))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(minutes: int) -> None:
    from township_desk.services.settings import set_setting

    require_admin("修改自动锁定时间")
    set_setting(IDLE_KEY, str(max(0, int(minutes))))
    audit.record("修改设置", f"空闲 {minutes} 分钟后锁定窗口", subject="设置")
