"""Signed and sealed county files (optional, on by the county's choice).

The county issues each township a key file (`county-keys issue`): an Ed25519 signing key made for that
township (the county keeps only its public half, in `county_key`) and the county's X25519 public key. A
township that installed it (`county-keys install`) signs every export and seals it for the county:

* the database part is encrypted with AES-256-GCM in 1 MiB chunks (nonce = 8 random bytes + chunk number,
  the chunk number as associated data) under a key derived (HKDF-SHA256) from an ephemeral X25519 exchange
  with the county's key: a lost USB stick leaks no ID numbers;
* the manifest (with the SHA-256 of the plain database, the ephemeral public key and the key id) is signed;
  the signature is the manifest's last field.

The county verifies the signature against the key it issued to that township (not revoked), decrypts while
unpacking, and checks the SHA-256 as for any file. A township that has an active key must send signed files.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from township_desk.db import database
from township_desk.services.records import ValidationError

KEY_FORMAT = "township-desk-county-key"
COUNTY_SECRET = "county_sealing_key"  # setting of a county database: its X25519 private key (hex)
INSTALLED = "county_key"  # setting of a township database: the installed key file (JSON)
CHUNK = 1 << 20
TAG = 16
CIPHER = "AES-256-GCM"


class SealError(Exception):
    """A signed file that cannot be trusted; str() is the Chinese reason."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _raw(key: Any) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)  # type: ignore[no-any-return]


def _private_raw(key: Any) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,  # type: ignore[no-any-return]
        serialization.NoEncryption(),
    )


def canonical(manifest: dict[str, Any]) -> bytes:
    """The signed bytes of a manifest: every field but the signature, sorted, compact."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _derive(shared: bytes, key_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"township-desk county file " + key_id.encode("ascii"),
    ).derive(shared)


# ---------------------------------------------------------------- the county: issue, revoke, list


@dataclass(frozen=True)
class IssuedKey:
    key_id: str
    township: str
    issued_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return not self.revoked_at


def _setting(key: str) -> str:
    from township_desk.services.settings import get_setting

    return get_setting(key)


def _require_county() -> None:
    from township_desk.services.county_file import is_county_database

    if not is_county_database():
        raise ValidationError(None, "只有县级汇总数据库才能发放密钥；请用 --db 指定县级汇总数据库。")


def _county_secret() -> X25519PrivateKey:
    from township_desk.services.settings import set_setting

    stored = _setting(COUNTY_SECRET)
    if stored:
        return X25519PrivateKey.from_private_bytes(bytes.fromhex(stored))
    secret = X25519PrivateKey.generate()
    set_setting(COUNTY_SECRET, _private_raw(secret).hex())
    return secret


def issue_key(township: str, out: Path) -> IssuedKey:
    """Make a key file for a township on the open county database; earlier keys of that township are revoked."""
    from township_desk.services.users import require_admin

    require_admin("发放密钥")
    from township_desk.models.exchange import CountyKey

    township = township.strip()
    if not township:
        raise ValidationError("township", "请填写乡镇名称。")
    _require_county()
    signing = Ed25519PrivateKey.generate()
    key_id = secrets.token_hex(8)
    now = _now()
    with database.atomic():
        secret = _county_secret()
        CountyKey.update(revoked_at=now).where(
            (CountyKey.township == township) & CountyKey.revoked_at.is_null()
        ).execute()
        CountyKey.create(
            key_id=key_id, township=township, public_key=_raw(signing.public_key()).hex(), issued_at=now
        )
    body = {
        "format": KEY_FORMAT,
        "version": 1,
        "township": township,
        "key_id": key_id,
        "county": _setting("township"),
        "issued_at": now,
        "signing_key": _private_raw(signing).hex(),
        "county_public": _raw(secret.public_key()).hex(),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    part.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(part, out)
    return IssuedKey(key_id, township, now, None)


def revoke_keys(township: str) -> int:
    """Revoke the township's active keys (a lost key file); files signed with them are refused from now on."""
    from township_desk.services.users import require_admin

    require_admin("作废密钥")
    from township_desk.models.exchange import CountyKey

    _require_county()
    with database.atomic():
        return int(
            CountyKey.update(revoked_at=_now())
            .where((CountyKey.township == township.strip()) & CountyKey.revoked_at.is_null())
            .execute()
        )


def issued_keys() -> list[IssuedKey]:
    from township_desk.models.exchange import CountyKey

    query = CountyKey.select().order_by(CountyKey.township, CountyKey.issued_at)
    return [IssuedKey(str(k.key_id), str(k.township), str(k.issued_at), k.revoked_at) for k in query]


# ---------------------------------------------------------------- the township: install


def read_key_file(path: Path) -> dict[str, str]:
    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError("key", f"密钥文件不存在：{path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("key", "这不是县委组织部发放的密钥文件（无法读取）。") from exc
    wanted = ("township", "key_id", "signing_key", "county_public")
    if not isinstance(body, dict) or body.get("format") != KEY_FORMAT or any(not body.get(k) for k in wanted):
        raise ValidationError("key", "这不是县委组织部发放的密钥文件。")
    try:
        Ed25519PrivateKey.from_private_bytes(bytes.fromhex(body["signing_key"]))
        X25519PublicKey.from_public_bytes(bytes.fromhex(body["county_public"]))
    except ValueError as exc:
        raise ValidationError("key", "密钥文件已损坏。") from exc
    return {k: str(v) for k, v in body.items()}


def install_key(path: Path) -> dict[str, str]:
    """Install the county's key file in the open township database (its name must be the key's township)."""
    from township_desk.services.users import require_admin

    require_admin("安装密钥")
    from township_desk.services.county_file import is_county_database
    from township_desk.services.settings import set_setting, township_name

    body = read_key_file(path)
    if is_county_database():
        raise ValidationError("key", "这是县级汇总数据库；密钥文件要装在乡镇的数据库里。")
    if body["township"] != township_name():
        raise ValidationError("key", f"这个密钥是发给“{body['township']}”的，本库是“{township_name()}”。")
    set_setting(INSTALLED, json.dumps(body, ensure_ascii=False))
    return body


# ---------------------------------------------------------------- sealing (export) and opening (merge)


def seal(plain: Path, sealed: BinaryIO, manifest: dict[str, Any], key: dict[str, str]) -> dict[str, Any]:
    """Encrypt the database into `sealed` and return the manifest with its seal and signature."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(key["county_public"])))
    cipher = AESGCM(_derive(shared, key["key_id"]))
    prefix = secrets.token_bytes(8)
    written = 0
    with plain.open("rb") as source:
        for index, block in enumerate(iter(lambda: source.read(CHUNK), b"")):
            number = index.to_bytes(4, "big")
            data = cipher.encrypt(prefix + number, block, number)
            sealed.write(data)
            written += len(data)
    manifest = dict(
        manifest,
        format_version=3,
        sealed={
            "cipher": CIPHER,
            "chunk": CHUNK,
            "ephemeral": _raw(ephemeral.public_key()).hex(),
            "nonce": prefix.hex(),
            "size": written,
        },
        signed_by={"township": key["township"], "key_id": key["key_id"]},
    )
    signing = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(key["signing_key"]))
    manifest["signature"] = signing.sign(canonical(manifest)).hex()
    return manifest


@dataclass
class Keyring:
    """What a county knows to check signatures: its issued keys and its own sealing key."""

    keys: dict[str, tuple[str, str, bool]] = field(
        default_factory=dict
    )  # key_id → (township, public, active)
    secret: str = ""

    def keyed(self, township: str) -> bool:
        return any(t == township and active for t, _p, active in self.keys.values())

    def check(self, manifest: dict[str, Any]) -> None:
        """Refuse an unsigned file of a keyed township, and any signature that is not right."""
        township = str(manifest.get("township", "")).strip()
        signed = manifest.get("signed_by")
        if not signed:
            if self.keyed(township):
                raise SealError(
                    f"县里已给“{township}”发放密钥，只接收签名的文件；这个文件未签名"
                    "（请在乡镇安装密钥后重新导出）"
                )
            if manifest.get("sealed"):
                raise SealError("文件已加密却没有签名，无法确认来源")
            return
        key_id = str(signed.get("key_id", "")) if isinstance(signed, dict) else ""
        known = self.keys.get(key_id)
        if known is None:
            raise SealError("文件的签名密钥不是本县发放的（或已被删除），无法确认来源")
        owner, public, active = known
        if owner != township or str(signed.get("township", "")) != township:
            raise SealError(f"文件用发给“{owner}”的密钥签名，却自称来自“{township}”，不予接收")
        if not active:
            raise SealError(
                f"文件用“{owner}”已作废的密钥签名（密钥 {key_id}）；请为该乡镇重新发放密钥后重新导出"
            )
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(
                bytes.fromhex(str(manifest.get("signature", ""))), canonical(manifest)
            )
        except (InvalidSignature, ValueError) as exc:
            raise SealError("签名不符：文件在签名后被改动过") from exc
        if not manifest.get("sealed"):
            raise SealError("签名的文件应当加密，这个文件没有加密")
        if not self.secret:
            raise SealError("本县级汇总数据库没有解密用的密钥")

    def blocks(self, manifest: dict[str, Any], handle: BinaryIO, length: int) -> Iterator[bytes]:
        """The plain database bytes of a sealed file, a chunk at a time (its ciphertext is `length` bytes)."""
        seal_info = manifest["sealed"]
        try:
            secret = X25519PrivateKey.from_private_bytes(bytes.fromhex(self.secret))
            shared = secret.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(seal_info["ephemeral"])))
            cipher = AESGCM(_derive(shared, str(manifest["signed_by"]["key_id"])))
            prefix = bytes.fromhex(seal_info["nonce"])
            chunk = int(seal_info["chunk"]) + TAG
        except (KeyError, TypeError, ValueError) as exc:
            raise SealError("加密信息不完整") from exc
        index = 0
        remaining = length
        while remaining > 0:
            data = handle.read(min(chunk, remaining))
            if not data:
                raise SealError("文件比清单所写的短")
            remaining -= len(data)
            number = index.to_bytes(4, "big")
            try:
                yield cipher.decrypt(prefix + number, data, number)
            except InvalidTag as exc:
                raise SealError("解密失败：文件已损坏，或在签名后被改动过") from exc
            index += 1


def load_keyring(connection: Any) -> Keyring:
    """The keyring of a county database file (plain sqlite3 connection)."""
    ring = Keyring()
    present = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "county_key" in present:
        for key_id, township, public, revoked in connection.execute(
            "SELECT key_id, township, public_key, revoked_at FROM county_key"
        ):
            ring.keys[str(key_id)] = (str(township), str(public), not revoked)
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (COUNTY_SECRET,)).fetchone()
    ring.secret = str(row[0]) if row else ""
    return ring
