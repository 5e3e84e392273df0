"""The hostile corpus: small files that must each end in one specific typed error.

    python tests/documents/hostile/generate.py      # (re)writes the files beside this script

Tests call `build()` directly, so the corpus can never drift from what this script makes. `EXPECTED` maps
each file name to the `ReadError` subclass name it must raise; `SIZE_LIMIT_CASES` are read with a small
`max_bytes` rather than by writing a 200 MB file.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _pdf(encrypt: str | None = None, text: bool = True, shapes: bool = False) -> bytes:
    sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for tests.minipdf when run as a script
    from tests.minipdf import Canvas

    c = Canvas()
    for page in range(2):
        if text:
            c.text(72, 760, f"某县2021年政府信息公开工作年度报告 第{page + 1}页", size=12)
        if shapes:
            # What a scan looks like to a text extractor: marks on the page, no characters.
            c.image(16, 16, _rgb(16, 16), 72, 300, 400, 400)
        c.show_page()
    return c.save(user_password=encrypt)


def _rgb(width: int, height: int) -> bytes:
    return b"".join(bytes((x * 16) % 256 for x in range(width * 3)) for _ in range(height))


def png(width: int = 16, height: int = 16) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    raw = b"".join(b"\x00" + _rgb(width, 1) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 5, 1, 0, 0, 0)), content)  # reproducible bytes
    return buf.getvalue()


def _ole(stream_name: str) -> bytes:
    # The compound-file signature and a directory entry naming the main stream, as Word writes it.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\xff")
    entry = stream_name.encode("utf-16-le").ljust(64, b"\x00") + struct.pack("<H", 2 * len(stream_name) + 2)
    return header + entry.ljust(128, b"\x00") + b"\x00" * 384


def build() -> dict[str, bytes]:
    rng = random.Random(20240501)
    valid_pdf = _pdf()
    return {
        "empty.txt": b"",
        "whitespace.txt": b" \t\r\n  \n\n   ",
        "utf16-whitespace.txt": "\ufeff   \n\u3000 ".encode("utf-16-le"),
        "random.bin": bytes(rng.randrange(256) for _ in range(4096)),
        "image.png": png(),
        "encrypted.pdf": _pdf(encrypt="secret"),
        "truncated.pdf": valid_pdf[: len(valid_pdf) // 2],
        "header-only.pdf": b"%PDF-1.7\n",
        "image-only.pdf": _pdf(text=False, shapes=True),
        "old-word.doc": _ole("WordDocument"),
        "old-excel.xls": _ole("Workbook"),
        "not-a-docx.zip": _zip({"readme.txt": "压缩包里的说明".encode()}),
        "spreadsheet.xlsx": _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "broken.docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not xml"}),
        "damaged-zip.docx": _zip({"word/document.xml": b"<w:document/>" * 50})[:60],
        "nul-text.txt": b"\x00\x01\x02\x03" * 300 + "年度报告".encode() * 5,
        "oversize.txt": "政府信息公开工作年度报告\n".encode() * 200,
    }


EXPECTED = {
    "empty.txt": "EmptyDocument",
    "whitespace.txt": "EmptyDocument",
    "utf16-whitespace.txt": "EmptyDocument",
    "random.bin": "UndecodableText",
    "image.png": "UnsupportedFormat",
    "encrypted.pdf": "EncryptedDocument",
    "truncated.pdf": "CorruptDocument",
    "header-only.pdf": "CorruptDocument",
    "image-only.pdf": "UnreadablePage",  # OCR is tried on the image and finds no text
    "old-word.doc": "UnsupportedFormat",
    "old-excel.xls": "UnsupportedFormat",
    "not-a-docx.zip": "UnsupportedFormat",
    "spreadsheet.xlsx": "UnsupportedFormat",
    "broken.docx": "CorruptDocument",
    "damaged-zip.docx": "CorruptDocument",
    "nul-text.txt": "UndecodableText",
    "oversize.txt": "DocumentTooLarge",
}

SIZE_LIMIT_CASES = {"oversize.txt": 1024}


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name, data in build().items():
        (target / name).write_bytes(data)


if __name__ == "__main__":
    main()
