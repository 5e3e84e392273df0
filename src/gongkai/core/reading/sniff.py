"""Deciding a file's format from its content; the name is never consulted.

Binary containers are recognised by their signatures. Formats we recognise but do not read (old Word, Excel,
images, archives, OFD) end in `UnsupportedFormat` with a message that names them, so the user knows what to
convert. Everything else is text, and whether that text is HTML or Markdown is decided after decoding.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from ..errors import CorruptDocument, EmptyDocument, UndecodableText, UnsupportedFormat
from .text import decode

Container = Literal["pdf", "docx", "text"]


@dataclass(frozen=True)
class FileKind:
    """What a file is by its content: a stable key, the Chinese name users see, and its media type."""

    key: str
    label: str
    mime: str = "application/octet-stream"


PDF = FileKind("pdf", "PDF 文档", "application/pdf")
DOCX = FileKind("docx", "Word 文档（.docx）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DOC = FileKind("doc", "旧版 Word 文档（.doc / .wps）", "application/msword")
PNG = FileKind("png", "PNG 图片", "image/png")
JPEG = FileKind("jpeg", "JPEG 图片", "image/jpeg")
TEXT = FileKind("text", "文本文件", "text/plain")

_PDF_WINDOW = 1024  # some generators (and some mail gateways) put junk before %PDF-

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (signature, offset, kind)
_SIGNATURES: tuple[tuple[bytes, int, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, PNG),
    (b"\xff\xd8\xff", 0, JPEG),
    (b"GIF87a", 0, FileKind("gif", "GIF 图片", "image/gif")),
    (b"GIF89a", 0, FileKind("gif", "GIF 图片", "image/gif")),
    (b"II*\x00", 0, FileKind("tiff", "TIFF 图片", "image/tiff")),
    (b"MM\x00*", 0, FileKind("tiff", "TIFF 图片", "image/tiff")),
    (b"Rar!\x1a\x07", 0, FileKind("rar", "RAR 压缩包")),
    (b"7z\xbc\xaf\x27\x1c", 0, FileKind("7z", "7z 压缩包")),
    (b"\x1f\x8b", 0, FileKind("gzip", "gzip 压缩文件")),
    (b"BZh", 0, FileKind("bzip2", "bzip2 压缩文件")),
    (b"\xfd7zXZ\x00", 0, FileKind("xz", "xz 压缩文件")),
    (b"{\\rtf", 0, FileKind("rtf", "RTF 文档")),
    (b"\x7fELF", 0, FileKind("elf", "可执行程序")),
    (b"MZ", 0, FileKind("exe", "Windows 可执行程序")),
    (b"ftypheic", 4, FileKind("heic", "HEIC 图片")),
    (b"ftyp", 4, FileKind("media", "视频或音频文件")),
    (b"ID3", 0, FileKind("mp3", "MP3 音频")),
    (b"%!PS", 0, FileKind("ps", "PostScript 文件")),
    (b"AT&TFORM", 0, FileKind("djvu", "DjVu 文档")),
    (b"SQLite format 3\x00", 0, FileKind("sqlite", "SQLite 数据库")),
)
_ADVICE = {DOC.key: "请在 Word 或 WPS 中另存为 DOCX 后上传。", "zip": "请解压后上传其中的报告文件。"}
_DEFAULT_ADVICE = "请另存为 DOCX、PDF 或文本文件后上传。"


def identify(data: bytes) -> FileKind:
    """The kind of a file from its first bytes (and, for ZIP and OLE containers, their directory).

    Raises CorruptDocument for a damaged ZIP container and UnsupportedFormat for an encrypted Office file
    (neither can be told apart further). Anything unrecognised is TEXT: whether it decodes is the reader's
    question.
    """
    if data.find(b"%PDF-", 0, _PDF_WINDOW + 5) >= 0:
        return PDF
    if data.startswith(_OLE):
        return _ole_kind(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(data)
    for signature, offset, kind in _SIGNATURES:
        if data.startswith(signature, offset):
            if signature == b"MZ" and not _looks_like_pe(data):
                continue
            return kind
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return FileKind("webp", "WebP 图片", "image/webp")
    if data.startswith(b"BM") and len(data) > 14 and int.from_bytes(data[2:6], "little") == len(data):
        return FileKind("bmp", "BMP 图片", "image/bmp")
    return TEXT


def unsupported(kind: FileKind, advice: str | None = None) -> UnsupportedFormat:
    advice = advice if advice is not None else _ADVICE.get(kind.key, _DEFAULT_ADVICE)
    return UnsupportedFormat(kind.label, message=f"不支持的文件类型：{kind.label}。{advice}")


# What a file's name promises: extension -> (kind key, the Chinese name of that kind).
_EXTENSION_KINDS: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", "PDF"),
    ".docx": ("docx", "Word 文档（.docx）"),
    ".doc": ("doc", "Word 文档（.doc）"),
    ".wps": ("doc", "WPS 文档"),
    ".jpg": ("jpeg", "JPEG 图片"),
    ".jpeg": ("jpeg", "JPEG 图片"),
    ".png": ("png", "PNG 图片"),
    ".xlsx": ("xlsx", "Excel 表格（.xlsx）"),
    ".xls": ("xls", "Excel 表格（.xls）"),
    ".zip": ("zip", "ZIP 压缩包"),
}


def describe(data: bytes) -> str:
    """What the content looks like, in Chinese, for a message: "HTML 网页", "PDF 文档", "空文件"…"""
    if not data:
        return "空文件"
    try:
        kind = identify(data)
    except (CorruptDocument, UnsupportedFormat):
        return "损坏或加密的压缩容器"
    if kind.key != "text":
        return kind.label
    try:
        text = decode(data[:8192])[0]
    except (EmptyDocument, UndecodableText):
        return "无法识别的二进制数据"
    return {"html": "HTML 网页", "md": "Markdown 文本", "txt": "纯文本"}[text_flavour(text)]


def extension_mismatch(name: str, data: bytes) -> str | None:
    """When the file's extension names a kind its content is not: "文件扩展名为 .pdf，但内容不是 PDF（看起来是
    HTML 网页）". None when the extension is unknown or agrees with the content. An empty file is its own
    problem (callers say so first)."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    expected = _EXTENSION_KINDS.get(suffix)
    if expected is None or not data:
        return None
    try:
        actual = identify(data).key
    except (CorruptDocument, UnsupportedFormat):
        actual = None
    if actual == expected[0]:
        return None
    return f"文件扩展名为 {suffix}，但内容不是 {expected[1]}（看起来是{describe(data)}）"


def sniff(data: bytes) -> Container:
    """'pdf', 'docx' or 'text' for a report; raises UnsupportedFormat / CorruptDocument for what we cannot read."""
    kind = identify(data)
    if kind.key in ("pdf", "docx", "text"):
        return kind.key  # type: ignore[return-value]
    raise unsupported(kind)


def _looks_like_pe(data: bytes) -> bool:
    offset = int.from_bytes(data[0x3C:0x40], "little") if len(data) >= 0x40 else -1
    return 0 < offset < len(data) - 4 and data[offset:offset + 4] == b"PE\x00\x00"


def _ole_kind(data: bytes) -> FileKind:
    # The directory holds stream names in UTF-16; the main stream tells which Office program wrote it.
    head = data[: 1 << 20]
    if "EncryptedPackage".encode("utf-16-le") in head:
        raise UnsupportedFormat(
            "encrypted office file", message="文件是加密的 Office 文档（设置了密码），无法读取。请上传未加密的版本。"
        )
    if "WordDocument".encode("utf-16-le") in head:
        return DOC
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return FileKind("xls", "旧版 Excel 表格（.xls）", "application/vnd.ms-excel")
    if "PowerPoint Document".encode("utf-16-le") in head:
        return FileKind("ppt", "旧版 PowerPoint 演示文稿（.ppt）", "application/vnd.ms-powerpoint")
    return FileKind("ole", "旧版 Office 文件（OLE 复合文档，如 .doc / .xls）")


_ZIP_KINDS: tuple[tuple[str, FileKind], ...] = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", FileKind("xlsx", "Excel 表格（.xlsx）",
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    ("ppt/presentation.xml", FileKind("pptx", "PowerPoint 演示文稿（.pptx）")),
    ("OFD.xml", FileKind("ofd", "OFD 版式文档")),
    ("META-INF/container.xml", FileKind("epub", "EPUB 电子书")),
)


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise CorruptDocument(f"damaged zip container: {e}") from e
    for marker, kind in _ZIP_KINDS:
        if marker in names:
            return kind
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return FileKind("odf", "OpenDocument 文档（.odt 等）")
    return FileKind("zip", "ZIP 压缩包")


# --- text flavours, decided on decoded text ------------------------------------------------------------

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
# <br> is left out: Markdown pipe tables use it for line breaks inside cells.
_HTML_TAG = re.compile(r"<(?:html|body|div|p|table|tr|td|span|meta|a\s+href|h[1-6])\b[^>]*>", re.I)
_MD_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
# A JSON (or JSONP) API response whose strings hold the article's HTML, tags written as they are, as \u003c
# escapes or as entities.
_JSON_START = re.compile(r"\A\s*(?:[\w$.]{1,80}\s*\(\s*)?[\[{]")
_EMBEDDED_TAG = re.compile(r"(?:<|\\u003c|&lt;)/?(?:p|div|table|tr|td|span|br)\b", re.I)


def text_flavour(text: str) -> Literal["html", "md", "txt"]:
    head = text[:8192]
    if _HTML_START.match(head):
        return "html"
    if _JSON_START.match(head) and len(_EMBEDDED_TAG.findall(text, 0, 200_000)) >= 3:
        return "html"
    # Markdown structure wins over a few inline tags: Markdown allows raw HTML (<br>, <span>) in its text.
    if _MD_TABLE_SEP.search(text) or len(_MD_HEADING.findall(text, 0, 200_000)) >= 2:
        return "md"
    if len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    return "txt"
