"""Applicants' personal data at rest (个人信息保护法 art. 51): encryption with rotating keys, keyed lookup hashes.

* Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, authenticated) through `MultiFernet`: the
  first key encrypts, every key decrypts, so a new key is put first, `gongkai pii rotate-keys` re-encrypts
  every stored value with it, and only then is the old key removed (docs/privacy.md).
* Encrypted values cannot be compared in SQL (every encryption is different), so a lookup that needs one
  (the same applicant's earlier items in a month, 109号) compares an HMAC-SHA256 of the normalised value. Its
  key is `GONGKAI_LOOKUP_KEY`, or else derived (HKDF) from each data key: then a lookup matches the hash under
  any configured key, and rotate-keys recomputes the stored hashes with the newest one.

Pure Python (no Django): the web layer wraps it in a model field (web/common/crypto_fields.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable
from functools import cached_property

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gongkai.core.errors import GongkaiError

# A fixed key for development and tests only (GONGKAI_DEBUG=1 without GONGKAI_DATA_KEYS): not secret.
DEVELOPMENT_KEY = base64.urlsafe_b64encode(b"gongkai development key, public!").decode("ascii")
# Every Fernet token starts with the version byte 0x80, which is "gAAAAA" in url-safe base64.
TOKEN_PREFIX = "gAAAAA"
_LOOKUP_INFO = b"gongkai lookup hash v1"


class KeyConfigError(GongkaiError):
    """A data or lookup key that cannot be used; the detail names the setting and what is wrong."""

    code = "bad_key"
    default_message = "个人信息加密密钥的配置有误。"


class UndecryptableValue(GongkaiError):
    """A stored value none of the configured keys opens (a key removed too early, or a foreign database)."""

    code = "undecryptable"
    default_message = "申请人信息无法解密（加密密钥不全），请联系系统管理员。"


def new_key() -> str:
    """A fresh random Fernet key (44 url-safe base64 characters)."""
    return Fernet.generate_key().decode("ascii")


def _fernet(key: str, *, name: str, position: int) -> Fernet:
    try:
        return Fernet(key.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise KeyConfigError(
            f"{name}: key {position} is not a Fernet key (44 url-safe base64 characters; "
            "make one with `gongkai pii new-key`)") from None


class DataKeys:
    """The configured keys: `keys` newest first; `lookup_key` the separate lookup key, if any."""

    def __init__(self, keys: Iterable[str], lookup_key: str | None = None, *, name: str = "GONGKAI_DATA_KEYS"):
        self.keys = tuple(k.strip() for k in keys if k and k.strip())
        if not self.keys:
            raise KeyConfigError(f"{name}: no key given")
        self._fernets = [_fernet(k, name=name, position=i + 1) for i, k in enumerate(self.keys)]
        if lookup_key is not None and len(lookup_key.encode("utf-8")) < 32:
            raise KeyConfigError("GONGKAI_LOOKUP_KEY: must be at least 32 characters (e.g. `gongkai pii new-key`)")
        self._lookup_key = lookup_key

    @cached_property
    def _multi(self) -> MultiFernet:
        return MultiFernet(self._fernets)

    # --- encryption ---------------------------------------------------------------------------------------

    def encrypt(self, text: str) -> str:
        return self._multi.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._multi.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError):
            raise UndecryptableValue(
                "a stored personal-data value cannot be decrypted with any key in GONGKAI_DATA_KEYS "
                "(was a key removed before `gongkai pii rotate-keys` ran?)") from None

    def rotate(self, token: str) -> str:
        """The value re-encrypted with the newest key (any configured key may have encrypted it)."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError):
            raise UndecryptableValue("a stored value cannot be decrypted with any key in GONGKAI_DATA_KEYS") from None

    def encrypted_with_newest(self, token: str) -> bool:
        try:
            self._fernets[0].decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            return False
        return True

    # --- keyed hashes for lookups -------------------------------------------------------------------------

    @cached_property
    def _lookup_keys(self) -> tuple[bytes, ...]:
        if self._lookup_key is not None:
            return (self._lookup_key.encode("utf-8"),)
        return tuple(_derive_lookup_key(k) for k in self.keys)

    def lookup_hash(self, value: str) -> str:
        """HMAC-SHA256 (hex) of `value` under the newest lookup key; "" for an empty value."""
        return _hmac(self._lookup_keys[0], value) if value else ""

    def lookup_hashes(self, value: str) -> list[str]:
        """The hashes of `value` under every configured lookup key: a lookup matches any of them, so it keeps
        working between adding a key and `gongkai pii rotate-keys`."""
        return [_hmac(k, value) for k in self._lookup_keys] if value else []


def _derive_lookup_key(fernet_key: str) -> bytes:
    raw = base64.urlsafe_b64decode(fernet_key.encode("ascii"))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LOOKUP_INFO).derive(raw)


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def looks_encrypted(value: str) -> bool:
    """Whether a stored value has the form of a Fernet token (used by the migration that encrypts old rows)."""
    return value.startswith(TOKEN_PREFIX)
