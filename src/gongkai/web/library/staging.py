"""Reading a ZIP archive of reports safely: which members to take, which to refuse, and why (in Chinese).

Nothing here touches the database. `zip_members(data, max_files=..., max_bytes=...)` yields one
`Member` per file entry that is not skipped:

    >>> [m.name for m in zip_members(data, max_files=100, max_bytes=10 << 20)]
    ['2023/北京市财政局.pdf', '2023/../../etc/passwd']   # the second one carries an `error`, no bytes

Skipped silently: directories, macOS resource forks (`__MACOSX/`), hidden files (any path part starting
with "."), `Thumbs.db` and `desktop.ini`. Refused members (unsafe paths, links, encrypted) come back with
an `error` so the batch can show them as failed. The whole archive is refused (`BatchRejected`) when it
is not a ZIP, holds more than `max_files` members, or expands beyond `max_bytes` in total: sizes are counted
while decompressing, never taken from the archive's own headers, which a zip bomb can fake.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from gongkai.core.errors import GongkaiError

_SKIPPED_NAMES = {"thumbs.db", "desktop.ini"}
_CHUNK = 1 << 20


class BatchRejected(GongkaiError):
    """The batch (an archive, or files chosen at once) cannot be imported as a whole. `message` is Chinese."""

    code = "batch_rejected"
    default_message = "无法导入这批文件。"


@dataclass(frozen=True)
class Member:
    name: str  # the path inside the archive, "/"-separated
    data: bytes = b""
    error: str = ""  # Chinese reason when the member is refused (then `data` is empty)
    reason: str = ""  # machine-readable code of the refusal


def is_zip_name(name: str) -> bool:
    """Archives are told by their name: a DOCX is a ZIP too, so the bytes alone cannot decide."""
    return str(name).lower().endswith(".zip")


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it.

    Archives made on Chinese Windows store GBK names without the UTF-8 flag; zipfile then decodes them as
    CP437 (mojibake). Recover the raw bytes and try UTF-8, then GB18030.
    """
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _skipped(parts: tuple[str, ...]) -> bool:
    return (
        any(part == "__MACOSX" or (part.startswith(".") and part not in (".", "..")) for part in parts)
        or parts[-1].lower() in _SKIPPED_NAMES
    )


def _unsafe_path(name: str) -> bool:
    if name.startswith("/") or "\\" in name or "\x00" in name:
        return True
    first = name.split("/", 1)[0]
    if len(first) >= 2 and first[1] == ":":  # C:/...
        return True
    return ".." in name.split("/")


def zip_members(data: bytes, *, max_files: int, max_bytes: int) -> Iterator[Member]:
    """The archive's importable members in archive order (see the module docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise BatchRejected(f"not a readable zip: {exc}", message="不是有效的 ZIP 压缩包，或压缩包已损坏。") from exc

    candidates = []
    for info in infos:
        if info.is_dir():
            continue
        name = member_name(info)
        parts = tuple(p for p in name.replace("\\", "/").split("/") if p)
        if not parts or _skipped(parts):
            continue
        candidates.append((info, name))
    if len(candidates) > max_files:
        raise BatchRejected(
            f"{len(candidates)} members, limit {max_files}",
            message=f"压缩包中的文件过多：共 {len(candidates)} 个，一次最多 {max_files} 个。请分成几个压缩包导入。",
        )

    total = 0
    for info, name in candidates:
        if _unsafe_path(name):
            yield Member(name, error="文件路径不安全（含“..”、绝对路径或盘符），已拒绝。", reason="unsafe_path")
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            yield Member(name, error="压缩包中的符号链接不是文件，已跳过。", reason="symlink")
            continue
        if info.flag_bits & 0x1:
            yield Member(name, error="该文件在压缩包中已加密（设置了密码），无法读取。", reason="encrypted")
            continue
        chunks = []
        try:
            with archive.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise BatchRejected(
                            f"expands beyond {max_bytes} bytes",
                            message=(
                                f"压缩包解压后超过 {max_bytes // (1024 * 1024)} MB 上限，已整体拒绝"
                                "（可能是“压缩炸弹”）。请分成几个较小的压缩包导入。"
                            ),
                        )
                    chunks.append(chunk)
        except BatchRejected:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
            # CRC mismatch, truncated data, an unsupported compression method...
            yield Member(name, error="该文件在压缩包中已损坏或使用了不支持的压缩方式，无法解压。", reason="corrupt_member")
            continue
        yield Member(name, b"".join(chunks))


def display_name(name: str) -> str:
    """The last part of a member path: what report_import stores as the original file name."""
    return PurePosixPath(name.replace("\\", "/")).name or name
