"""Word DOCX: the body in order, paragraphs and tables interleaved as they appear.

python-docx opens the package; the body XML is then walked directly, which is several times faster than
building python-docx's proxy objects and lets us control what counts as text: runs in paragraphs, hyperlinks
and tracked insertions, but not deleted text, not text boxes (their content is duplicated in mc:Fallback)
and not page headers and footers (chrome). Tables are grid-aligned: gridSpan repeats a cell to the right,
vMerge repeats it downward, gridBefore/gridAfter leave empty cells. Nested tables are flattened into the
text of the cell that holds them.
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.exceptions import PackageNotFoundError
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
_VAL = f"{{{W}}}val"
# Containers whose runs are part of the paragraph's text.
_RUN_HOLDERS = {f"{{{W}}}{t}" for t in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdt",
                                        "sdtContent", "moveTo", "dir", "bdo")}


def read_docx(data: bytes) -> tuple[str, list]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, OSError,
            EOFError) as e:
        raise CorruptDocument(f"cannot open docx: {e}") from e
    body = document.element.body
    out = TextBuilder()
    _blocks(body, out)
    return out.text(), out.tables


def _blocks(parent: etree._Element, out: TextBuilder) -> None:
    for child in parent:
        tag = child.tag
        if tag == _P:
            out.line(_paragraph_text(child))
        elif tag == _TBL:
            _table(child, out)
        elif tag in (_SDT, _SDT_CONTENT, _CUSTOM):
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
                elif t == _TAB:
                    parts.append("\t")
                elif t in (_BR, _CR):
                    parts.append("\n")
                elif t == _NBH:
                    parts.append("-")
        elif tag in _RUN_HOLDERS:
            _runs(child, parts)


def _cell_text(tc: etree._Element) -> str:
    parts: list[str] = []
    for child in tc:
        if child.tag == _P:
            parts.append(_paragraph_text(child))
        elif child.tag == _TBL:
            parts.extend(_cell_text(inner) for inner in child.iter(_TC))
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            parts.append(_cell_text(child))
    return cell_text(" ".join(parts))


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(_VAL, default)), 200))
    except ValueError:
        return default


def _cells(tr: etree._Element):
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            yield from _cells(child)


def _rows(tbl: etree._Element):
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            yield from _rows(child)


def _table(tbl: etree._Element, out: TextBuilder) -> None:
    grid: list[list[object]] = []
    texts: dict[object, str] = {}
    above: dict[int, object] = {}  # column -> key of the cell occupying it in the previous row
    for tr in _rows(tbl):
        tr_pr = tr.find(f"{{{W}}}trPr")
        before = _int_val(tr_pr.find(f"{{{W}}}gridBefore"), 0) if tr_pr is not None else 0
        after = _int_val(tr_pr.find(f"{{{W}}}gridAfter"), 0) if tr_pr is not None else 0
        row: list[object] = [object() for _ in range(before)]
        for tc in _cells(tr):
            tc_pr = tc.find(f"{{{W}}}tcPr")
            span = max(1, _int_val(tc_pr.find(f"{{{W}}}gridSpan"), 1)) if tc_pr is not None else 1
            vmerge = tc_pr.find(f"{{{W}}}vMerge") if tc_pr is not None else None
            col = len(row)
            key: object
            if vmerge is not None and vmerge.get(_VAL, "continue") == "continue" and col in above:
                key = above[col]
            else:
                key = tc
                texts[key] = _cell_text(tc)
            row.extend([key] * span)
        row.extend(object() for _ in range(after))
        above = dict(enumerate(row))
        grid.append(row)
    if grid and any(texts.values()):
        out.table(grid, texts, origin="docx")
