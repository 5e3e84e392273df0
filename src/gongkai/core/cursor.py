"""Opaque pagination cursors of the open data API: the sort key of the last row of a page.

    encode(kind, *key) -> str          e.g. encode("items", "2026-11-10", 42)
    decode(kind, text) -> tuple        InvalidCursor (Chinese message) when it is not one of ours

A cursor is URL-safe base64 of a small JSON array ["kind", key...]; clients must treat it as opaque. It
carries no secret (the key values are public), so it is not signed; a cursor of another list, or one that
does not decode, is refused rather than silently restarting the walk.
"""

from __future__ import annotations

import base64
import binascii
import json

from gongkai.core.errors import GongkaiError


class InvalidCursor(GongkaiError):
    code = "invalid_cursor"
    default_message = "分页游标（cursor）无效：请使用上一页响应中给出的 next 链接。"


def encode(kind: str, *key) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(kind: str, text: str, arity: int) -> tuple:
    try:
        padded = text + "=" * (-len(text) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise InvalidCursor(f"undecodable cursor {text[:40]!r}") from exc
    if not isinstance(data, list) or len(data) != arity + 1 or data[0] != kind:
        raise InvalidCursor(f"not a {kind} cursor")
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in data[1:]):
        raise InvalidCursor("cursor values must be strings or integers")
    return tuple(data[1:])
