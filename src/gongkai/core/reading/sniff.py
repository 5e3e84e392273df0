"""Deciding a file's format from its content; the name is never consulted.

Binary containers are recognised by their signatures. Formats we recognise but do not read (old Word, Excel,
images, archives, OFD) end in `UnsupportedFormat` with a message that names them, so the user knows what to
convert. Everything else is text, and whether that text is HTML or Markdown is decided after decoding.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from ..errors import CorruptDocument, UnsupportedFormat

Container = Literal["pdf", "docx", "text"]

_PDF_WINDOW = 1024  # some generators (and some mail gateways) put junk before %PDF-

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (signature, offset, Chinese name of the format)
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG 图片"),
    (b"\xff\xd8\xff", 0, "JPEG 图片"),
    (b"GIF87a", 0, "GIF 图片"),
    (b"GIF89a", 0, "GIF 图片"),
    (b"II*\x00", 0, "TIFF 图片"),
    (b"MM\x00*", 0, "TIFF 图片"),
    (b"Rar!\x1a\x07", 0, "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z 压缩包"),
    (b"\x1f\x8b", 0, "gzip 压缩文件"),
    (b"BZh", 0, "bzip2 压缩文件"),
    (b"\xfd7zXZ\x00", 0, "xz 压缩文件"),
    (b"{\\rtf", 0, "RTF 文档"),
    (b"\x7fELF", 0, "可执行程序"),
    (b"MZ", 0, "Windows 可执行程序"),
    (b"ftypheic", 4, "HEIC 图片"),
    (b"ftyp", 4, "视频或音频文件"),
    (b"ID3", 0, "MP3 音频"),
    (b"%!PS", 0, "PostScript 文件"),
    (b"AT&TFORM", 0, "DjVu 文档"),
    (b"SQLite format 3\x00", 0, "SQLite 数据库"),
)


def _unsupported(kind: str, advice: str = "请另存为 DOCX、PDF 或文本文件后上传。") -> UnsupportedFormat:
    return UnsupportedFormat(kind, message=f"不支持的文件格式：{kind}。{advice}")


def sniff(data: bytes) -> Container:
    """'pdf', 'docx' or 'text'; raises UnsupportedFormat / CorruptDocument for what we cannot read."""
    if data.find(b"%PDF-", 0, _PDF_WINDOW + 5) >= 0:
        return "pdf"
    if data.startswith(_OLE):
        raise _ole_format(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_format(data)
    for signature, offset, kind in _SIGNATURES:
        if data.startswith(signature, offset):
            if signature == b"MZ" and not _looks_like_pe(data):
                continue
            raise _unsupported(kind)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise _unsupported("WebP 图片")
    if data.startswith(b"BM") and len(data) > 14 and int.from_bytes(data[2:6], "little") == len(data):
        raise _unsupported("BMP 图片")
    return "text"


def _looks_like_pe(data: bytes) -> bool:
    offset = int.from_bytes(data[0x3C:0x40], "little") if len(data) >= 0x40 else -1
    return 0 < offset < len(data) - 4 and data[offset:offset + 4] == b"PE\x00\x00"


def _ole_format(data: bytes) -> UnsupportedFormat:
    # The directory holds stream names in UTF-16; the main stream tells which Office program wrote it.
    head = data[: 1 << 20]
    if "WordDocument".encode("utf-16-le") in head:
        return _unsupported("旧版 Word 文档（.doc / .wps）", "请在 Word 或 WPS 中另存为 DOCX 后上传。")
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return _unsupported("旧版 Excel 表格（.xls）")
    if "PowerPoint Document".encode("utf-16-le") in head:
        return _unsupported("旧版 PowerPoint 演示文稿（.ppt）")
    if "EncryptedPackage".encode("utf-16-le") in head:
        return UnsupportedFormat(
            "encrypted office file", message="文件是加密的 Office 文档（设置了密码），无法读取。请上传未加密的版本。"
        )
    return _unsupported("旧版 Office 文件（OLE 复合文档，如 .doc / .xls）")


_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "Excel 表格（.xlsx）"),
    ("ppt/presentation.xml", "PowerPoint 演示文稿（.pptx）"),
    ("OFD.xml", "OFD 版式文档"),
    ("META-INF/container.xml", "EPUB 电子书"),
)


def _zip_format(data: bytes) -> Container:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise CorruptDocument(f"damaged zip container: {e}") from e
    if "word/document.xml" in names:
        return "docx"
    for marker, kind in _ZIP_KINDS:
        if marker in names:
            raise _unsupported(kind)
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise _unsupported("OpenDocument 文档（.odt 等）")
    raise _unsupported("ZIP 压缩包", "请解压后上传其中的报告文件。")


# --- text flavours, decided on decoded text ------------------------------------------------------------

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
# <br> is left out: Markdown pipe tables use it for line breaks inside cells.
_HTML_TAG = re.compile(r"<(?:html|body|div|p|table|tr|td|span|meta|a\s+href|h[1-6])\b[^>]*>", re.I)
_MD_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)


def text_flavour(text: str) -> Literal["html", "md", "txt"]:
    head = text[:8192]
    if _HTML_START.match(head):
        return "html"
    # Markdown structure wins over a few inline tags: Markdown allows raw HTML (<br>, <span>) in its text.
    if _MD_TABLE_SEP.search(text) or len(_MD_HEADING.findall(text, 0, 200_000)) >= 2:
        return "md"
    if len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    return "txt"
