"""Encryption at rest (issue 23): the database key, its wraps in "<file>.keys", and converting a file in place.

The database key is 32 random bytes; SQLCipher encrypts every page of the file with it (township_desk/cipher.py).
Nobody types it. The side file "<file>.keys" (JSON, beside the database) holds it wrapped (AES-256-GCM) by:

- each user's password: the key-encryption key is argon2id(password, salt of that wrap) — "user:<name>";
  while the file has no users, one password for the file — "user:" (empty name);
- the recovery key: 32 random bytes shown once as 13 groups of 4 letters/digits, printed and kept in a safe;
  its key-encryption key is HKDF-SHA256 of those bytes — "recovery".

A password change rewraps the same key (no page is re-encrypted). Losing every password and the recovery key
loses the data: nothing else can open the file. The wraps' additional data is "<wrap name>|<key id>", so a
wrap cannot be moved to another name or file. key_id (a hash of the key) tells which key a file needs.

Converting (encrypt / decrypt): the file must be closed everywhere; a verified backup is made first; the WAL
is folded in; sqlcipher_export copies every page into a hidden file beside it with the new key (or none),
which is checked (integrity_check, same row counts in every table, same schema version) and only then
renamed over the original; the backups in the backup folder are converted the same way, so nothing plain
(or, after decrypting, nothing needing a lost key) is left behind.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from township_desk import cipher
from township_desk.db import KnownDatabaseError
from township_desk.services.records import ValidationError

FORMAT = "township-desk-keys/1"
RECOVERY = "recovery"
# argon2id for password wraps: 64 MiB, 3 passes (about 0.2 s on an office PC; once per sign-in)
KDF = {"name": "argon2id", "time_cost": 3, "memory_cost": 65536, "parallelism": 2}
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read off paper without mistakes
WRONG_PASSWORD = "密码不正确，无法解开加密的数据库。"


class EncryptionError(KnownDatabaseError):
    """Encryption could not be done or undone; str() is the Chinese reason. The file is as it was."""


def user_wrap(name: str) -> str:
    return f"user:{name.strip()}"


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"township-desk key id|" + key).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


# ---------------------------------------------------------------- the keys file


@dataclass
class KeyFile:
    key_id: str
    kdf: dict[str, Any] = field(default_factory=lambda: dict(KDF))
    wraps: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {"format": FORMAT, "key_id": self.key_id, "kdf": self.kdf, "wraps": self.wraps}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        target = cipher.keys_path(path)
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise EncryptionError(
                f"找不到加密数据库的钥匙文件“{target.name}”（应与数据库放在一起）。"
            ) from exc
        except (OSError, ValueError) as exc:
            raise EncryptionError(f"钥匙文件“{target.name}”已损坏，请用恢复密钥或备份。") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise EncryptionError(f"“{target.name}”不是本软件的钥匙文件。")
        return cls(str(data["key_id"]), dict(data["kdf"]), dict(data["wraps"]))

    def save(self, path: Path) -> None:
        """Written whole beside the database (a hidden temporary file, then renamed)."""
        target = cipher.keys_path(path)
        part = target.with_name(f".{target.name}.part")
        try:
            with part.open("w", encoding="utf-8") as handle:
                handle.write(self.to_json())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)


def _password_kek(password: str, salt: bytes, kdf: dict[str, Any]) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _recovery_kek(recovery: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"township-desk recovery").derive(
        recovery
    )


def _seal(keys: KeyFile, name: str, kek: bytes, salt: bytes, key: bytes) -> None:
    nonce = secrets.token_bytes(12)
    data = AESGCM(kek).encrypt(nonce, key, f"{name}|{keys.key_id}".encode())
    keys.wraps[name] = {"salt": _b64(salt), "nonce": _b64(nonce), "data": _b64(data)}


def _open(keys: KeyFile, name: str, kek: bytes) -> bytes | None:
    wrap = keys.wraps[name]
    try:
        key = AESGCM(kek).decrypt(
            _unb64(wrap["nonce"]), _unb64(wrap["data"]), f"{name}|{keys.key_id}".encode()
        )
    except InvalidTag:
        return None
    return key if key_id(key) == keys.key_id else None


def wrap_password(keys: KeyFile, name: str, password: str, key: bytes) -> None:
    salt = secrets.token_bytes(16)
    _seal(keys, user_wrap(name), _password_kek(password, salt, keys.kdf), salt, key)


def wrap_recovery(keys: KeyFile, recovery: bytes, key: bytes) -> None:
    salt = secrets.token_bytes(16)
    _seal(keys, RECOVERY, _recovery_kek(recovery, salt), salt, key)


def format_recovery(recovery: bytes) -> str:
    """32 bytes → 13 groups of 4 characters from an unambiguous alphabet (5 bits each, 260 bits)."""
    number = int.from_bytes(recovery, "big")
    chars = []
    for _ in range(52):
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    text = "".join(reversed(chars))
    return "-".join(text[i : i + 4] for i in range(0, 52, 4))


def parse_recovery(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != 52 or any(ch not in _ALPHABET for ch in cleaned):
        raise ValidationError("recovery", "恢复密钥应为 13 组、每组 4 个字母或数字，请对照打印件重新输入。")
    number = 0
    for ch in cleaned:
        number = number * 32 + _ALPHABET.index(ch)
    if number >= 1 << 256:
        raise ValidationError("recovery", "恢复密钥不正确，请对照打印件重新输入。")
    return number.to_bytes(32, "big")


# ---------------------------------------------------------------- opening an encrypted file


def is_encrypted(path: Path) -> bool:
    return cipher.looks_encrypted(path)


def wraps_of(path: Path) -> list[str]:
    """The user names whose passwords open the file ("" for the file's own password)."""
    keys = KeyFile.load(path)
    return sorted(name.removeprefix("user:") for name in keys.wraps if name.startswith("user:"))


def unlock(path: Path, user: str, password: str) -> bytes:
    """Unwrap the database key with a user's password (or the file's password: user ""), remember it."""
    keys = KeyFile.load(path)
    name = user_wrap(user)
    if name not in keys.wraps:
        if user.strip():
            raise ValidationError(
                "password",
                f"用户“{user.strip()}”还不能打开加密的数据库：请管理员为其重设密码（或用恢复密钥打开）。",
            )
        raise ValidationError("user", "本数据库已加密并启用了用户登录：请指定用户名。")
    wrap = keys.wraps[name]
    key = _open(keys, name, _password_kek(password, _unb64(wrap["salt"]), keys.kdf))
    if key is None:
        raise ValidationError("password", WRONG_PASSWORD)
    cipher.remember(path, key)
    return key


def unlock_with_recovery(path: Path, text: str) -> bytes:
    keys = KeyFile.load(path)
    wrap = keys.wraps.get(RECOVERY)
    if wrap is None:
        raise ValidationError("recovery", "这个钥匙文件没有恢复密钥。")
    key = _open(keys, RECOVERY, _recovery_kek(parse_recovery(text), _unb64(wrap["salt"])))
    if key is None:
        raise ValidationError("recovery", "恢复密钥不正确，无法解开加密的数据库。")
    cipher.remember(path, key)
    return key


def held_key(path: Path) -> bytes | None:
    """The key of an encrypted file this process has opened (None for a plain file)."""
    if not is_encrypted(path):
        return None
    try:
        return cipher.key_for(path)
    except cipher.KeyNeededError:
        return None


def set_password(path: Path, user: str, password: str) -> None:
    """A user's password (new user, reset, change) opens the file from now on: the same key, wrapped anew.

    Nothing when the file is plain; refused when this process does not hold the key."""
    if not is_encrypted(path):
        return
    key = held_key(path)
    if key is None:
        raise EncryptionError("未解开加密数据库的钥匙，不能设置该用户的密码。")
    keys = KeyFile.load(path)
    wrap_password(keys, user, password, key)
    if user.strip():
        keys.wraps.pop(user_wrap(""), None)  # once users exist, the file's own password no longer opens it
    keys.save(path)


def remove_user(path: Path, user: str) -> None:
    """A stopped user's password no longer opens the file."""
    if not is_encrypted(path):
        return
    keys = KeyFile.load(path)
    if keys.wraps.pop(user_wrap(user), None) is not None:
        keys.save(path)


def new_recovery_key(path: Path) -> str:
    """Replace the recovery key (the old paper no longer opens the file); returns the new one to print."""
    key = held_key(path)
    if key is None:
        raise EncryptionError("数据库没有加密，或未解开钥匙。")
    recovery = secrets.token_bytes(32)
    keys = KeyFile.load(path)
    wrap_recovery(keys, recovery, key)
    keys.save(path)
    return format_recovery(recovery)


# ---------------------------------------------------------------- converting a file


Say = Callable[[str], None]


def _table_counts(connection: Any, schema: str = "main") -> dict[str, int]:
    names = [
        str(row[0])
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(connection.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def _remove_wal(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def convert_file(source: Path, target: Path, old_key: bytes | None, new_key: bytes | None) -> dict[str, int]:
    """Copy every table of source into a new target file with new_key (None: plain), then check the copy:
    integrity_check, the same row counts and schema version. Returns the row counts; target is removed on
    any failure."""
    if not cipher.available():
        raise EncryptionError("本机缺少 SQLCipher 组件（sqlcipher3），无法加密或解密。")
    target.unlink(missing_ok=True)
    new_sql = f"x'{new_key.hex()}'" if new_key is not None else ""
    try:
        connection = cipher.open_keyed(str(source), old_key) if old_key else _plain_via_sqlcipher(source)
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            counts = _table_counts(connection)
            connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), new_sql))
            connection.execute("SELECT sqlcipher_export('converted')")
            connection.execute(f"PRAGMA converted.user_version = {version:d}")
            connection.execute("DETACH DATABASE converted")
        finally:
            connection.close()
        check = cipher.open_keyed(str(target), new_key) if new_key else _plain_via_sqlcipher(target)
        try:
            problems = [str(r[0]) for r in check.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise EncryptionError(
                    "转换后的文件检查未通过（integrity_check），原文件未改动：" + "；".join(problems[:2])
                )
            if _table_counts(check) != counts:
                raise EncryptionError("转换后的文件行数与原文件不一致，原文件未改动。")
            if int(check.execute("PRAGMA user_version").fetchone()[0]) != version:
                raise EncryptionError("转换后的文件数据版本不一致，原文件未改动。")
        finally:
            check.close()
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        _remove_wal(target)
        raise
    return counts


def _plain_via_sqlcipher(path: Path) -> Any:
    assert cipher.sqlcipher3 is not None
    return cipher.sqlcipher3.connect(str(path))


def _swap(path: Path, old_key: bytes | None, new_key: bytes | None) -> dict[str, int]:
    part = path.with_name(f".{path.name}.converting")
    try:
        counts = convert_file(path, part, old_key, new_key)
        _remove_wal(path)  # checkpointed and truncated above; a WAL of the old file must not meet the new one
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
        _remove_wal(part)
    from township_desk.services.db_files import fsync_folder

    fsync_folder(path.parent)
    return counts


def _refuse_open(path: Path, action: str) -> None:
    from township_desk.db import ACCESS, close_database
    from township_desk.file_lock import refuse_if_open_elsewhere

    if ACCESS.path is not None and Path(ACCESS.path).resolve() == path.resolve():
        close_database()
    refuse_if_open_elsewhere(path, action)


def _backups(path: Path) -> list[Path]:
    from township_desk.services.backups import list_backups

    return [info.path for info in list_backups(path)]


@dataclass
class Converted:
    path: Path
    rows: int
    backups: int
    recovery_key: str = ""  # encrypting: print it and keep it in a safe


def encrypt_database(path: Path, password: str, user: str = "", *, say: Say = lambda text: None) -> Converted:
    """Encrypt a plain database in place (see the module's docstring); returns the recovery key to print.

    user: the signed-in administrator whose password wraps the key ("" while the file has no users).
    Refused while the file is open elsewhere, without a verified backup, or already encrypted."""
    from township_desk.services import backups
    from township_desk.services.users import MIN_PASSWORD

    path = Path(path)
    if not path.exists():
        raise EncryptionError(f"找不到数据库文件：{path}")
    if is_encrypted(path):
        raise EncryptionError(f"数据库“{path.name}”已经加密。")
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", f"密码至少 {MIN_PASSWORD} 位。")
    _refuse_open(path, "加密数据库")
    say("正在备份并校验…")
    try:
        backups.make_backup(path, "加密前", thin=False)
    except Exception as exc:  # noqa: BLE001 - no verified backup: nothing is converted
        raise EncryptionError(f"无法生成经过校验的备份，未加密：{exc}") from exc
    key, recovery = secrets.token_bytes(cipher.KEY_BYTES), secrets.token_bytes(32)
    keys = KeyFile(key_id(key))
    wrap_password(keys, user, password, key)
    wrap_recovery(keys, recovery, key)
    keys.save(path)  # first: an encrypted file never stands without its keys
    try:
        say("正在加密数据库…")
        counts = _swap(path, None, key)
    except BaseException:
        cipher.keys_path(path).unlink(missing_ok=True)
        raise
    cipher.remember(path, key)
    done = _convert_backups(path, None, key, keys, say)
    return Converted(path, sum(counts.values()), done, format_recovery(recovery))


def decrypt_database(path: Path, *, say: Say = lambda text: None) -> Converted:
    """Turn an encrypted database (whose key this process holds) back into plain SQLite, backups too."""
    from township_desk.services import backups

    path = Path(path)
    if not is_encrypted(path):
        raise EncryptionError(f"数据库“{path.name}”没有加密。")
    key = held_key(path)
    if key is None:
        raise EncryptionError("请先用密码或恢复密钥打开数据库。")
    _refuse_open(path, "解除数据库加密")
    say("正在备份并校验…")
    try:
        backups.make_backup(path, "解密前", thin=False)
    except Exception as exc:  # noqa: BLE001
        raise EncryptionError(f"无法生成经过校验的备份，未解密：{exc}") from exc
    say("正在解密数据库…")
    counts = _swap(path, key, None)
    cipher.keys_path(path).unlink(missing_ok=True)
    done = _convert_backups(path, key, None, None, say)
    cipher.forget(path)
    return Converted(path, sum(counts.values()), done)


def _convert_backups(
    path: Path, old_key: bytes | None, new_key: bytes | None, keys: KeyFile | None, say: Say
) -> int:
    """The backups that the old key (or no key) opens follow the file; each keeps a copy of the keys file."""
    done = 0
    for backup in _backups(path):
        try:
            plain = cipher.header(backup).startswith(cipher.SQLITE_MAGIC)
            if (old_key is None) != plain:
                continue  # a backup under another key (or plain while decrypting): left as it is
            say(f"正在转换备份 {backup.name}…")
            _swap(backup, old_key, new_key)
        except KnownDatabaseError:
            continue
        except cipher.DATABASE_ERROR:
            continue
        if keys is not None:
            cipher.keys_path(backup).write_text(keys.to_json(), encoding="utf-8")
            if new_key is not None:
                cipher.remember(backup, new_key)
        else:
            cipher.keys_path(backup).unlink(missing_ok=True)
        done += 1
    return done
