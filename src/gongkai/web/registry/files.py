"""Attachments of registry items: checked by content (not by name), scrubbed of embedded metadata, stored
owner-only by content hash, and read to text for search with the project's own readers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings

from gongkai.core.errors import ReadError
from gongkai.core.reading import read_bytes
from gongkai.core.reading.sniff import describe, extension_mismatch, identify
from gongkai.core.registry.rules import InvalidItem
from gongkai.core.registry.scrub import AttachmentError, scrub
from gongkai.web.common.files import write_private

# What an item may carry: documents and images people open in a browser or Office/WPS.
ACCEPTED = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "jpeg": "image/jpeg",
            "png": "image/png"}
READABLE = {"pdf", "docx"}


@dataclass
class Stored:
    name: str
    content_type: str
    data: bytes
    path: str
    text: str = ""
    removed: list[str] = field(default_factory=list)


def check(name: str, data: bytes) -> str:
    """The file's kind key when the registry accepts it; InvalidItem with a Chinese message otherwise."""
    label = PurePosixPath(name or "附件").name
    limit = settings.GONGKAI_MAX_ATTACHMENT_MB * 1024 * 1024
    if not data:
        raise InvalidItem({"attachments": f"附件“{label}”：文件为空（0 字节）。"})
    if len(data) > limit:
        raise InvalidItem({"attachments": f"附件“{label}”：文件超过 {settings.GONGKAI_MAX_ATTACHMENT_MB} MB 上限。"})
    accepted = "只接受 PDF、Word（DOCX）、Excel（XLSX）、JPG 或 PNG 文件（按文件内容识别）。"
    try:
        kind = identify(data)
    except ReadError:
        kind = None
    mismatch = extension_mismatch(label, data)
    if kind is None or kind.key not in ACCEPTED:
        detail = mismatch or f"不支持的文件类型（看起来是{describe(data)}）"
        raise InvalidItem({"attachments": f"附件“{label}”：{detail}。{accepted}"})
    if mismatch:
        raise InvalidItem({"attachments": f"附件“{label}”：{mismatch}。请改正文件扩展名后重新上传。"})
    return kind.key


def store(*, name: str, data: bytes) -> Stored:
    """Check, then scrub (gongkai.core.registry.scrub: the stored and published bytes are the scrubbed ones,
    and their text is what search reads), then store by the scrubbed content's hash."""
    kind = check(name, data)
    label = PurePosixPath(name or "附件").name[:200]
    try:
        scrubbed = scrub(data, label)
    except AttachmentError as exc:
        raise InvalidItem({"attachments": f"附件“{label}”：{exc.message}"}) from None
    data, removed = scrubbed.data, list(scrubbed.removed)
    text = ""
    if kind in READABLE:
        try:
            text = read_bytes(data, label).simplified[:200_000]
        except ReadError:
            text = ""  # a scanned PDF still publishes; it is just not searchable by its content
    sha = hashlib.sha256(data).hexdigest()
    rel = Path("registry") / sha[:2] / sha
    path = Path(settings.MEDIA_ROOT) / rel
    if not path.exists():
        write_private(path, data)
    return Stored(name=label, content_type=ACCEPTED[kind], data=data, path=str(rel), text=text, removed=removed)
