"""Word DOCX: the body in order, paragraphs and tables interleaved as they appear.

The package is opened with zipfile and only the main document part is parsed with lxml: python-docx parses
every part (styles, numbering, settings, theme, headers...) and wraps every element in a proxy class, which
cost more than the whole walk. The main part is the package's officeDocument relationship target
(`word/document.xml` in practice), parsed with the same options python-docx uses.

The body XML is walked directly, which lets us control what counts as text: runs in paragraphs, hyperlinks
and tracked insertions, but not deleted text, not text boxes (their content is duplicated in mc:Fallback)
and not page headers and footers (chrome). Tables are grid-aligned: gridSpan repeats a cell to the right,
vMerge repeats it downward, gridBefore/gridAfter leave empty cells. Nested tables are flattened into the
text of the cell that holds them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from lxml import etree

from ..errors import CorruptDocument
from .layout import TextBuilder, cell_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P = f"{{{W}}}p"
_TBL = f"{{{W}}}tbl"
_TR = f"{{{W}}}tr"
_TC = f"{{{W}}}tc"
_R = f"{{{W}}}r"
_T = f"{{{W}}}t"
_TAB = f"{{{W}}}tab"
_BR = f"{{{W}}}br"
_CR = f"{{{W}}}cr"
_NBH = f"{{{W}}}noBreakHyphen"
_SDT = f"{{{W}}}sdt"
_SDT_CONTENT = f"{{{W}}}sdtContent"
_CUSTOM = f"{{{W}}}customXml"
_BODY = f"{{{W}}}body"
_TR_PR = f"{{{W}}}trPr"
_TC_PR = f"{{{W}}}tcPr"
_GRID_BEFORE = f"{{{W}}}gridBefore"
_GRID_AFTER = f"{{{W}}}gridAfter"
_GRID_SPAN = f"{{{W}}}gridSpan"
_VMERGE = f"{{{W}}}vMerge"
_VAL = f"{{{W}}}val"
_WRAPPERS = (_SDT, _SDT_CONTENT, _CUSTOM)
# Containers whose runs are part of the paragraph's text.
_RUN_HOLDERS = frozenset(f"{{{W}}}{t}" for t in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdt",
                                                 "sdtContent", "moveTo", "dir", "bdo"))
_RUN_CHARS = {_TAB: "\t", _BR: "\n", _CR: "\n", _NBH: "-"}

_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",  # strict OOXML
)
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN_PART = "word/document.xml"
# python-docx's parser options: the same tree, without its custom element classes.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def read_docx(data: bytes) -> tuple[str, list]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(_main_part(z))
        root = etree.fromstring(xml, _PARSER)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, etree.XMLSyntaxError, OSError,
            EOFError, NotImplementedError, zlib.error) as e:
        raise CorruptDocument(f"cannot open docx: {e}") from e
    body = root.find(_BODY)
    if body is None:
        raise CorruptDocument("docx without a document body")
    out = TextBuilder()
    _blocks(body, out)
    return out.text(), out.tables


def _main_part(z: zipfile.ZipFile) -> str:
    """The officeDocument relationship's target, as python-docx resolves it; word/document.xml otherwise."""
    try:
        rels = z.read("_rels/.rels")
    except KeyError:
        return _MAIN_PART
    try:
        root = etree.fromstring(rels, _PARSER)
    except etree.XMLSyntaxError:
        return _MAIN_PART
    for rel in root.iter(_REL):
        if rel.get("Type") in _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            target = posixpath.normpath("/" + (rel.get("Target") or "")).lstrip("/")
            if target in z.NameToInfo:
                return target
    return _MAIN_PART


def _blocks(parent: etree._Element, out: TextBuilder) -> None:
    for child in parent:
        tag = child.tag
        if tag == _P:
            out.line(_paragraph_text(child))
        elif tag == _TBL:
            _table(child, out)
        elif tag in _WRAPPERS:
            _blocks(child, out)


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    _runs(p, parts)
    return "".join(parts)


def _runs(el: etree._Element, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _R:
            for node in child:
                t = node.tag
                if t == _T:
                    if node.text:
                        parts.append(node.text)
                elif t in _RUN_CHARS:
                    parts.append(_RUN_CHARS[t])
        elif tag in _RUN_HOLDERS:
            _runs(child, parts)


def _cell_text(tc: etree._Element) -> str:
    parts: list[str] = []
    for child in tc:
        tag = child.tag
        if tag == _P:
            parts.append(_paragraph_text(child))
        elif tag == _TBL:
            parts.extend(_cell_text(inner) for inner in child.iter(_TC))
        elif tag in _WRAPPERS:
            parts.append(_cell_text(child))
    return cell_text(" ".join(parts))


def _int_val(el: etree._Element, default: int) -> int:
    try:
        return max(0, min(int(el.get(_VAL, default)), 200))
    except ValueError:
        return default


def _cells(tr: etree._Element):
    for child in tr:
        tag = child.tag
        if tag == _TC:
            yield child
        elif tag in _WRAPPERS:
            yield from _cells(child)


def _rows(tbl: etree._Element):
    for child in tbl:
        tag = child.tag
        if tag == _TR:
            yield child
        elif tag in _WRAPPERS:
            yield from _rows(child)


def _row_grid(tr: etree._Element) -> tuple[int, int]:
    """(gridBefore, gridAfter) of a row; like find(), the first such property counts."""
    before = after = -1
    for child in tr:
        if child.tag == _TR_PR:
            for prop in child:
                tag = prop.tag
                if tag == _GRID_BEFORE and before < 0:
                    before = _int_val(prop, 0)
                elif tag == _GRID_AFTER and after < 0:
                    after = _int_val(prop, 0)
            break
    return max(before, 0), max(after, 0)


def _cell_props(tc: etree._Element) -> tuple[int, str | None]:
    """(gridSpan, vMerge value or None when absent; an absent w:val means "continue")."""
    span = 0
    vmerge: str | None = None
    for child in tc:
        if child.tag == _TC_PR:
            for prop in child:
                tag = prop.tag
                if tag == _GRID_SPAN and not span:
                    span = max(1, _int_val(prop, 1))
                elif tag == _VMERGE and vmerge is None:
                    vmerge = prop.get(_VAL, "continue")
            break
    return span or 1, vmerge


def _table(tbl: etree._Element, out: TextBuilder) -> None:
    grid: list[list[object]] = []
    texts: dict[object, str] = {}
    above: list[object] = []  # the previous row: column -> key of the cell occupying it
    for tr in _rows(tbl):
        before, after = _row_grid(tr)
        row: list[object] = [object() for _ in range(before)]
        for tc in _cells(tr):
            span, vmerge = _cell_props(tc)
            col = len(row)
            key: object
            if vmerge == "continue" and col < len(above):
                key = above[col]
            else:
                key = tc
                texts[key] = _cell_text(tc)
            row.extend([key] * span)
        row.extend(object() for _ in range(after))
        above = row
        grid.append(row)
    if grid and any(texts.values()):
        out.table(grid, texts, origin="docx")
