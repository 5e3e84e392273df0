"""PDF with a text layer.

PDFium (pypdfium2) gives the text of every page quickly. Ruled tables are found from the page's rules (see
`ruling`) only on pages that likely hold a table: enough path objects, many lines of bare numbers, or labels
of the national tables. On such a page each PDFium character is placed by its box either in the flowing text
or in a table cell, so the table replaces its region of the flattened text (a figure must not appear twice)
and cells keep PDFium's Unicode mapping. pdfplumber's table finder was measured at 0.3-0.5 s per table page
(pdfminer re-parses the page in Python), too slow for the 5 PDFs/s target.

A table whose last page ends with it and whose next page starts with a table of the same column count is
read as one table continuing across the page break.

A page without a text layer that holds an image (a scanned page) is read by OCR (see `ocr`); the engine is
loaded only when such a page is met. Its text boxes are laid out as monospaced lines for the text table
parser, and their offsets, confidences and page boxes are returned as OCR spans.
"""

from __future__ import annotations

import dataclasses
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptDocument, EncryptedDocument, NoTextLayer, UnreadablePage
from . import ruling
from .layout import TextBuilder, cell_text
from .ruling import RuledTable
from .text import normalize_newlines

_TABLE_LABELS = re.compile(r"本年新收|结果维持|信息内容|本年度办理结果|申请人情况|上年结转|行政复议|行政诉讼|"
                           r"本年新收|結果維持|信息內容|申請人情況")
_NUMBER_LINE = re.compile(r"^[\s\d.,%\-—/]+$", re.M)
_MIN_PATHS = 6  # a 2x2 ruled table has 6 rules; a page frame (4) or underlines have fewer
_PATH_SCAN_LIMIT = 4000
_EMPTY_PAGE_CHARS = 5  # fewer non-space characters than this: a page without text (scan, figure)
_GLUE_CHARS = 40  # short text between two page-broken table parts (page number, running header)


def read_pdf(data: bytes) -> tuple[str, list, int, list[tuple[str, str]], list, list[int]]:
    """Return (text, tables, pages, notes, OCR spans, OCR'd page numbers)."""
    start = data.find(b"%PDF-")
    if start > 0:
        data = data[start:]
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocument(str(e)) from e
        raise CorruptDocument(f"pdfium cannot open: {e}") from e
    try:
        return _read(pdf, data)
    finally:
        pdf.close()


def _read(pdf: pdfium.PdfDocument, data: bytes) -> tuple[str, list, int, list[tuple[str, str]], list, list[int]]:
    notes: list[tuple[str, str]] = []
    n_pages = len(pdf)
    if n_pages == 0:
        raise CorruptDocument("no pages")
    truncated = b"%%EOF" not in data[-2048:]
    pages: list[list[tuple[str, object]]] = []
    empty_pages: list[int] = []
    ocr_pages: list[int] = []
    unreadable: list[int] = []
    total_chars = 0
    for index in range(n_pages):
        try:
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
        except pdfium.PdfiumError as e:
            raise CorruptDocument(f"page {index + 1}: {e}") from e
        visible = len(text) - text.count(" ") - text.count("\r") - text.count("\n")
        total_chars += visible
        segments: list[tuple[str, object]] | None = None
        if visible < _EMPTY_PAGE_CHARS and _has_image(page):
            from .ocr import ocr_page  # lazy: ONNX Runtime and OpenCV load only for scanned pages

            try:
                ocr_text, spans = ocr_page(page, index + 1)
            except UnreadablePage:
                unreadable.append(index + 1)
            else:
                ocr_pages.append(index + 1)
                total_chars += len(ocr_text) - ocr_text.count(" ") - ocr_text.count("\n")
                pages.append([("ocr", (ocr_text, spans))])
                textpage.close()
                page.close()
                continue
        if visible < _EMPTY_PAGE_CHARS:
            empty_pages.append(index + 1)
        if visible and _likely_table(page, text):
            tables = _find_tables(page)
            if tables:
                segments = _split_page(textpage, tables)
        if segments is None:
            segments = [("text", text)]
        pages.append(segments)
        textpage.close()
        page.close()

    if total_chars < _EMPTY_PAGE_CHARS * n_pages:
        if truncated:
            raise CorruptDocument("truncated pdf without readable text")
        if unreadable:
            raise UnreadablePage(f"OCR found no text on pages {unreadable}", pages=unreadable)
        raise NoTextLayer(f"{total_chars} characters on {n_pages} pages")
    if truncated:
        notes.append(("pdf_truncated", "PDF 文件不完整（可能下载中断），只读取了能打开的部分。"))
    if empty_pages:
        listed = "、".join(str(p) for p in empty_pages[:20]) + ("等" if len(empty_pages) > 20 else "")
        notes.append(("pdf_pages_without_text",
                      f"第 {listed} 页没有文字层（可能是扫描页或图片），其中的内容未能读取。"))
    if ocr_pages:
        listed = "、".join(str(p) for p in ocr_pages[:20]) + ("等" if len(ocr_pages) > 20 else "")
        notes.append(("pdf_ocr", f"第 {listed} 页是扫描图片，文字由 OCR（RapidOCR）识别，数字可能有误，请对照原件核实。"))
    if unreadable:
        listed = "、".join(str(p) for p in unreadable[:20]) + ("等" if len(unreadable) > 20 else "")
        notes.append(("pdf_ocr_unreadable", f"第 {listed} 页是扫描图片，但 OCR 未能识别出文字，其中的内容未能读取。"))
    spans: list = []
    text, tables = _render(pages, spans)
    return text, tables, n_pages, notes, spans, ocr_pages


def scanned_pages(data: bytes) -> list[int]:
    """The 1-based pages `read_pdf` would OCR (no text layer, an image): cheap, so a caller can decide to read
    a scan in the background (OCR takes seconds per page) before reading it. [] for anything unopenable."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    out = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            visible = len(text) - text.count(" ") - text.count("\r") - text.count("\n")
            if visible < _EMPTY_PAGE_CHARS and _has_image(page):
                out.append(index + 1)
    except pdfium.PdfiumError:
        return []
    finally:
        pdf.close()
    return out


def _has_image(page: pdfium.PdfPage) -> bool:
    count = min(pdfium_c.FPDFPage_CountObjects(page.raw), _PATH_SCAN_LIMIT)
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
    return False


def _likely_table(page: pdfium.PdfPage, text: str) -> bool:
    if _TABLE_LABELS.search(text):
        return True
    if len(_NUMBER_LINE.findall(text)) >= 5:
        return True
    count = min(pdfium_c.FPDFPage_CountObjects(page.raw), _PATH_SCAN_LIMIT)
    paths = 0
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= _MIN_PATHS:
                return True
    return False


def _find_tables(page: pdfium.PdfPage) -> list[RuledTable]:
    try:
        return ruling.find_tables(page.raw)
    except (ValueError, ZeroDivisionError, OverflowError):
        return []  # odd geometry must not cost the page its text


def _split_page(textpage: pdfium.PdfTextPage, tables: list[RuledTable]) -> list[tuple[str, object]] | None:
    n = textpage.count_chars()
    full = textpage.get_text_range(0, n)
    if len(full) != n:
        return None  # characters outside the BMP shift indexes; keep the flat text rather than misplace cells
    segments: list[tuple[str, object]] = []
    outside: list[str] = []
    placed: set[int] = set()
    current: tuple[RuledTable, object] | None = None
    for i, ch in enumerate(full):
        if ch in " \r\n\t\x00" or ch == "\ufffe":
            if current is not None:
                current[0].chars.setdefault(current[1], []).append(" ")
            else:
                outside.append(ch)
            continue
        left, bottom, right, top = _charbox(textpage, i)
        cx, cy = (left + right) / 2, (bottom + top) / 2
        hit = None
        for t_index, table in enumerate(tables):
            x0, y0, x1, y1 = table.bbox
            if x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1:
                key = table.key_at(cx, cy)
                if key is not None:
                    hit = (t_index, table, key)
                    break
        if hit is None:
            current = None
            outside.append(ch)
            continue
        t_index, table, key = hit
        if t_index not in placed:
            placed.add(t_index)
            segments.append(("text", "".join(outside)))
            outside = []
            segments.append(("table", table))
        table.chars.setdefault(key, []).append(ch)
        current = (table, key)
    segments.append(("text", "".join(outside)))
    return segments


def _charbox(textpage: pdfium.PdfTextPage, i: int) -> tuple[float, float, float, float]:
    return textpage.get_charbox(i, loose=True)


def _render(pages: list[list[tuple[str, object]]], ocr_spans: list) -> tuple[str, list]:
    out = TextBuilder()
    last_table = None  # (Table, width) when the previous page ended with a table
    for number, segments in enumerate(pages, start=1):
        if number > 1:
            out.break_line()
        first_table_index = next((i for i, (kind, _) in enumerate(segments) if kind == "table"), None)
        lead = "".join(str(v) for k, v in segments[:first_table_index] if k == "text") if first_table_index else ""
        continues = last_table is not None and first_table_index is not None and len(lead.strip()) <= _GLUE_CHARS
        last_table_this_page = None
        for i, (kind, value) in enumerate(segments):
            if kind == "ocr":
                ocr_text, spans = value
                base = out.pos
                out.write(ocr_text)
                ocr_spans.extend(dataclasses.replace(s, start=s.start + base, end=s.end + base) for s in spans)
                continue
            if kind == "text":
                out.write(normalize_newlines(str(value)))
                continue
            table = value
            assert isinstance(table, RuledTable)
            texts = {k: cell_text("".join(chars)) for k, chars in table.chars.items()}
            target = None
            if continues and i == first_table_index and last_table[1] == table.width:
                target = last_table[0]
            rendered = out.table(table.grid, texts, origin="pdf", page=number, continue_table=target)
            last_table_this_page = (rendered, table.width) if rendered is not None else None
        trailing = ""
        if segments and segments[-1][0] == "text":
            trailing = str(segments[-1][1])
        tail_is_table = any(k == "table" for k, _ in segments) and (
            segments[-1][0] == "table" or len(trailing.strip()) <= _GLUE_CHARS
        )
        last_table = last_table_this_page if tail_is_table else None
    return out.text(), out.tables
