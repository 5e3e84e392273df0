"""Reading documents of any supported format into a `Document`.

    read_bytes(data, name="") -> Document
    read_path(path) -> Document

The format is decided by content, never by the file extension. Every failure is a `ReadError` subclass:
third-party exceptions that escape a reader are mapped to `CorruptDocument` here, at the boundary.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import CorruptDocument, DocumentTooLarge, EmptyDocument, ReadError
from .document import Cell, Document, Table
from .sniff import sniff, text_flavour
from .text import decode, detect_script, simplify

__all__ = ["Cell", "Document", "Table", "read_bytes", "read_path", "MAX_BYTES"]

MAX_BYTES = 200 * 1024 * 1024


def _too_large(size: int, max_bytes: int) -> DocumentTooLarge:
    mb = max_bytes / (1024 * 1024)
    limit = f" {mb:.0f} MB " if mb >= 1 else f" {max_bytes} 字节"
    return DocumentTooLarge(f"{size} bytes > {max_bytes}", message=f"文件过大（超过{limit}的上限），无法读取。")


def read_bytes(data: bytes, name: str = "", *, max_bytes: int = MAX_BYTES) -> Document:
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data.strip():
        raise EmptyDocument("no bytes" if not data else "only whitespace")
    try:
        return _read(bytes(data), name)
    except ReadError:
        raise
    except (MemoryError, RecursionError) as e:
        raise CorruptDocument(f"{type(e).__name__} while reading") from e
    except Exception as e:  # noqa: BLE001 - the boundary: no third-party exception may escape as such
        raise CorruptDocument(f"{type(e).__name__}: {e}") from e


def read_path(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ReadError(str(e), message="无法打开该文件。") from e
    if size > max_bytes:
        raise _too_large(size, max_bytes)  # refused before a single byte is loaded
    try:
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise ReadError(str(e), message="无法打开该文件。") from e
    return read_bytes(data, name=p.name, max_bytes=max_bytes)


def _read(data: bytes, name: str) -> Document:
    container = sniff(data)
    notes: list[tuple[str, str]] = []
    tables: list[Table] = []
    pages = None
    encoding = None
    ocr_spans: list = []
    ocr_pages: list[int] = []
    if container == "pdf":
        from .pdf import read_pdf

        text, tables, pages, notes, ocr_spans, ocr_pages = read_pdf(data)
        fmt = "pdf"
    elif container == "docx":
        from .docx import read_docx

        text, tables = read_docx(data)
        fmt = "docx"
    else:
        from .html import declared_charset

        text, encoding, notes = decode(data, declared=declared_charset(data))
        fmt = text_flavour(text)
        if fmt == "html":
            from .html import read_html_text

            text, tables = read_html_text(text)
        elif fmt == "md":
            from .markdown import pipe_tables

            tables = pipe_tables(text)
    if not text.strip():
        raise EmptyDocument(f"no text in {fmt}")
    simplified = simplify(text)
    return Document(
        name=name,
        format=fmt,  # type: ignore[arg-type]
        text=text,
        simplified=simplified,
        tables=tables,
        pages=pages,
        script=detect_script(text, simplified),  # type: ignore[arg-type]
        encoding=encoding,
        notes=notes,
        ocr_spans=ocr_spans,
        ocr_pages=ocr_pages,
    )
